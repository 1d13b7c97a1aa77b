import Foundation
import Metrics
import ServoBus

/// How a run ended and what it measured.
public struct RunResult {
    /// Why the loop stopped.
    public var stopReason: StopReason
    /// The stop reason in words, naming joints and motors (and decoded motor errors).
    public var stopDescription: String
    /// The loop's counters at the end.
    public var counters: LoopCounters.Snapshot
    /// The tick bus's transport counters.
    public var bus: BusStatistics
    /// Records the ring had no room for (the logger fell behind).
    public var droppedRecords: Int
    /// Ticks written to the log.
    public var ticksLogged: Int
    /// Whether torque was switched off on every motor, confirmed by reading Torque_Enable back
    /// (nil: left on by request).
    public var torqueOff: Bool?
    /// Problems while stopping (torque off failed, log write failed), in words.
    public var shutdownProblems: [String]
    /// The metrics written to `summary.json` (nil without a run directory).
    public var report: MetricsReport?
    /// Loop start to end, seconds.
    public var elapsedSeconds: Double
    /// Notices from the real-time setup and the bus budget.
    public var notices: [String]
    /// The TensorBoard event file written, if any.
    public var tensorBoardFile: URL? = nil
}
