import PacketDecoding

/// A MAC and an IPv4 address together (an ARP claim, or an Ethernet frame's MAC and IP).
public struct MACIPPair: Hashable, Sendable {
    public var mac: MACAddress
    public var ip: IPAddress
    public init(_ mac: MACAddress, _ ip: IPAddress) { self.mac = mac; self.ip = ip }
}

/// ARP facts for the findings: who claimed which IP, unsolicited and gratuitous replies, who asked
/// for many addresses (ARP sweeps) and which IPv4 traffic each MAC carried.
public struct ARPSummary: Sendable {
    /// One MAC claiming one IP (as the ARP sender).
    public struct Claim: Sendable {
        public var mac: MACAddress
        public var ip: IPAddress
        public var frames = Sighting()
        public var replies = 0
        /// Replies nobody asked for (no request for that IP in the previous few seconds).
        public var unsolicitedReplies = 0
        /// Sender IP == target IP (announcements).
        public var gratuitous = 0
        /// Hosts told (the ARP target IP of the claiming frames; capped).
        public var told: Set<IPAddress> = []
    }
    /// A host asking for addresses (ARP sweeps).
    public struct Requester: Sendable {
        public var mac: MACAddress
        public var ip: IPAddress
        public var frames = Sighting()
        /// Distinct addresses asked for (capped at `ARPPass.targetsKept`).
        public var targets: Set<IPAddress> = []
    }
    public var claims: [Claim] = []
    public var requesters: [Requester] = []
    /// IPs that answered each requester IP (reply target IP -> reply sender IPs).
    public var answered: [IPAddress: Set<IPAddress>] = [:]
    /// ARP replies addressed to each IP (count).
    public var repliesTo: [IPAddress: Int] = [:]
    /// IPv4 frames sent by a MAC with a given IP source, and received by a MAC for a given IP destination.
    public var ipSentByMAC: [MACIPPair: Int] = [:]
    public var ipReceivedByMAC: [MACIPPair: Int] = [:]
    public var arpFrames = 0
    public init() {}
}

/// Collects `ARPSummary` (state grows with hosts and MACs, capped).
public struct ARPPass {
    public static let targetsKept = 4096
    public static let macIPPairsKept = 65_536
    static let solicitationWindow: Int64 = 5_000_000_000
    var summary = ARPSummary()
    var claimIndex: [MACIPPair: Int] = [:]
    var requesterIndex: [MACIPPair: Int] = [:]
    /// Last time someone asked for each IP.
    var lastRequest: [IPAddress: Int64] = [:]
    public init() {}

    public mutating func observe(_ p: DecodedPacket) {
        if p.isARP {
            observeARP(p)
        } else if p.hasEthernet && p.ipVersion == 4 {
            let sent = MACIPPair(p.ethernetSource, p.ipSource)
            if summary.ipSentByMAC[sent] != nil || summary.ipSentByMAC.count < Self.macIPPairsKept { summary.ipSentByMAC[sent, default: 0] += 1 }
            let received = MACIPPair(p.ethernetDestination, p.ipDestination)
            if summary.ipReceivedByMAC[received] != nil || summary.ipReceivedByMAC.count < Self.macIPPairsKept {
                summary.ipReceivedByMAC[received, default: 0] += 1
            }
        }
    }

    mutating func observeARP(_ p: DecodedPacket) {
        summary.arpFrames += 1
        let sender = p.arpSenderIP, target = p.arpTargetIP
        guard sender != .unspecified || p.arpOperation == 1 else { return }
        if p.arpOperation == 1 {
            lastRequest[target] = p.timestamp
            if sender != target {
                let key = MACIPPair(p.arpSenderMAC, sender)
                let i: Int
                if let existing = requesterIndex[key] { i = existing } else {
                    i = summary.requesters.count; requesterIndex[key] = i
                    summary.requesters.append(.init(mac: p.arpSenderMAC, ip: sender))
                }
                summary.requesters[i].frames.note(p)
                if summary.requesters[i].targets.count < Self.targetsKept { summary.requesters[i].targets.insert(target) }
            }
        }
        guard sender != .unspecified else { return }   // ARP probes (RFC 5227) claim nothing
        let key = MACIPPair(p.arpSenderMAC, sender)
        let i: Int
        if let existing = claimIndex[key] { i = existing } else {
            i = summary.claims.count; claimIndex[key] = i
            summary.claims.append(.init(mac: p.arpSenderMAC, ip: sender))
        }
        summary.claims[i].frames.note(p)
        if sender == target { summary.claims[i].gratuitous += 1 }
        if summary.claims[i].told.count < 64 && target != sender { summary.claims[i].told.insert(target) }
        if p.arpOperation == 2 {
            summary.claims[i].replies += 1
            if let asked = lastRequest[sender], p.timestamp - asked <= Self.solicitationWindow, p.timestamp >= asked {
                // solicited
            } else if sender != target {
                summary.claims[i].unsolicitedReplies += 1
            }
            summary.repliesTo[target, default: 0] += 1
            if summary.answered[target, default: []].count < Self.targetsKept { summary.answered[target, default: []].insert(sender) }
        }
    }

    public func finish() -> ARPSummary { summary }
}
