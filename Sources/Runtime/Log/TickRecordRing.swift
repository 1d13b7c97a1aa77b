import Atomics
import SteadyCore

/// A lock-free single-producer single-consumer ring of preallocated tick records.
///
/// The loop thread `claim`s a slot, fills it and `publish`es it; the logger thread `peek`s the
/// oldest and `release`s it. When the ring is full the producer gets no slot and the record is
/// counted in `dropped`: the loop never waits for the logger.
///
/// - Important: `claim`/`publish` are real-time safe (two atomic loads and a store, no
///   allocation). Exactly one thread may produce and one consume.
public final class TickRecordRing {
    /// The record layout.
    public let layout: TickRecordLayout
    /// Slots (a power of two).
    public let capacity: Int
    private let mask: Int
    private let stride: Int
    private let records: JointBuffer<Double>
    private let storage: UnsafeMutablePointer<Double>
    private let head = ManagedAtomic<Int>(0)
    private let tail = ManagedAtomic<Int>(0)
    private let droppedCount = ManagedAtomic<Int>(0)

    /// Creates a ring of at least `minimumCapacity` slots (rounded up to a power of two).
    public init(layout: TickRecordLayout, minimumCapacity: Int) {
        var capacity = 16
        while capacity < minimumCapacity { capacity <<= 1 }
        self.layout = layout
        self.capacity = capacity
        mask = capacity - 1
        stride = layout.stride
        records = JointBuffer(count: capacity * stride, repeating: 0)
        storage = records.mutablePointer.baseAddress!
    }

    /// Records the producer could not store because the ring was full.
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// Records waiting for the consumer.
    public var count: Int { head.load(ordering: .acquiring) - tail.load(ordering: .acquiring) }

    /// The next free slot, or nil (counted as dropped) when the ring is full. Producer only.
    @inline(__always)
    public func claim() -> UnsafeMutablePointer<Double>? {
        let h = head.load(ordering: .relaxed)
        guard h - tail.load(ordering: .acquiring) < capacity else {
            droppedCount.wrappingIncrement(ordering: .relaxed)
            return nil
        }
        return storage + (h & mask) * stride
    }

    /// Hands the claimed slot to the consumer. Producer only.
    @inline(__always)
    public func publish() {
        head.store(head.load(ordering: .relaxed) &+ 1, ordering: .releasing)
    }

    /// The oldest published record, or nil when none is waiting. Consumer only.
    @inline(__always)
    public func peek() -> UnsafePointer<Double>? {
        let t = tail.load(ordering: .relaxed)
        guard t != head.load(ordering: .acquiring) else { return nil }
        return UnsafePointer(storage + (t & mask) * stride)
    }

    /// Frees the record `peek` returned. Consumer only.
    @inline(__always)
    public func release() {
        tail.store(tail.load(ordering: .relaxed) &+ 1, ordering: .releasing)
    }
}
