/// The measurements of evasive or malformed packets (to be filled by the detector's typing).
public struct EvasionFacts: Sendable, Equatable {
    public init() {}
}

