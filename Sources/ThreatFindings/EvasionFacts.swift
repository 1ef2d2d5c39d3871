import PacketDecoding

/// The measurements of evasive or malformed packets from one source (the trick is `Finding.technique`).
public struct EvasionFacts: Sendable, Equatable {
    /// The source address the packets carry (forged for a land attack, so not an attacker then).
    public var source: IPAddress
    /// Packets seen.
    public var packets = 0
    /// For a land attack: the MAC the forged frames came from, when known.
    public var sourceMAC: MACAddress?
    public init(source: IPAddress) { self.source = source }
}
