/// A fixed number of values — typically one per joint — in memory allocated once at init and
/// freed when the buffer goes: the real-time code's storage, without a manual `deallocate()`.
///
/// A final class, so that a loop, a bus or a safety stage can hand the same storage to others
/// and write into it in place; element access compiles to a pointer access.
///
/// - Important: Reading and writing elements is real-time safe (no allocation, no locks, no
///   system calls); creating a buffer allocates. Not thread-safe.
public final class JointBuffer<Element>: RandomAccessCollection, MutableCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>

    /// Allocates `count` elements, each `value`.
    public init(count: Int, repeating value: Element) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    /// Allocates a buffer holding `values`.
    public convenience init<C: Collection>(_ values: C) where C.Element == Element {
        precondition(!values.isEmpty, "a joint buffer holds at least one value")
        self.init(count: values.count, repeating: values.first!)
        _ = storage.update(fromContentsOf: values)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storage.count }
    @inlinable public var indices: Range<Int> { 0..<storage.count }

    @inlinable
    public subscript(position: Int) -> Element {
        unsafeAddress {
            assert(position >= 0 && position < storage.count, "joint \(position) outside 0..<\(storage.count)")
            return UnsafePointer(storage.baseAddress! + position)
        }
        unsafeMutableAddress {
            assert(position >= 0 && position < storage.count, "joint \(position) outside 0..<\(storage.count)")
            return storage.baseAddress! + position
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
