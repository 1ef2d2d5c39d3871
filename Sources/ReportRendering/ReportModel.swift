import ThreatFindings
import TrafficStatistics

/// Everything a report says, as plain values: numbers precomputed, labels chosen, nothing left to
/// templates but layout. Capture-derived strings are kept raw here; each renderer escapes them for
/// its own context.
public struct ReportModel: Sendable {
    public struct Field: Sendable { public var name: String; public var value: String }
    public struct Layer: Sendable { public var protocolName: String; public var title: String; public var fields: [Field] }
    public struct PacketDetail: Sendable {
        public var number: Int
        public var summary: String
        public var meaning: String
        public var layers: [Layer]
        public var bytes: [UInt8]
        /// Which bytes each layer occupies (`start..<end`, in frame offsets), for colouring the bytes pane.
        public var byteRanges: [ByteRange] = []
    }
    public struct ByteRange: Sendable { public var protocolName: String; public var start: Int; public var end: Int }
    public struct Interface: Sendable {
        public var name: String?
        public var description: String?
        public var linkType: String
        public var snaplen: Int?
        public var captureFilter: String?
        public var os: String?
        public var packets: Int?
        public var droppedPackets: Int?
    }
    public struct Capture: Sendable {
        public var fileName: String
        public var fileBytes: Int
        public var format: String
        public var formatLabel: String
        public var timestampPrecision: String
        public var timestampDigits: Int
        public var encapsulation: String
        public var snaplen: Int?
        public var packets: Int
        public var dataBytes: Int
        public var firstPacketTime: String?
        public var lastPacketTime: String?
        public var durationSeconds: Double?
        public var dataByteRate: Double?
        public var averagePacketSize: Double?
        public var averagePacketRate: Double?
        public var strictTimeOrder: Bool
        public var sha256: String
        public var sha1: String
        public var hardware: String?, os: String?, application: String?
        public var comments: [String]
        public var interfaces: [Interface]
        /// Where and why reading stopped early, if it did.
        public var readProblem: String?
        /// How the records were read when libpcap refused the file (nil when libpcap read them).
        public var readMethod: String? = nil
    }
    public struct HierarchyRow: Sendable { public var path: [String]; public var frames: Int; public var bytes: Int }
    public struct ConversationRow: Sendable {
        public var addressA: String, addressB: String
        public var portA: Int?, portB: Int?, stream: Int?
        public var framesAtoB: Int, bytesAtoB: Int, framesBtoA: Int, bytesBtoA: Int
        public var relStart: Double, duration: Double
    }
    public struct EndpointRow: Sendable {
        public var address: String, port: Int?
        public var packets: Int, bytes: Int, txPackets: Int, txBytes: Int, rxPackets: Int, rxBytes: Int
    }
    /// Rows per table type, in the contract's keys: eth, ipv4, ipv6, tcp, udp.
    public struct Tables<Row: Sendable>: Sendable {
        public var eth: [Row] = [], ipv4: [Row] = [], ipv6: [Row] = [], tcp: [Row] = [], udp: [Row] = []
        public var all: [(String, [Row])] { [("eth", eth), ("ipv4", ipv4), ("ipv6", ipv6), ("tcp", tcp), ("udp", udp)] }
    }
    public struct ExpertRow: Sendable {
        public var severity: String, group: String, protocolName: String, summary: String, count: Int, firstFrame: Int
        public var frames: [Int]
    }
    public struct Expert: Sendable {
        public var counts: [(String, Int)]
        public var items: [ExpertRow]
        public var observations: [Observation]
        /// Every (frame, item index) pair when the per-packet detail was asked for; nil otherwise.
        public var perPacket: [(frame: Int, item: Int)]? = nil
    }
    /// A plain-language reading with the filter that shows it.
    public struct Observation: Sendable { public var text: String; public var filter: String? }
    public struct StreamSegment: Sendable {
        public var fromA: Bool; public var frame: Int; public var text: String
        /// The bytes behind `text` (credentials already masked), for the hex view of binary data.
        public var bytes: [UInt8] = []
    }
    public struct Stream: Sendable {
        public var protocolName: String, stream: Int, nodeA: String, nodeB: String
        public var frames: [Int], frameCount: Int
        public var payloadBytesAtoB: Int, payloadBytesBtoA: Int
        public var excerpt: [StreamSegment]
        public var bytesNotShown: Int
        public var why: String
        public var handshake: String
        public var filter: String
    }
    public struct FindingView: Sendable {
        public var finding: Finding
        public var startText: String, endText: String
        public var recommendations: [String]
        /// Seconds from the first packet to the finding's first and last frame (for the I/O graph).
        public var startSeconds = 0.0, endSeconds = 0.0
        /// For scans: one point per probed port (time, port, nmap state), for the scan picture.
        public var scanPoints: [ScanPoint] = []
        /// The first evidence frame, field by field, when the pass kept its bytes.
        public var evidencePacket: PacketDetail?
        /// Why the evidence frame is not shown, when it is not.
        public var evidenceNote: String?
    }
    /// A probed port of a scan: when it was first probed (seconds after the first packet), and its state
    /// (`open`, `closed`, `filtered`).
    public struct ScanPoint: Sendable { public var offsetSeconds: Double; public var port: Int; public var state: String }
    /// Packets and bytes per time bucket.
    public struct IOGraphModel: Sendable {
        public var bucketNanoseconds: Int64
        public var frames: [Int]
        public var bytes: [Int]
    }
    /// A shaded span of the I/O graph.
    public struct TimeWindow: Sendable {
        public var id: String, label: String, severity: String
        public var startSeconds: Double, endSeconds: Double
    }

    public var generatorName = "pcap-report"
    public var generatorVersion: String
    public var title: String
    public var capture: Capture
    public var firstPacket: PacketDetail?
    public var hierarchy: [HierarchyRow]
    public var hierarchyObservations: [Observation]
    public var conversations: Tables<ConversationRow>
    public var conversationObservations: [Observation]
    public var endpoints: Tables<EndpointRow>
    public var expert: Expert
    public var streams: [Stream]
    public var findings: [FindingView]
    public var verdict: Verdict
    public var recommendations: [Recommendation]
    public var thresholds: DetectionThresholds
    /// Display filters to reproduce the report, with what each shows.
    public var filters: [Observation]
    /// The I/O graph (nil for an empty capture).
    public var ioGraph: IOGraphModel?
    /// Header metadata and display zone (`--customer`, `--timezone`, …).
    public var presentation = ReportPresentation()
    /// What `--redact` withheld (applied by the builder and by `CaptureReportJob`).
    public var redaction = Redaction()
}
