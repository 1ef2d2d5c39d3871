import PacketDecoding

/// A source and a destination address, in that order (not normalised: direction matters here).
public struct HostPair: WordHashable {
    public var source: IPAddress
    public var destination: IPAddress
    public init(_ source: IPAddress, _ destination: IPAddress) { self.source = source; self.destination = destination }
    @inline(__always)
    public var hashWord: UInt64 { source.hashWord &* 0xC4CE_B9FE_1A85_EC53 ^ destination.hashWord }
    @inline(__always)
    public func hash(into hasher: inout Hasher) { hasher.combine(hashWord) }
}

/// A set of IP protocol numbers in 256 bits (fixed size, iterable).
public struct ProtocolBits: Sendable, Equatable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    public init() {}
    public mutating func insert(_ p: UInt8) {
        let bit = UInt64(1) << UInt64(p & 63)
        switch p >> 6 { case 0: w0 |= bit; case 1: w1 |= bit; case 2: w2 |= bit; default: w3 |= bit }
    }
    public func contains(_ p: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(p & 63)
        switch p >> 6 { case 0: return w0 & bit != 0; case 1: return w1 & bit != 0; case 2: return w2 & bit != 0; default: return w3 & bit != 0 }
    }
    public var count: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount }
    public var members: [UInt8] { (0 ... 255).compactMap { contains(UInt8($0)) ? UInt8($0) : nil } }
}

/// Where and when something was seen: first/last frame and time, count, and the first few frames.
public struct Sighting: Sendable {
    public var count = 0
    public var firstFrame = 0, lastFrame = 0
    /// Nanoseconds since the epoch.
    public var firstTime: Int64 = 0, lastTime: Int64 = 0
    /// The first `framesKept` frames.
    public var frames: [Int] = []
    static let framesKept = 8
    public init() {}
    @inline(__always)
    mutating func note(_ p: DecodedPacket) {
        if count == 0 { firstFrame = p.frameNumber; firstTime = p.timestamp }
        count += 1
        lastFrame = p.frameNumber; lastTime = p.timestamp
        if frames.count < Self.framesKept { frames.append(p.frameNumber) }
    }
}

/// A packet-rate meter: total, the busiest one-second bucket, and the longest burst (bounded, per
/// destination).
///
/// A burst is a run of packets none more than `burstGap` after the one before. A flood lasting a
/// fraction of a second fills no clock second, so its rate is its burst's packets over the burst's
/// own duration; the detectors take the larger of the two.
public struct RateMeter: Sendable {
    public var sighting = Sighting()
    var bucket: Int64 = .min
    var inBucket = 0
    /// Most packets seen in one wall-clock second.
    public var peakPerSecond = 0
    /// The longest burst: its packets and nanoseconds from its first packet to its last (the shorter
    /// of two equally long bursts).
    public var burstPackets = 0
    public var burstNanoseconds: Int64 = 0
    var runStart: Int64 = 0
    var runPackets = 0
    /// Packets further apart than this (nanoseconds) end a burst: 100 ms, ten times the gap of the
    /// slowest flood (100 per second).
    public static let burstGap: Int64 = 100_000_000
    public init() {}
    @inline(__always)
    mutating func note(_ p: DecodedPacket) {
        let t = p.timestamp
        if sighting.count == 0 || t - sighting.lastTime > Self.burstGap { runStart = t; runPackets = 0 }
        runPackets += 1
        let length = max(0, t - runStart)
        if runPackets > burstPackets || (runPackets == burstPackets && length < burstNanoseconds) {
            burstPackets = runPackets; burstNanoseconds = length
        }
        sighting.note(p)
        let second = p.timestamp / 1_000_000_000
        if second != bucket { bucket = second; inBucket = 0 }
        inBucket += 1
        if inBucket > peakPerSecond { peakPerSecond = inBucket }
    }
}

/// What one source did to one destination, beyond the conversation tables: ICMP probes and answers,
/// the IP protocols it sent, how its SYNs were built, and impossible or evasive packets.
public struct PairActivity: Sendable {
    /// Source MAC of the first frame (a decoy scan sends every source address from one MAC).
    public var sourceMAC = MACAddress(rawValue: 0)
    /// A second source MAC seen for this pair (0 if none): the address is used by two machines,
    /// as when a decoy host answers with its own MAC what the scanner sent in its name.
    public var otherMAC = MACAddress(rawValue: 0)
    /// Source ports whose RST (no SYN) carried a non-zero window: what a Window scan reads (capped).
    public var rstWindowPorts: Set<UInt16> = []
    // The counters are stored in 32 bits and read as Int (56 bytes a pair instead of 72: every pair
    // that sent a SYN has an entry); a count past 4,294,967,295 sticks there, like `DirectionCounters`.
    private var _timeExceeded: UInt32 = 0, _rawSYNs: UInt32 = 0, _kernelSYNs: UInt32 = 0, _rsts: UInt32 = 0
    /// IP TTLs of the SYNs (min/max), for lockstep comparisons.
    public var minTTL: UInt8 = 255, maxTTL: UInt8 = 0
    /// ICMP time-exceeded errors this pair's packets drew (the pair is the quoted flow: traceroute).
    public var timeExceeded: Int {
        get { Int(_timeExceeded) }
        set { _timeExceeded = UInt32(clamping: newValue) }
    }
    /// SYNs (without ACK) built like a raw-packet scanner's (no SACK, timestamp or window-scale option)
    /// and like an operating system's connect() (with them).
    public var rawSYNs: Int {
        get { Int(_rawSYNs) }
        set { _rawSYNs = UInt32(clamping: newValue) }
    }
    public var kernelSYNs: Int {
        get { Int(_kernelSYNs) }
        set { _kernelSYNs = UInt32(clamping: newValue) }
    }
    public var rsts: Int {
        get { Int(_rsts) }
        set { _rsts = UInt32(clamping: newValue) }
    }
    /// The sightings most pairs never have (ICMP probes, other protocols, evasive packets), out of
    /// line: every pair that sent a SYN has an entry, and these eleven counters would make each one
    /// about ten times larger. Copy-on-write, so the struct keeps value semantics.
    private var rare: RareBox?
    public init() {}

    final class RareBox: @unchecked Sendable {
        var value: RareSightings
        init(_ value: RareSightings) { self.value = value }
    }
    struct RareSightings {
        var echoRequests = Sighting(), echoReplies = Sighting()
        var timestampRequests = Sighting(), timestampReplies = Sighting()
        var addressMaskRequests = Sighting()
        var otherProtocols = ProtocolBits()
        var otherProtocolFrames = Sighting()
        var synFin = Sighting(), synRst = Sighting(), land = Sighting()
        var tinyFragments = Sighting(), overlappingFragments = Sighting()
        var routerAdvertisements = 0, neighborAdvertisements = 0
        var echoRequestMAC = MACAddress(rawValue: 0)
    }

    /// Whether any rare sighting (ICMP probes, other protocols, evasive packets) was recorded: when
    /// not, every one of them is empty, and readers can skip the pair.
    public var hasRareSightings: Bool { rare != nil }

    private func read<T>(_ path: KeyPath<RareSightings, T>, _ empty: T) -> T { rare.map { $0.value[keyPath: path] } ?? empty }
    private mutating func write<T>(_ path: WritableKeyPath<RareSightings, T>, _ value: T) {
        if rare == nil { rare = RareBox(RareSightings()) } else if !isKnownUniquelyReferenced(&rare!) { rare = RareBox(rare!.value) }
        rare!.value[keyPath: path] = value
    }

    public var echoRequests: Sighting { get { read(\.echoRequests, Sighting()) } set { write(\.echoRequests, newValue) } }
    public var echoReplies: Sighting { get { read(\.echoReplies, Sighting()) } set { write(\.echoReplies, newValue) } }
    public var timestampRequests: Sighting { get { read(\.timestampRequests, Sighting()) } set { write(\.timestampRequests, newValue) } }
    public var timestampReplies: Sighting { get { read(\.timestampReplies, Sighting()) } set { write(\.timestampReplies, newValue) } }
    public var addressMaskRequests: Sighting { get { read(\.addressMaskRequests, Sighting()) } set { write(\.addressMaskRequests, newValue) } }
    /// IP protocols other than TCP/UDP sent from source to destination (IP protocol scan probes), and their frames.
    public var otherProtocols: ProtocolBits { get { read(\.otherProtocols, ProtocolBits()) } set { write(\.otherProtocols, newValue) } }
    public var otherProtocolFrames: Sighting { get { read(\.otherProtocolFrames, Sighting()) } set { write(\.otherProtocolFrames, newValue) } }
    // Evasion
    public var synFin: Sighting { get { read(\.synFin, Sighting()) } set { write(\.synFin, newValue) } }
    public var synRst: Sighting { get { read(\.synRst, Sighting()) } set { write(\.synRst, newValue) } }
    public var land: Sighting { get { read(\.land, Sighting()) } set { write(\.land, newValue) } }
    public var tinyFragments: Sighting { get { read(\.tinyFragments, Sighting()) } set { write(\.tinyFragments, newValue) } }
    public var overlappingFragments: Sighting { get { read(\.overlappingFragments, Sighting()) } set { write(\.overlappingFragments, newValue) } }
    /// Source MAC of the first echo request (forged-source pings: the MAC that really sent them).
    public var echoRequestMAC: MACAddress {
        get { read(\.echoRequestMAC, MACAddress(rawValue: 0)) }
        set { write(\.echoRequestMAC, newValue) }
    }
    /// ICMPv6 router and neighbour advertisements (NDP) from source to destination.
    public var routerAdvertisements: Int {
        get { read(\.routerAdvertisements, 0) }
        set { write(\.routerAdvertisements, newValue) }
    }
    public var neighborAdvertisements: Int {
        get { read(\.neighborAdvertisements, 0) }
        set { write(\.neighborAdvertisements, newValue) }
    }
}

/// Busiest-second rates of SYNs, UDP datagrams and ICMP echo requests/replies at one destination.
public struct DestinationLoad: Sendable {
    public var syn = RateMeter(), udp = RateMeter(), icmpEcho = RateMeter(), icmpEchoReply = RateMeter()
    /// The Ethernet source MACs the UDP datagrams to this destination arrived from (UDP makes no
    /// host pairs, so a spoofed UDP flood's sending MAC is read here).
    public var udpSourceMACs = MACTally()
    public init() {}
}

/// Frames per source MAC: the first `kept` MACs seen with their counts, frames from other MACs
/// counted in `other` (so a share is exact whenever the busiest MAC is among the kept ones).
public struct MACTally: Sendable {
    public static let kept = 4
    public var macs: [MACAddress] = []
    public var counts: [Int] = []
    public var other = 0
    public init() {}

    /// Counts one frame from `mac`.
    public mutating func note(_ mac: MACAddress) {
        if let i = macs.firstIndex(of: mac) {
            counts[i] += 1
        } else if macs.count < Self.kept {
            macs.append(mac); counts.append(1)
        } else {
            other += 1
        }
    }

    /// Every frame counted.
    public var total: Int { counts.reduce(other, +) }
    /// The MAC with the most frames and its count (nil when none).
    public var busiest: (mac: MACAddress, frames: Int)? {
        guard let i = counts.indices.max(by: { counts[$0] < counts[$1] }) else { return nil }
        return (macs[i], counts[i])
    }
}

/// Facts per host pair and per destination, bounded by the number of hosts.
public struct HostActivity: Sendable {
    public var pairs = WordHashMap<HostPair, PairActivity>()
    public var destinations = WordHashMap<IPAddress, DestinationLoad>()
    /// Every SYN without ACK in the capture (spoofed floods at random destinations).
    public var allSYNs = RateMeter()
    /// Every ICMPv6 router advertisement and neighbour advertisement in the capture (NDP floods such
    /// as THC-IPv6's flood_router26 and flood_advertise6, from random sources).
    public var routerAdvertisements = RateMeter(), neighborAdvertisements = RateMeter()
    /// Pairs or destinations not kept because the tables were full.
    public var notKept = 0
    public init() {}
}

/// Collects `HostActivity` in the one pass. Only ICMP, SYN, UDP, unusual protocols, fragments and
/// impossible flag combinations touch the tables; plain TCP data segments cost two flag tests.
public struct HostActivityPass {
    public static let pairsKept = 200_000
    public static let destinationsKept = 200_000
    var activity: HostActivity = {
        var activity = HostActivity()
        activity.pairs.reserveLimit = HostActivityPass.pairsKept
        return activity
    }()
    struct FragmentKey: Hashable { var source: IPAddress; var destination: IPAddress; var identification: UInt32; var proto: UInt8 }
    struct FragmentTrain { var ranges: [(Int, Int)] = []; var overlapped = false }
    var fragments: [FragmentKey: FragmentTrain] = [:]
    static let fragmentTrainsKept = 4096

    public init() {}

    @inline(__always)
    mutating func withPair(_ s: IPAddress, _ d: IPAddress, _ p: DecodedPacket, _ body: (inout PairActivity) -> Void) {
        let key = HostPair(s, d)
        // One lookup: the value is changed in place through its index.
        var found = activity.pairs.index(of: key)
        if found == nil {
            guard activity.pairs.count < Self.pairsKept else { activity.notKept += 1; return }
            found = activity.pairs.index(of: key) {
                var fresh = PairActivity()
                fresh.sourceMAC = p.ethernetSource
                return fresh
            }
        }
        guard let i = found else { return }
        if p.hasEthernet && activity.pairs.values[i].otherMAC.rawValue == 0 && activity.pairs.values[i].sourceMAC != p.ethernetSource {
            activity.pairs.values[i].otherMAC = p.ethernetSource
        }
        body(&activity.pairs.values[i])
    }

    @inline(__always)
    mutating func withDestination(_ d: IPAddress, _ body: (inout DestinationLoad) -> Void) {
        var found = activity.destinations.index(of: d)
        if found == nil {
            guard activity.destinations.count < Self.destinationsKept else { activity.notKept += 1; return }
            found = activity.destinations.index(of: d) { DestinationLoad() }
        }
        guard let i = found else { return }
        body(&activity.destinations.values[i])
    }

    public mutating func observe(_ p: DecodedPacket) {
        guard p.ipVersion != 0 else { return }
        let s = p.ipSource, d = p.ipDestination
        if p.isFragment || p.wasFragment { observeFragment(p) }
        if p.isTCP {
            let f = p.tcpFlags
            if f.contains(.syn) {
                if !f.contains(.ack) {
                    let raw = !(p.sackPermitted || p.hasTimestamps || p.windowScale >= 0)
                    let ttl = p.timeToLive
                    withPair(s, d, p) { a in
                        if raw { a.rawSYNs += 1 } else { a.kernelSYNs += 1 }
                        a.minTTL = min(a.minTTL, ttl); a.maxTTL = max(a.maxTTL, ttl)
                    }
                    withDestination(d) { $0.syn.note(p) }
                    activity.allSYNs.note(p)
                }
                if f.contains(.fin) { withPair(s, d, p) { $0.synFin.note(p) } }
                if f.contains(.rst) { withPair(s, d, p) { $0.synRst.note(p) } }
                if s == d && p.sourcePort == p.destinationPort { withPair(s, d, p) { $0.land.note(p) } }
            } else if f.contains(.rst) {
                let port = p.sourcePort, window = p.windowSize
                withPair(s, d, p) { a in
                    a.rsts += 1
                    if window != 0 && a.rstWindowPorts.count < 4096 { a.rstWindowPorts.insert(port) }
                }
            }
            return
        }
        if p.isUDP {
            let mac = p.hasEthernet ? p.ethernetSource : nil
            withDestination(d) { load in
                load.udp.note(p)
                if let mac { load.udpSourceMACs.note(mac) }
            }
            return
        }
        if p.isICMP {
            let v4 = p.transport == .icmp
            switch (v4, p.icmpType) {
            case (true, 8), (false, 128):
                let mac = p.ethernetSource
                withPair(s, d, p) { a in
                    if a.echoRequests.count == 0 { a.echoRequestMAC = mac }
                    a.echoRequests.note(p)
                }
                withDestination(d) { $0.icmpEcho.note(p) }
            case (true, 0), (false, 129):
                withPair(s, d, p) { $0.echoReplies.note(p) }; withDestination(d) { $0.icmpEchoReply.note(p) }
            case (true, 13): withPair(s, d, p) { $0.timestampRequests.note(p) }
            case (true, 14): withPair(s, d, p) { $0.timestampReplies.note(p) }
            case (true, 17): withPair(s, d, p) { $0.addressMaskRequests.note(p) }
            case (false, 134):
                withPair(s, d, p) { $0.routerAdvertisements += 1 }; activity.routerAdvertisements.note(p)
            case (false, 136):
                withPair(s, d, p) { $0.neighborAdvertisements += 1 }; activity.neighborAdvertisements.note(p)
            case (true, 11), (false, 3):
                if p.hasQuoted { withPair(p.quotedSource, p.quotedDestination, p) { $0.timeExceeded += 1 } }
            default: break
            }
            if v4 { withPair(s, d, p) { $0.otherProtocols.insert(1) } }
            return
        }
        guard !p.isFragment || p.fragmentOffset == 0 else { return }
        let proto = p.transport.rawValue
        withPair(s, d, p) { $0.otherProtocols.insert(proto); $0.otherProtocolFrames.note(p) }
    }

    mutating func observeFragment(_ p: DecodedPacket) {
        let payload = p.ipTotalLength - p.ipHeaderLength
        guard payload >= 0 else { return }
        let s = p.ipSource, d = p.ipDestination
        let offset = p.wasFragment ? p.wireFragmentOffset : p.fragmentOffset
        let more = p.wasFragment ? p.wireMoreFragments : p.moreFragments
        if more && payload < 40 { withPair(s, d, p) { $0.tinyFragments.note(p) } }
        let key = FragmentKey(source: s, destination: d, identification: p.ipIdentification, proto: p.transport.rawValue)
        if fragments[key] == nil && fragments.count >= Self.fragmentTrainsKept { fragments.removeAll(keepingCapacity: true) }
        let start = offset, end = offset + payload
        var overlap = false
        if let train = fragments[key] {
            for (a, b) in train.ranges where start < b && a < end { overlap = true; break }
        }
        if fragments[key, default: FragmentTrain()].ranges.count < 64 { fragments[key, default: FragmentTrain()].ranges.append((start, end)) }
        if overlap { withPair(s, d, p) { $0.overlappingFragments.note(p) } }
    }

    public func finish() -> HostActivity { activity }
}
