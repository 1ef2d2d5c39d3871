import PacketDecoding
import ThreatFindings
import TrafficStatistics

extension ReportModelBuilder {
    /// What the figures and the header need beyond the walkthrough: the I/O graph, each finding's
    /// window, scan points and first evidence frame, the presentation options, and redaction.
    static func decorate(_ model: inout ReportModel, _ s: TrafficSummary, options: ReportOptions) {
        let base = s.properties.firstTimestamp ?? 0
        let digits = model.capture.timestampDigits
        if !s.ioGraph.frames.isEmpty {
            model.ioGraph = .init(bucketNanoseconds: s.ioGraph.bucketNanoseconds, frames: s.ioGraph.frames, bytes: s.ioGraph.bytes)
        }
        model.presentation = options.presentation
        model.redaction = options.redaction
        for i in model.findings.indices {
            let f = model.findings[i].finding
            model.findings[i].startSeconds = seconds(f.start, since: base)
            model.findings[i].endSeconds = seconds(f.end, since: base)
            if f.ports != nil { model.findings[i].scanPoints = scanPoints(f, s, base: base) }
            if let frame = f.evidenceFrames.first {
                if let sample = s.frameSamples.first(where: { $0.packet.frameNumber == frame }) {
                    model.findings[i].evidencePacket = packetDetail(sample.packet, bytes: sample.bytes, digits: digits)
                } else {
                    model.findings[i].evidenceNote = "The bytes of frame \(frame) were not kept: the pass keeps frame 1 and the first frame of each of the first \(FrameSamplesPass.framesKept) conversations. Open the capture at frame \(frame) (`frame.number == \(frame)`) to see it."
                }
            }
        }
        if options.redaction.dropPayload {
            for i in model.streams.indices {
                model.streams[i].bytesNotShown += model.streams[i].excerpt.reduce(0) { $0 + max($1.bytes.count, $1.text.utf8.count) }
                model.streams[i].excerpt = []
            }
            if var p = model.firstPacket, let packet = s.firstPacket { p.bytes = payloadFree(p.bytes, packet); model.firstPacket = p }
            for i in model.findings.indices {
                guard var p = model.findings[i].evidencePacket,
                      let sample = s.frameSamples.first(where: { $0.packet.frameNumber == p.number }) else { continue }
                p.bytes = payloadFree(p.bytes, sample.packet)
                model.findings[i].evidencePacket = p
            }
        }
        if options.redaction.keepNetworks != nil {
            // The bytes of a frame spell its addresses: with address masking, no hex dump is shown.
            model.firstPacket?.bytes = []
            for i in model.findings.indices { model.findings[i].evidencePacket?.bytes = [] }
        }
    }

    static func seconds(_ t: Int64, since base: Int64) -> Double {
        let (d, o) = t.subtractingReportingOverflow(base)
        return o ? 0 : Double(d) / 1e9
    }

    /// Headers only: the bytes before the transport payload.
    static func payloadFree(_ bytes: [UInt8], _ p: DecodedPacket) -> [UInt8] {
        guard p.payloadLength > 0, p.payloadOffset < bytes.count else { return bytes }
        return Array(bytes.prefix(p.payloadOffset))
    }

    /// One point per port the scanner probed on the first target, in order of the first probe.
    static func scanPoints(_ f: Finding, _ s: TrafficSummary, base: Int64) -> [ReportModel.ScanPoint] {
        guard let scanner = f.attackers.first, let target = f.targets.first else { return [] }
        let tcp = f.technique.map { !$0.hasPrefix("udp") } ?? true
        let table = tcp ? s.conversations.tcp : s.conversations.udp
        var out: [ReportModel.ScanPoint] = []
        for r in table.rows {
            let forward: Bool
            if r.a.address == scanner && r.b.address == target { forward = true } else if r.b.address == scanner && r.a.address == target {
                forward = false
            } else { continue }
            let port = Int(forward ? r.b.port : r.a.port)
            let fromScanner = forward ? r.aToB : r.bToA, fromTarget = forward ? r.bToA : r.aToB
            guard fromScanner.frames > 0 else { continue }
            let state: String
            if tcp {
                state = fromTarget.synAck > 0 ? "open" : (fromTarget.rst > 0 ? "closed" : "filtered")
            } else {
                state = fromTarget.frames > 0 ? "open" : "filtered"
            }
            out.append(.init(offsetSeconds: seconds(r.firstTimestamp, since: base), port: port, state: state))
        }
        return out
    }
}

/// Masks credentials in payload bytes before they reach a report: the values of `Authorization`,
/// `Proxy-Authorization`, `Cookie` and `Set-Cookie` headers, `PASS`, `AUTH` and IMAP `LOGIN`
/// commands, and `password=`/`token=`-style form fields. Masked values become `********`.
enum CredentialMask {
    static let mask = Array("********".utf8)
    /// Line prefixes (case-insensitive) after which the rest of the line is a secret.
    static let linePrefixes = ["authorization:", "proxy-authorization:", "cookie:", "set-cookie:", "pass ", "auth plain ",
                               "auth login ", "auth cram-md5 ", "x-api-key:", "x-auth-token:"]
    /// Form and query fields whose value is a secret (up to `&`, `;`, space or line end).
    static let fields = ["password=", "passwd=", "pwd=", "pass=", "token=", "access_token=", "api_key=", "apikey=", "secret="]

    static func masked(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var lineStart = 0
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            let line = Array(bytes[lineStart ..< end])
            out += maskLine(line)
            if end < bytes.count { out.append(0x0A) }
            lineStart = end + 1
        }
        return out
    }

    static func lower(_ b: UInt8) -> UInt8 { (0x41 ... 0x5A).contains(b) ? b + 32 : b }

    static func hasPrefix(_ line: [UInt8], at i: Int, _ p: String) -> Bool {
        let pb = Array(p.utf8)
        guard i + pb.count <= line.count else { return false }
        for k in 0 ..< pb.count where lower(line[i + k]) != pb[k] { return false }
        return true
    }

    static func maskLine(_ line: [UInt8]) -> [UInt8] {
        var start = 0
        while start < line.count && (line[start] == 0x20 || line[start] == 0x09) { start += 1 }
        // IMAP: `tag LOGIN user password`.
        var tagEnd = start
        while tagEnd < line.count && line[tagEnd] != 0x20 { tagEnd += 1 }
        if hasPrefix(line, at: tagEnd, " login ") {
            let userStart = tagEnd + 7
            var userEnd = userStart
            while userEnd < line.count && line[userEnd] != 0x20 { userEnd += 1 }
            if userEnd < line.count { return Array(line[..<(userEnd + 1)]) + mask + (line.last == 0x0D ? [0x0D] : []) }
        }
        for p in linePrefixes where hasPrefix(line, at: start, p) {
            var valueStart = start + p.utf8.count
            while valueStart < line.count && line[valueStart] == 0x20 { valueStart += 1 }
            // Keep the scheme word of an Authorization header (`Basic`, `Bearer`, …).
            if p.hasSuffix("authorization:") {
                var w = valueStart
                while w < line.count && line[w] != 0x20 { w += 1 }
                if w < line.count { valueStart = w + 1 }
            }
            return Array(line[..<min(valueStart, line.count)]) + mask + (line.last == 0x0D ? [0x0D] : [])
        }
        var out: [UInt8] = []
        var i = 0
        while i < line.count {
            let boundary = i == 0 || [0x26, 0x3F, 0x3B, 0x20, 0x22, 0x2C, 0x7B].contains(line[i - 1])
            if boundary, let field = fields.first(where: { hasPrefix(line, at: i, $0) }) {
                let n = field.utf8.count
                out += line[i ..< i + n]
                var j = i + n
                while j < line.count && ![0x26, 0x3B, 0x20, 0x0D, 0x22, 0x2C, 0x7D].contains(line[j]) { j += 1 }
                if j > i + n { out += mask }
                i = j
                continue
            }
            out.append(line[i]); i += 1
        }
        return out
    }
}
