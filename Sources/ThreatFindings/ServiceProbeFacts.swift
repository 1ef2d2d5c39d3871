/// The measurements of service/version probing of one host's ports (the ports are `Finding.targetedPorts`).
public struct ServiceProbeFacts: Sendable, Equatable {
    /// Complete connections made.
    public var connections = 0
    /// Seconds from the first connection to the last.
    public var duration = 0.0
    /// The technique of the port scan of the same target by the same host, when there is one.
    public var scanTechnique: Technique?
    /// The connections went to enough of the ports that scan found open.
    public var afterScan = false
    /// Connections that carried a probe from the client, and connections the server answered.
    public var probes = 0, answers = 0
    /// The first bytes of the probes (printable ASCII, the rest as dots).
    public var samples: [String] = []
    /// nmap's version-detection probes recognised among them, by their `nmap-service-probes` names
    /// (`GetRequest`, `HTTPOptions`, …), in nmap's order.
    public var versionProbes: [String] = []
    public init() {}
}
