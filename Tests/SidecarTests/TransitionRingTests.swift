import Foundation
import XCTest
@testable import Sidecar

/// The tick-side ring: full means counted drops, never blocking; a producer and a consumer on
/// two threads see every transition once, in order.
final class TransitionRingTests: XCTestCase {
    func push(_ ring: TransitionRing, _ value: Float) -> Bool {
        let o: [Float] = [value, value, value], a: [Float] = [value]
        return o.withUnsafeBufferPointer { ob in
            a.withUnsafeBufferPointer { ab in
                ring.push(observation: ob, action: ab, reward: value, nextObservation: ob, flags: 0)
            }
        }
    }

    func testFullRingDropsAndCounts() {
        let ring = TransitionRing(capacity: 4, observationSize: 3, actionSize: 1)
        for i in 0..<4 { XCTAssertTrue(push(ring, Float(i))) }
        XCTAssertFalse(push(ring, 9))
        XCTAssertEqual(ring.dropped, 1)
        var batch = TransitionBatch(observationSize: 3, actionSize: 1)
        XCTAssertEqual(ring.drain(into: &batch, limit: 3), 3)
        XCTAssertEqual(batch.rewards, [0, 1, 2])
        XCTAssertTrue(push(ring, 4))
        XCTAssertEqual(ring.drain(into: &batch, limit: 10), 2)
        XCTAssertEqual(batch.rewards, [0, 1, 2, 3, 4])
        XCTAssertEqual(batch.observations.suffix(3), [4, 4, 4])
    }

    func testTwoThreadsSeeEveryTransitionOnceInOrder() {
        let ring = TransitionRing(capacity: 64, observationSize: 3, actionSize: 1)
        let total = 200_000
        let producer = Thread { [self] in
            var i = 0
            while i < total { if push(ring, Float(i)) { i += 1 } }
        }
        producer.start()
        var batch = TransitionBatch(observationSize: 3, actionSize: 1)
        var received = 0, inOrder = true
        while received < total {
            batch.removeAll()
            let n = ring.drain(into: &batch, limit: 32)
            for value in batch.rewards {
                if value != Float(received) { inOrder = false }
                received += 1
            }
            if n == 0 { sched_yield() }
        }
        XCTAssertTrue(inOrder)
        XCTAssertEqual(ring.count, 0)
    }
}
