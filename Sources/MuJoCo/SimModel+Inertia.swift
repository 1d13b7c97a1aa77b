import CMuJoCo

/// A body's whole mass distribution (mass, centre of mass, principal axes and moments), read,
/// replaced, and grown by a payload, so that a payload can be added and removed without drift.
///
/// Like `SimModel+Parameters.swift`, mutate a `copy()`; call `recomputeConstants()` afterwards.
extension SimModel {
    /// The mass distribution of one body, in the body's frame (MuJoCo's `body_mass`,
    /// `body_ipos`, `body_iquat`, `body_inertia`).
    public struct BodyInertial: Equatable, Sendable {
        /// Mass, kg.
        public var massKilograms: Double
        /// Centre of mass in the body frame, m.
        public var centerOfMass: SIMD3<Double>
        /// Orientation of the principal axes in the body frame, as a unit quaternion (w, x, y, z).
        public var principalAxes: SIMD4<Double>
        /// Principal moments of inertia about the centre of mass, kg·m².
        public var principalMoments: SIMD3<Double>

        /// Creates an inertial description.
        public init(massKilograms: Double, centerOfMass: SIMD3<Double>, principalAxes: SIMD4<Double>,
                    principalMoments: SIMD3<Double>) {
            self.massKilograms = massKilograms
            self.centerOfMass = centerOfMass
            self.principalAxes = principalAxes
            self.principalMoments = principalMoments
        }

        /// The same body made uniformly denser or lighter: mass and moments scaled by `factor`.
        public func scaled(by factor: Double) -> BodyInertial {
            var result = self
            result.massKilograms *= factor
            result.principalMoments *= factor
            return result
        }

        /// This body with a small solid sphere of `kilograms` and `radiusMeters` fixed at `point`
        /// (body frame): the combined mass, centre of mass and principal inertia.
        ///
        /// The inertia tensors are moved to the new centre of mass (parallel-axis theorem),
        /// added, and diagonalized again. The corresponding C functions are `mju_quat2Mat` and
        /// `mju_eig3`.
        public func adding(kilograms: Double, at point: SIMD3<Double>, radiusMeters: Double = 0.01) -> BodyInertial {
            precondition(kilograms >= 0 && kilograms.isFinite, "BodyInertial: invalid payload mass \(kilograms)")
            guard kilograms > 0 else { return self }
            let total = massKilograms + kilograms
            let center = (massKilograms * centerOfMass + kilograms * point) / total

            // This body's tensor in the body frame: R · diag(moments) · Rᵀ.
            var rotation = [mjtNum](repeating: 0, count: 9)
            var quaternion = [principalAxes[0], principalAxes[1], principalAxes[2], principalAxes[3]]
            mju_quat2Mat(&rotation, &quaternion)
            var tensor = [Double](repeating: 0, count: 9)
            for r in 0..<3 {
                for c in 0..<3 {
                    var sum = 0.0
                    for k in 0..<3 { sum += rotation[3 * r + k] * principalMoments[k] * rotation[3 * c + k] }
                    tensor[3 * r + c] = sum
                }
            }
            func addPointMass(_ mass: Double, offset d: SIMD3<Double>) {
                let squared = (d * d).sum()
                for r in 0..<3 {
                    for c in 0..<3 {
                        tensor[3 * r + c] += mass * ((r == c ? squared : 0) - d[r] * d[c])
                    }
                }
            }
            addPointMass(massKilograms, offset: centerOfMass - center)
            addPointMass(kilograms, offset: point - center)
            let sphere = 0.4 * kilograms * radiusMeters * radiusMeters
            for axis in 0..<3 { tensor[4 * axis] += sphere }

            var moments = [mjtNum](repeating: 0, count: 3)
            var vectors = [mjtNum](repeating: 0, count: 9)
            var axes = [mjtNum](repeating: 0, count: 4)
            _ = mju_eig3(&moments, &vectors, &axes, &tensor)
            return BodyInertial(massKilograms: total, centerOfMass: center,
                                principalAxes: SIMD4(axes[0], axes[1], axes[2], axes[3]),
                                principalMoments: SIMD3(moments[0], moments[1], moments[2]))
        }
    }

    /// The mass distribution of `body`.
    public func inertial(of body: BodyID) -> BodyInertial {
        check(body)
        let b = body.rawValue
        let m = handle.pointee
        let p = m.body_ipos + 3 * b, q = m.body_iquat + 4 * b, i = m.body_inertia + 3 * b
        return BodyInertial(massKilograms: m.body_mass[b], centerOfMass: SIMD3(p[0], p[1], p[2]),
                            principalAxes: SIMD4(q[0], q[1], q[2], q[3]), principalMoments: SIMD3(i[0], i[1], i[2]))
    }

    /// Replaces the mass distribution of `body` (call `recomputeConstants()` afterwards).
    public func setInertial(_ inertial: BodyInertial, of body: BodyID) {
        check(body)
        precondition(body.rawValue != 0, "SimModel \(name): the world body has no mass to set")
        precondition(inertial.massKilograms.isFinite && inertial.massKilograms >= 0
                     && (0..<3).allSatisfy { inertial.principalMoments[$0].isFinite && inertial.principalMoments[$0] >= 0 },
                     "SimModel \(name): invalid inertial \(inertial)")
        let b = body.rawValue
        let m = handle.pointee
        m.body_mass[b] = inertial.massKilograms
        for k in 0..<3 {
            m.body_ipos[3 * b + k] = inertial.centerOfMass[k]
            m.body_inertia[3 * b + k] = inertial.principalMoments[k]
        }
        for k in 0..<4 { m.body_iquat[4 * b + k] = inertial.principalAxes[k] }
    }

    /// The centre of mass of `body` in its own frame, metres (MuJoCo's `body_ipos`).
    public func centerOfMass(of body: BodyID) -> SIMD3<Double> {
        check(body)
        let p = handle.pointee.body_ipos + 3 * body.rawValue
        return SIMD3(p[0], p[1], p[2])
    }

    /// Adds a point mass at `position` (metres, in the body's frame) to `body`: the body's mass,
    /// centre of mass and inertia become those of the rigid union (`BodyInertial.adding` with no
    /// radius).
    ///
    /// The combined inertia tensor is rediagonalized, so the principal frame (`body_iquat`) may
    /// turn.
    public func addPointMass(_ kilograms: Double, at position: SIMD3<Double>, to body: BodyID) {
        check(body)
        precondition(body.rawValue != 0, "SimModel \(name): cannot add mass to the world body")
        precondition(kilograms.isFinite && kilograms > 0, "SimModel \(name): invalid payload mass \(kilograms)")
        precondition(position.x.isFinite && position.y.isFinite && position.z.isFinite,
                     "SimModel \(name): invalid payload position")
        var union = inertial(of: body).adding(kilograms: kilograms, at: position, radiusMeters: 0)
        // A point mass on a massless body leaves a zero principal moment; keep it positive.
        for axis in 0..<3 { union.principalMoments[axis] = max(union.principalMoments[axis], 1e-9) }
        setInertial(union, of: body)
    }
}
