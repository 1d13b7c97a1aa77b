import Testing
import SteadyCore

/// `SettingRange`: the one check every numeric option and file field goes through.
@Suite struct SettingRangeTests {
    @Test func boundsUnitsAndNonFiniteNumbers() {
        let seconds = SettingRange(above: 0.0, through: 1_000_000, unit: "s")
        #expect(seconds.contains(1e-9) && seconds.contains(1_000_000))
        #expect(!seconds.contains(0) && !seconds.contains(-1) && !seconds.contains(1_000_001))
        #expect(!seconds.contains(.infinity) && !seconds.contains(.nan) && !seconds.contains(-.infinity))
        #expect(seconds.description == "a finite number in (0, 1000000] s")
        #expect(seconds.problem(.infinity) == "inf is out of range: must be a finite number in (0, 1000000] s")
        #expect(seconds.problem(1e300) == "1e+300 is out of range: must be a finite number in (0, 1000000] s")
        #expect(seconds.problem(0.5) == nil)

        let fraction = SettingRange(0.0...1)
        #expect(fraction.contains(0) && fraction.contains(1) && !fraction.contains(1.0000001))
        #expect(fraction.description == "a finite number in [0, 1]")
    }

    @Test func parsingForTheCommandLine() throws {
        let hertz = SettingRange(1.0...1000, unit: "Hz")
        #expect(try hertz.parse("200") == 200)
        #expect(try hertz.parse(" 2.5e2 ") == 250)
        #expect(throws: SettingError(name: nil, reason: "inf is out of range: must be a finite number in [1, 1000] Hz")) {
            try hertz.parse("inf")
        }
        #expect(throws: SettingError(name: nil, reason: "not a finite number: must be a finite number in [1, 1000] Hz")) {
            try hertz.parse("fast")
        }
        let count = SettingRange(1...10_000_000)
        #expect(try count.parse("1000000") == 1_000_000)
        #expect(throws: SettingError.self) { try count.parse("0") }
        #expect(throws: SettingError.self) { try count.parse("1.5") }
    }

    @Test func aSpecialValueOutsideTheRange() throws {
        let interval = SettingRange(1...1_000_000, unit: "steps", alsoAllowing: (-1, "once per episode"))
        #expect(interval.contains(-1) && interval.contains(8) && !interval.contains(0) && !interval.contains(-2))
        #expect(interval.description == "-1 (once per episode) or an integer in [1, 1000000] steps")
    }

    @Test func checkNamesTheSetting() {
        let tau = SettingRange(above: 0.0, through: 1)
        #expect(throws: SettingError(name: "--tau", reason: "5 is out of range: must be a finite number in (0, 1]")) {
            try tau.check(5, name: "--tau")
        }
        #expect("\(SettingError(name: "--tau", reason: "x"))" == "--tau: x")
    }
}
