/// The run directory and its log, for tools outside Steady.
///
/// ## Files
/// - `RUN/run.mcap` — every tick of the run, written while it runs (`RunLogger`).
/// - `RUN/summary.json` — the metrics of `Metrics.MetricsReport`, written at the end.
/// - `RUN/commands.csv` — optional, written by `steady export-csv RUN`.
///
/// ## run.mcap
/// An MCAP file (https://mcap.dev/spec), unchunked and uncompressed, with a summary section
/// (schemas, channels, statistics, metadata index) when the run ended cleanly. It is flushed
/// at least every 200 ms and synced every second, so a crash loses at most the last second;
/// a file without its footer is still read front to back (`RunLog.read`, `mcap recover`).
///
/// | record | content |
/// |---|---|
/// | Metadata `steady.run` | robot, joint_names, rate_hz, policy, flag_names, status_names, command-line settings |
/// | channel `/steady/tick` | schema `steady_msgs/msg/Tick` (`ros2msg`), messages in CDR (little-endian); one per tick |
/// | channel `/steady/event` | schema `steady.Event` (`jsonschema`), JSON messages: start pose, overrun warnings, stop reason, torque off |
///
/// Each tick message (field order and units in `TickMessage.definition`): tick index, time
/// (the deadline, s from the loop start), wake-up lateness (µs), deadlines skipped before it,
/// the union of safety flags, status bits (phase, read/write failed, policy called/overrun,
/// written), policy and bus time (µs), bus retries, and per joint: present position,
/// velocity, load, current, temperature, the policy's raw action (NaN/±∞ kept as they came),
/// the command sent, and the joint's safety flags. Log time of every message is the tick's
/// deadline in nanoseconds from the loop start.
///
/// Readers: Foxglove and PlotJuggler open it as is; in Python,
/// `mcap.reader.make_reader(f, decoder_factories=[mcap_ros2.decoder.DecoderFactory()])`
/// decodes the ticks.
///
/// Why MCAP with CDR: MCAP is the robotics log container that Foxglove, ROS 2 bags and the
/// `mcap` tools read, and its unchunked form is simple to write by hand; CDR keeps every value
/// exact (JSON cannot spell a policy's NaN) at 8 bytes a value (≈ 510 B per tick for six joints,
/// 15 MB for 30 s at 1 kHz) and reads back without parsing text.
public enum RunLogFormat {
    /// The run log's file name.
    public static let logFileName = RunLogger.fileName
    /// The topic of tick messages.
    public static let tickTopic = TickMessage.topic
    /// The topic of event messages.
    public static let eventTopic = "/steady/event"
}
