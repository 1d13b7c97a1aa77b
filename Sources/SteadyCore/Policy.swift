/// Maps observations to actions; what the runtime's loop and the evaluators call each tick.
///
/// The runtime sees only this protocol: a built-in `hold`/`sine`/`replay` policy and a learned
/// checkpoint look the same to it.
public protocol Policy: AnyObject {
    /// Human-readable name for logs and status lines.
    var name: String { get }
    /// Called at the start of each episode or run.
    func reset()
    /// Writes the action for `observation` into `action` (preallocated, `action.count` = action dimension).
    /// - Important: called from the real-time loop: must not allocate, lock or block.
    func act(observation: UnsafeBufferPointer<Float>, action: UnsafeMutableBufferPointer<Float>)
    /// The version of the weights acting now (a learning policy's, which change during a run);
    /// 0 for a policy whose weights never change. The run log records it with every tick.
    /// - Important: read on the real-time loop: must not allocate, lock or block.
    var weightsVersion: UInt64 { get }
}

extension Policy {
    /// Fixed weights: version 0.
    public var weightsVersion: UInt64 { 0 }
}
