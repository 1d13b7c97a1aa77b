/// Where each quantity sits in a task's flat observation vector.
///
/// Tasks document their layout through this type rather than by prose alone, so learners (and
/// HER's goal relabelling) can find `achieved_goal` and `desired_goal` by name.
public struct TaskObservationLayout: Equatable, Sendable, CustomStringConvertible {
    /// One named, contiguous slice of the observation.
    public struct Segment: Equatable, Sendable {
        /// Name, e.g. `joint_position`.
        public var name: String
        /// Indices in the observation vector.
        public var range: Range<Int>
        /// Unit of the values.
        public var unit: String
    }

    /// The segments in order; together they cover the whole observation.
    public private(set) var segments: [Segment] = []

    /// Creates a layout from (name, count, unit) triples, in order.
    public init(_ parts: [(name: String, count: Int, unit: String)]) {
        for part in parts { append(part.name, count: part.count, unit: part.unit) }
    }

    /// Appends a segment of `count` values.
    public mutating func append(_ name: String, count: Int, unit: String) {
        precondition(count > 0 && !segments.contains { $0.name == name }, "TaskObservationLayout: bad segment \(name)")
        segments.append(Segment(name: name, range: dimension..<(dimension + count), unit: unit))
    }

    /// Length of the observation vector.
    public var dimension: Int { segments.last?.range.upperBound ?? 0 }

    /// The indices of the segment called `name`; a programmer error if there is none.
    public func range(of name: String) -> Range<Int> {
        guard let segment = segments.first(where: { $0.name == name }) else {
            preconditionFailure("TaskObservationLayout: no segment '\(name)' (have \(segments.map(\.name)))")
        }
        return segment.range
    }

    /// One line per segment: `[0..<6) joint_position (rad)`.
    public var description: String {
        segments.map { "[\($0.range.lowerBound)..<\($0.range.upperBound)) \($0.name) (\($0.unit))" }.joined(separator: "\n")
    }
}
