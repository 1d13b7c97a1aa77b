import Foundation
import SteadyCore

/// Vectorized copies of a registered environment, seeded from one seed.
extension VectorEnvironment {
    /// Creates `count` copies of the registered environment `name`, sharing one loaded model.
    ///
    /// Copy i is built with `copySeeds(count:seed:)[i]`: independent streams (targets,
    /// randomization, noise) for every copy, and the same `seed` always gives the same copies.
    /// `reset(seed:)` later reseeds copy i with `seed + i`, as gymnasium does.
    /// - Throws: the errors of `EnvironmentRegistry.makeCopies`.
    public convenience init(name: String, count: Int, randomization: RandomizationSource = .none, seed: UInt64 = 0,
                            options: TaskOptions = TaskOptions(), robotsDirectory: URL? = nil) throws {
        precondition(count > 0, "VectorEnvironment needs at least one environment")
        self.init(try EnvironmentRegistry.makeCopies(name, count: count, randomization: randomization,
                                                     seeds: Self.copySeeds(count: count, seed: seed),
                                                     options: options, robotsDirectory: robotsDirectory))
    }

    /// The seeds of `count` copies derived from one `seed`: successive outputs of a
    /// `SeededGenerator(seed:)`, so copies do not share streams.
    public static func copySeeds(count: Int, seed: UInt64) -> [UInt64] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.next() }
    }
}
