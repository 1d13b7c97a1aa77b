import XCTest
@testable import Sidecar

/// The fuzz target's seeds (`FuzzTests` mutates them; `steady bench fuzz --target sidecar-frames
/// --count 1000000` is the long run): each is a whole frame the decoder reads.
final class FrameFuzzTests: XCTestCase {
    func testEverySeedDecodes() throws {
        for seed in SidecarFrameFuzz.seeds() { XCTAssertEqual(try SidecarFrameFuzz.feed(seed), true) }
    }

    func testACutSeedWaitsAndABadVersionIsRefused() throws {
        let seed = try XCTUnwrap(SidecarFrameFuzz.seeds().first)
        XCTAssertNil(try SidecarFrameFuzz.feed(Array(seed.dropLast())))
        var bad = seed
        bad[4] = 0xEE
        XCTAssertThrowsError(try SidecarFrameFuzz.feed(bad)) { XCTAssertTrue($0 is SidecarProtocolError) }
    }
}
