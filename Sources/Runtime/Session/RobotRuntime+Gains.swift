import ServoBus
import ServoWire
import SteadyCore

/// Writing `robot.yaml`'s servo gains at connect time.
extension RobotRuntime {
    /// Brings every motor's position-loop gains (P, I, D) to the joint's `gains` in
    /// `robot.yaml`, writing only the motors whose gains differ, and reads them back; returns
    /// one line saying what was done, for the run's notices.
    ///
    /// Dynamixel keeps the gains in RAM (`Position_P_Gain`, …), writable at any time. Feetech
    /// keeps them in EEPROM (`P_Coefficient`, …), which takes writes only while `Lock` is 0 and
    /// wears with every write: hence the comparison first, so that a motor already set is never
    /// written again. `Lock` is left at 0; switching torque on sets it back to 1.
    /// - Throws: bus errors naming the motor; `RuntimeError.startFailed` when a read-back
    ///   differs (the motor ignored the write).
    func writeGains(robotBus: RobotBus) throws -> String {
        let registers: [RegisterName] = [.positionPGain, .positionIGain, .positionDGain]
        let wanted = robot.joints.map { [$0.gains.p, $0.gains.i, $0.gains.d] }
        // Every value is checked before the first write: a bad gain must not leave some
        // registers written and others not.
        for (joint, gains) in zip(robot.joints, wanted) {
            if let index = gains.firstIndex(where: { !joint.model.gainRange.contains($0) }) {
                throw RuntimeError.startFailed("joint \(joint.name) (motor \(joint.id)): gain \("PID".map(String.init)[index]) "
                                               + "\(gains[index]) must be \(joint.model.gainRange); nothing was written")
            }
        }
        func readAll() throws -> [[Int]] {
            try robot.joints.indices.map { joint in try registers.map { try robotBus.read($0, joint: joint) } }
        }
        let before = try readAll()
        let differing = robot.joints.indices.filter { before[$0] != wanted[$0] }
        let summary = Set(wanted).count == 1 ? "P \(wanted[0][0]) I \(wanted[0][1]) D \(wanted[0][2])" : "robot.yaml's per joint"
        guard !differing.isEmpty else { return "gains: \(summary) already set on every motor" }
        if robot.protocolKind == .feetech {
            try robotBus.write(.lock, values: Array(repeating: 0, count: robot.joints.count))
        }
        for (index, register) in registers.enumerated() {
            // Motors already right get their own value again: one sync write for all.
            try robotBus.write(register, values: robot.joints.indices.map { wanted[$0][index] })
        }
        let after = try readAll()
        if let joint = robot.joints.indices.first(where: { after[$0] != wanted[$0] }) {
            let description = robot.joints[joint]
            throw RuntimeError.startFailed("writing gains: joint \(description.name) (motor \(description.id)) reads P/I/D "
                                           + "\(after[joint].map(String.init).joined(separator: "/")) after writing "
                                           + "\(wanted[joint].map(String.init).joined(separator: "/"))")
        }
        let was = differing.map { "\(robot.joints[$0].name) \(before[$0].map(String.init).joined(separator: "/"))" }
        return "gains: \(summary) written to \(differing.count) motor\(differing.count == 1 ? "" : "s") (P/I/D were: "
            + was.joined(separator: ", ") + ")"
    }
}
