/// The layers the decoder knows, for naming where a packet went wrong.
public enum Layer: String, Sendable, Equatable {
    case frame, ethernet, vlan, linuxSLL, linuxSLL2, loopback, arp, ipv4, ipv6, ipv6Extension, tcp, udp, icmp, icmpv6
}

/// Why a field contradicts the format.
public enum InvalidReason: String, Sendable, Equatable {
    case headerLengthTooSmall, totalLengthTooSmall, wrongVersion, dataOffsetTooSmall, lengthTooSmall, optionLength
}

/// What stopped the decoding of one packet. The packet is still data: layers before the issue are kept.
public enum DecodeIssue: Error, Equatable, Sendable {
    /// Fewer bytes than the layer needs.
    case truncated(Layer, needed: Int, available: Int)
    /// Bytes present, but a field contradicts the format.
    case invalid(Layer, InvalidReason)

    public var layer: Layer {
        switch self { case let .truncated(l, _, _), let .invalid(l, _): l }
    }
}
