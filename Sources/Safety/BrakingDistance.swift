/// How far a joint may move toward a limit on this tick and still stop before it, under an
/// acceleration limit, in discrete time.
///
/// A command that moves δ this tick, then brakes as hard as allowed (its per-tick displacement
/// falling by Δ = a_max·Δt² each tick: δ − Δ, δ − 2Δ, … until it is ≤ 0), covers in total
/// `f(δ) = δ + Σₖ≥₁ max(0, δ − kΔ)`. This is the exact discrete sum, not the continuous
/// `v²/2a`, which underestimates it by up to Δ/8 and would let the limit be crossed.
public enum BrakingDistance {
    /// The largest displacement δ ≥ 0 toward a limit `distance` away with `f(δ) ≤ distance`;
    /// 0 if the joint is at or beyond the limit.
    ///
    /// Exact inverse of the piecewise-linear f: on δ ∈ [nΔ, (n+1)Δ], f(δ) = (n+1)δ − Δn(n+1)/2,
    /// where n is the number of whole braking ticks.
    ///
    /// - Important: Real-time: one square root, no allocation.
    @inline(__always)
    public static func maximumDisplacement(distance: Double, decrement: Double) -> Double {
        guard distance > 0 else { return 0 }
        // n = the largest integer with Δ·n(n+1)/2 ≤ distance, from the quadratic formula, then
        // corrected for rounding.
        var n = (((1 + 8 * distance / decrement).squareRoot() - 1) / 2).rounded(.down)
        guard n.isFinite else { return 0 }
        while decrement * (n + 1) * (n + 2) / 2 <= distance { n += 1 }
        while n > 0 && decrement * n * (n + 1) / 2 > distance { n -= 1 }
        return Swift.min(distance, distance / (n + 1) + decrement * n / 2)
    }

    /// The total distance covered by moving `displacement` this tick and then braking by
    /// `decrement` per tick: the f(δ) above, for δ ≥ 0.
    public static func stoppingDistance(displacement: Double, decrement: Double) -> Double {
        guard displacement > 0 else { return 0 }
        let n = (displacement / decrement).rounded(.down)
        return displacement + n * displacement - decrement * n * (n + 1) / 2
    }
}
