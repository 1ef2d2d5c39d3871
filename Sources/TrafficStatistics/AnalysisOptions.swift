/// Options of the analysis pass (what is computed, not how it is shown).
public struct AnalysisOptions: Sendable, Equatable {
    /// Verify IPv4 header, TCP and UDP checksums and raise Wireshark's "Bad checksum" items. Off by
    /// default, as in Wireshark (`ip.check_checksum`, `tcp.check_checksum`, `udp.check_checksum` are FALSE):
    /// captures taken on the sending host often carry checksums left to the NIC (offloading).
    public var checksumChecks = false
    /// Keep every frame of every expert item (the JSON's `expert.perPacket` array). Off by default: each
    /// item then keeps its first `ExpertPass.framesKept` frame numbers only, so memory stays bounded.
    public var expertFramesInDetail = false
    public init(checksumChecks: Bool = false, expertFramesInDetail: Bool = false) {
        self.checksumChecks = checksumChecks; self.expertFramesInDetail = expertFramesInDetail
    }
}
