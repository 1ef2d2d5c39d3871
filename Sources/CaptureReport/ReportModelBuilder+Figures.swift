import PacketDecoding
import ReportRendering
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
            if let sample = evidenceSample(f.evidenceFrames, s.frameSamples, firstPacketShown: model.firstPacket != nil) {
                // A login's data may spell the password: the frame's headers only, never its payload.
                let bytes = carriesCredentials(f) ? payloadFree(sample.bytes, sample.packet) : sample.bytes
                model.findings[i].evidencePacket = packetDetail(sample.packet, bytes: bytes, digits: digits, stream: sample.stream)
            } else if let frame = f.evidenceFrames.first {
                if frame != 1 || model.firstPacket == nil { model.findings[i].evidenceNoteFilter = "frame.number == \(frame)" }
                model.findings[i].evidenceNote =
                    frame == 1 && model.firstPacket != nil
                    ? "The first evidence frame is frame 1, shown field by field in \"Packet 1 in detail\"."
                    : "The bytes of frame \(frame) were not kept: the pass keeps the first \(FrameSamplesPass.framesPerSource) frames of "
                        + "each source and the first frames of each conversation, \(FrameSamplesPass.framesKept) frames at most. "
                        + "Open the capture at frame \(frame) to see it, display filter"
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
                    let sample = s.frameSamples.first(where: { $0.packet.frameNumber == p.number })
                else { continue }
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

    /// The evidence frame a finding shows: its first evidence frame whose bytes the pass kept, frame 1
    /// only when the walkthrough does not already show it (never the same frame twice).
    static func evidenceSample(_ frames: [Int], _ samples: [FrameSample], firstPacketShown: Bool) -> FrameSample? {
        for frame in frames where !(frame == 1 && firstPacketShown) {
            if let sample = samples.first(where: { $0.packet.frameNumber == frame }) { return sample }
        }
        return nil
    }

    /// Whether a finding's evidence frames are logins whose payload may hold a password.
    static func carriesCredentials(_ f: Finding) -> Bool {
        switch f.facts {
        case .bruteForce, .cleartextCredentials: true
        default: false
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
        let tcp = f.technique != .udp
        let table = tcp ? s.conversations.tcp : s.conversations.udp
        var out: [ReportModel.ScanPoint] = []
        for r in table.rows {
            let forward: Bool
            if r.a.address == scanner && r.b.address == target {
                forward = true
            } else if r.b.address == scanner && r.a.address == target {
                forward = false
            } else {
                continue
            }
            let port = Int(forward ? r.b.port : r.a.port)
            let fromScanner = forward ? r.aToB : r.bToA, fromTarget = forward ? r.bToA : r.aToB
            guard fromScanner.frames > 0 else { continue }
            let state: PortState
            if tcp {
                state = fromTarget.synAck > 0 ? .open : (fromTarget.rst > 0 ? .closed : .filtered)
            } else {
                state = fromTarget.frames > 0 ? .open : .filtered
            }
            out.append(.init(offsetSeconds: seconds(r.firstTimestamp, since: base), port: port, state: state))
        }
        return out
    }
}
