import PacketDecoding

/// How a connect scan was recognised (a SYN scan whose handshakes complete, or whose SYNs the
/// operating system built).
public enum ConnectScanEvidence: Sendable, Equatable {
    case completedHandshakes
    case operatingSystemOptions
}

/// A TCP port scan's measurements (the ports' states are `Finding.ports`).
public struct TCPScanFacts: Sendable, Equatable {
    /// Distinct ports probed, and the connection attempts that probed them.
    public var probedPorts = 0, attempts = 0
    /// Seconds from the first probe to the last.
    public var duration = 0.0
    /// Other ports of the target that carried ordinary data from the scanner.
    public var dataPorts = 0
    /// Half-open connections the scanner reset right after the SYN+ACK.
    public var halfOpenResets = 0
    /// The SYNs carry at most an MSS option: crafted by a raw-packet scanner.
    public var craftedSYNs = false
    /// Set for a connect scan, with the handshakes the scanner completed.
    public var connectEvidence: ConnectScanEvidence?
    public var completedHandshakes = 0
    /// ICMP unreachable errors answered some probes.
    public var icmpAnswers = false
    /// RSTs sent by the target and by the scanner.
    public var targetResets = 0, scannerResets = 0
    /// The display filter that shows the probes.
    public var probeFilter = ""
    /// Per cent of the ports the scanner touched that saw probes only, and probes the target answered.
    public var probePercent = 0, answeredProbes = 0
    public init() {}
}

/// A UDP port scan's measurements (the ports' states are `Finding.ports`).
public struct UDPScanFacts: Sendable, Equatable {
    /// Seconds from the first probe to the last.
    public var duration = 0.0
    public init(duration: Double) { self.duration = duration }
}

/// An IP protocol scan's measurements (the protocols' states are `Finding.ports`).
public struct ProtocolScanFacts: Sendable, Equatable {
    /// Distinct IP protocol numbers sent, and packets sent without a TCP/UDP/ICMP header.
    public var protocols = 0, rawPackets = 0
    public init(protocols: Int, rawPackets: Int) {
        self.protocols = protocols
        self.rawPackets = rawPackets
    }
}

/// Why one source of a merged scan was taken for the real scanner (or against it).
public enum DecoyEvidence: Sendable, Equatable {
    /// It reset or completed this many of the target's SYN+ACKs.
    case answeredSYNACKs(Int)
    /// Its address arrived from two MACs: forged by another machine.
    case twoMACs(MACAddress, MACAddress)
    /// It owns, in ARP, the MAC its probes came from.
    case ownsProbeMAC
    /// It pinged the target first.
    case pingedFirst
    /// It sent ARP requests of its own.
    case sentARPRequests
    /// It has data connections of its own.
    case dataConnections
}

/// Several sources scanning one target the same way at the same time, merged into one finding.
public struct DecoyScanFacts: Sendable, Equatable {
    /// Every source, the real scanner first when `decided`.
    public var sources: [IPAddress] = []
    /// One source reacted differently to the answers: it is the real scanner, the rest are decoys.
    public var decided = false
    /// What marked the real scanner.
    public var evidence: [DecoyEvidence] = []
    /// The one MAC address every source arrived from, when there is one.
    public var sharedMAC: MACAddress?
    public init() {}
}
