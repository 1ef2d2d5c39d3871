import PacketDecoding

/// A MAC and an IPv4 address together (an ARP claim, or an Ethernet frame's MAC and IP).
public struct MACIPPair: WordHashable {
    public var mac: MACAddress
    public var ip: IPAddress
    public init(_ mac: MACAddress, _ ip: IPAddress) { self.mac = mac; self.ip = ip }
    @inline(__always)
    public var hashWord: UInt64 { mac.rawValue &* 0x9E37_79B9_7F4A_7C15 ^ ip.hashWord }
    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hashWord) }
}

/// Counts per (MAC, IP) pair for every IPv4 frame, batched: a direct-mapped cache of pending counts
/// absorbs the repeats (most frames repeat a pair seen moments ago) and only a miss touches the
/// dictionary, so the per-frame cost is a multiply and a compare instead of two SipHash lookups.
struct PairCounter {
    static let slots = 4096
    var keys = [MACIPPair](repeating: MACIPPair(MACAddress(rawValue: 0), .unspecified), count: PairCounter.slots)
    var pending = [Int32](repeating: 0, count: PairCounter.slots)

    @inline(__always)
    mutating func count(_ key: MACIPPair, into table: inout WordHashMap<MACIPPair, Int>, cap: Int) {
        let h = (key.mac.rawValue ^ key.ip.hashWord &* 0x9E37_79B9_7F4A_7C15) &* 0xBF58_476D_1CE4_E5B9
        let i = Int(truncatingIfNeeded: h >> 52) & (Self.slots - 1)
        if pending[i] > 0 && keys[i] == key && pending[i] < Int32.max { pending[i] += 1; return }
        flush(i, into: &table, cap: cap)
        keys[i] = key; pending[i] = 1
    }

    mutating func flush(_ i: Int, into table: inout WordHashMap<MACIPPair, Int>, cap: Int) {
        guard pending[i] > 0 else { return }
        let n = Int(pending[i])
        if let slot = table.index(of: keys[i]) { table.values[slot] += n } else if table.count < cap { _ = table.index(of: keys[i]) { n } }
        pending[i] = 0
    }

    mutating func flushAll(into table: inout WordHashMap<MACIPPair, Int>, cap: Int) {
        for i in 0 ..< Self.slots { flush(i, into: &table, cap: cap) }
    }
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
    public var ipSentByMAC = WordHashMap<MACIPPair, Int>()
    public var ipReceivedByMAC = WordHashMap<MACIPPair, Int>()
    public var arpFrames = 0
    public init() {}
}

/// Collects `ARPSummary` (state grows with hosts and MACs, capped).
public struct ARPPass {
    public static let targetsKept = 4096
    public static let macIPPairsKept = 65_536
    static let solicitationWindow: Int64 = 5_000_000_000
    var summary = ARPSummary()
    var sentCounter = PairCounter(), receivedCounter = PairCounter()
    var claimIndex: [MACIPPair: Int] = [:]
    var requesterIndex: [MACIPPair: Int] = [:]
    /// Last time someone asked for each IP.
    var lastRequest: [IPAddress: Int64] = [:]
    public init() {}

    public mutating func observe(_ p: DecodedPacket) {
        if p.isARP {
            observeARP(p)
        } else if p.hasEthernet && p.ipVersion == 4 {
            sentCounter.count(MACIPPair(p.ethernetSource, p.ipSource), into: &summary.ipSentByMAC, cap: Self.macIPPairsKept)
            receivedCounter.count(MACIPPair(p.ethernetDestination, p.ipDestination), into: &summary.ipReceivedByMAC,
                                  cap: Self.macIPPairsKept)
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

    public func finish() -> ARPSummary {
        var result = summary
        var sent = sentCounter, received = receivedCounter
        sent.flushAll(into: &result.ipSentByMAC, cap: Self.macIPPairsKept)
        received.flushAll(into: &result.ipReceivedByMAC, cap: Self.macIPPairsKept)
        return result
    }
}
