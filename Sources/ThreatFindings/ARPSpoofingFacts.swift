/// The measurements of ARP cache poisoning by one MAC (to be filled by the detector's typing).
public struct ARPSpoofingFacts: Sendable, Equatable {
    public init() {}
}

