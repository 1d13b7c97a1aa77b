import Testing
import Metrics

@Suite struct CSVTests {
    func error(_ text: String, rate: Double? = 10) -> String? {
        do {
            let table = try CSVTable(parsing: text, path: "run.csv")
            _ = try RunSignals(table: table, sampleRateHz: rate)
            return nil
        } catch let error as MetricsInputError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func withoutTimeColumnTheGivenRateIsUsed() throws {
        let table = try CSVTable(parsing: "shoulder_pan, elbow_flex\n0,1\n1,1\n2,1\n", path: "run.csv")
        #expect(table.columnNames == ["shoulder_pan", "elbow_flex"])
        let signals = try RunSignals(table: table, sampleRateHz: 10)
        #expect(signals.joints.map(\.name) == ["shoulder_pan", "elbow_flex"])
        #expect(signals.joints[0].command == [0, 1, 2])
        #expect(signals.sampleRateHz == 10)
        #expect(signals.ticks == 3)
        #expect(abs(signals.durationSeconds - 0.2) < 1e-12)
    }

    @Test func timeColumnReplacesTheRate() throws {
        let text = "time,a\n0.0,0\n0.5,1\n1.0,0\n1.5,1\n"
        let signals = try RunSignals(table: CSVTable(parsing: text, path: "run.csv"), sampleRateHz: 1000)
        #expect(signals.sampleRateHz == 2) // (N − 1) / (t_last − t_first) = 3 / 1.5
        #expect(signals.durationSeconds == 1.5)
        #expect(signals.joints.map(\.name) == ["a"])
        #expect(try RunSignals(table: CSVTable(parsing: text, path: "run.csv"), sampleRateHz: nil).sampleRateHz == 2)
    }

    @Test func prefixedColumnsMapToSignals() throws {
        let text = """
        # exported by steady run\r
        time,cmd.elbow,pos.elbow,cur.elbow,temp.elbow,wrist,limit.velocity,limit.jerk,loop.lateness_us,loop.missed\r
        0.00,0.0,0.0,1.0,40,5,0,1,10,0\r
        \r
        0.01,0.1,0.05,1.5,41,5,1,1,20,2\r
        0.02,0.2,0.15,2.0,42,5,0,0,30,0\r
        """
        let signals = try RunSignals(table: CSVTable(parsing: text, path: "run.csv"), sampleRateHz: nil)
        #expect(signals.joints.map(\.name) == ["elbow", "wrist"])
        let elbow = signals.joints[0]
        #expect(elbow.command == [0, 0.1, 0.2])
        #expect(elbow.presentPosition == [0, 0.05, 0.15])
        #expect(elbow.currentAmps == [1, 1.5, 2])
        #expect(elbow.temperatureCelsius == [40, 41, 42])
        #expect(signals.joints[1].presentPosition == nil)
        #expect(signals.limiterStageNames == ["velocity", "jerk"])
        #expect(signals.limiterFlags == [0b10, 0b11, 0b00])
        let loop = try #require(signals.loopTiming)
        #expect(loop.latenessSeconds.map { ($0 * 1e6).rounded() } == [10, 20, 30])
        #expect(loop.missedTicks == 2)
        #expect(abs(loop.elapsedSeconds - 0.02) < 1e-12)
    }

    @Test func errorsNameFileLineAndColumn() {
        #expect(error("a,elbow_flex\n1,2\n3,abc\n") == "run.csv:3: column 'elbow_flex': 'abc' is not a number")
        #expect(error("a,b\n1,2\n\n3,4,5\n") == "run.csv:4: expected 2 columns, found 3")
        #expect(error("a,b\n1,2\n3\n") == "run.csv:3: expected 2 columns, found 1")
        #expect(error("a,b\n1,\n3,4\n") == "run.csv:2: column 'b': empty cell")
        #expect(error("a,b\n1,nan\n3,4\n") == "run.csv:2: column 'b': 'nan' is not a finite number")
        #expect(error("a,b\n1,2\n") == "run.csv: needs at least 2 rows of data, found 1")
        #expect(error("a,b\n") == "run.csv: needs at least 2 rows of data, found 0")
        #expect(error("") == "run.csv: empty file: expected a header row of column names")
        #expect(error("a,a\n1,2\n3,4\n") == "run.csv:1: column 'a': appears twice in the header")
        #expect(error("a,b\n1,2\n3,4\n", rate: nil) == "run.csv: no 'time' column and no sample rate given (--rate HZ)")
        #expect(error("time,a\n0,1\n1,2\n1,3\n") == "run.csv:4: column 'time': 1.0 s does not come after 1.0 s")
        #expect(error("a,pos.b\n1,2\n3,4\n") == "run.csv:1: column 'pos.b': no command column for joint 'b'")
        #expect(error("a,cmd.a\n1,2\n3,4\n")
                == "run.csv:1: column 'cmd.a': second command for joint 'a' (first is 'a')")
        #expect(error("a,pso.a\n1,2\n3,4\n")?.hasPrefix("run.csv:1: column 'pso.a': unknown prefix 'pso.'") == true)
        #expect(error("a,limit.v\n1,0\n3,2\n") == "run.csv:3: column 'limit.v': 2.0 is not 0 or 1")
        #expect(error("time\n0\n1\n") == "run.csv:1: no joint command columns")
    }
}
