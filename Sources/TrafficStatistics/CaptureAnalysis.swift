import CaptureReading
import PacketDecoding

/// The one streaming pass: read each record once, decode it once, hand the same `DecodedPacket`
/// to every pass in a fixed order. Passes are independent; `finish()` is where results meet.
public struct CaptureAnalysis {
    var properties = CapturePropertiesPass()
    var hierarchy = ProtocolHierarchyPass()
    var conversations = ConversationsPass()
    var expert = ExpertPass()
    var streams = StreamsPass()
    var icmp = ICMPPass()
    var hostActivity = HostActivityPass()
    var arp = ARPPass()
    var dnsQueries = DNSQueryPass()
    var streamContent = StreamContentPass()
    var credentials = CredentialPass()
    var ioGraph = IOGraphPass()
    var frameSamples = FrameSamplesPass()
    var tcpBytes = TCPByteStreams()
    var tlsHandshakes = TLSHandshakePass()
    var httpTransactions = HTTPTransactionPass()
    var beacons = BeaconPass()
    var ftpTransfers = FTPTransferPass()
    var mailAttachments = MailAttachmentPass()
    var firstPacket: DecodedPacket?
    var firstPacketBytes: [UInt8] = []
    var malformed = 0
    var fragments = IPFragmentTracker()

    public init() {}
    public init(options: AnalysisOptions) {
        expert = ExpertPass(options: options)
        httpTransactions = HTTPTransactionPass(transactionsKept: options.httpTransactionsKept, extraction: options.fileExtraction)
        mailAttachments = MailAttachmentPass(extraction: options.fileExtraction)
    }

    /// Reads and analyses the capture at `path`.
    /// - Throws: `CaptureError` when the file cannot be opened or is not a capture.
    public static func analyze(path: String, options: AnalysisOptions = AnalysisOptions()) throws(CaptureError) -> TrafficSummary {
        let reader = try CaptureReader(path: path)
        var analysis = CaptureAnalysis(options: options)
        reader.forEachRecord { record in
            // Each record names its interface's link type (pcapng files may mix them).
            analysis.observe(record, linkType: LinkType(rawValue: record.linkType))
        }
        return analysis.finish(file: reader.finish())
    }

    @inline(__always)
    mutating func observe(_ record: PacketRecord, linkType: LinkType) {
        properties.observe(record)
        let packet = PacketDecoder.decode(record.bytes, linkType: linkType, frameNumber: record.frameNumber,
                                          timestamp: record.timestamp.nanoseconds, wireLength: record.wireLength,
                                          hasComment: record.hasComment, fragments: &fragments)
        if record.frameNumber == 1 {
            firstPacket = packet
            firstPacketBytes = FrameSamplesPass.shownBytes(packet, record.bytes, limit: record.bytes.count)
        }
        if packet.isMalformed { malformed += 1 }
        // The conversation tables number the TCP/UDP streams; the passes that keep state per stream
        // index it by that number instead of hashing the endpoints again.
        let flow = conversations.observe(packet)
        hierarchy.observe(packet, bytes: record.bytes, flow: flow)
        expert.observe(packet, bytes: record.bytes, flow: flow, http: hierarchy.httpEvent)
        streams.observe(packet, bytes: record.bytes, flow: flow)
        icmp.observe(packet)
        hostActivity.observe(packet)
        arp.observe(packet)
        dnsQueries.observe(packet, bytes: record.bytes)
        streamContent.observe(packet, bytes: record.bytes, flow: flow)
        credentials.observe(packet, bytes: record.bytes, content: streamContent.content.service(ofStream: Int(flow.stream)))
        ioGraph.observe(packet)
        frameSamples.observe(packet, bytes: record.bytes, flow: flow)
        let chunk = tcpBytes.newBytes(packet, bytes: record.bytes, flow: flow)
        tlsHandshakes.observe(chunk, packet)
        httpTransactions.observe(chunk, packet, flow: flow)
        ftpTransfers.observe(chunk, packet, flow: flow)
        mailAttachments.observe(chunk, packet, flow: flow)
        beacons.observe(packet, flow: flow)
    }

    mutating func finish(file: CaptureFileInfo) -> TrafficSummary {
        var expertInformation = expert.finish()
        for comment in file.metadata.packetComments {
            expertInformation.items.append(ExpertItem(severity: .comment, group: .comment, protocolName: "Frame",
                                                      summary: comment.text, count: 1, firstFrame: comment.frameNumber,
                                                      frames: [comment.frameNumber]))
        }
        let tables = conversations.finish()
        let mail = mailAttachments.finish()
        var http = httpTransactions.finish()
        if let written = mail.extraction { http.extraction?.add(written) }
        var summary = TrafficSummary(
            properties: properties.finish(file: file), hierarchy: hierarchy.finish(),
            conversations: tables, expert: expertInformation, streams: streams.finish(),
            firstPacket: firstPacket, firstPacketBytes: firstPacketBytes, malformedFrames: malformed, icmp: icmp.finish(),
            hostActivity: hostActivity.finish(), arp: arp.finish(), dnsQueries: dnsQueries.finish(), credentials: credentials.finish(),
            ioGraph: ioGraph.finish(), frameSamples: frameSamples.finish(), streamContent: streamContent.finish(),
            tlsHandshakes: tlsHandshakes.finish(), http: http,
            httpRequests: httpTransactions.requestEvidence.finish(),
            beacons: beacons.finish(tcp: tables.tcp),
            httpSessions: httpTransactions.sessions, ftp: ftpTransfers.finish())
        summary.mail = mail
        return summary
    }
}
