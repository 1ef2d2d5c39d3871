/// The measurements of logins sent in clear text (to be filled by the detector's typing).
public struct CleartextCredentialsFacts: Sendable, Equatable {
    public init() {}
}

