/// The volume one internal host sent one external host (the sender is `Finding.attackers`, the
/// receiver `Finding.targets`), from the IP conversation table.
public struct ExfiltrationFacts: Sendable, Equatable {
    /// Bytes (frame bytes, as Wireshark's conversation table counts them) out and back, and frames out.
    public var bytesOut = 0, bytesIn = 0, framesOut = 0
    /// Seconds from the conversation's first frame to its last.
    public var duration = 0.0
    /// Out over back (bytes); `bytesOut` when nothing came back.
    public var ratio: Double { bytesIn == 0 ? Double(bytesOut) : Double(bytesOut) / Double(bytesIn) }
    public init() {}
}
