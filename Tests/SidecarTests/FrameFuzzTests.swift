import XCTest
@testable import Sidecar

/// A short run of the decoder fuzz (`steady bench sidecar-fuzz --count 1000000` is the long one):
/// every input is decoded or refused with a protocol error, never a crash.
final class FrameFuzzTests: XCTestCase {
    func testMutatedFramesAreDecodedOrRefusedNeverCrash() {
        let summary = SidecarFrameFuzz.run(count: 50_000, seed: 9)
        XCTAssertEqual(summary.inputs, 50_000)
        XCTAssertEqual(summary.decoded + summary.refused + summary.incomplete, summary.inputs)
        // The mutator reaches all three outcomes; a fuzz that only ever refused would test little.
        XCTAssertGreaterThan(summary.decoded, 1_000)
        XCTAssertGreaterThan(summary.refused, 1_000)
        XCTAssertGreaterThan(summary.incomplete, 100)
    }

    func testEverySeedDecodes() throws {
        for seed in SidecarFrameFuzz.seeds() { XCTAssertEqual(try SidecarFrameFuzz.feed(seed), true) }
    }
}
