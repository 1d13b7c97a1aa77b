/// A closed interval of allowed command positions for one joint, radians.
///
/// Every limit in the chain is a window: position limits, velocity (previous command ± vΔt),
/// maximum step (present ± step), acceleration, braking and jerk. The chain applies them in
/// priority order with `narrow(to:)`, which is the whole conflict rule in one place.
struct SafetyWindow: Equatable {
    var lower: Double
    var upper: Double

    @inline(__always)
    init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// The window `center ± halfWidth`.
    @inline(__always)
    init(center: Double, halfWidth: Double) {
        lower = center - halfWidth
        upper = center + halfWidth
    }

    /// Narrows this window to its overlap with `other` and returns `true`. If they do not
    /// overlap, `other` cannot be met without leaving this (higher-priority) window: the window
    /// collapses to its own point nearest `other`, and the result is `false`.
    ///
    /// Never widens, never becomes empty: a non-empty window stays a non-empty subset of itself.
    @inline(__always)
    mutating func narrow(to other: SafetyWindow) -> Bool {
        let newLower = lower > other.lower ? lower : other.lower
        let newUpper = upper < other.upper ? upper : other.upper
        if newLower <= newUpper {
            lower = newLower
            upper = newUpper
            return true
        }
        if other.lower > upper {
            lower = upper
        } else {
            upper = lower
        }
        return false
    }

    /// `value` moved into the window (NaN maps to the lower end, never through).
    @inline(__always)
    func clamp(_ value: Double) -> Double {
        if value >= lower {
            return value <= upper ? value : upper
        }
        return lower
    }
}
