import Foundation
import Testing

/// Issue 15, item 8: a second twin on a live twin's link used to take it over silently and
/// delete it on exit.
@Suite(.serialized) struct TwinLinkTests {
    @Test func aSecondTwinOnALiveLinkRefusesNamingThePidAndADeadTwinsLinkIsTakenOver() throws {
        let first = try TwinProcess(robot: "so101", arguments: ["--physics", "none"])
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: first.link)
        let second = try steady(["twin", "--robot", "so101", "--physics", "none", "--link", first.link])
        #expect(second.status != 0)
        #expect(second.output.contains("\(first.link) is served by a running twin (pid \(first.process.processIdentifier))"),
                "\(second.output)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: first.link) == target, "the link is untouched")
        #expect(try so101Registers("Model_Number", link: first.link) == Array(repeating: 777, count: 6), "the first twin still serves it")

        // kill -9 leaves the link and its claim behind; the claim's lock went with the process.
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let third = try LiveCommand(["twin", "--robot", "so101", "--physics", "none", "--link", first.link])
        #expect(third.wait { $0.contains("Ctrl-C to stop") }, "\(third.output)")
        #expect(try so101Registers("Model_Number", link: first.link) == Array(repeating: 777, count: 6))
        third.send(SIGINT)
        #expect(third.finish().status == 0)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: first.link)) == nil)
        #expect(!FileManager.default.fileExists(atPath: first.link + ".lock"))
    }
}
