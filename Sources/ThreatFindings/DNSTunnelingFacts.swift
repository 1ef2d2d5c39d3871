/// The measurements of a DNS tunnel under one domain (to be filled by the detector's typing).
public struct DNSTunnelingFacts: Sendable, Equatable {
    public init() {}
}

