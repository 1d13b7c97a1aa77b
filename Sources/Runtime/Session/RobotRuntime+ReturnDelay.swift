import ServoBus
import ServoWire

/// Setting the motors' reply delay at connect time.
extension RobotRuntime {
    /// Brings every motor's `Return_Delay_Time` to 0 (2 µs) where it is not, as LeRobot does at
    /// connect time, and reads it back; returns a line for the run's notices (nil when nothing
    /// needed doing).
    ///
    /// Both vendors ship 250 (500 µs): each motor waits that long before answering, so a sync
    /// read of six motors spends 3 ms waiting, more than a 1 kHz tick. The register is EEPROM:
    /// on Feetech it is written with Lock at 0, so it is kept at power-off and never written
    /// again; on Dynamixel it takes the write only with torque off, so a motor left torqued by
    /// an earlier run keeps its delay, and the run goes on with a notice instead of failing.
    func minimizeReturnDelay(robotBus: RobotBus) -> String? {
        let count = robot.joints.count
        do {
            let before = try robot.joints.indices.map { try robotBus.read(.returnDelayTime, joint: $0) }
            let slow = before.indices.filter { before[$0] != 0 }
            guard !slow.isEmpty else { return nil }
            if robot.protocolKind == .feetech { try robotBus.write(.lock, values: Array(repeating: 0, count: count)) }
            try robotBus.write(.returnDelayTime, values: Array(repeating: 0, count: count))
            let after = try robot.joints.indices.map { try robotBus.read(.returnDelayTime, joint: $0) }
            let was = Set(slow.map { before[$0] }).sorted().map { "\($0) (\($0 * 2) µs)" }.joined(separator: ", ")
            if let stuck = after.indices.first(where: { after[$0] != 0 }) {
                return "notice: Return_Delay_Time stays \(after[stuck]) on \(robot.joints[stuck].name) (motor \(robot.joints[stuck].id)): "
                    + "its replies come \(after[stuck] * 2) µs late"
            }
            return "return delay: Return_Delay_Time 0 (2 µs) written to \(slow.count) motor\(slow.count == 1 ? "" : "s") (was \(was))"
        } catch {
            return "notice: could not set Return_Delay_Time to 0 (\(error)): replies may come up to 500 µs late"
        }
    }
}
