/// The measurements of one beaconing series (the client is `Finding.attackers`, the server
/// `Finding.targets`, its port `Finding.targetedPorts`), scored as RITA scores beacons.
public struct BeaconingFacts: Sendable, Equatable {
    /// "tcp", "udp", or "dns" for lookups of one name (`name`; the target is then the resolver).
    public var transport = "tcp"
    /// DNS beacons: the name looked up, and what else about it is off (DGA-shaped label, abused TLD,
    /// NXDOMAIN answers, very long name).
    public var name: String?
    public var signals: [String] = []
    /// Connections started, and how many of them the scores read (the first `BeaconPass.startsKept`).
    public var connections = 0, scored = 0
    /// Seconds from the first connection to the last.
    public var duration = 0.0
    /// The median interval between connections (the period) and the median absolute deviation of the
    /// intervals about it (the jitter), in seconds.
    public var period = 0.0, jitter = 0.0
    /// The jitter as a share of the period.
    public var jitterFraction: Double { period > 0 ? jitter / period : 0 }
    /// Bowley skew of the intervals and of the sizes (0 is symmetric).
    public var intervalSkew = 0.0, sizeSkew = 0.0
    /// The most common size the client sent (bytes on the wire) and the sizes' median absolute deviation.
    public var sizeMode = 0, sizeDeviation = 0
    /// The interval score (skew, dispersion, connection count), the size score (skew, dispersion,
    /// smallness) and their mean, each 0…1.
    public var intervalScore = 0.0, sizeScore = 0.0, score = 0.0
    /// The overall score is below `minimumBeaconScore` because the sizes vary, and the timing alone
    /// (interval score ≥ `highBeaconScore` over at least `beaconFullScoreConnections`) made it a beacon.
    public var timingOnly = false
    /// The server is outside the site's private address ranges.
    public var externalServer = false
    public init() {}
}
