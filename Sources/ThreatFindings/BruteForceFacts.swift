/// The measurements of password guessing against one login service (to be filled by the detector's typing).
public struct BruteForceFacts: Sendable, Equatable {
    public init() {}
}

