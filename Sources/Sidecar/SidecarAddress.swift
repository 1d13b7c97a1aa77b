/// Where a learner listens and an actor connects: a Unix domain socket path or TCP host:port.
///
/// Spelled `unix:PATH`, a path containing `/` (a Unix socket), `HOST:PORT`, or `:PORT`
/// (loopback).
public enum SidecarAddress: Equatable, Sendable, CustomStringConvertible {
    /// A Unix domain stream socket.
    case unix(path: String)
    /// TCP.
    case tcp(host: String, port: Int)

    /// Parses the spellings above; nil for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .unix(path: path)
        } else if text.contains("/") {
            self = .unix(path: text)
        } else if let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (0...65_535).contains(port) {
            let host = String(text[..<colon])
            self = .tcp(host: host.isEmpty ? "127.0.0.1" : host, port: port)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case let .unix(path): "unix:\(path)"
        case let .tcp(host, port): "\(host):\(port)"
        }
    }
}
