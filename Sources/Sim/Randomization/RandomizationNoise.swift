/// The per-step part of domain randomization: observation noise, action noise and control
/// period jitter (the `step:` section of `randomization.yaml`).
///
/// Observation noise has three parts per channel, all Gaussian with zero mean: `white` is
/// drawn afresh at every step (sensor quantization and jitter); `bias` is drawn once per episode
/// and held (calibration error); `ou` is an Ornstein–Uhlenbeck process with stationary standard
/// deviation `std` and correlation time `time_constant` (slow drift), advanced exactly:
/// x ← x·e^(−Δt/τ) + std·√(1 − e^(−2Δt/τ))·N(0, 1), started from its stationary distribution.
/// Only what the policy sees is noisy; rewards and success use the true state.
public struct RandomizationNoise: Equatable, Sendable {
    /// Noise on one observed quantity.
    public struct Channel: Equatable, Sendable {
        /// Standard deviation of the independent per-step noise.
        public var white: Double
        /// Standard deviation of the per-episode constant offset.
        public var bias: Double
        /// Stationary standard deviation of the Ornstein–Uhlenbeck drift (0 = none).
        public var driftStandardDeviation: Double
        /// Correlation time of the drift, seconds.
        public var driftTimeConstantSeconds: Double

        /// Creates a channel; the default has no noise.
        public init(white: Double = 0, bias: Double = 0, driftStandardDeviation: Double = 0,
                    driftTimeConstantSeconds: Double = 1) {
            precondition(white >= 0 && bias >= 0 && driftStandardDeviation >= 0 && driftTimeConstantSeconds > 0,
                         "RandomizationNoise.Channel: standard deviations must be >= 0 and the time constant > 0")
            self.white = white
            self.bias = bias
            self.driftStandardDeviation = driftStandardDeviation
            self.driftTimeConstantSeconds = driftTimeConstantSeconds
        }

        /// Whether the channel adds nothing.
        public var isZero: Bool { white == 0 && bias == 0 && driftStandardDeviation == 0 }

        /// A one-line summary, e.g. `white σ 0.002, bias σ 0.005`.
        public func summary(unit: String) -> String {
            var parts: [String] = []
            if white > 0 { parts.append("white σ \(white) \(unit)") }
            if bias > 0 { parts.append("per-episode bias σ \(bias) \(unit)") }
            if driftStandardDeviation > 0 {
                parts.append("OU drift σ \(driftStandardDeviation) \(unit), τ \(driftTimeConstantSeconds) s")
            }
            return parts.isEmpty ? "none" : parts.joined(separator: ", ")
        }
    }

    /// Noise on observed joint positions, rad.
    public var jointPosition: Channel
    /// Noise on observed joint velocities, rad/s.
    public var jointVelocity: Channel
    /// Noise on observed end-effector or fingertip positions, m (each coordinate).
    public var endEffector: Channel
    /// Standard deviation of Gaussian noise added to the normalized action before it is clipped
    /// to [−1, 1] and mapped to joint targets.
    public var actionStandardDeviation: Double
    /// Each control step runs the nominal number of physics substeps plus a whole number drawn
    /// uniformly from [−`substepJitter`, `substepJitter`] (at least one substep).
    public var substepJitter: Int
    /// When set, each control step's physics timestep is the model's times a draw from this.
    public var timestepScale: RandomizationDistribution?

    /// Creates per-step noise; the default adds none.
    public init(jointPosition: Channel = Channel(), jointVelocity: Channel = Channel(), endEffector: Channel = Channel(),
                actionStandardDeviation: Double = 0, substepJitter: Int = 0,
                timestepScale: RandomizationDistribution? = nil) {
        precondition(actionStandardDeviation >= 0 && substepJitter >= 0, "RandomizationNoise: negative noise or jitter")
        self.jointPosition = jointPosition
        self.jointVelocity = jointVelocity
        self.endEffector = endEffector
        self.actionStandardDeviation = actionStandardDeviation
        self.substepJitter = substepJitter
        self.timestepScale = timestepScale
    }

    /// Whether no step is perturbed.
    public var isZero: Bool {
        jointPosition.isZero && jointVelocity.isZero && endEffector.isZero && actionStandardDeviation == 0
            && substepJitter == 0 && timestepScale == nil
    }
}
