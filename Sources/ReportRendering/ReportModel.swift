import ThreatFindings

/// Everything a report says, as plain values: numbers precomputed, labels chosen, nothing left to
/// templates but layout. Capture-derived strings are kept raw here; each renderer escapes them for
/// its own context.
public struct ReportModel: Sendable {
    /// A named value of a packet layer, as Wireshark's packet details pane shows it.
    public struct Field: Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
    /// One protocol layer of a packet: its title line and fields.
    public struct Layer: Sendable {
        public var protocolName: String
        public var title: String
        public var fields: [Field]
        public init(protocolName: String, title: String, fields: [Field]) {
            self.protocolName = protocolName
            self.title = title
            self.fields = fields
        }
    }
    /// One frame, field by field and byte by byte (packet 1, a finding's first evidence frame).
    public struct PacketDetail: Sendable {
        public var number: Int
        public var summary: String
        public var meaning: String
        public var layers: [Layer]
        public var bytes: [UInt8]
        /// Which bytes each layer occupies (`start..<end`, in frame offsets), for colouring the bytes pane.
        public var byteRanges: [ByteRange] = []
        public init(number: Int, summary: String, meaning: String, layers: [Layer], bytes: [UInt8], byteRanges: [ByteRange] = []) {
            self.number = number
            self.summary = summary
            self.meaning = meaning
            self.layers = layers
            self.bytes = bytes
            self.byteRanges = byteRanges
        }
    }
    /// The bytes one layer occupies in its frame.
    public struct ByteRange: Sendable {
        public var protocolName: String
        public var start: Int
        public var end: Int
        public init(protocolName: String, start: Int, end: Int) {
            self.protocolName = protocolName
            self.start = start
            self.end = end
        }
    }
    /// One capture interface (a pcapng Interface Description Block), as capinfos lists it.
    public struct Interface: Sendable {
        public var name: String?
        public var description: String?
        public var linkType: String
        public var snaplen: Int?
        public var captureFilter: String?
        public var os: String?
        public var packets: Int?
        public var droppedPackets: Int?
        public init(
            name: String? = nil, description: String? = nil, linkType: String, snaplen: Int? = nil, captureFilter: String? = nil,
            os: String? = nil, packets: Int? = nil, droppedPackets: Int? = nil
        ) {
            self.name = name
            self.description = description
            self.linkType = linkType
            self.snaplen = snaplen
            self.captureFilter = captureFilter
            self.os = os
            self.packets = packets
            self.droppedPackets = droppedPackets
        }
    }
    /// Capture File Properties, as `capinfos` prints them.
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
        public init(
            fileName: String, fileBytes: Int, format: String, formatLabel: String, timestampPrecision: String, timestampDigits: Int,
            encapsulation: String, snaplen: Int? = nil, packets: Int, dataBytes: Int, firstPacketTime: String? = nil,
            lastPacketTime: String? = nil, durationSeconds: Double? = nil, dataByteRate: Double? = nil, averagePacketSize: Double? = nil,
            averagePacketRate: Double? = nil, strictTimeOrder: Bool, sha256: String, sha1: String, hardware: String? = nil,
            os: String? = nil, application: String? = nil, comments: [String], interfaces: [Interface], readProblem: String? = nil,
            readMethod: String? = nil
        ) {
            self.fileName = fileName
            self.fileBytes = fileBytes
            self.format = format
            self.formatLabel = formatLabel
            self.timestampPrecision = timestampPrecision
            self.timestampDigits = timestampDigits
            self.encapsulation = encapsulation
            self.snaplen = snaplen
            self.packets = packets
            self.dataBytes = dataBytes
            self.firstPacketTime = firstPacketTime
            self.lastPacketTime = lastPacketTime
            self.durationSeconds = durationSeconds
            self.dataByteRate = dataByteRate
            self.averagePacketSize = averagePacketSize
            self.averagePacketRate = averagePacketRate
            self.strictTimeOrder = strictTimeOrder
            self.sha256 = sha256
            self.sha1 = sha1
            self.hardware = hardware
            self.os = os
            self.application = application
            self.comments = comments
            self.interfaces = interfaces
            self.readProblem = readProblem
            self.readMethod = readMethod
        }
    }
    /// One row of Protocol Hierarchy Statistics (`tshark -z io,phs`).
    public struct HierarchyRow: Sendable {
        public var path: [String]
        public var frames: Int
        public var bytes: Int
        public init(path: [String], frames: Int, bytes: Int) {
            self.path = path
            self.frames = frames
            self.bytes = bytes
        }
    }
    /// One conversation (`tshark -z conv,…`): A to B and B to A counts, start and duration in seconds.
    public struct ConversationRow: Sendable {
        public var addressA: String, addressB: String
        public var portA: Int?, portB: Int?, stream: Int?
        public var framesAtoB: Int, bytesAtoB: Int, framesBtoA: Int, bytesBtoA: Int
        public var relStart: Double, duration: Double
        public init(
            addressA: String, addressB: String, portA: Int? = nil, portB: Int? = nil, stream: Int? = nil, framesAtoB: Int, bytesAtoB: Int,
            framesBtoA: Int, bytesBtoA: Int, relStart: Double, duration: Double
        ) {
            self.addressA = addressA
            self.addressB = addressB
            self.portA = portA
            self.portB = portB
            self.stream = stream
            self.framesAtoB = framesAtoB
            self.bytesAtoB = bytesAtoB
            self.framesBtoA = framesBtoA
            self.bytesBtoA = bytesBtoA
            self.relStart = relStart
            self.duration = duration
        }
    }
    /// One endpoint (`tshark -z endpoints,…`): totals and transmit/receive counts.
    public struct EndpointRow: Sendable {
        public var address: String, port: Int?
        public var packets: Int, bytes: Int, txPackets: Int, txBytes: Int, rxPackets: Int, rxBytes: Int
        public init(
            address: String, port: Int? = nil, packets: Int, bytes: Int, txPackets: Int, txBytes: Int, rxPackets: Int, rxBytes: Int
        ) {
            self.address = address
            self.port = port
            self.packets = packets
            self.bytes = bytes
            self.txPackets = txPackets
            self.txBytes = txBytes
            self.rxPackets = rxPackets
            self.rxBytes = rxBytes
        }
    }
    /// Rows per table type, in the contract's keys: eth, ipv4, ipv6, tcp, udp.
    public struct Tables<Row: Sendable>: Sendable {
        public var eth: [Row] = [], ipv4: [Row] = [], ipv6: [Row] = [], tcp: [Row] = [], udp: [Row] = []
        public var all: [(String, [Row])] { [("eth", eth), ("ipv4", ipv4), ("ipv6", ipv6), ("tcp", tcp), ("udp", udp)] }
        public init(eth: [Row] = [], ipv4: [Row] = [], ipv6: [Row] = [], tcp: [Row] = [], udp: [Row] = []) {
            self.eth = eth
            self.ipv4 = ipv4
            self.ipv6 = ipv6
            self.tcp = tcp
            self.udp = udp
        }
    }
    /// One Expert Information item with its count and frames.
    public struct ExpertRow: Sendable {
        public var severity: String, group: String, protocolName: String, summary: String, count: Int, firstFrame: Int
        public var frames: [Int]
        public init(severity: String, group: String, protocolName: String, summary: String, count: Int, firstFrame: Int, frames: [Int]) {
            self.severity = severity
            self.group = group
            self.protocolName = protocolName
            self.summary = summary
            self.count = count
            self.firstFrame = firstFrame
            self.frames = frames
        }
    }
    /// Expert Information: counts per severity, the items, and what they mean.
    public struct Expert: Sendable {
        public var counts: [(String, Int)]
        public var items: [ExpertRow]
        public var observations: [Observation]
        /// Every (frame, item index) pair when the per-packet detail was asked for; nil otherwise.
        public var perPacket: [(frame: Int, item: Int)]? = nil
        public init(counts: [(String, Int)], items: [ExpertRow], observations: [Observation], perPacket: [(frame: Int, item: Int)]? = nil) {
            self.counts = counts
            self.items = items
            self.observations = observations
            self.perPacket = perPacket
        }
    }
    /// A plain-language reading with the filter that shows it.
    public struct Observation: Sendable {
        public var text: String
        public var filter: String?
        public init(text: String, filter: String? = nil) {
            self.text = text
            self.filter = filter
        }
    }
    /// One direction's payload in a Follow-stream excerpt.
    public struct StreamSegment: Sendable {
        public var fromA: Bool
        public var frame: Int
        public var text: String
        /// The bytes behind `text` (credentials already masked), for the hex view of binary data.
        public var bytes: [UInt8] = []
        public init(fromA: Bool, frame: Int, text: String, bytes: [UInt8] = []) {
            self.fromA = fromA
            self.frame = frame
            self.text = text
            self.bytes = bytes
        }
    }
    /// A Follow TCP/UDP Stream excerpt of a stream a finding or the walkthrough points at.
    public struct Stream: Sendable {
        public var protocolName: String, stream: Int, nodeA: String, nodeB: String
        public var frames: [Int], frameCount: Int
        public var payloadBytesAtoB: Int, payloadBytesBtoA: Int
        public var excerpt: [StreamSegment]
        public var bytesNotShown: Int
        public var why: String
        public var handshake: String
        public var filter: String
        public init(
            protocolName: String, stream: Int, nodeA: String, nodeB: String, frames: [Int], frameCount: Int, payloadBytesAtoB: Int,
            payloadBytesBtoA: Int, excerpt: [StreamSegment], bytesNotShown: Int, why: String, handshake: String, filter: String
        ) {
            self.protocolName = protocolName
            self.stream = stream
            self.nodeA = nodeA
            self.nodeB = nodeB
            self.frames = frames
            self.frameCount = frameCount
            self.payloadBytesAtoB = payloadBytesAtoB
            self.payloadBytesBtoA = payloadBytesBtoA
            self.excerpt = excerpt
            self.bytesNotShown = bytesNotShown
            self.why = why
            self.handshake = handshake
            self.filter = filter
        }
    }
    /// A finding as the report shows it: the typed finding, its times as text, advice ids, figures and evidence frame.
    public struct FindingView: Sendable {
        public var finding: Finding
        /// The finding in words (`FindingWording`).
        public var words: FindingWords
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
        /// The display filter that finds the frame the note is about (shown as code after the note).
        public var evidenceNoteFilter: String?
        public init(
            finding: Finding, words: FindingWords, startText: String, endText: String, recommendations: [String],
            startSeconds: Double = 0.0,
            endSeconds: Double = 0.0, scanPoints: [ScanPoint] = [], evidencePacket: PacketDetail? = nil, evidenceNote: String? = nil
        ) {
            self.finding = finding
            self.words = words
            self.startText = startText
            self.endText = endText
            self.recommendations = recommendations
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
            self.scanPoints = scanPoints
            self.evidencePacket = evidencePacket
            self.evidenceNote = evidenceNote
        }
    }
    /// A probed port of a scan: when it was first probed (seconds after the first packet), and its state
    /// (`open`, `closed` or `filtered`).
    public struct ScanPoint: Sendable {
        public var offsetSeconds: Double
        public var port: Int
        public var state: PortState
        public init(offsetSeconds: Double, port: Int, state: PortState) {
            self.offsetSeconds = offsetSeconds
            self.port = port
            self.state = state
        }
    }
    /// Packets and bytes per time bucket.
    public struct IOGraphModel: Sendable {
        public var bucketNanoseconds: Int64
        public var frames: [Int]
        public var bytes: [Int]
        public init(bucketNanoseconds: Int64, frames: [Int], bytes: [Int]) {
            self.bucketNanoseconds = bucketNanoseconds
            self.frames = frames
            self.bytes = bytes
        }
    }
    /// A shaded span of the I/O graph.
    public struct TimeWindow: Sendable {
        public var id: String, label: String, severity: String
        public var startSeconds: Double, endSeconds: Double
        public init(id: String, label: String, severity: String, startSeconds: Double, endSeconds: Double) {
            self.id = id
            self.label = label
            self.severity = severity
            self.startSeconds = startSeconds
            self.endSeconds = endSeconds
        }
    }

    public var generatorName: String = "pcap-report"
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
    /// The indicators of compromise the findings rest on (`IndicatorEntry.collect`), for the IOC
    /// section and the CSV/STIX/MISP exports.
    public var indicators: [IndicatorEntry] = []
    /// The DNS section (nil when the capture has no DNS).
    public var dns: DNSSection?
    /// The HTTP section (nil when the capture has no HTTP over TCP).
    public var http: HTTPSection?
    /// The TLS section (nil when the capture has no TLS handshake).
    public var tls: TLSSection?
    public var verdict: Verdict
    /// The verdict in one sentence (`VerdictWording`).
    public var headline: String
    public var recommendations: [Recommendation]
    public var thresholds: DetectionThresholds
    /// Display filters to reproduce the report, with what each shows.
    public var filters: [Observation]
    /// The I/O graph (nil for an empty capture).
    public var ioGraph: IOGraphModel?
    /// Header metadata and display zone (`--customer`, `--timezone`, …).
    public var presentation: ReportPresentation = ReportPresentation()
    /// What `--redact` withheld (applied by the builder and by `CaptureReportJob`).
    public var redaction: Redaction = Redaction()
    public init(
        generatorName: String = "pcap-report", generatorVersion: String, title: String, capture: Capture, firstPacket: PacketDetail? = nil,
        hierarchy: [HierarchyRow], hierarchyObservations: [Observation], conversations: Tables<ConversationRow>,
        conversationObservations: [Observation], endpoints: Tables<EndpointRow>, expert: Expert, streams: [Stream],
        findings: [FindingView], verdict: Verdict, recommendations: [Recommendation], thresholds: DetectionThresholds,
        filters: [Observation], ioGraph: IOGraphModel? = nil, presentation: ReportPresentation = ReportPresentation(),
        redaction: Redaction = Redaction()
    ) {
        self.generatorName = generatorName
        self.generatorVersion = generatorVersion
        self.title = title
        self.capture = capture
        self.firstPacket = firstPacket
        self.hierarchy = hierarchy
        self.hierarchyObservations = hierarchyObservations
        self.conversations = conversations
        self.conversationObservations = conversationObservations
        self.endpoints = endpoints
        self.expert = expert
        self.streams = streams
        self.findings = findings
        self.verdict = verdict
        self.headline = VerdictWording.headline(verdict, findings: findings)
        self.recommendations = recommendations
        self.thresholds = thresholds
        self.filters = filters
        self.ioGraph = ioGraph
        self.presentation = presentation
        self.redaction = redaction
    }
}
