/// Everything about a run besides the robot, its calibration, its port and its policy.
public struct RunOptions: Sendable {
    /// The loop's rate, phases and watchdogs.
    public var loop: LoopConfiguration
    /// Leave torque on after the run (the arm holds its last command).
    public var keepTorque: Bool
    /// Real-time settings of the loop thread.
    public var realTime: RealTimeSetup
    /// Busy-wait before each deadline, µs (0: sleep all the way).
    public var spinMicroseconds: Double
    /// Bus retries per tick after a timeout or corrupt reply (while the bus budget allows).
    public var retries: Int
    /// The shortest time one read attempt waits beyond the line time, µs.
    public var minimumLatencyAllowanceMicroseconds: Double

    /// Creates options.
    public init(loop: LoopConfiguration, keepTorque: Bool = false, realTime: RealTimeSetup = RealTimeSetup(),
                spinMicroseconds: Double = 0, retries: Int = 2, minimumLatencyAllowanceMicroseconds: Double = 150) {
        self.loop = loop
        self.keepTorque = keepTorque
        self.realTime = realTime
        self.spinMicroseconds = spinMicroseconds
        self.retries = retries
        self.minimumLatencyAllowanceMicroseconds = minimumLatencyAllowanceMicroseconds
    }
}
