import Atomics

/// A preallocated single-producer single-consumer ring of transitions: the control tick pushes
/// (no allocation, lock or system call; a full ring drops and counts), the I/O thread drains
/// into batches for `ActorClient.offer`.
///
/// - Important: `push` is safe on the control tick. Exactly one thread may push and exactly one
///   may drain.
public final class TransitionRing: @unchecked Sendable {
    /// Slots.
    public let capacity: Int
    /// Floats per observation.
    public let observationSize: Int
    /// Floats per action.
    public let actionSize: Int
    private let stride: Int
    private let storage: UnsafeMutablePointer<Float>
    private let flags: UnsafeMutablePointer<UInt8>
    private let head = ManagedAtomic<Int>(0)   // next slot to write (producer)
    private let tail = ManagedAtomic<Int>(0)   // next slot to read (consumer)
    private let droppedCount = ManagedAtomic<Int>(0)

    /// Allocates `capacity` slots.
    public init(capacity: Int, observationSize: Int, actionSize: Int) {
        precondition(capacity > 0 && observationSize > 0 && actionSize > 0, "TransitionRing: sizes must be positive")
        self.capacity = capacity
        self.observationSize = observationSize
        self.actionSize = actionSize
        stride = 2 * observationSize + actionSize + 1
        storage = .allocate(capacity: capacity * stride)
        storage.initialize(repeating: 0, count: capacity * stride)
        flags = .allocate(capacity: capacity)
        flags.initialize(repeating: 0, count: capacity)
    }

    deinit {
        storage.deallocate()
        flags.deallocate()
    }

    /// Transitions dropped because the ring was full.
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }
    /// Transitions waiting.
    public var count: Int { head.load(ordering: .acquiring) - tail.load(ordering: .acquiring) }

    /// Copies one transition in; false (and counted) when full.
    /// - Important: Allocates nothing, takes no lock, makes no system call.
    @discardableResult
    public func push(observation: UnsafeBufferPointer<Float>, action: UnsafeBufferPointer<Float>, reward: Float,
                     nextObservation: UnsafeBufferPointer<Float>, flags value: UInt8) -> Bool {
        let h = head.load(ordering: .relaxed)
        guard h - tail.load(ordering: .acquiring) < capacity else {
            droppedCount.wrappingIncrement(ordering: .relaxed)
            return false
        }
        let slot = h % capacity, o = observationSize, a = actionSize
        let base = storage + slot * stride
        base.update(from: observation.baseAddress!, count: o)
        (base + o).update(from: action.baseAddress!, count: a)
        base[o + a] = reward
        (base + o + a + 1).update(from: nextObservation.baseAddress!, count: o)
        flags[slot] = value
        head.store(h + 1, ordering: .releasing)
        return true
    }

    /// Moves up to `limit` waiting transitions into `batch`; returns how many.
    public func drain(into batch: inout TransitionBatch, limit: Int) -> Int {
        precondition(batch.observationSize == observationSize && batch.actionSize == actionSize, "TransitionRing: batch shape")
        let t = tail.load(ordering: .relaxed)
        let available = min(head.load(ordering: .acquiring) - t, limit)
        let o = observationSize, a = actionSize
        for i in 0..<max(available, 0) {
            let slot = (t + i) % capacity
            let base = storage + slot * stride
            batch.append(observation: UnsafeBufferPointer(start: base, count: o),
                         action: UnsafeBufferPointer(start: base + o, count: a), reward: base[o + a],
                         nextObservation: UnsafeBufferPointer(start: base + o + a + 1, count: o), flags: flags[slot])
        }
        tail.store(t + max(available, 0), ordering: .releasing)
        return max(available, 0)
    }
}
