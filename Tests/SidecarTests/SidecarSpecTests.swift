import XCTest
@testable import Sidecar

final class SidecarSpecTests: XCTestCase {
    let learner = SidecarSpec(environment: "so101:reach", observationSize: 24, actionSize: 6, algorithm: "sac",
                              actor: "squashed_gaussian:256,256:relu")

    func testCanonicalTextParsesBackAndUnsortedTextIsRefused() {
        XCTAssertEqual(SidecarSpec(text: learner.text), learner)
        XCTAssertNil(SidecarSpec(text: "b=1\na=2\n"))
        XCTAssertNil(SidecarSpec(text: "a=1"))
        XCTAssertNil(SidecarSpec(text: "a = 1\n"))
    }

    func testMismatchNamesTheFirstDifferingField() {
        let actor = SidecarSpec(environment: "so101:reach", observationSize: 21, actionSize: 6, algorithm: "td3",
                                actor: "squashed_gaussian:256,256:relu")
        let hello = SidecarMessage.Hello(specHash: actor.hash, spec: actor.text, actorID: Array(repeating: 0, count: 16),
                                         actorName: "a", weightsVersion: 0)
        let reject = learner.check(hello)
        XCTAssertEqual(reject?.field, "algorithm")   // keys in order: algorithm before observation_size
        XCTAssertEqual(reject?.expected, "sac")
        XCTAssertEqual(reject?.received, "td3")
        let sameButSizes = SidecarSpec(environment: "so101:reach", observationSize: 21, actionSize: 6, algorithm: "sac",
                                       actor: "squashed_gaussian:256,256:relu")
        let second = learner.check(.init(specHash: sameButSizes.hash, spec: sameButSizes.text, actorID: hello.actorID,
                                         actorName: "a", weightsVersion: 0))
        XCTAssertEqual(second, .init(field: "observation_size", expected: "24", received: "21",
                                     message: "spec field 'observation_size' differs: the learner has 24, the actor sent 21"))
    }

    func testWrongHashOfAMatchingTextIsRejectedAsSpecHash() {
        var hash = learner.hash
        hash[0] ^= 1
        let reject = learner.check(.init(specHash: hash, spec: learner.text, actorID: Array(repeating: 0, count: 16),
                                         actorName: "a", weightsVersion: 0))
        XCTAssertEqual(reject?.field, "spec_hash")
        XCTAssertNil(learner.check(.init(specHash: learner.hash, spec: learner.text, actorID: Array(repeating: 0, count: 16),
                                         actorName: "a", weightsVersion: 0)))
    }
}
