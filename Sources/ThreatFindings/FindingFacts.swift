/// What a detector measured for one finding, typed: counts, durations, flags and lists, no words.
/// ReportRendering's `FindingWording` turns each case into the summary, the details and the
/// confidence reason a report shows. The attackers, targets, ports and frames are on the `Finding`.
public enum FindingFacts: Sendable {
    case tcpScan(TCPScanFacts)
    case udpScan(UDPScanFacts)
    case protocolScan(ProtocolScanFacts)
    case hostSweep(HostSweepFacts)
    case portSweep(PortSweepFacts)
    case synFlood(SYNFloodFacts)
    case scatteredSYNFlood(ScatteredSYNFloodFacts)
    case udpFlood(UDPFloodFacts)
    case icmpFlood(ICMPFloodFacts)
    case amplifiedEcho(AmplifiedEchoFacts)
    case ndpFlood(NDPFloodFacts)
    case bruteForce(BruteForceFacts)
    case cleartextCredentials(CleartextCredentialsFacts)
    case arpSpoofing(ARPSpoofingFacts)
    case dnsTunneling(DNSTunnelingFacts)
    case serviceProbe(ServiceProbeFacts)
    case evasion(EvasionFacts)
    case tlsAnomaly(TLSAnomalyFacts)
    case beaconing(BeaconingFacts)
    case suspiciousDNS(SuspiciousDNSFacts)
    case exfiltration(ExfiltrationFacts)
    case sessionHijacking(SessionHijackingFacts)
    case webAttack(WebAttackFacts)
    case suspiciousDownload(SuspiciousDownloadFacts)
}
