/// An environment error that stops a capture from being read at all.
///
/// Packet-level problems are never errors: they are data (see `PacketDecoding.DecodeIssue`).
public enum CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened (missing, unreadable, a directory).
    case cannotOpen(path: String, reason: String)
    /// The file opened but is not a capture libpcap accepts (bad magic, bad header, unknown link type).
    case notACapture(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "\(path): cannot open: \(reason)"
        case let .notACapture(path, reason): "\(path): not a readable capture: \(reason)"
        }
    }
}
