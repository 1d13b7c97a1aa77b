/// A dense row-major matrix of `Float`, the one tensor type of `Neural`.
///
/// A `Matrix` is a reference type that owns one 64-byte-aligned allocation of
/// `rowCapacity × columns` floats, made once in `init`. Layers keep their outputs and gradients
/// in matrices sized for the largest batch; a smaller batch uses the first `rows` rows
/// (`setRowCount`), which in row-major order are one contiguous prefix, so changing the batch
/// size never allocates. Copy with `copy(from:)` when a separate buffer is wanted.
public final class Matrix {
    /// The number of columns (features per row).
    public let columns: Int
    /// The largest row count this matrix can hold without reallocating (which it never does).
    public let rowCapacity: Int
    /// The number of rows in use, at most `rowCapacity`.
    public private(set) var rows: Int
    /// The first element; rows are `columns` floats apart.
    public let baseAddress: UnsafeMutablePointer<Float>

    /// Creates a zero-filled `rows × columns` matrix that can later hold up to `rowCapacity` rows.
    public init(rows: Int, columns: Int, rowCapacity: Int? = nil) {
        let capacity = rowCapacity ?? rows
        precondition(rows >= 0 && columns >= 0 && capacity >= rows,
                     "Matrix: invalid shape \(rows)×\(columns) with row capacity \(capacity)")
        self.rows = rows
        self.columns = columns
        self.rowCapacity = capacity
        let count = Swift.max(capacity * columns, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride,
                                                   alignment: 64)
        baseAddress = raw.initializeMemory(as: Float.self, repeating: 0, count: count)
    }

    /// Creates a `rows × columns` matrix holding `values` in row-major order.
    public convenience init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns,
                     "Matrix: \(values.count) values for a \(rows)×\(columns) matrix")
        self.init(rows: rows, columns: columns)
        values.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { baseAddress.update(from: start, count: values.count) }
        }
    }

    deinit {
        baseAddress.deinitialize(count: Swift.max(rowCapacity * columns, 1))
        UnsafeMutableRawPointer(baseAddress).deallocate()
    }

    /// The number of elements in use, `rows × columns`.
    @inline(__always)
    public var count: Int { rows * columns }

    /// The elements in use, row-major.
    @inline(__always)
    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: baseAddress, count: rows * columns)
    }

    /// The elements in use as an array (allocates; for tests, checkpoints and logging).
    public var values: [Float] { Array(buffer) }

    /// The element at `row`, `column` (bounds-checked; hot loops use `baseAddress`).
    @inline(__always)
    public subscript(row: Int, column: Int) -> Float {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix: index out of range")
            return baseAddress[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix: index out of range")
            baseAddress[row * columns + column] = newValue
        }
    }

    /// The start of row `row`.
    @inline(__always)
    public func row(_ row: Int) -> UnsafeMutablePointer<Float> {
        precondition(row >= 0 && row < rowCapacity, "Matrix: row \(row) out of range")
        return baseAddress + row * columns
    }

    /// Sets the number of rows in use. Contents of the rows in use are kept.
    /// - Important: Never allocates; `rows` must not exceed `rowCapacity`.
    @inline(__always)
    public func setRowCount(_ rows: Int) {
        precondition(rows >= 0 && rows <= rowCapacity,
                     "Matrix: \(rows) rows exceed the capacity of \(rowCapacity)")
        self.rows = rows
    }

    /// Sets every element in use to `value`.
    public func fill(_ value: Float) {
        baseAddress.update(repeating: value, count: count)
    }

    /// Copies `other`'s rows in use into this matrix, adopting its row count.
    /// - Important: Never allocates; `other.rows` must fit `rowCapacity`.
    public func copy(from other: Matrix) {
        precondition(other.columns == columns, "Matrix.copy: \(other.columns) columns into \(columns)")
        setRowCount(other.rows)
        baseAddress.update(from: other.baseAddress, count: count)
    }

    /// Multiplies every element in use by `factor`.
    public func scale(by factor: Float) {
        let n = count, p = baseAddress
        for i in 0..<n { p[i] *= factor }
    }

    /// `self ← self + factor · other`, element-wise over the rows in use (same shape).
    public func add(_ other: Matrix, scaledBy factor: Float = 1) {
        precondition(other.rows == rows && other.columns == columns,
                     "Matrix.add: shape \(other.rows)×\(other.columns) onto \(rows)×\(columns)")
        let n = count, p = baseAddress, q = other.baseAddress
        for i in 0..<n { p[i] += factor * q[i] }
    }

    /// The sum of the squares of the elements in use.
    public func sumOfSquares() -> Float {
        BLAS.dot(baseAddress, baseAddress, count: count)
    }
}

extension Matrix: CustomStringConvertible {
    /// The shape, e.g. `Matrix(256×3)`.
    public var description: String { "Matrix(\(rows)×\(columns))" }
}
