/// Which TCP probe a TCP ping sends.
public enum TCPPingProbe: Sendable, Hashable, Comparable {
    /// An ACK (nmap -PA).
    case ack
    /// A SYN (nmap -PS).
    case syn
}

/// One TCP ping of a host sweep: a probe to one port of many hosts.
public struct TCPPing: Sendable, Hashable {
    public var probe: TCPPingProbe
    public var port: UInt16
    public init(probe: TCPPingProbe, port: UInt16) {
        self.probe = probe
        self.port = port
    }
}

/// The measurements of a host discovery sweep (the hosts probed are `Finding.targets`, those that
/// answered `Finding.respondingHosts`, the method named by `Finding.technique`).
public struct HostSweepFacts: Sendable, Equatable {
    /// Seconds from the first discovery probe (or answer) to the last.
    public var duration = 0.0
    /// Addresses asked for in ARP requests; hosts sent ICMP echo, timestamp and address-mask requests.
    public var arpTargets = 0, echoTargets = 0, timestampTargets = 0, addressMaskTargets = 0
    /// Hosts each TCP ping went to.
    public var tcpPings: [TCPPing: Int] = [:]
    /// Hosts that answered each kind of probe: ARP replies, ICMP echo and timestamp replies, and
    /// any TCP answer (SYN+ACK or RST) to each TCP ping. A host that answers several counts in each.
    public var arpAnswered = 0, echoAnswered = 0, timestampAnswered = 0
    /// Hosts that answered each TCP ping (SYN+ACK or RST).
    public var tcpPingAnswers: [TCPPing: Int] = [:]
    public init() {}
}

/// The measurements of a port sweep (one port of many hosts): the port is `Finding.targetedPorts`,
/// the hosts probed `Finding.targets`, those open `Finding.respondingHosts`.
public struct PortSweepFacts: Sendable, Equatable {
    /// Seconds from the first probe to the last.
    public var duration = 0.0
    /// Hosts that answered RST or ICMP port unreachable.
    public var closedHosts = 0
    public init(duration: Double, closedHosts: Int) {
        self.duration = duration
        self.closedHosts = closedHosts
    }
}
