import ArgumentParser
import Foundation
import Learning
import Sim
import SteadyCore

/// `steady eval`: run a checkpoint deterministically and report its returns.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained policy deterministically over some episodes.",
        discussion: """
        --policy is a run directory (its policy/ checkpoint is used) or a checkpoint directory \
        (holding model.safetensors). Episode i is reset with seed --seed + i. Reported: success \
        rate (is_success at each episode's last step, as gymnasium-robotics judges it), final \
        distance (reach, mm) or pose error (hand, rad), return, length, continuity cost.

        --physics FILE evaluates zero-shot on shifted dynamics: the physics override file (e.g. \
        robots/so101/physics-real.yaml, the stand-in for a real arm) is applied to the simulated \
        task as one fixed point of its randomization (gains, friction, damping, masses, payload, \
        backlash, action delay, encoder noise).

        Examples:
          steady eval --policy runs/sac1 --env pendulum
          steady eval --policy runs/sac1/policy --episodes 20 --json
          steady eval --policy runs/reach --episodes 100 --physics robots/so101/physics-real.yaml
        """)

    @Option(name: .long, help: "Run directory or checkpoint directory.")
    var policy: String

    @Option(name: .long, help: "Environment (default: the one the policy was trained on): \(knownEnvironmentNames.joined(separator: ", ")).")
    var env: String?

    @Option(name: .long, help: "Episodes to run (1–100000).", transform: CommandRanges.episodes.parse)
    var episodes = 10

    @Option(name: .long, help: "Seed of the first episode.")
    var seed: UInt64 = 12_345

    @Option(name: .long, help: "A physics override file (e.g. robots/so101/physics-real.yaml) applied to the simulated task: zero-shot evaluation on shifted dynamics.")
    var physics: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Option(name: .long, help: "Write every observation and action to this CSV file (for checks against other implementations).")
    var record: String?

    func run() throws {
        do {
            try evaluate()
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("steady eval: \(error)")
            throw ExitCode.failure
        }
    }

    private func evaluate() throws {
        var directory = URL(fileURLWithPath: policy)
        let nested = directory.appendingPathComponent("policy")
        if FileManager.default.fileExists(atPath: nested.appendingPathComponent(Checkpoint.modelFileName).path) {
            directory = nested
        }
        let loaded = try CheckpointPolicy(directory: directory)
        let name = env ?? loaded.metadata.environment
        let randomization: RandomizationSource = try physics.map {
            .configuration(try RandomizationConfiguration(fixedAt: PhysicsOverrides.load(contentsOf: URL(fileURLWithPath: $0))))
        } ?? .none
        let environment = try makeEnvironment(name: name, seed: seed, randomization: randomization)
        try loaded.checkCompatible(with: environment)
        var rows: [String] = []
        let start = Monotonic.nanoseconds()
        let evaluation = try Evaluation.run(environment: environment, episodes: episodes, seed: seed) { observation, action in
            loaded.act(observation: observation, action: action)
            if record != nil {
                rows.append((Array(observation) + Array(action)).map { String(format: "%.9g", $0) }.joined(separator: ","))
            }
        }
        let seconds = Double(Monotonic.nanoseconds() - start) / 1e9
        if let record {
            let header = (0..<loaded.observationSize).map { "obs\($0)" } + (0..<loaded.actionSize).map { "act\($0)" }
            try AtomicFile.write(([header.joined(separator: ",")] + rows).joined(separator: "\n") + "\n",
                                 to: URL(fileURLWithPath: record))
        }
        let returns = evaluation.returns.map { String(format: "%.6f", $0) }.joined(separator: ", ")
        func number(_ value: Double?) -> String { value.map { $0.isFinite ? String(format: "%.6f", $0) : "null" } ?? "null" }
        if json {
            print("""
            {"policy": "\(directory.path)", "environment": "\(name)", "physics": \(physics.map { "\"\($0)\"" } ?? "null"), "episodes": \(episodes), \
            "mean_return": \(String(format: "%.6f", evaluation.meanReturn)), \
            "std_return": \(String(format: "%.6f", evaluation.standardDeviation)), "returns": [\(returns)], \
            "continuity_cost": \(String(format: "%.6f", evaluation.meanContinuityCost)), \
            "success_rate": \(number(evaluation.successRate)), "final_error": \(number(evaluation.meanFinalError)), \
            "final_error_key": \(evaluation.finalErrorKey.map { "\"\($0)\"" } ?? "null"), \
            "mean_length": \(number(evaluation.meanLength)), \
            "steps": \(evaluation.lengths.reduce(0, +)), "wall_seconds": \(String(format: "%.3f", seconds))}
            """)
        } else {
            print("\(loaded.name) on \(name)\(physics.map { " with physics \($0)" } ?? ""): \(episodes) episodes")
            print(TrainProgressDisplay.summary(evaluation))
        }
    }
}
