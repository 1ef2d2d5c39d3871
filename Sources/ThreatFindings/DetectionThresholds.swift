/// Every detection threshold in one documented value (see docs/detections.md).
///
/// Defaults are chosen so that busy benign traffic (browsers opening many connections to one
/// service, DNS, backups) stays quiet while an nmap default scan (1000 ports) or a `-F` scan
/// (100 ports), or a slow scan of a few dozen ports, is found.
public struct DetectionThresholds: Sendable, Equatable {
    /// Distinct destination ports one source must probe on one target to be a port scan.
    public var minimumScanPorts = 15
    /// Fraction of those conversations that must carry no payload from the prober (probes, not work).
    public var minimumProbeFraction = 0.6
    /// Ports at or above which a scan is rated high severity (broad reconnaissance).
    public var highSeverityScanPorts = 100

    public init() {}
}
