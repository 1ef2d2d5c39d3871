import Support
import ThreatFindings

extension JSONValue {
    /// This object with `member` after the member named `key` (`ReportModel.inserting`).
    func inserting(_ member: (String, JSONValue)?, after key: String) -> JSONValue {
        ReportModel.inserting(member, after: key, into: self)
    }
}

extension ReportModel {
    /// The IOC list: every indicator once, with its kind, role and the findings that rest on it.
    func indicatorsJSON() -> JSONValue {
        let rows = indicators.map { i -> JSONValue in
            let ids = JSONValue.array(i.findingIDs.map(JSONValue.string))
            let fields: [(String, JSONValue)] = [
                ("value", .string(i.value)), ("kind", .string(i.kind.rawValue)), ("role", .string(i.role.rawValue)), ("findingIds", ids),
            ]
            return .object(fields)
        }
        return .array(rows)
    }

    /// The machine-readable twin of the report, per the JSON contract (schemaVersion 1).
    public func json() -> JSONValue {
        Self.inserting(
            dns.map { ("dns", $0.json()) }, after: "findings",
            into: .object([
                ("schemaVersion", .int(1)),
                ("generator", .object([("name", .string(generatorName)), ("version", .string(generatorVersion))])),
                ("capture", captureJSON()),
                ("firstPacket", firstPacket.map(Self.packetJSON) ?? .null),
                (
                    "protocolHierarchy",
                    .array(
                        hierarchy.map {
                            .object([
                                ("path", .array($0.path.map(JSONValue.string))), ("frames", .int($0.frames)), ("bytes", .int($0.bytes)),
                            ])
                        })
                ),
                (
                    "conversations",
                    .object(
                        conversations.all.map { name, rows in
                            (name, .rows(count: rows.count) { Self.writeConversation(rows[$0], to: &$1) })
                        })
                ),
                (
                    "endpoints",
                    .object(
                        endpoints.all.map { name, rows in
                            (name, .rows(count: rows.count) { Self.writeEndpoint(rows[$0], to: &$1) })
                        })
                ),
                ("expert", expertJSON()),
                ("streams", .array(streams.map(Self.streamJSON))),
                ("findings", .array(findings.map(Self.findingJSON))),
                (
                    "verdict",
                    .object([
                        ("classification", .string(verdict.classification)), ("severity", .string(verdict.severity.rawValue)),
                        ("headline", .string(headline)), ("findingIds", .array(verdict.findingIds.map(JSONValue.string))),
                    ])
                ),
                (
                    "recommendations",
                    .array(
                        recommendations.map {
                            .object([
                                ("id", .string($0.id)), ("title", .string($0.title)), ("detail", .string($0.detail)),
                                ("appliesTo", .array($0.appliesTo.map(JSONValue.string))),
                                ("references", .array($0.references.map(JSONValue.string))),
                            ])
                        })
                ),
                ("thresholds", .object(ThresholdListing.rows(thresholds).map { ($0.key, ThresholdListing.json($0.value)) })),
                ("report", reportJSON()),
            ])
        ).inserting(http.map { ("http", $0.json()) }, after: dns == nil ? "findings" : "dns")
            .inserting(tls.map { ("tls", $0.json()) }, after: http != nil ? "http" : dns != nil ? "dns" : "findings")
            .inserting(
                indicators.isEmpty ? nil : ("indicators", indicatorsJSON()),
                after: tls != nil ? "tls" : http != nil ? "http" : dns != nil ? "dns" : "findings")
    }

    /// How this report was made and for whom (an addition, docs/report-json.md): the edition, the
    /// header's customer, analyst, ticket, marking and id, the stated generation time, the display
    /// zone, and the redaction applied, so a reader of the JSON alone knows what was withheld.
    func reportJSON() -> JSONValue {
        let p = presentation, r = redaction
        return .object([
            ("edition", .string(p.edition.rawValue)), ("customer", .optional(p.customer)), ("analyst", .optional(p.analyst)),
            ("ticket", .optional(p.ticket)), ("tlp", .optional(p.tlp.map(\.label))), ("reportId", .optional(p.reportID)),
            ("reportVersion", .optional(p.reportVersion)), ("generatedAt", .optional(p.generatedAt)),
            ("timeZone", .string(p.timeZone.name)),
            (
                "redaction",
                .object([
                    ("addresses", .bool(r.keepNetworks != nil)),
                    ("keptNetworks", .array((r.keepNetworks ?? []).map { .string($0.description) })),
                    ("payload", .bool(r.dropPayload)), ("credentialsMasked", .bool(r.maskCredentials)),
                ])
            ),
        ])
    }

    /// `object` with `member` after the member named `key`; unchanged when `member` is nil (an optional
    /// section is absent from the JSON rather than null, so captures without it keep their bytes).
    static func inserting(_ member: (String, JSONValue)?, after key: String, into object: JSONValue) -> JSONValue {
        guard let member, case var .object(fields) = object else { return object }
        fields.insert(member, at: (fields.firstIndex { $0.0 == key } ?? fields.count - 1) + 1)
        return .object(fields)
    }

    func captureJSON() -> JSONValue {
        let c = capture
        return .object([
            ("fileName", .string(c.fileName)), ("fileBytes", .int(c.fileBytes)), ("format", .string(c.format)),
            ("fileType", .string(c.formatLabel)),
            ("timestampPrecision", .string(c.timestampPrecision)), ("encapsulation", .string(c.encapsulation)),
            ("snaplen", .optional(c.snaplen)), ("packets", .int(c.packets)), ("dataBytes", .int(c.dataBytes)),
            ("firstPacketTime", .optional(c.firstPacketTime)), ("lastPacketTime", .optional(c.lastPacketTime)),
            ("durationSeconds", .optional(c.durationSeconds)), ("dataByteRate", .optional(c.dataByteRate)),
            ("averagePacketSize", .optional(c.averagePacketSize)), ("averagePacketRate", .optional(c.averagePacketRate)),
            ("strictTimeOrder", .bool(c.strictTimeOrder)), ("sha256", .string(c.sha256)), ("sha1", .string(c.sha1)),
            ("hardware", .optional(c.hardware)), ("os", .optional(c.os)), ("application", .optional(c.application)),
            ("comments", .array(c.comments.map(JSONValue.string))),
            (
                "interfaces",
                .array(
                    c.interfaces.map {
                        .object([
                            ("name", .optional($0.name)), ("description", .optional($0.description)), ("linkType", .string($0.linkType)),
                            ("snaplen", .optional($0.snaplen)), ("captureFilter", .optional($0.captureFilter)), ("os", .optional($0.os)),
                            ("packets", .optional($0.packets)), ("droppedPackets", .optional($0.droppedPackets)),
                        ])
                    })
            ),
            ("readProblem", .optional(c.readProblem)),
            ("readMethod", .optional(c.readMethod)),
        ])
    }

    static func packetJSON(_ p: PacketDetail) -> JSONValue {
        .object([
            ("number", .int(p.number)), ("summary", .string(p.summary)), ("meaning", .string(p.meaning)),
            (
                "layers",
                .array(
                    p.layers.map { l in
                        .object([
                            ("protocol", .string(l.protocolName)), ("title", .string(l.title)),
                            ("fields", .array(l.fields.map { .object([("name", .string($0.name)), ("value", .string($0.value))]) })),
                        ])
                    })
            ),
        ])
    }

    /// A conversation row, written straight into the report (no value tree per row).
    static func writeConversation(_ r: ConversationRow, to w: inout JSONRowWriter) {
        w.field("addressA", r.addressA); w.field("addressB", r.addressB)
        if let a = r.portA, let b = r.portB, let s = r.stream { w.field("portA", a); w.field("portB", b); w.field("stream", s) }
        w.field("framesAtoB", r.framesAtoB); w.field("bytesAtoB", r.bytesAtoB); w.field("framesBtoA", r.framesBtoA)
        w.field("bytesBtoA", r.bytesBtoA); w.field("relStart", r.relStart); w.field("duration", r.duration)
    }

    /// An endpoint row, written straight into the report.
    static func writeEndpoint(_ r: EndpointRow, to w: inout JSONRowWriter) {
        w.field("address", r.address)
        if let p = r.port { w.field("port", p) }
        w.field("packets", r.packets); w.field("bytes", r.bytes); w.field("txPackets", r.txPackets)
        w.field("txBytes", r.txBytes); w.field("rxPackets", r.rxPackets); w.field("rxBytes", r.rxBytes)
    }

    static func streamJSON(_ s: Stream) -> JSONValue {
        .object([
            ("protocol", .string(s.protocolName)), ("stream", .int(s.stream)), ("nodeA", .string(s.nodeA)), ("nodeB", .string(s.nodeB)),
            ("frames", .array(s.frames.map(JSONValue.int))), ("frameCount", .int(s.frameCount)),
            ("payloadBytesAtoB", .int(s.payloadBytesAtoB)), ("payloadBytesBtoA", .int(s.payloadBytesBtoA)),
            (
                "excerpt",
                .array(
                    s.excerpt.map {
                        .object([("from", .string($0.fromA ? "A" : "B")), ("frame", .int($0.frame)), ("text", .string($0.text))])
                    })
            ),
            ("bytesNotShown", .int(s.bytesNotShown)), ("why", .string(s.why)), ("handshake", .string(s.handshake)),
            ("displayFilter", .string(s.filter)),
        ])
    }

    static func findingJSON(_ v: FindingView) -> JSONValue {
        let f = v.finding
        let ports: JSONValue
        if let p = f.ports {
            let list: ([UInt16]) -> JSONValue = { .array($0.map { JSONValue.int(Int($0)) }) }
            ports = .object([
                ("probed", .int(p.probed)), ("open", list(p.open)), ("closed", list(p.closed)),
                ("filtered", list(p.filtered)), ("unfiltered", list(p.unfiltered)), ("openOrFiltered", list(p.openOrFiltered)),
            ])
        } else {
            var targeted: [(String, JSONValue)] = [("targeted", .array(f.targetedPorts.map { JSONValue.int(Int($0)) }))]
            if let n = f.targetedPortTotal { targeted.append(("targetedTotal", .int(n))) }
            ports = .object(targeted)
        }
        var fields: [(String, JSONValue)] = [
            ("id", .string(f.id)), ("kind", .string(f.kind.rawValue)), ("technique", .optional(f.technique?.rawValue)),
            ("severity", .string(f.severity.rawValue)), ("confidence", .double(f.confidence)),
            ("confidenceReason", .string(v.words.confidenceReason)),
            ("attackers", .array(f.attackers.map { .string($0.description) })),
            ("decoys", .array(f.decoys.map { .string($0.description) })),
            ("targets", .array(f.targets.map { .string($0.description) })),
            ("respondingHosts", .array(f.respondingHosts.map { .string($0.description) })),
            ("ports", ports),
            ("firstFrame", .int(f.firstFrame)), ("lastFrame", .int(f.lastFrame)),
            ("start", .string(v.startText)), ("end", .string(v.endText)),
            ("packetCount", .int(f.packetCount)), ("evidenceFrames", .array(f.evidenceFrames.map(JSONValue.int))),
            ("displayFilter", .string(f.displayFilter)), ("attack", .array(f.attack.map(JSONValue.string))),
            ("summary", .string(v.words.summary)), ("details", .array(v.words.details.map(JSONValue.string))),
            ("recommendations", .array(v.recommendations.map(JSONValue.string))),
        ]
        // A capped list's total beside it, only when the list is capped.
        let at = (fields.firstIndex { $0.0 == "targets" } ?? 0) + 1
        let totals: [(String, Int?)] = [("attackersTotal", f.attackerTotal), ("targetsTotal", f.targetTotal)]
        fields.insert(contentsOf: totals.compactMap { name, n in n.map { (name, JSONValue.int($0)) } }, at: at)
        return .object(fields)
    }
}

extension ReportModel {
    /// `expert`: counts, aggregated items (each with `firstFrame` and at most `ExpertPass.framesKept`
    /// `frames`), and, only when asked for (`--expert-detail`), `perPacket`: every item on every frame.
    func expertJSON() -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("counts", .object(expert.counts.map { ($0.0, .int($0.1)) })),
            (
                "items",
                .array(
                    expert.items.map {
                        .object([
                            ("severity", .string($0.severity)), ("group", .string($0.group)), ("protocol", .string($0.protocolName)),
                            ("summary", .string($0.summary)), ("count", .int($0.count)), ("firstFrame", .int($0.firstFrame)),
                            ("frames", .array($0.frames.map(JSONValue.int))),
                        ])
                    })
            ),
        ]
        if let perPacket = expert.perPacket {
            fields.append(("perPacket", .array(perPacket.map { .object([("frame", .int($0.frame)), ("item", .int($0.item))]) })))
        }
        return .object(fields)
    }
}
