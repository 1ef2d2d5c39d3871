import CaptureReading
import PacketDecoding
import ReportRendering
import Support
import ThreatFindings
import TrafficStatistics

/// Options that change what the report says (not how it is laid out).
public struct ReportOptions: Sendable {
    public var title: String?
    public var tableRows = 15
    public var excerptBytes = 1024
    /// What the analysis pass computes (checksum checks, per-packet expert detail).
    public var analysis = AnalysisOptions()
    /// Customer, analyst, ticket, generation time and display zone for the header.
    public var presentation = ReportPresentation()
    /// What to withhold (`--redact`); credentials are masked by default.
    public var redaction = Redaction()
    /// `--extract-files DIR`: the folder the HTTP bodies are written to (nil: none written).
    public var extractFilesDirectory: String? {
        get { analysis.fileExtraction?.directory }
        set { analysis.fileExtraction = newValue.map { FileExtractionOptions(directory: $0) } }
    }
    public init() {}
}

/// Builds the report model from the pass's summary and the findings. Pure: same inputs, same model.
public enum ReportModelBuilder {
    public static func build(_ s: TrafficSummary, _ assessment: ThreatAssessment, options: ReportOptions = ReportOptions()) -> ReportModel {
        var assessment = assessment
        if options.redaction.dropPayload {
            assessment.findings = redactWebAttacks(redactDownloadNames(redactTLSNames(redactTunnelNames(assessment.findings))))
        }
        let capture = captureSection(s)
        let digits = capture.timestampDigits
        let base = s.properties.firstFrameTimestamp ?? s.properties.firstTimestamp ?? 0
        let conversations = conversationTables(s, base: base)
        let recommendations = AdviceWriter.recommendations(for: assessment.findings)
        let findingViews = assessment.findings.map { f in
            ReportModel.FindingView(
                finding: f, words: FindingWording.words(for: f, thresholds: assessment.thresholds),
                startText: TimeFormat.iso8601(f.start, digits: digits), endText: TimeFormat.iso8601(f.end, digits: digits),
                recommendations: recommendations.filter { $0.appliesTo.contains(f.id) }.map(\.id))
        }
        var model = ReportModel(
            generatorVersion: ToolVersion.release,
            title: options.title ?? "Threat-hunting report: \(capture.fileName)",
            capture: capture,
            firstPacket: firstPacketDetail(s, digits: digits),
            hierarchy: s.hierarchy.nodes.map { .init(path: $0.path.map(\.filterName), frames: $0.frames, bytes: $0.bytes) },
            hierarchyObservations: hierarchyObservations(s) + abusedTLDObservations(s),
            conversations: conversations,
            conversationObservations: conversationObservations(s),
            endpoints: endpointTables(s),
            expert: expertSection(s),
            streams: streamSections(s, assessment, limit: options.excerptBytes),
            findings: findingViews,
            verdict: assessment.verdict,
            recommendations: recommendations,
            thresholds: assessment.thresholds,
            filters: reproductionFilters(s, assessment))
        model.indicators = IndicatorEntry.collect(from: assessment.findings)
        if options.redaction.dropPayload { model.expert = redactExpertPayload(model.expert) }
        model.dns = dnsSection(s, redactNames: options.redaction.dropPayload)
        model.http = httpSection(s, withholdFields: options.redaction.dropPayload, digits: digits)
        model.tls = tlsSection(s, redactNames: options.redaction.dropPayload)
        decorate(&model, s, options: options)
        return model
    }

    // MARK: capture properties

    static func encapsulationName(_ linkType: UInt32) -> String {
        switch linkType {
        case 0: "null"; case 1: "ether"; case 9: "ppp"; case 12, 14, 101: "rawip"; case 105: "ieee-802-11"
        case 108: "loop"; case 113: "linux-sll"; case 127: "ieee-802-11-radiotap"; case 228: "rawip4"; case 229: "rawip6"
        case 276: "linux-sll2"; case 274: "ether-mpacket"
        default: "linktype-\(linkType)"
        }
    }

    static func captureSection(_ s: TrafficSummary) -> ReportModel.Capture {
        let p = s.properties, m = p.file.metadata
        // capinfos: "per-packet" precision when the interfaces' resolutions differ; times are then
        // printed at each packet's own precision (we print the finest, which the coarser ones pad).
        let precisions = Set(m.interfaces.map(\.timestampDigits))
        let perPacket = precisions.count > 1
        let digits = perPacket ? (precisions.max() ?? m.timestampDigits) : m.timestampDigits
        let linkTypes = Set(m.interfaces.map(\.linkType))
        let encapsulation = linkTypes.count > 1 ? "per-packet" : encapsulationName(m.interfaces.first?.linkType ?? 1)
        // A packet without a timestamp (pcapng simple packet block): capinfos prints no times or rates.
        let timesKnown = p.framesWithoutTimestamp == 0
        let duration = timesKnown ? p.durationSeconds : nil
        let rateDuration = timesKnown ? p.rateDurationSeconds : nil
        let rate: (Double) -> Double? = { v in
            guard let d = rateDuration, d > 0 else { return nil }
            return v / d
        }
        let fileName = p.file.path.split(separator: "/").last.map(String.init) ?? p.file.path
        var problem = p.file.readError.map {
            p.file.readMethod == nil ? "libpcap stopped after frame \(p.packets): \($0)" : "reading stopped after frame \(p.packets): \($0)"
        }
        if problem == nil, let scan = m.scanProblem, m.format == .pcapng { problem = "pcapng structure: \(scan)" }
        return ReportModel.Capture(
            fileName: fileName, fileBytes: p.file.fileBytes,
            format: m.format == .pcapng ? "pcapng" : "pcap",
            formatLabel: m.format == .pcapng ? "pcapng" : (digits == 9 ? "nsecpcap" : "pcap"),
            timestampPrecision: perPacket ? "per-packet" : (digits == 9 ? "nanoseconds" : (digits == 6 ? "microseconds" : "\(digits) digits")),
            timestampDigits: digits,
            encapsulation: encapsulation,
            snaplen: m.format == .pcap ? m.fileSnaplen : nil,
            packets: p.packets, dataBytes: p.dataBytes,
            firstPacketTime: timesKnown ? p.earliestTimestamp.map { TimeFormat.iso8601($0, digits: digits) } : nil,
            lastPacketTime: timesKnown ? p.latestTimestamp.map { TimeFormat.iso8601($0, digits: digits) } : nil,
            durationSeconds: p.packets > 0 ? duration : nil,
            dataByteRate: rate(Double(p.dataBytes)),
            averagePacketSize: p.packets > 0 ? Double(p.dataBytes) / Double(p.packets) : nil,
            averagePacketRate: rate(Double(p.packets)),
            strictTimeOrder: p.strictTimeOrder,
            sha256: p.file.sha256, sha1: p.file.sha1,
            hardware: m.hardware, os: m.os, application: m.application, comments: m.comments,
            interfaces: m.interfaces.map {
                .init(name: $0.name, description: $0.description, linkType: encapsulationName($0.linkType), snaplen: $0.snaplen,
                      captureFilter: $0.captureFilter, os: $0.os,
                      packets: m.format == .pcapng ? $0.packets : p.packets, droppedPackets: $0.droppedPackets)
            },
            readProblem: problem,
            readMethod: p.file.readMethod)
    }

    // MARK: conversations and endpoints

    static func address(_ e: Endpoint, ethernet: Bool) -> String {
        ethernet ? MACAddress(rawValue: e.address.low).description : e.address.description
    }

    static func rows<Row>(_ table: FlowTable<Row>, base: Int64, ports: Bool, ethernet: Bool = false) -> [ReportModel.ConversationRow] {
        table.rows.map { r in
            ReportModel.ConversationRow(
                addressA: address(r.a, ethernet: ethernet), addressB: address(r.b, ethernet: ethernet),
                portA: ports ? Int(r.a.port) : nil, portB: ports ? Int(r.b.port) : nil, stream: ports ? r.stream : nil,
                framesAtoB: r.framesAtoB, bytesAtoB: r.bytesAtoB, framesBtoA: r.framesBtoA, bytesBtoA: r.bytesBtoA,
                relStart: Double(r.firstTimestamp - base) / 1e9, duration: Double(r.lastTimestamp - r.firstTimestamp) / 1e9)
        }
    }

    static func conversationTables(_ s: TrafficSummary, base: Int64) -> ReportModel.Tables<ReportModel.ConversationRow> {
        var t = ReportModel.Tables<ReportModel.ConversationRow>()
        t.eth = rows(s.conversations.ethernet, base: base, ports: false, ethernet: true)
        t.ipv4 = rows(s.conversations.ipv4, base: base, ports: false)
        t.ipv6 = rows(s.conversations.ipv6, base: base, ports: false)
        t.tcp = rows(s.conversations.tcp, base: base, ports: true)
        t.udp = rows(s.conversations.udp, base: base, ports: true)
        return t
    }

    /// Packets and bytes an endpoint sent and received.
    struct EndpointTotals { var txP = 0, txB = 0, rxP = 0, rxB = 0 }

    static func endpoints<Row>(_ table: FlowTable<Row>, ports: Bool, ethernet: Bool = false) -> [ReportModel.EndpointRow] {
        var totals = WordHashMap<Endpoint, EndpointTotals>()
        func add(_ e: Endpoint, sent: (frames: Int, bytes: Int), received: (frames: Int, bytes: Int)) {
            let i = totals.index(of: ports ? e : Endpoint(e.address)) { EndpointTotals() }
            totals.values[i].txP += sent.frames; totals.values[i].txB += sent.bytes
            totals.values[i].rxP += received.frames; totals.values[i].rxB += received.bytes
        }
        for r in table.rows {
            add(r.a, sent: (r.framesAtoB, r.bytesAtoB), received: (r.framesBtoA, r.bytesBtoA))
            add(r.b, sent: (r.framesBtoA, r.bytesBtoA), received: (r.framesAtoB, r.bytesAtoB))
        }
        // Sorted as one array of values (no index indirection): packets, then address (unique).
        var entries = zip(totals.keys, totals.values).map { (packets: $1.txP + $1.rxP, endpoint: $0, totals: $1) }
        entries.sort { $0.packets != $1.packets ? $0.packets > $1.packets : $0.endpoint < $1.endpoint }
        return entries.map { e in
            let t = e.totals
            return ReportModel.EndpointRow(address: address(e.endpoint, ethernet: ethernet), port: ports ? Int(e.endpoint.port) : nil,
                                           packets: e.packets, bytes: t.txB + t.rxB,
                                           txPackets: t.txP, txBytes: t.txB, rxPackets: t.rxP, rxBytes: t.rxB)
        }
    }

    static func endpointTables(_ s: TrafficSummary) -> ReportModel.Tables<ReportModel.EndpointRow> {
        var t = ReportModel.Tables<ReportModel.EndpointRow>()
        t.eth = endpoints(s.conversations.ethernet, ports: false, ethernet: true)
        t.ipv4 = endpoints(s.conversations.ipv4, ports: false)
        t.ipv6 = endpoints(s.conversations.ipv6, ports: false)
        t.tcp = endpoints(s.conversations.tcp, ports: true)
        t.udp = endpoints(s.conversations.udp, ports: true)
        return t
    }

    // MARK: expert

    static func expertSection(_ s: TrafficSummary) -> ReportModel.Expert {
        let counts = ExpertSeverity.allCases.map { ($0.rawValue, s.expert.count($0)) }
        let items = s.expert.items.map {
            ReportModel.ExpertRow(severity: $0.severity.rawValue, group: $0.group.rawValue, protocolName: $0.protocolName,
                                  summary: $0.summary, count: $0.count, firstFrame: $0.firstFrame, frames: $0.frames)
        }
        var expert = ReportModel.Expert(counts: counts, items: items, observations: expertObservations(s))
        if s.expert.detailed { expert.perPacket = s.expert.perPacket.map { ($0.frame, $0.item) } }
        return expert
    }

    // MARK: streams

    static func streamSections(_ s: TrafficSummary, _ a: ThreatAssessment, limit: Int) -> [ReportModel.Stream] {
        var chosen: [(Int, String)] = []
        let tcp = s.streams.filter { $0.transport == .tcp }
        if tcp.contains(where: { $0.stream == 0 }) { chosen.append((0, "Stream 0: the first TCP conversation in the capture.")) }
        for f in a.findings {
            for st in f.streams where !chosen.contains(where: { $0.0 == st }) && tcp.contains(where: { $0.stream == st }) {
                chosen.append((st, "Part of finding \(f.id): a port that answered."))
                if chosen.count >= 4 { break }
            }
        }
        let busiest = tcp.filter { $0.payloadBytesAToB + $0.payloadBytesBToA > 0 }
            .sorted { ($0.payloadBytesAToB + $0.payloadBytesBToA, -$0.stream) > ($1.payloadBytesAToB + $1.payloadBytesBToA, -$1.stream) }
        for st in busiest where chosen.count < 5 && !chosen.contains(where: { $0.0 == st.stream }) {
            chosen.append((st.stream, "Carries the most application data."))
        }
        return chosen.compactMap { id, why in
            guard let st = tcp.first(where: { $0.stream == id }) else { return nil }
            let conv = s.conversations.tcp.rows.first { $0.stream == id }
            return streamSection(st, conv, why: why, limit: limit)
        }
    }

    static func streamSection(_ st: StreamExcerpt, _ conv: Conversation?, why: String, limit: Int,
                              maskCredentials: Bool = true) -> ReportModel.Stream {
        var remaining = limit
        var segments: [ReportModel.StreamSegment] = []
        var hidden = st.bytesNotKept
        for seg in st.segments {
            let take = min(remaining, seg.bytes.count)
            hidden += seg.bytes.count - take
            guard take > 0 else { continue }
            remaining -= take
            var bytes = Array(seg.bytes.prefix(take))
            if maskCredentials { bytes = CredentialMask.masked(bytes) }
            // Keystrokes typed after a password prompt (telnet) are a secret too.
            if maskCredentials, let last = segments.last, last.fromA != seg.fromA, CredentialMask.isPasswordPrompt(last.text) {
                let end = bytes.firstIndex { $0 == 0x0D || $0 == 0x0A } ?? bytes.count
                if end > 0 { bytes = Array(CredentialMask.maskText.utf8) + bytes[end...] }
            }
            segments.append(.init(fromA: seg.fromA, frame: seg.frame, text: printable(bytes), bytes: bytes))
        }
        let a = "\(st.nodeA.address):\(st.nodeA.port)", b = "\(st.nodeB.address):\(st.nodeB.port)"
        var handshake: [String] = []
        if let c = conv {
            let aIsNodeA = c.a == st.nodeA
            let (fromA, fromB) = aIsNodeA ? (c.aToB, c.bToA) : (c.bToA, c.aToB)
            if fromA.syn > 0 { handshake.append("\(a) sent the SYN (frame \(fromA.firstSynFrame))") }
            if fromB.syn > 0 { handshake.append("\(b) sent a SYN (frame \(fromB.firstSynFrame))") }
            if fromB.synAck > 0 { handshake.append("\(b) answered SYN+ACK (frame \(fromB.firstSynAckFrame))") }
            if fromA.synAck > 0 { handshake.append("\(a) answered SYN+ACK (frame \(fromA.firstSynAckFrame))") }
            if fromA.rst > 0 { handshake.append("\(a) sent RST (frame \(fromA.firstRstFrame))") }
            if fromB.rst > 0 { handshake.append("\(b) sent RST (frame \(fromB.firstRstFrame))") }
            if fromA.fin + fromB.fin > 0 { handshake.append("the connection was closed with FIN") }
        }
        let text = handshake.isEmpty ? "" : handshake.joined(separator: "; ") + "."
        return ReportModel.Stream(
            protocolName: "tcp", stream: st.stream, nodeA: a, nodeB: b, frames: st.frames, frameCount: st.frameCount,
            payloadBytesAtoB: st.payloadBytesAToB, payloadBytesBtoA: st.payloadBytesBToA, excerpt: segments,
            bytesNotShown: hidden, why: why, handshake: text, filter: "tcp.stream eq \(st.stream)")
    }

    /// Follow Stream's ASCII view: printable ASCII kept, line breaks kept, everything else `.`.
    static func printable<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8](); out.reserveCapacity(bytes.count)
        for b in bytes {
            if (0x20 ... 0x7E).contains(b) || b == 0x0A { out.append(b) } else if b == 0x0D { continue } else { out.append(0x2E) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: filters

    static func reproductionFilters(_ s: TrafficSummary, _ a: ThreatAssessment) -> [ReportModel.Observation] {
        var out: [ReportModel.Observation] = []
        for f in a.findings {
            out.append(.init(text: "\(f.id) (\(f.kind.rawValue)): all frames of the finding", filter: f.displayFilter))
        }
        out.append(.init(text: "Every TCP reset", filter: "tcp.flags.reset==1"))
        out.append(.init(text: "Connection requests (SYN without ACK)", filter: "tcp.flags.syn==1 && tcp.flags.ack==0"))
        out.append(.init(text: "TCP analysis flags (retransmissions, duplicate ACKs, zero windows…)", filter: "tcp.analysis.flags"))
        if s.malformedFrames > 0 { out.append(.init(text: "Malformed packets", filter: "_ws.malformed")) }
        out.append(.init(text: "Expert items of severity warning or above", filter: "_ws.expert.severity >= warning"))
        return out
    }
}
