import Safety

/// What the status line shows: the loop's recent rate and lateness, the hottest motor, and how
/// often the safety chain stepped in.
public struct LiveStatus: Equatable, Sendable {
    /// Ticks logged per second over the last window.
    public var rateHz: Double
    /// 99th-percentile wake-up lateness over the last window, µs.
    public var latenessP99Microseconds: Double
    /// The hottest motor's joint and temperature, °C.
    public var hottest: (joint: String, celsius: Double)?
    /// Fraction of the window's ticks in which any limiting stage changed the command.
    public var limiterActivity: Double
    /// The most active stage in the window, if any was.
    public var busiestStage: String?
    /// Ticks logged so far.
    public var ticks: Int
    /// Seconds since the loop started (of the newest record).
    public var elapsedSeconds: Double

    public static func == (a: LiveStatus, b: LiveStatus) -> Bool {
        a.rateHz == b.rateHz && a.latenessP99Microseconds == b.latenessP99Microseconds
            && a.hottest?.joint == b.hottest?.joint && a.hottest?.celsius == b.hottest?.celsius
            && a.limiterActivity == b.limiterActivity && a.busiestStage == b.busiestStage && a.ticks == b.ticks
            && a.elapsedSeconds == b.elapsedSeconds
    }

    /// One line: `t 12.3 s  1000.0 Hz  p99 45 µs  hottest wrist_flex 31 °C  limiting 2% (velocityLimit)`.
    public var line: String {
        var text = "t \(format(elapsedSeconds, 1)) s  \(format(rateHz, 1)) Hz  p99 \(Int(latenessP99Microseconds.rounded())) µs"
        if let hottest { text += "  hottest \(hottest.joint) \(Int(hottest.celsius.rounded())) °C" }
        text += "  limiting \(Int((limiterActivity * 100).rounded()))%"
        if let busiestStage { text += " (\(busiestStage))" }
        return text
    }

    private func format(_ value: Double, _ decimals: Int) -> String {
        let scale = decimals == 0 ? 1.0 : (decimals == 1 ? 10.0 : 100.0)
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? "\(Int(rounded))" : "\(rounded)"
    }
}

/// Accumulates tick records into `LiveStatus` windows (logger thread).
struct LiveStatusAccumulator {
    private var jointNames: [String] = []
    private var flagNames: [String] = []
    private var lateness: [Double] = []
    private var firstTime = Double.nan
    private var lastTime = 0.0
    private var windowTicks = 0
    private var limited = 0
    private var stageCounts: [Int] = []
    private var temperatures: [Double] = []
    private var totalTicks = 0
    /// Flags that report rather than limit, left out of the activity.
    private let reportingFlags: UInt32 = SafetyFlags([.stall, .temperature, .interpolation]).rawValue

    init() {}

    init(jointNames: [String], flagNames: [String], rateHz: Double) {
        self.jointNames = jointNames
        self.flagNames = flagNames
        lateness.reserveCapacity(Int(rateHz) + 16)
        stageCounts = Array(repeating: 0, count: flagNames.count)
        temperatures = Array(repeating: .nan, count: jointNames.count)
    }

    mutating func add(_ record: UnsafePointer<Double>, layout: TickRecordLayout) {
        let time = record[layout.index(.timeSeconds)]
        if firstTime.isNaN { firstTime = time }
        lastTime = time
        windowTicks += 1
        totalTicks += 1
        lateness.append(record[layout.index(.latenessMicroseconds)])
        let flags = UInt32(record[layout.index(.flags)]) & ~reportingFlags
        if flags != 0 { limited += 1 }
        for bit in 0..<stageCounts.count where flags & (1 << UInt32(bit)) != 0 { stageCounts[bit] += 1 }
        for joint in 0..<min(temperatures.count, layout.jointCount) {
            let t = record[layout.index(.temperature, joint: joint)]
            if t.isFinite { temperatures[joint] = t }
        }
    }

    mutating func startWindow() {
        lateness.removeAll(keepingCapacity: true)
        firstTime = .nan
        windowTicks = 0
        limited = 0
        for index in stageCounts.indices { stageCounts[index] = 0 }
    }

    var status: LiveStatus {
        let sorted = lateness.sorted()
        let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        let span = lastTime - firstTime
        let rate = windowTicks > 1 && span > 0 ? Double(windowTicks - 1) / span : 0
        var hottest: (String, Double)?
        for (joint, t) in temperatures.enumerated() where t.isFinite && t > (hottest?.1 ?? -.infinity) {
            hottest = (jointNames[joint], t)
        }
        let busiest = stageCounts.indices.max(by: { stageCounts[$0] < stageCounts[$1] }).flatMap { stageCounts[$0] > 0 ? flagNames[$0] : nil }
        return LiveStatus(rateHz: rate, latenessP99Microseconds: p99, hottest: hottest,
                          limiterActivity: windowTicks > 0 ? Double(limited) / Double(windowTicks) : 0,
                          busiestStage: busiest, ticks: totalTicks, elapsedSeconds: lastTime)
    }
}
