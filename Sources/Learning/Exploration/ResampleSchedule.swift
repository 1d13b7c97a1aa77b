/// When exploration draws new noise: every `interval` steps, and always at an episode's start.
///
/// An interval of −1 draws once per episode (SB3's `sde_sample_freq = -1`); 1 draws every step.
public struct ResampleSchedule: Sendable, Equatable {
    /// Steps between draws, or −1 for once per episode.
    public let interval: Int
    private var stepsSinceDraw = 0
    private var needsDraw = true

    /// Creates a schedule; `interval` is −1 or positive.
    public init(interval: Int) {
        precondition(interval == -1 || interval > 0, "ResampleSchedule: interval must be -1 or positive, not \(interval)")
        self.interval = interval
    }

    /// Marks an episode boundary: the next `step()` draws.
    public mutating func episodeStarted() {
        needsDraw = true
    }

    /// Advances one environment step; returns whether noise must be drawn before acting.
    public mutating func step() -> Bool {
        if needsDraw || (interval > 0 && stepsSinceDraw >= interval) {
            needsDraw = false
            stepsSinceDraw = 1
            return true
        }
        stepsSinceDraw += 1
        return false
    }
}
