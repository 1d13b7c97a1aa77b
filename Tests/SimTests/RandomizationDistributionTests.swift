import Foundation
import SteadyCore
import Testing
@testable import Sim

@Suite struct RandomizationDistributionTests {
    static let draws = 1000

    func sample(_ distribution: RandomizationDistribution, seed: UInt64 = 1) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<Self.draws).map { _ in distribution.sample(using: &generator) }
    }

    func moments(_ values: [Double]) -> (mean: Double, std: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }

    func parse(_ yaml: String) throws -> RandomizationDistribution {
        try RandomizationDistribution.parse(YAMLValue.parse(yaml, file: "d.yaml"))
    }

    @Test func uniformStaysInBoundsWithTheRightMoments() {
        let values = sample(.uniform(lower: 0.5, upper: 2))
        #expect(values.allSatisfy { (0.5...2).contains($0) })
        let (mean, std) = moments(values)
        let width = 1.5, expectedStd = width / 12.0.squareRoot()
        #expect(abs(mean - 1.25) < 4 * expectedStd / Double(Self.draws).squareRoot())
        #expect(abs(std - expectedStd) < 0.1 * expectedStd)
        #expect(values.min()! < 0.5 + 0.02 * width && values.max()! > 2 - 0.02 * width)
    }

    @Test func logUniformIsUniformInTheLogarithm() {
        let values = sample(.logUniform(lower: 0.25, upper: 4))
        #expect(values.allSatisfy { (0.25...4).contains($0) })
        let logs = values.map(log)
        let (mean, std) = moments(logs)
        let width = log(4.0) - log(0.25), expectedStd = width / 12.0.squareRoot()
        #expect(abs(mean) < 4 * expectedStd / Double(Self.draws).squareRoot(), "mean of ln \(mean)")
        #expect(abs(std - expectedStd) < 0.1 * expectedStd)
        // Halving is as likely as doubling.
        let below = values.filter { $0 < 0.5 }.count, above = values.filter { $0 > 2 }.count
        #expect(abs(below - above) < 80)
    }

    @Test func gaussianHasItsMeanAndSpread() {
        let values = sample(.gaussian(mean: 9.81, standardDeviation: 0.05, clip: nil))
        let (mean, std) = moments(values)
        #expect(abs(mean - 9.81) < 4 * 0.05 / Double(Self.draws).squareRoot())
        #expect(abs(std - 0.05) < 0.1 * 0.05)
        #expect(RandomizationDistribution.gaussian(mean: 0, standardDeviation: 1, clip: nil).support == -Double.infinity...Double.infinity)
    }

    @Test func clippedGaussianNeverLeavesItsBounds() {
        let values = sample(.gaussian(mean: 1, standardDeviation: 0.5, clip: 0.5...1.5))
        #expect(values.allSatisfy { (0.5...1.5).contains($0) })
        // About 16% of N(1, 0.5²) lies beyond each bound, and lands on it.
        let atLower = values.filter { $0 == 0.5 }.count, atUpper = values.filter { $0 == 1.5 }.count
        #expect((110...210).contains(atLower) && (110...210).contains(atUpper), "\(atLower) \(atUpper)")
        let inside = values.filter { $0 > 0.5 && $0 < 1.5 }
        #expect(abs(moments(inside).mean - 1) < 0.05)
    }

    @Test func integerDrawsCoverEveryWholeValueOfAUniform() {
        var generator = SeededGenerator(seed: 5)
        let values = (0..<Self.draws).map { _ in RandomizationDistribution.uniform(lower: 0, upper: 2).sampleInteger(using: &generator) }
        let counts = Dictionary(grouping: values, by: { $0 }).mapValues(\.count)
        #expect(Set(counts.keys) == [0, 1, 2])
        #expect(counts.values.allSatisfy { (280...390).contains($0) }, "\(counts)")
        let clipped = (0..<Self.draws).map { _ in
            RandomizationDistribution.gaussian(mean: 1, standardDeviation: 3, clip: 0...3).sampleInteger(using: &generator)
        }
        #expect(clipped.allSatisfy { (0...3).contains($0) })
    }

    @Test func sameSeedSameDraws() {
        let distribution = RandomizationDistribution.logUniform(lower: 0.2, upper: 20)
        #expect(sample(distribution, seed: 9) == sample(distribution, seed: 9))
        #expect(sample(distribution, seed: 9) != sample(distribution, seed: 10))
    }

    @Test func parsesEveryForm() throws {
        #expect(try parse("{uniform: [0.5, 2]}") == .uniform(lower: 0.5, upper: 2))
        #expect(try parse("{log_uniform: [0.25, 4.0]}") == .logUniform(lower: 0.25, upper: 4))
        #expect(try parse("{gaussian: {mean: 9.81, std: 0.02}}") == .gaussian(mean: 9.81, standardDeviation: 0.02, clip: nil))
        #expect(try parse("gaussian: {mean: 1, std: 0.2, clip: [0.5, 1.5]}") == .gaussian(mean: 1, standardDeviation: 0.2, clip: 0.5...1.5))
        #expect(RandomizationDistribution.logUniform(lower: 0.25, upper: 4).description == "log-uniform[0.25, 4]")
    }

    @Test(arguments: [
        ("{uniform: [2, 1]}", "above upper bound"),
        ("{log_uniform: [0, 4]}", "positive lower bound"),
        ("{uniform: [1, 2], gaussian: {mean: 0, std: 1}}", "exactly one distribution"),
        ("{triangular: [0, 1]}", "exactly one distribution"),
        ("{gaussian: {mean: 1, std: -0.1}}", "std must not be negative"),
        ("{gaussian: {mean: 1}}", "std"),
        ("{uniform: [1, x]}", "not a finite number"),
        ("{uniform: [1, 2, 3]}", "expected 2 numbers"),
    ])
    func rejectsBadDistributionsWithTheirLine(yaml: String, reason: String) throws {
        #expect {
            try parse("\n" + yaml)
        } throws: { error in
            guard case SteadyFileError.malformed(let path, let line, let field, let message) = error else { return false }
            return path == "d.yaml" && line == 2 && (message.contains(reason) || field?.hasSuffix(reason) == true)
        }
    }
}
