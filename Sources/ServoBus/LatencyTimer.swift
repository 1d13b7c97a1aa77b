import Foundation

/// The USB serial adapter's latency timer: how long an FTDI-style adapter holds received bytes
/// before passing them on (16 ms by default), the usual reason a servo bus answers slowly.
public enum LatencyTimer {
    /// The sysfs file of the adapter behind `port` (a symlink is followed), nil when it is not
    /// a USB serial adapter.
    public static func file(port: String) -> String? {
        let device = URL(fileURLWithPath: port).resolvingSymlinksInPath().lastPathComponent
        guard device.hasPrefix("ttyUSB") else { return nil }
        return "/sys/bus/usb-serial/devices/\(device)/latency_timer"
    }

    /// The timer's setting in milliseconds, when the adapter has one and it can be read.
    public static func milliseconds(port: String) -> Int? {
        guard let file = file(port: port), let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// How to lower the timer, for a message: the exact file for an adapter, the pattern otherwise.
    public static func advice(port: String) -> String {
        let file = file(port: port) ?? "/sys/bus/usb-serial/devices/ttyUSB*/latency_timer"
        let now = milliseconds(port: port).map { " (it is \($0) ms now)" } ?? ""
        return "a USB serial adapter holds replies for its latency timer (FTDI's default is 16 ms)\(now); "
            + "set it to 1 ms: echo 1 | sudo tee \(file)"
    }
}
