import SteadyCore

/// What a reach policy's action is (see `ReachController`).
public enum ReachActionMode: String, Sendable, CaseIterable {
    /// Bounded deltas of the actuated joints' commanded targets (m values).
    case jointDeltas = "joint"
    /// A bounded displacement of the commanded end effector (3 values, world frame), turned
    /// into joint deltas by damped least squares.
    case endEffectorDeltas = "ee"
}

extension ReachController {
    /// The damping λ of the least-squares step, m: Δq = Jᵀ(JJᵀ + λ²I)⁻¹Δx. Jacobian entries of
    /// these arms are 0.1–0.4 m/rad; λ = 0.03 m keeps the step bounded where the arm is stretched
    /// (a singular JJᵀ) and changes it by under 1 % elsewhere.
    public static let damping = 0.03

    /// The finite-difference step of the Jacobian, rad.
    static let jacobianStepRadians = 1e-5

    /// `.endEffectorDeltas`: moves the commanded end effector by the clipped action
    /// (`previousAction`, set by `apply`) · `maximumStepMeters` (see the type's documentation).
    ///
    /// Joints already at a limit and pushed further are left out of the solve (their Jacobian
    /// column zeroed), so the other joints take up the displacement instead of stalling.
    mutating func moveEndEffectorByPreviousAction() {
        let displacement = SIMD3(Double(previousAction[0]), Double(previousAction[1]), Double(previousAction[2])) * maximumStepMeters
        updateJacobian()
        solveJointDeltas(for: displacement)
        if zeroColumnsPushedPastLimits() { solveJointDeltas(for: displacement) }
        var largest = 0.0
        for delta in jointDeltas { largest = max(largest, abs(delta)) }
        let scale = largest > maximumStepRadians ? maximumStepRadians / largest : 1
        for (k, joint) in actuatedJoints.enumerated() {
            let target = commanded[joint] + scale * jointDeltas[k]
            commanded[joint] = min(max(target, lowerLimits[joint]), upperLimits[joint])
        }
    }

    /// The Jacobian of the `ee` site at the commanded targets by forward differences, 3 × m.
    mutating func updateJacobian() {
        let m = actuatedJoints.count, h = Self.jacobianStepRadians
        let base = kinematics.endEffector { commanded[$0] }
        for (k, joint) in actuatedJoints.enumerated() {
            let moved = kinematics.endEffector { $0 == joint ? commanded[$0] + h : commanded[$0] }
            for axis in 0..<3 { jacobian[axis * m + k] = (moved[axis] - base[axis]) / h }
        }
    }

    /// Δq = Jᵀ(JJᵀ + λ²I)⁻¹Δx into `jointDeltas`.
    mutating func solveJointDeltas(for displacement: SIMD3<Double>) {
        let m = actuatedJoints.count, lambdaSquared = Self.damping * Self.damping
        func product(_ row: Int, _ column: Int) -> Double {
            var sum = row == column ? lambdaSquared : 0
            for k in 0..<m { sum += jacobian[row * m + k] * jacobian[column * m + k] }
            return sum
        }
        let a01 = product(0, 1), a02 = product(0, 2), a12 = product(1, 2)
        let system = (SIMD3(product(0, 0), a01, a02), SIMD3(a01, product(1, 1), a12), SIMD3(a02, a12, product(2, 2)))
        let y = Self.solveSymmetric3(system, displacement)
        for k in 0..<m {
            jointDeltas[k] = jacobian[k] * y[0] + jacobian[m + k] * y[1] + jacobian[2 * m + k] * y[2]
        }
    }

    /// Zeroes the Jacobian columns of joints at a limit whose delta pushes past it; true if any.
    mutating func zeroColumnsPushedPastLimits() -> Bool {
        let m = actuatedJoints.count
        var any = false
        for (k, joint) in actuatedJoints.enumerated() {
            let atLower = commanded[joint] <= lowerLimits[joint] && jointDeltas[k] < 0
            let atUpper = commanded[joint] >= upperLimits[joint] && jointDeltas[k] > 0
            guard atLower || atUpper else { continue }
            for axis in 0..<3 { jacobian[axis * m + k] = 0 }
            any = true
        }
        return any
    }

    /// The solution of the 3 × 3 system with rows `rows` (positive definite) by Cramer's rule.
    static func solveSymmetric3(_ rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>), _ b: SIMD3<Double>) -> SIMD3<Double> {
        func determinant(_ c0: SIMD3<Double>, _ c1: SIMD3<Double>, _ c2: SIMD3<Double>) -> Double {
            c0[0] * (c1[1] * c2[2] - c1[2] * c2[1]) - c1[0] * (c0[1] * c2[2] - c0[2] * c2[1])
                + c2[0] * (c0[1] * c1[2] - c0[2] * c1[1])
        }
        // Columns of the matrix (it is symmetric, so its rows are its columns).
        let (c0, c1, c2) = rows
        let d = determinant(c0, c1, c2)
        return SIMD3(determinant(b, c1, c2) / d, determinant(c0, b, c2) / d, determinant(c0, c1, b) / d)
    }
}
