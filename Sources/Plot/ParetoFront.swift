/// Whether smaller or larger values of a quantity are better.
public enum Goal: Equatable {
    case minimize, maximize
}

/// Which direction is better on each axis, for finding the Pareto-optimal points.
///
/// For a performance/smoothness trade-off plotted as return (y) against continuity cost (x):
/// `ParetoFront(x: .minimize, y: .maximize)`.
public struct ParetoFront: Equatable {
    public var x: Goal
    public var y: Goal

    public init(x: Goal, y: Goal) {
        self.x = x
        self.y = y
    }

    /// Indices of the points no other point dominates (at least as good on both axes and better
    /// on one), sorted by x ascending. Points with a non-finite coordinate never count.
    public func indices(of points: [(x: Double, y: Double)]) -> [Int] {
        func better(_ a: Double, _ b: Double, _ goal: Goal) -> Bool { goal == .minimize ? a < b : a > b }
        func atLeast(_ a: Double, _ b: Double, _ goal: Goal) -> Bool { goal == .minimize ? a <= b : a >= b }
        let finite = points.indices.filter { points[$0].x.isFinite && points[$0].y.isFinite }
        let front = finite.filter { candidate in
            !finite.contains { other in
                other != candidate
                    && atLeast(points[other].x, points[candidate].x, x) && atLeast(points[other].y, points[candidate].y, y)
                    && (better(points[other].x, points[candidate].x, x) || better(points[other].y, points[candidate].y, y))
            }
        }
        return front.sorted { (points[$0].x, $0) < (points[$1].x, $1) }
    }

    /// The step line through front points sorted by x: between neighbours it turns at the
    /// corner that combines the worse x and the worse y, outlining the region the front dominates.
    func stepLine(_ front: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard var previous = front.first else { return [] }
        var line = [previous]
        for point in front.dropFirst() {
            let cornerX = x == .minimize ? max(previous.x, point.x) : min(previous.x, point.x)
            let cornerY = y == .maximize ? min(previous.y, point.y) : max(previous.y, point.y)
            line.append((cornerX, cornerY))
            line.append(point)
            previous = point
        }
        return line
    }
}
