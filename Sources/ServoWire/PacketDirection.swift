/// Which way the frames fed to a `PacketDecoder` travel.
///
/// Feetech frames look the same in both directions, so the decoder must be told; Dynamixel
/// frames say it themselves (a status carries instruction byte 0x55) and ignore this setting.
public enum PacketDirection: Sendable {
    /// Controller to servo.
    case instructions
    /// Servo to controller.
    case statuses
}
