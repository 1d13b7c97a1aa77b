import SteadyCore
@testable import Safety

/// Helpers that let the stage tests speak in arrays.
extension SafetyStage {
    /// Applies the stage to a copy of `command` and returns the result and the flags.
    func run(_ command: [Double], _ inputs: SafetyInputs, _ state: SafetyState) -> (command: [Double], flags: SafetyFlags) {
        var edited = command
        let flags = edited.withUnsafeMutableBufferPointer { apply($0, inputs: inputs, state: state) }
        return (edited, flags)
    }

    func reset(_ startPose: [Double], _ state: SafetyState) {
        startPose.withUnsafeBufferPointer { reset(startPose: $0, state: state) }
    }
}

extension SafetyState {
    /// A state reset at rest at `startPose`.
    convenience init(at startPose: [Double]) {
        self.init(jointCount: startPose.count)
        startPose.withUnsafeBufferPointer { reset(startPose: $0) }
    }

    /// Records `command` as sent.
    func commit(_ command: [Double], periodSeconds: Double) {
        command.withUnsafeBufferPointer { commit($0, periodSeconds: periodSeconds) }
    }

    var previous: [Double] { Array(previousCommand) }
}

extension SafetyInputs {
    /// Inputs with the given readings (unknown where not given).
    convenience init(positions: [Double], loads: [Double]? = nil, velocities: [Double]? = nil,
                     temperatures: [Double]? = nil, periodSeconds: Double = 0.01) {
        self.init(jointCount: positions.count, periodSeconds: periodSeconds)
        set(positions: positions, loads: loads, velocities: velocities, temperatures: temperatures)
    }

    func set(positions: [Double]? = nil, loads: [Double]? = nil, velocities: [Double]? = nil, temperatures: [Double]? = nil) {
        for joint in 0..<jointCount {
            if let positions { presentPositions[joint] = positions[joint] }
            if let loads { presentLoads[joint] = loads[joint] }
            if let velocities { presentVelocities[joint] = velocities[joint] }
            if let temperatures { presentTemperatures[joint] = temperatures[joint] }
        }
    }
}

extension SafetyChain {
    /// Runs one tick with an array target (nil: no new target) and returns the sent command.
    @discardableResult
    func tick(_ target: [Double]?, _ inputs: SafetyInputs) -> (command: [Double], report: SafetyReport) {
        let report: SafetyReport
        if let target {
            report = target.withUnsafeBufferPointer { apply(policyTarget: $0, inputs: inputs) }
        } else {
            report = apply(policyTarget: nil, inputs: inputs)
        }
        return (Array(lastSafeCommand), report)
    }
}

/// A joint with round-number limits for hand-computed expectations.
func testJoint(_ name: String = "j", lower: Double = -1, upper: Double = 1, velocity: Double = 1,
               acceleration: Double? = nil, jerk: Double? = nil, gripper: Bool = false) -> JointDescription {
    JointDescription(name: name, id: ServoID(1), model: .sts3215, lowerRadians: lower, upperRadians: upper,
                     velocityLimitRadiansPerSecond: velocity, accelerationLimitRadiansPerSecond2: acceleration,
                     jerkLimitRadiansPerSecond3: jerk, gains: ServoGains(p: 16, i: 0, d: 32), isGripper: gripper)
}

/// The SO-101 arm as `robots/so101/robot.yaml` describes it.
func so101() -> RobotDescription {
    let limits: [(String, Double, Double)] = [
        ("shoulder_pan", -1.92, 1.92), ("shoulder_lift", -1.75, 1.75), ("elbow_flex", -1.69, 1.69),
        ("wrist_flex", -1.66, 1.66), ("wrist_roll", -2.74, 2.84), ("gripper", -0.17, 1.75),
    ]
    let joints = limits.enumerated().map { index, joint in
        JointDescription(name: joint.0, id: ServoID(UInt8(index + 1)), model: .sts3215, lowerRadians: joint.1,
                         upperRadians: joint.2, velocityLimitRadiansPerSecond: 4, accelerationLimitRadiansPerSecond2: 40,
                         jerkLimitRadiansPerSecond3: 4000, gains: ServoGains(p: 16, i: 0, d: 32),
                         isGripper: joint.0 == "gripper")
    }
    return RobotDescription(name: "so101", directory: nil, protocolKind: .feetech, baudRate: 1_000_000, joints: joints)
}

/// `|a − b| ≤ tolerance`.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool { abs(a - b) <= tolerance }

func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1, tolerance) }
}
