import Testing
import SteadyFuzz

/// Every reader of outside bytes on a few thousand seeded mutations each (issue 15): none may
/// crash (a crash ends the test run). `steady bench fuzz --count 1000000` runs the same targets
/// at scale.
@Suite struct FuzzTests {
    static let count = 3000

    @Test("no reader crashes on mutated inputs", arguments: ["run-log", "checkpoint", "checkpoint-metadata", "feetech-packets", "dynamixel-packets", "sidecar-frames"])
    func noCrash(name: String) throws {
        let target = try #require(try FuzzTargets.all().first { $0.name == name })
        let report = Fuzzer.run(target, count: Self.count, seed: 15)
        print(report)
        #expect(report.inputs == Self.count)
        // The mutations reach both sides of the reader: inputs it reads and inputs it refuses.
        if name.hasSuffix("packets") {
            #expect(report.refused == 0, "decoders skip what they cannot frame; they do not throw")
            #expect(report.frames.decoded > Self.count && report.frames.rejected > Self.count / 10, "\(report)")
        } else {
            #expect(report.accepted > target.seeds.count && report.refused > Self.count / 10, "\(report)")
        }
    }

    @Test func mutationsAreDeterministicAndVaried() {
        var first = Mutator(seed: 7), second = Mutator(seed: 7), other = Mutator(seed: 8)
        let input = Array(0..<200).map { UInt8($0) }
        let a = (0..<50).map { _ in first.mutate(input, corpus: [input]) }
        let b = (0..<50).map { _ in second.mutate(input, corpus: [input]) }
        let c = (0..<50).map { _ in other.mutate(input, corpus: [input]) }
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count > 40, "mutations differ from each other")
        #expect(a.contains { $0.count < input.count } && a.contains { $0.count > input.count }, "lengths change both ways")
    }

    @Test func aRefusingTargetIsCounted() {
        let target = FuzzTarget(name: "refuses", seeds: [[1, 2, 3]]) { bytes in
            if bytes != [1, 2, 3] { throw FuzzTestError() }
            return .none
        }
        let report = Fuzzer.run(target, count: 100, seed: 1)
        #expect(report.inputs == 100 && report.refused > 50 && report.accepted >= 1)
    }
}

struct FuzzTestError: Error {}
