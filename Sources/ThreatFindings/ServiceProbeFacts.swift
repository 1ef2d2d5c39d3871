/// The measurements of service/version probing of open ports (to be filled by the detector's typing).
public struct ServiceProbeFacts: Sendable, Equatable {
    public init() {}
}

