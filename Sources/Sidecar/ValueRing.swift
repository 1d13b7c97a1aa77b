import Atomics

/// A preallocated single-producer single-consumer ring of plain values (structs without
/// references): the control tick pushes without allocation, lock or system call; a full ring
/// drops the value and counts it.
///
/// - Important: `push` is safe on the control tick. Exactly one thread may push and exactly one
///   may pop. `Element` must hold no class references (copying it then costs no reference count).
public final class ValueRing<Element>: @unchecked Sendable {
    /// Slots.
    public let capacity: Int
    private let storage: UnsafeMutablePointer<Element>
    private let head = ManagedAtomic<Int>(0)
    private let tail = ManagedAtomic<Int>(0)
    private let droppedCount = ManagedAtomic<Int>(0)

    /// Allocates `capacity` slots, each holding `filler` until written.
    public init(capacity: Int, filler: Element) {
        precondition(capacity > 0, "ValueRing: capacity must be positive")
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storage.initialize(repeating: filler, count: capacity)
    }

    deinit {
        storage.deinitialize(count: capacity)
        storage.deallocate()
    }

    /// Values dropped because the ring was full.
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// Copies `value` in; false (and counted) when full.
    /// - Important: Real-time safe.
    @discardableResult
    public func push(_ value: Element) -> Bool {
        let h = head.load(ordering: .relaxed)
        guard h - tail.load(ordering: .acquiring) < capacity else {
            droppedCount.wrappingIncrement(ordering: .relaxed)
            return false
        }
        storage[h % capacity] = value
        head.store(h + 1, ordering: .releasing)
        return true
    }

    /// The oldest value, removed; nil when empty.
    public func pop() -> Element? {
        let t = tail.load(ordering: .relaxed)
        guard t < head.load(ordering: .acquiring) else { return nil }
        let value = storage[t % capacity]
        tail.store(t + 1, ordering: .releasing)
        return value
    }
}
