import PacketDecoding

/// The part a host plays in a finding.
public enum FindingRole: String, Sendable, CaseIterable {
    /// The real actor (for a spoofed flood: the busiest forged sources).
    case attacker
    /// A forged source a scanner hid among.
    case decoy
    /// A host the attack was aimed at.
    case target
    /// A target that answered (a host found alive, a flood target that still replied).
    case responder
}

extension Finding {
    /// The hosts that play `role`, in the finding's order.
    public func hosts(_ role: FindingRole) -> [IPAddress] {
        switch role {
        case .attacker: attackers
        case .decoy: decoys
        case .target: targets
        case .responder: respondingHosts
        }
    }
}
