import PacketDecoding

/// Lookups of one name by one client over time: the raw series the DNS beaconing rule scores (issue 15).
/// Bounded: `DNSNameSeriesBuilder.seriesKept` series, the first `startsKept` lookups of each.
public struct DNSNameSeries: Sendable {
    /// A client and a question name (lower case).
    public struct Key: Hashable, Sendable {
        public var client: IPAddress
        public var name: String
        public init(client: IPAddress, name: String) { self.client = client; self.name = name }
    }
    /// One client's lookups of one name.
    public struct Series: Sendable {
        public var key: Key
        /// The first resolver asked.
        public var resolver: IPAddress
        /// Lookups (all of them, also past `startsKept`): queries for the name more than
        /// `DNSNameSeriesBuilder.lookupGap` after the client's previous query for it.
        public var lookups = 0
        /// Time (nanoseconds since the epoch), first frame and query size (DNS message bytes) of the kept lookups.
        public var times: [Int64] = []
        public var frames: [Int] = []
        public var sizes: [Int] = []
        /// The time of the client's last query for the name (retries and A/AAAA pairs join one lookup).
        var lastTime: Int64 = 0
        public init(key: Key, resolver: IPAddress) { self.key = key; self.resolver = resolver }
    }
    public var series: [Series] = []
    /// Series seen but not kept because the table was full.
    public var droppedSeries = 0
    public init() {}
}

/// Fills `DNSNameSeries` from the queries `DNSEvidenceBuilder` reads; owned by it.
struct DNSNameSeriesBuilder {
    /// Series kept, and lookups kept per series (the scores read at most this many).
    static let seriesKept = 20_000, startsKept = 1024
    /// A query this soon after the client's previous one for the same name is the same lookup (a retry,
    /// the AAAA beside the A, a second resolver asked).
    static let lookupGap: Int64 = 2_000_000_000
    var table = DNSNameSeries()
    var index: [DNSNameSeries.Key: Int] = [:]

    mutating func noteQuery(client: IPAddress, server: IPAddress, name: String, _ p: DecodedPacket, size: Int) {
        let lower = name.utf8.contains { $0 >= 65 && $0 <= 90 } ? name.lowercased() : name
        let key = DNSNameSeries.Key(client: client, name: lower)
        let row: Int
        if let existing = index[key] {
            row = existing
        } else {
            guard table.series.count < Self.seriesKept else { table.droppedSeries += 1; return }
            row = table.series.count; index[key] = row
            table.series.append(.init(key: key, resolver: server))
        }
        if table.series[row].lookups > 0 && p.timestamp - table.series[row].lastTime < Self.lookupGap {
            table.series[row].lastTime = p.timestamp
            return
        }
        table.series[row].lastTime = p.timestamp
        table.series[row].lookups += 1
        guard table.series[row].times.count < Self.startsKept else { return }
        table.series[row].times.append(p.timestamp)
        table.series[row].frames.append(p.frameNumber)
        table.series[row].sizes.append(size)
    }
}
