/// The setup notices of one run (real-time settings, bus budget, gains), collected for the run's
/// result and passed on to a listener as they happen.
final class NoticeLog: @unchecked Sendable {
    /// The notices so far, in order.
    private(set) var lines: [String] = []
    private let listener: ((String) -> Void)?

    init(_ listener: ((String) -> Void)?) {
        self.listener = listener
    }

    /// Records `text` and tells the listener.
    func add(_ text: String) {
        lines.append(text)
        listener?(text)
    }
}
