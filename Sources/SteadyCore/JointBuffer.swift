/// A fixed number of values — typically one per joint — in memory allocated once at init and
/// freed when the last copy of the buffer goes: the real-time code's storage, without a manual
/// `deallocate()`.
///
/// Like `UnsafeMutableBufferPointer`, whose speed it keeps, it has reference semantics: copies
/// share the storage, and elements can be written through a `let` (a loop, a bus or a safety
/// stage hands the same storage to others, which write into it in place).
///
/// - Important: Reading and writing elements is real-time safe (no allocation, no locks, no
///   system calls; a pointer access); creating a buffer allocates. Not thread-safe.
@frozen
public struct JointBuffer<Element>: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    /// Frees the storage when the last buffer sharing it goes.
    @usableFromInline
    final class Owner {
        let storage: UnsafeMutableBufferPointer<Element>
        init(_ storage: UnsafeMutableBufferPointer<Element>) { self.storage = storage }
        deinit {
            storage.deinitialize()
            storage.deallocate()
        }
    }

    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>
    @usableFromInline let owner: Owner

    /// Allocates `count` elements, each `value`.
    public init(count: Int, repeating value: Element) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
        owner = Owner(storage)
    }

    /// Allocates a buffer holding `values`.
    public init<C: Collection>(_ values: C) where C.Element == Element {
        storage = .allocate(capacity: values.count)
        _ = storage.initialize(fromContentsOf: values)
        owner = Owner(storage)
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public var indices: Range<Int> { 0..<storage.count }

    @inlinable
    public subscript(position: Int) -> Element {
        get {
            assert(position >= 0 && position < storage.count, "joint \(position) outside 0..<\(storage.count)")
            return storage[position]
        }
        nonmutating set {
            assert(position >= 0 && position < storage.count, "joint \(position) outside 0..<\(storage.count)")
            storage[position] = newValue
        }
    }

    /// The elements, for APIs that take a buffer pointer; valid while this buffer lives.
    @inlinable public var pointer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(storage) }
    /// The elements, writable in place; valid while this buffer lives.
    @inlinable public var mutablePointer: UnsafeMutableBufferPointer<Element> { storage }

    /// Sets every element to `value`.
    @inlinable
    public func fill(with value: Element) {
        for index in 0..<storage.count { storage[index] = value }
    }
}
