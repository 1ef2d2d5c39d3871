import PacketDecoding
import ReportRendering
import Support
import ThreatFindings
import TrafficStatistics

extension ReportModelBuilder {
    static func percent(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "0%" : NumberFormat.fixed(Double(part) * 100 / Double(whole), 1) + "%"
    }

    /// What the protocol hierarchy says at a glance.
    static func hierarchyObservations(_ s: TrafficSummary) -> [ReportModel.Observation] {
        let total = s.properties.packets
        guard total > 0 else { return [.init(text: "The capture holds no packets.", filter: nil)] }
        var frames: [ProtocolID: Int] = [:]
        for n in s.hierarchy.nodes { if let id = n.path.last { frames[id, default: 0] += n.frames } }
        var out: [ReportModel.Observation] = []
        let tcp = frames[.tcp] ?? 0, udp = frames[.udp] ?? 0, icmp = (frames[.icmp] ?? 0) + (frames[.icmpv6] ?? 0)
        var parts: [String] = []
        if tcp > 0 { parts.append("TCP \(percent(tcp, total))") }
        if udp > 0 { parts.append("UDP \(percent(udp, total))") }
        if icmp > 0 { parts.append("ICMP \(percent(icmp, total))") }
        if let arp = frames[.arp], arp > 0 { parts.append("ARP \(percent(arp, total))") }
        if !parts.isEmpty { out.append(.init(text: "Share of frames: " + parts.joined(separator: ", ") + ".", filter: nil)) }
        let transportOnly: Set<ProtocolID> = [.eth, .vlan, .sll, .null, .raw, .ip, .ipv6, .tcp, .udp, .icmp, .icmpv6, .arp, .data,
            .ipv6HopOpts, .ipv6Fragment, .ipv6Routing, .ipv6DestOpts, .ethertype, .llc,
            .tcpSegments,
        ]
        // Wireshark's own markers (a short frame, FTP's working-directory field) are hierarchy rows,
        // not protocols a host spoke.
        let markers: Set<ProtocolID> = [.malformed, .packetComment, .short, .ftpCurrentWorkingDirectory]
        let applications = frames.filter { !transportOnly.contains($0.key) && !markers.contains($0.key) }
        if applications.isEmpty && tcp > 0 {
            out.append(.init(text: "No higher-level protocol at all: the TCP segments carry no application data, which is what probes and scans look like.", filter: "tcp.len > 0"))
        } else if !applications.isEmpty {
            let names = applications.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .prefix(6).map { "\($0.key.filterName) (\(NumberFormat.grouped($0.value)) frames)" }
            out.append(.init(text: "Application protocols: " + names.joined(separator: ", ") + ".", filter: nil))
        }
        if s.malformedFrames > 0 {
            out.append(.init(text: "\(s.malformedFrames) frame\(s.malformedFrames == 1 ? " is" : "s are") malformed (Wireshark: [Malformed Packet]).", filter: "_ws.malformed"))
        }
        return out
    }

    /// What the conversation tables say: one-packet sessions, port spread, durations, packet sizes.
    static func conversationObservations(_ s: TrafficSummary) -> [ReportModel.Observation] {
        let tcp = s.conversations.tcp.rows
        var out: [ReportModel.Observation] = []
        guard !tcp.isEmpty || !s.conversations.udp.rows.isEmpty else {
            return [.init(text: "No TCP or UDP conversations.", filter: nil)]
        }
        if !tcp.isEmpty {
            // Counted in one loop: filtering would copy rows (hundreds of bytes each) of tables of
            // up to 100k conversations.
            var short = 0, noData = 0, quick = 0
            var portSet = Set<UInt16>()
            for row in tcp {
                if row.frames <= 2 { short += 1 }
                if row.aToB.payloadBytes + row.bToA.payloadBytes == 0 { noData += 1 }
                if row.lastTimestamp - row.firstTimestamp < 1_000_000_000 { quick += 1 }
                portSet.insert(row.b.port)
            }
            let ports = portSet.count
            out.append(.init(text: "\(tcp.count) TCP conversation\(tcp.count == 1 ? "" : "s") to \(ports) distinct destination port\(ports == 1 ? "" : "s"); \(short) of them have at most two packets and \(noData) carry no data at all.", filter: "tcp"))
            if quick * 10 >= tcp.count * 9 && tcp.count >= 10 {
                out.append(.init(text: "\(percent(quick, tcp.count)) of the TCP conversations last under a second: very short sessions.", filter: nil))
            }
        }
        let c = s.conversations
        for (name, capacity, dropped) in [("Ethernet", c.ethernet.capacity, c.ethernet.droppedFrames), ("IPv4", c.ipv4.capacity, c.ipv4.droppedFrames),
                                          ("IPv6", c.ipv6.capacity, c.ipv6.droppedFrames), ("TCP", c.tcp.capacity, c.tcp.droppedFrames),
                                          ("UDP", c.udp.capacity, c.udp.droppedFrames)] where dropped > 0 {
            out.append(.init(text: "The \(name) conversation table is capped at \(NumberFormat.grouped(capacity)) conversations: \(NumberFormat.grouped(dropped)) more frames belong to conversations beyond the cap; they are counted in the capture totals but not listed.", filter: nil))
        }
        let udp = s.conversations.udp.rows
        if !udp.isEmpty {
            var udpPorts = Set<UInt16>()
            for row in udp { udpPorts.insert(row.b.port) }
            let ports = udpPorts.count
            out.append(.init(text: "\(udp.count) UDP conversation\(udp.count == 1 ? "" : "s") to \(ports) distinct destination port\(ports == 1 ? "" : "s").", filter: "udp"))
        }
        if s.properties.packets > 0 {
            let average = Double(s.properties.dataBytes) / Double(s.properties.packets)
            if average < 80 {
                out.append(.init(text: "Small packets: \(NumberFormat.fixed(average, 1)) bytes on average, headers with little or no payload.", filter: "frame.len < 80"))
            }
        }
        return out
    }

    /// What the expert items suggest.
    static func expertObservations(_ s: TrafficSummary) -> [ReportModel.Observation] {
        var out: [ReportModel.Observation] = []
        let items = s.expert.items
        let resets = items.filter { $0.summary == "Connection reset (RST)" }.reduce(0) { $0 + $1.count }
        let synItems = items.filter { $0.summary.hasPrefix("Connection establish request (SYN)") }
        let syns = synItems.reduce(0) { $0 + $1.count }
        if syns > 0 {
            out.append(.init(text: "\(syns) connection request\(syns == 1 ? "" : "s") (SYN) to \(synItems.count) distinct server port\(synItems.count == 1 ? "" : "s").", filter: "tcp.flags.syn==1 && tcp.flags.ack==0"))
            if synItems.count >= 15 {
                out.append(.init(text: "Connection requests spread over a wide range of ports (\(synItems.count)): typical of a port scan, not of normal clients, which talk to a few services.", filter: nil))
            }
        }
        if resets > 0 {
            let ratio = syns > 0 ? " (\(NumberFormat.fixed(Double(resets) / Double(syns), 2)) per SYN)" : ""
            out.append(.init(text: "\(resets) connection reset\(resets == 1 ? "" : "s")\(ratio)\(syns > 0 && resets * 2 >= syns ? ": a very high number of resets, most attempts were refused or aborted" : "").", filter: "tcp.flags.reset==1"))
        }
        out += tcpAnalysisObservations(s)
        if s.malformedFrames > 0 {
            out.append(.init(text: "\(s.malformedFrames) malformed packet\(s.malformedFrames == 1 ? "" : "s"): broken or deliberately crafted headers.", filter: "_ws.malformed"))
        }
        if out.isEmpty { out.append(.init(text: "Nothing stands out in the expert information.", filter: nil)) }
        return out
    }

    /// The TCP analysis in plain words: how many segments it flagged, the conversation that resent the
    /// most (its retransmission rate), and who advertised zero windows, each with its display filter.
    static func tcpAnalysisObservations(_ s: TrafficSummary) -> [ReportModel.Observation] {
        var out: [ReportModel.Observation] = []
        func total(_ prefix: String) -> Int {
            s.expert.items.filter { $0.protocolName == "TCP" && $0.summary.hasPrefix(prefix) }.reduce(0) { $0 + $1.count }
        }
        let retransmissions = total("This frame is a (suspected) retransmission")
        let duplicates = total("Duplicate ACK (#"), outOfOrder = total("This frame is a (suspected) out-of-order")
        let gaps = total("Previous segment(s) not captured") + total("ACKed segment that wasn't captured")
        let parts = [
            (retransmissions, "retransmission", "retransmissions"), (duplicates, "duplicate ACK", "duplicate ACKs"),
            (outOfOrder, "out-of-order segment", "out-of-order segments"),
            (gaps, "gap (segment not captured)", "gaps (segments not captured)"),
        ].filter { $0.0 > 0 }
        if !parts.isEmpty {
            let list = parts.map { "\(NumberFormat.grouped($0.0)) \($0.0 == 1 ? $0.1 : $0.2)" }.joined(separator: ", ")
            out.append(.init(text: "TCP analysis flagged \(list): signs of loss or reordering on the path (or of a capture that missed packets).",
                             filter: "tcp.analysis.flags && !tcp.analysis.window_update"))
        }
        let resending = s.expert.tcpHealth.filter { $0.retransmissions > 0 }
        if let worst = resending.max(by: { l, r in
            l.retransmissions != r.retransmissions ? l.retransmissions < r.retransmissions : l.retransmissionRate < r.retransmissionRate
        }) {
            let others = resending.count > 1 ? " \(resending.count) conversations resent data in all." : ""
            out.append(
                .init(
                    text:
                        "Highest retransmission count: \(endpointText(worst.a)) ↔ \(endpointText(worst.b)) resent \(NumberFormat.grouped(worst.retransmissions)) of \(NumberFormat.grouped(worst.dataSegments)) segments (\(NumberFormat.fixed(worst.retransmissionRate * 100, 1)) %).\(others)",
                    filter: "tcp.analysis.retransmission && \(conversationFilter(worst.a, worst.b))"))
        }
        var zeroSenders: [(Endpoint, Int)] = []
        for h in s.expert.tcpHealth {
            if h.zeroWindowsFromA > 0 { zeroSenders.append((h.a, h.zeroWindowsFromA)) }
            if h.zeroWindowsFromB > 0 { zeroSenders.append((h.b, h.zeroWindowsFromB)) }
        }
        zeroSenders.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        if !zeroSenders.isEmpty {
            let count = zeroSenders.reduce(0) { $0 + $1.1 }
            let who = zeroSenders.prefix(3).map { "\(endpointText($0.0)) (\($0.1))" }.joined(separator: ", ")
            out.append(.init(text: "\(count) zero-window segment\(count == 1 ? "" : "s"), sent by \(who): that receiver's buffer was full, so its peer had to stop sending.",
                             filter: "tcp.analysis.zero_window"))
        }
        return out
    }

    static func endpointText(_ e: Endpoint) -> String {
        e.address.isIPv6 ? "[\(e.address)]:\(e.port)" : "\(e.address):\(e.port)"
    }

    static func conversationFilter(_ a: Endpoint, _ b: Endpoint) -> String {
        let field = a.address.isIPv6 ? "ipv6.addr" : "ip.addr"
        return "\(field)==\(a.address) && \(field)==\(b.address) && tcp.port==\(a.port) && tcp.port==\(b.port)"
    }
}
