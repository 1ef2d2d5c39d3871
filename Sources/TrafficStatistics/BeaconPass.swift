import PacketDecoding

/// Connection starts per (client, server, server port): the raw series the beaconing detector
/// scores (times and originator sizes), bounded per pair and in pairs.
public struct BeaconSeries: Sendable {
    /// The client, the server and the server's port of one series.
    public struct Key: Hashable, Sendable {
        public var client: IPAddress
        public var server: IPAddress
        public var port: UInt16
        public var isTCP: Bool
        public init(client: IPAddress, server: IPAddress, port: UInt16, isTCP: Bool) {
            self.client = client; self.server = server; self.port = port; self.isTCP = isTCP
        }
        /// One mixed word: the table is probed once per TCP SYN and once per UDP datagram.
        @inline(__always)
        public var hashWord: UInt64 { client.hashWord &* 0x9E37_79B9_7F4A_7C15 ^ server.hashWord ^ UInt64(port) << 1 ^ (isTCP ? 1 : 0) }
        public func hash(into hasher: inout Hasher) { hasher.combine(hashWord) }
    }

    /// One client's connections to one server port.
    public struct Pair: Sendable {
        public var key: Key
        /// Connections started (all of them, also past `BeaconPass.startsKept`).
        public var connections = 0
        /// Start times (nanoseconds since the epoch) and first frames of the first `startsKept` connections.
        public var times: [Int64] = []
        public var frames: [Int] = []
        /// Bytes the client sent in each kept connection (UDP: the datagrams of the burst; TCP: the
        /// stream's A-to-B bytes, filled at the end of the pass).
        public var sizes: [Int] = []
        /// TCP: the stream of each kept connection (to read its bytes); UDP: unused.
        public var streams: [Int32] = []
        /// The last datagram's time (UDP bursts) and the last stream seen (TCP SYN retransmissions).
        var lastTime: Int64 = 0
        var lastStream: Int32 = -1
        public init(key: Key) { self.key = key }
    }

    public var pairs: [Pair] = []
    /// Pairs seen but not kept because the table was full.
    public var droppedPairs = 0
    public init() {}
}

/// Collects connection starts for beaconing: a TCP SYN (without ACK) opening a new stream, or a
/// UDP datagram after `udpIdleGap` of silence from the client to that server port. Skips what is
/// periodic by design and never C2 on its own: DNS to a resolver (port 53), NTP (123), DHCP,
/// NetBIOS, SSDP, mDNS, LLMNR, and multicast or broadcast destinations.
public struct BeaconPass {
    /// Starts kept per pair (the scores read at most this many).
    public static let startsKept = 1024
    /// Pairs kept (one row per client, server and port).
    public static let pairsKept = 20_000
    /// A UDP datagram this long after the client's previous one to the same port starts a new
    /// "connection" (Zeek's UDP inactivity timeout is 60 s; a burst of a request and retries is one).
    public static let udpIdleGap: Int64 = 5_000_000_000
    /// Server ports that poll by design or only carry name, time and address services.
    public static let ignoredPorts: Set<UInt16> = [53, 67, 68, 123, 137, 138, 546, 547, 1900, 5353, 5355]

    var series = BeaconSeries()
    /// Open-addressing index over `series.pairs` (0 empty, otherwise row + 1): a slot is matched
    /// against its row's own key, so no key is stored twice and no SipHash runs per datagram
    /// (a `Dictionary` of keys here was a tenth of the pass's peak memory on flow-heavy captures).
    var slots = [Int32](repeating: 0, count: 64)
    var mask = 63
    public init() {}

    @inline(__always)
    static func hash(_ key: BeaconSeries.Key) -> Int {
        var h = key.hashWord
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return Int(truncatingIfNeeded: h)
    }

    /// The slot of `key`, and its row when present.
    @inline(__always)
    func slot(of key: BeaconSeries.Key) -> (slot: Int, row: Int?) {
        var i = Self.hash(key) & mask
        while true {
            let s = slots[i]
            if s == 0 { return (i, nil) }
            if series.pairs[Int(s) - 1].key == key { return (i, Int(s) - 1) }
            i = (i + 1) & mask
        }
    }

    mutating func grow() {
        let size = (mask + 1) * 2
        var fresh = [Int32](repeating: 0, count: size)
        let newMask = size - 1
        for (r, pair) in series.pairs.enumerated() {
            var i = Self.hash(pair.key) & newMask
            while fresh[i] != 0 { i = (i + 1) & newMask }
            fresh[i] = Int32(truncatingIfNeeded: r + 1)
        }
        slots = fresh
        mask = newMask
    }

    @inline(__always)
    public mutating func observe(_ p: DecodedPacket, flow: FlowRef) {
        let tcpStart = p.isTCP && p.tcpFlags.contains(.syn) && !p.tcpFlags.contains(.ack)
        guard tcpStart || p.isUDP else { return }
        guard !Self.ignoredPorts.contains(p.destinationPort), !Self.ignoredPorts.contains(p.sourcePort),
            !p.ipDestination.isMulticastOrBroadcast, p.ipSource != p.ipDestination
        else { return }
        let key = BeaconSeries.Key(client: p.ipSource, server: p.ipDestination, port: p.destinationPort, isTCP: p.isTCP)
        let row: Int
        let found = slot(of: key)
        if let existing = found.row {
            row = existing
        } else {
            // A UDP datagram from a server back to its client is not a start of its own.
            if p.isUDP && p.sourcePort < p.destinationPort
                && slot(of: .init(client: p.ipDestination, server: p.ipSource, port: p.sourcePort, isTCP: false)).row != nil
            {
                return
            }
            guard series.pairs.count < Self.pairsKept else { series.droppedPairs += 1; return }
            row = series.pairs.count
            series.pairs.appendGrowingToLimit(.init(key: key), limit: Self.pairsKept)
            slots[found.slot] = Int32(truncatingIfNeeded: row + 1)
            if series.pairs.count * 2 > mask { grow() }
        }
        let bytes = p.isUDP ? max(0, p.udpLength - 8) : 0
        if p.isTCP {
            guard flow.stream != series.pairs[row].lastStream else { return }  // a retransmitted SYN
            series.pairs[row].lastStream = flow.stream
        } else if series.pairs[row].connections > 0 && p.timestamp - series.pairs[row].lastTime < Self.udpIdleGap {
            series.pairs[row].lastTime = p.timestamp
            if series.pairs[row].sizes.count == min(series.pairs[row].connections, Self.startsKept) {
                series.pairs[row].sizes[series.pairs[row].sizes.count - 1] += bytes
            }
            return
        }
        series.pairs[row].lastTime = p.timestamp
        series.pairs[row].connections += 1
        guard series.pairs[row].times.count < Self.startsKept else { return }
        series.pairs[row].times.append(p.timestamp)
        series.pairs[row].frames.append(p.frameNumber)
        series.pairs[row].sizes.append(bytes)
        series.pairs[row].streams.append(flow.stream)
    }

    /// The series, with each kept TCP connection's size read from its stream's client-to-server bytes.
    /// Moves the series out (the pass is spent): filling in the sizes then copies no array at the
    /// pass's peak.
    public mutating func finish(tcp: ConversationTable) -> BeaconSeries {
        var result = series
        series = BeaconSeries()
        slots = [Int32](repeating: 0, count: 64)
        mask = 63
        for i in result.pairs.indices where result.pairs[i].key.isTCP {
            for (k, stream) in result.pairs[i].streams.enumerated() where stream >= 0 && Int(stream) < tcp.rows.count {
                let row = tcp.rows[Int(stream)]
                result.pairs[i].sizes[k] = row.a.address == result.pairs[i].key.client ? row.bytesAtoB : row.bytesBtoA
            }
        }
        return result
    }
}

extension IPAddress {
    /// RFC 1918, loopback, link-local, CGNAT (100.64/10) and IPv6 unique-local/link-local/loopback:
    /// addresses that stay inside a site.
    public var isInternal: Bool {
        if isIPv6 {
            let top = high >> 48
            return (high == 0 && low == 1) || top & 0xFE00 == 0xFC00 || top & 0xFFC0 == 0xFE80
        }
        let v = ipv4Value
        return v >> 24 == 10 || v >> 20 == 0xAC1 || v >> 16 == 0xC0A8 || v >> 24 == 127 || v >> 16 == 0xA9FE
            || v >> 22 == 0x191
    }
}
