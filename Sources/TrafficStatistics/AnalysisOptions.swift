/// Options of the analysis pass (what is computed, not how it is shown).
public struct AnalysisOptions: Sendable, Equatable {
    /// Verify IPv4 header, TCP and UDP checksums and raise Wireshark's "Bad checksum" items. Off by
    /// default, as in Wireshark (`ip.check_checksum`, `tcp.check_checksum`, `udp.check_checksum` are FALSE):
    /// captures taken on the sending host often carry checksums left to the NIC (offloading).
    public var checksumChecks = false
    /// Keep every frame of every expert item (the JSON's `expert.perPacket` array). Off by default: each
    /// item then keeps its first `ExpertPass.framesKept` frame numbers only, so memory stays bounded.
    public var expertFramesInDetail = false
    /// HTTP transactions kept as rows of `TrafficSummary.http` (the totals count every one).
    public var httpTransactionsKept = AnalysisOptions.defaultHTTPTransactionsKept
    /// `--extract-files`: where the HTTP bodies go (nil: not written).
    public var fileExtraction: FileExtractionOptions?
    /// The default of `httpTransactionsKept`.
    public static let defaultHTTPTransactionsKept = 500
    public init(
        checksumChecks: Bool = false, expertFramesInDetail: Bool = false,
        httpTransactionsKept: Int = AnalysisOptions.defaultHTTPTransactionsKept
    ) {
        self.checksumChecks = checksumChecks; self.expertFramesInDetail = expertFramesInDetail
        self.httpTransactionsKept = httpTransactionsKept
    }
}
