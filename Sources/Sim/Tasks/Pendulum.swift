import MuJoCo
import SteadyCore
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The classic inverted pendulum swing-up, reproducing gymnasium's `Pendulum-v1` transition
/// for transition.
///
/// A rod of mass m = 1 kg and length l = 1 m hangs from a motor in gravity g = 10 m/s²;
/// θ = 0 is upright. Each step applies a torque u for dt = 0.05 s:
///
///     cost = angle_normalize(θ)² + 0.1·θ̇² + 0.001·u²
///     θ̇'  = clip(θ̇ + (3g/(2l)·sin θ + 3/(m l²)·u)·dt, −8, 8)
///     θ'   = θ + θ̇'·dt
///
/// The observation is (cos θ', sin θ', θ̇') as Float32, the reward −cost, and episodes are
/// truncated after 200 steps (never terminated). The policy's action a ∈ [−1, 1] maps to the
/// torque u = clip(2a, −2, 2) N·m.
///
/// The arithmetic follows gymnasium 1.4.0 under NumPy 2 operation by operation, so states
/// agree bitwise: the state is Float64, but the torque is the Float32 action, and the two
/// terms that multiply it by a Python constant (`0.001 * u**2`, `3.0 / (m*l**2) * u`) are
/// evaluated in Float32 before joining the Float64 sums. Initial states are drawn from
/// `SeededGenerator`, not NumPy's generator, so seeded episodes differ from gymnasium's.
public final class Pendulum: Environment {
    /// The pendulum's state, the Float64 pair gymnasium keeps in `env.state`.
    public struct State: Equatable, Sendable {
        /// Angle from upright, radians (not wrapped).
        public var angleRadians: Double
        /// Angular velocity, rad/s.
        public var angularVelocityRadiansPerSecond: Double

        /// Creates a state.
        public init(angleRadians: Double, angularVelocityRadiansPerSecond: Double) {
            self.angleRadians = angleRadians
            self.angularVelocityRadiansPerSecond = angularVelocityRadiansPerSecond
        }
    }

    /// Gravitational acceleration, m/s².
    public static let gravity = 10.0
    /// Rod mass, kg.
    public static let massKilograms = 1.0
    /// Rod length, m.
    public static let lengthMeters = 1.0
    /// Integration step, s.
    public static let dtSeconds = 0.05
    /// Angular speed limit, rad/s.
    public static let maxSpeedRadiansPerSecond = 8.0
    /// Torque limit, N·m.
    public static let maxTorqueNewtonMeters: Float = 2
    /// Steps per episode before truncation.
    public static let maxEpisodeSteps = 200

    // Environment requirements (documented on the protocol).
    public let name = "pendulum"
    public let observationSpace = BoxSpace(lower: [-1, -1, -8], upper: [1, 1, 8])
    public let actionSpace = BoxSpace(dimension: 1, lower: -1, upper: 1)
    public let rawActionSpace = BoxSpace(dimension: 1, lower: -2, upper: 2)
    public var controlPeriodSeconds: Double { Self.dtSeconds }

    /// The current state.
    public private(set) var state: State
    /// Steps taken in the current episode.
    public private(set) var elapsedSteps = 0
    private var generator: SeededGenerator

    /// Creates a pendulum whose episodes draw their initial states from `seed`.
    ///
    /// The state is hanging down at rest until the first `reset`.
    public init(seed: UInt64 = 0) {
        generator = SeededGenerator(seed: seed)
        state = State(angleRadians: .pi, angularVelocityRadiansPerSecond: 0)
    }

    /// Starts an episode from θ ~ U(−π, π), θ̇ ~ U(−1, 1); a given seed reseeds the generator.
    public func reset(seed: UInt64?) throws -> [Float] {
        if let seed { generator = SeededGenerator(seed: seed) }
        let angle = generator.uniform(-.pi, .pi)
        let velocity = generator.uniform(-1, 1)
        return reset(to: State(angleRadians: angle, angularVelocityRadiansPerSecond: velocity))
    }

    /// Starts an episode from an explicit state (for tests and reference comparisons).
    @discardableResult
    public func reset(to initial: State) -> [Float] {
        state = initial
        elapsedSteps = 0
        return observation
    }

    /// The observation (cos θ, sin θ, θ̇) of the current state.
    public var observation: [Float] {
        [Float(cos(state.angleRadians)), Float(sin(state.angleRadians)),
         Float(state.angularVelocityRadiansPerSecond)]
    }

    /// Applies the torque 2·`action[0]` N·m for one step.
    /// - Throws: `SimError.invalidAction` when the action is NaN or infinite.
    public func step(_ action: [Float]) throws -> StepResult {
        precondition(action.count == 1, "Pendulum: action must have 1 component, got \(action.count)")
        guard action[0].isFinite else { throw SimError.invalidAction(environment: name, action: action) }
        let torque = min(max(action[0] * 2, -Self.maxTorqueNewtonMeters), Self.maxTorqueNewtonMeters)
        let (next, cost) = Self.transition(from: state, torque: torque)
        state = next
        elapsedSteps += 1
        return StepResult(observation: observation, reward: -cost, terminated: false,
                          truncated: elapsedSteps >= Self.maxEpisodeSteps)
    }

    /// One gymnasium `Pendulum-v1` transition: the next state and the cost of this step.
    ///
    /// `torque` is the clipped Float32 torque in N·m.
    public static func transition(from state: State, torque u: Float) -> (State, cost: Double) {
        let (g, m, l, dt) = (gravity, massKilograms, lengthMeters, dtSeconds)
        let theta = state.angleRadians, thetaDot = state.angularVelocityRadiansPerSecond
        let wrapped = normalizeAngle(theta)
        let cost = wrapped * wrapped + 0.1 * (thetaDot * thetaDot) + Double(Float(0.001) * (u * u))
        let torqueTerm = Double(Float(3.0 / (m * l * l)) * u)
        var newThetaDot = thetaDot + (3 * g / (2 * l) * sin(theta) + torqueTerm) * dt
        newThetaDot = min(max(newThetaDot, -maxSpeedRadiansPerSecond), maxSpeedRadiansPerSecond)
        let newTheta = theta + newThetaDot * dt
        return (State(angleRadians: newTheta, angularVelocityRadiansPerSecond: newThetaDot), cost)
    }

    /// Wraps an angle to [−π, π) exactly as NumPy's `((x + π) % (2π)) − π` does.
    public static func normalizeAngle(_ x: Double) -> Double {
        let period = 2 * Double.pi
        // NumPy's float remainder: fmod, then moved into the divisor's sign.
        var remainder = fmod(x + .pi, period)
        if remainder != 0 {
            if remainder < 0 { remainder += period }
        } else {
            remainder = 0
        }
        return remainder - .pi
    }
}
