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
    /// The share of failed ticks that fails the run (`RunOptions.maxFailedShare`).
    public var maxFailedShare: Double
    /// The TensorBoard event file written, if any.
    public var tensorBoardFile: URL? = nil

    /// The share of ticks whose bus read or write failed.
    public var failedShare: Double {
        counters.ticks > 0 ? Double(counters.failedTicks) / Double(counters.ticks) : 0
    }

    /// Whether more than `maxFailedShare` of the ticks failed: the run acted on stale readings
    /// too often to count as done, however it stopped.
    public var failedTooOften: Bool { failedShare > maxFailedShare }

    /// Whether the run did what was asked: no fault, not too many failed ticks, torque off as
    /// asked, and a clean shutdown.
    public var succeeded: Bool { !stopReason.isFault && !failedTooOften && torqueOff != false }
}
