/// The measurements of a host discovery sweep (to be filled by the detector's typing).
public struct HostSweepFacts: Sendable, Equatable {
    public init() {}
}

/// The measurements of a port sweep (one port of many hosts) (to be filled by the detector's typing).
public struct PortSweepFacts: Sendable, Equatable {
    public init() {}
}

