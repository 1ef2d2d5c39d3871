/// Every detection threshold in one documented value (see docs/detections.md).
///
/// Defaults are chosen so that busy benign traffic (browsers opening many connections to one
/// service, DNS, backups, many clients to one server) stays quiet while an nmap default scan (1000
/// ports), a `-F` scan (100 ports), a slow scan of a few dozen ports, an hping3 flood of a few
/// seconds or a password-guessing run of a dozen attempts is found. Counts are packets or distinct
/// items; rates are per second (the busiest one-second bucket), never averages over the capture, so
/// a short attack inside a long capture is still seen.
public struct DetectionThresholds: Sendable, Equatable {
    // Port scans
    /// Distinct destination ports one source must probe on one target to be a port scan.
    public var minimumScanPorts = 15
    /// Fraction of the probed ports whose conversations carried no data (probes, not work).
    public var minimumProbeFraction = 0.6
    /// Ports at or above which a scan is rated high severity (broad reconnaissance).
    public var highSeverityScanPorts = 100
    /// Ports at or above which a scan that found open ports is rated high severity.
    public var highSeverityScanPortsWithOpen = 50
    /// Most packets from the prober in one conversation that still count as a probe (nmap retries
    /// and RSTs included).
    public var maximumProbePackets = 6
    /// Most packets back from the target in one UDP conversation that still count as a probe, beyond
    /// one answer per probe datagram (a port nmap sent four payloads, each answered, is still probed).
    public var maximumProbeAnswers = 3
    /// Largest answer (bytes) to a SYN probe that still counts as a probe (a banner at most).
    public var maximumProbeAnswerBytes = 100
    /// Share of ports (of the smaller scan) two sources' scans of one target must share, overlapping
    /// in time, to be merged into one decoy or distributed scan.
    public var minimumDecoyPortOverlap = 0.5
    /// Distinct IP protocols one source must send to one target to be an IP protocol scan.
    public var minimumScannedProtocols = 10
    /// ICMP time-exceeded errors quoting one source/target pair that mark UDP probes as a traceroute.
    public var tracerouteTimeExceeded = 3

    // Sweeps
    /// Distinct hosts one source must probe (same port, or ICMP/ARP) to be a sweep.
    public var minimumSweepHosts = 10

    /// Hosts at or above which a host discovery sweep is rated medium severity (low below).
    public var mediumSeveritySweepHosts = 50

    // Service probing
    /// Distinct ports of one target on which one source must open short data-carrying connections.
    public var minimumServiceProbePorts = 3
    /// Largest client payload (bytes) and most packets of one connection still counted as a probe.
    public var maximumServiceProbeBytes = 4096
    /// Most packets of one connection still counted as a service probe.
    public var maximumServiceProbePackets = 40
    /// Distinct nmap version-detection probes (GetRequest, HTTPOptions, Help, SIPOptions, …) among one
    /// client's connections to one port that make them a service/version scan, not password guessing.
    public var minimumVersionProbeKinds = 3

    // Floods
    /// Packets (SYNs, datagrams, echo requests) at one target, at least, for a flood.
    public var minimumFloodPackets = 100
    /// Busiest-second rate, at least, for a flood (packets per second).
    public var floodPacketsPerSecond = 100
    /// Largest fraction of SYNs that may complete the handshake in a SYN flood.
    public var maximumFloodCompletion = 0.2
    /// Largest fraction of UDP datagrams the target may answer in a UDP flood.
    public var maximumFloodReplyFraction = 0.1
    /// Distinct sources from which a flood is called spoofed/distributed.
    public var spoofedSourceCount = 20
    /// Share of a spoofed flood's sources that must arrive from one Ethernet source MAC for that MAC
    /// (and the LAN address owning it) to be named as the real sender.
    public var oneSenderSpoofedShare = 0.9
    /// A flood whose busiest second reaches `floodPacketsPerSecond` times this is rated one step more
    /// severe (SYN and UDP floods critical, ICMP floods high); confidence grows up to that rate.
    public var severeFloodFactor = 10
    /// A UDP flood comes from at least this many source ports (conversations), or reaches the severe
    /// rate: one steady stream (RTP, NetFlow export) is not a flood.
    public var minimumFloodSourcePorts = 10
    /// UDP "floods" spread over more than this many ports with fewer than `udpScanDatagramsPerPort`
    /// datagrams per port are a UDP scan, not a flood.
    public var udpScanPorts = 50
    /// Datagrams per port below which a many-port UDP burst is a scan (see `udpScanPorts`).
    public var udpScanDatagramsPerPort = 3
    /// Share of a UDP flood's datagrams that must come from one amplification service's port (SNMP,
    /// DNS, NTP, SSDP, memcached, CLDAP, chargen) for it to be a reflection attack.
    public var minimumReflectionPortFraction = 0.9

    // Brute force
    /// Connections (or login attempts) from one source to one login service, at least.
    public var minimumBruteForceAttempts = 10
    /// The attempts must fall within this many seconds of each other (a sliding window), so a few
    /// logins a day over weeks are not a brute-force run.
    public var bruteForceWindowSeconds = 600.0
    /// Largest client payload of one connection still counted as a login attempt (bytes).
    public var maximumAttemptPayload = 20_000
    /// Rejected logins (server answers) that alone make a brute-force finding.
    public var minimumRejectedLogins = 5
    /// Non-interactive login services (mail, databases, directories) need this many times
    /// `minimumBruteForceAttempts` connections when no login answer is readable …
    public var quietServiceAttemptFactor = 2
    /// … each with at most this many client bytes on average …
    public var maximumQuietAttemptClientBytes = 300
    /// … and at most this many server bytes on average (short refusals, not work).
    public var maximumQuietAttemptServerBytes = 1000

    // DNS tunnelling
    /// Distinct names under one domain from one client, at least.
    public var minimumTunnelNames = 30
    /// Average length of the labels below the registered domain (characters) that looks like encoded data.
    public var tunnelAverageSubdomainLength = 24.0
    /// Average Shannon entropy of those labels (bits per character) that looks like encoded data.
    public var tunnelEntropy = 3.6
    /// TXT/NULL queries under one domain that are suspicious together with many distinct names.
    public var minimumTunnelRecordQueries = 20
    /// Average label length (characters) from which high entropy alone marks the names as encoded.
    public var minimumEncodedLabelLength = 16.0

    // TLS anomalies
    /// The highest version a server may select and count as legacy (0x0302: TLS 1.1; SSL 3.0 and TLS 1.0 below it).
    public var tlsHighestLegacyVersion = 0x0302
    /// Distinct anomaly kinds on one server (bad certificate, legacy version, no/IP-literal SNI) that make it medium.
    public var tlsAnomalyKindsForMedium = 3
    // Beaconing (C2)
    /// Connections one client must open to one server port, at least, before their timing is scored.
    public var minimumBeaconConnections = 12
    /// Connections at which RITA's connection-count part of the interval score is full.
    public var beaconFullScoreConnections = 30
    /// Shortest time (seconds) from the first connection to the last that is a beacon: a dozen
    /// connections within a few minutes are a queue flush or a burst of polls, not a check-in schedule.
    public var minimumBeaconDuration = 600.0
    /// Shortest period (median interval, seconds) that is a beacon; faster repeats are polling or retries.
    public var minimumBeaconPeriod = 5.0
    /// Interval dispersion (median absolute deviation, seconds) at which that part of the score is 0
    /// (RITA: 30 s; a period shorter than twice this cuts off at half the period).
    public var beaconJitterCutoff = 30.0
    /// Size dispersion (median absolute deviation, bytes) at which that part of the score is 0 (RITA: 32).
    public var beaconSizeDeviationCutoff = 32.0
    /// Mean score (0…1) from which a series is a beacon (medium to an external server, low to an internal one) …
    public var minimumBeaconScore = 0.8
    /// … and from which a beacon to an external server is rated high.
    public var highBeaconScore = 0.9

    // Suspicious DNS
    /// Distinct registered domains with a DGA score ≥ `dgaNameScore` that one client must ask for a DGA finding.
    public var minimumDgaDomains = 10
    /// The DGA suspicion score (0…1, `DGAScore`) from which a name looks machine-made.
    public var dgaNameScore = 0.6
    /// The lower DGA score from which a name answered NXDOMAIN counts as machine-made too: random
    /// letters without digits (Necurs-, Ramnit-style generators) score 0.4 to 0.6, and a generator's
    /// misses are NXDOMAIN, while people's typos and stale names are short, word-like labels.
    public var dgaNxdomainNameScore = 0.4
    /// Share of those names answered NXDOMAIN that makes a DGA finding high (the generator found few live domains).
    public var dgaNxdomainFraction = 0.5
    /// NXDOMAIN answers one client must get, at least, for an NXDOMAIN storm …
    public var minimumNxdomainAnswers = 50
    /// … as a share of its answered queries, at least.
    public var nxdomainStormFraction = 0.5
    /// A question name of this many characters or more is very long (DNS allows 253) …
    public var longDnsNameLength = 100
    /// … and one client asking this many distinct very long names (outside a tunnel's domain) is a low finding.
    public var minimumLongDnsNames = 5

    // Exfiltration
    /// Bytes (frame bytes) one internal host must send one external host, at least …
    public var minimumExfiltrationBytes = 20_000_000
    /// … at least this many times what came back (an upload, not a download or a call).
    public var exfiltrationUploadRatio = 5.0
    /// A transfer of this many times `minimumExfiltrationBytes` is rated high (medium below).
    public var highExfiltrationFactor = 10

    // Web attacks
    /// Requests carrying an attack payload (SQL injection, traversal, command injection, XSS) from
    /// one client to one web server that make a medium finding (high when the server answered 2xx
    /// to any); fewer are low.
    public var minimumWebAttackRequests = 3
    /// Requests with an attack tool's User-Agent that make a medium finding (fewer are low).
    public var minimumToolRequests = 10
    /// Distinct paths one client must ask one web server for to be content discovery (a wordlist) …
    public var minimumScannedPaths = 50
    /// … with at least this share of the answers 404 Not Found.
    public var scannedPathsNotFoundFraction = 0.5
    // Suspicious downloads
    /// Bytes a response body (decoded) must have, at least, to count as a downloaded file: a 2-byte "MZ" is no program.
    public var minimumDownloadBytes = 64
    /// Bytes a mail attachment (decoded) must have, at least, to be judged as a delivered file.
    public var minimumAttachmentBytes = 64

    // ARP
    /// Unsolicited ARP replies from one MAC for one IP that are suspicious even without a conflict.
    public var minimumUnsolicitedReplies = 3

    // Session hijacking
    /// Characters a cookie value needs, at least, for a cookie whose name only contains `sess`,
    /// `token` or `auth` to count as a session cookie (well-known names such as PHPSESSID need 8).
    public var minimumSessionCookieLength = 16
    /// Seconds after the first client's last use within which a second client's first use of the
    /// same session cookie is still a takeover (medium; overlapping use is high).
    public var sessionHandoverWindowSeconds = 300.0

    public init() {}
}
