import Support

// Transitional: the words detectors still write themselves, until each is typed.
extension PortScanDetector {
    static func seconds(_ s: Double) -> String {
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        if s < 120 { return NumberFormat.fixed(s, 1) + " s" }
        return "\(Int((s / 60).rounded())) min"
    }

    static func techniqueName(_ t: Technique?) -> String {
        switch t {
        case .tcpSYN: "SYN (half-open) port scan"
        case .tcpConnect: "TCP connect port scan"
        case .tcpFIN: "FIN port scan"
        case .tcpNULL: "NULL port scan"
        case .tcpXmas: "Xmas port scan"
        case .tcpACK: "ACK port scan (firewall mapping)"
        case .tcpWindow: "Window port scan"
        case .tcpMaimon: "Maimon port scan"
        case .udp: "UDP port scan"
        case .ipProtocol: "IP protocol scan"
        default: "port scan"
        }
    }
}
