/// The measurements of a SYN flood at one target (to be filled by the detector's typing).
public struct SYNFloodFacts: Sendable, Equatable {
    public init() {}
}

/// The measurements of spoofed SYNs sprayed at many destinations (to be filled by the detector's typing).
public struct ScatteredSYNFloodFacts: Sendable, Equatable {
    public init() {}
}

/// The measurements of a UDP flood (to be filled by the detector's typing).
public struct UDPFloodFacts: Sendable, Equatable {
    public init() {}
}

/// The measurements of an ICMP echo or echo-reply flood (to be filled by the detector's typing).
public struct ICMPFloodFacts: Sendable, Equatable {
    public init() {}
}

