import PacketDecoding
import ReportRendering
import Support
import ThreatFindings
import TrafficStatistics

extension ReportModelBuilder {
    /// Packet 1 as Wireshark's middle pane shows it, field by field, with a one-line summary.
    static func firstPacketDetail(_ s: TrafficSummary, digits: Int) -> ReportModel.PacketDetail? {
        guard let p = s.firstPacket else { return nil }
        // Frame 1 opens the first TCP or UDP stream of the capture.
        return packetDetail(p, bytes: s.firstPacketBytes, digits: digits, stream: 0)
    }

    static func hex(_ v: some BinaryInteger, width: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func service(_ port: UInt16) -> String {
        PortNames.name(port).map { "\(port) (\($0))" } ?? "\(port)"
    }

    /// - Parameter stream: the frame's `tcp.stream`/`udp.stream` number, printed as Wireshark's
    ///   "Stream index" (nil when not known).
    static func packetDetail(_ p: DecodedPacket, bytes: [UInt8], digits: Int, stream: Int?) -> ReportModel.PacketDetail {
        var layers: [ReportModel.Layer] = []
        let protocols = p.stack.ids.map(\.filterName).joined(separator: ":")
        layers.append(.init(protocolName: "frame", title: "Frame \(p.frameNumber): \(p.wireLength) bytes on wire, \(p.capturedLength) bytes captured", fields: [
            .init(name: "Arrival time", value: TimeFormat.iso8601(p.timestamp, digits: digits)),
            .init(name: "Frame number", value: "\(p.frameNumber)"),
            .init(name: "Frame length", value: "\(p.wireLength) bytes"),
            .init(name: "Capture length", value: "\(p.capturedLength) bytes"),
            .init(name: "Protocols in frame", value: protocols),
        ]))
        if p.hasEthernet {
            layers.append(.init(protocolName: "eth", title: "Ethernet II, Src: \(p.ethernetSource), Dst: \(p.ethernetDestination)", fields: [
                .init(name: "Destination", value: p.ethernetDestination.description),
                .init(name: "Source", value: p.ethernetSource.description),
                .init(name: "Type", value: etherTypeName(p.etherType)),
            ] + (p.trailerLength > 0 ? [.init(name: p.trailerIsZero ? "Padding" : "Trailer", value: "\(p.trailerLength) bytes")] : [])))
            if p.vlanCount > 0 {
                layers.append(.init(protocolName: "vlan", title: "802.1Q Virtual LAN, ID: \(p.outerVLANID)", fields: [
                    .init(name: "ID", value: "\(p.outerVLANID)"),
                ] + (p.vlanCount > 1 ? [.init(name: "Inner ID", value: "\(p.innerVLANID)")] : [])))
            }
        }
        if p.isARP {
            layers.append(.init(protocolName: "arp", title: "Address Resolution Protocol (\(p.arpOperation == 1 ? "request" : p.arpOperation == 2 ? "reply" : "opcode \(p.arpOperation)"))", fields: [
                .init(name: "Opcode", value: p.arpOperation == 1 ? "request (1)" : p.arpOperation == 2 ? "reply (2)" : "\(p.arpOperation)"),
                .init(name: "Sender MAC address", value: p.arpSenderMAC.description),
                .init(name: "Sender IP address", value: p.arpSenderIP.description),
                .init(name: "Target MAC address", value: p.arpTargetMAC.description),
                .init(name: "Target IP address", value: p.arpTargetIP.description),
            ]))
        }
        if p.ipVersion == 4 {
            var flags: [String] = []
            if p.dontFragment { flags.append("Don't fragment") }
            if p.moreFragments { flags.append("More fragments") }
            layers.append(.init(protocolName: "ip", title: "Internet Protocol Version 4, Src: \(p.ipSource), Dst: \(p.ipDestination)", fields: [
                .init(name: "Version", value: "4"),
                .init(name: "Header Length", value: "\(p.ipHeaderLength) bytes (\(p.ipHeaderLength / 4))"),
                .init(name: "Differentiated Services Field", value: hex(p.ipTypeOfService, width: 2)),
                .init(name: "Total Length", value: "\(p.ipTotalLength)"),
                .init(name: "Identification", value: "\(hex(p.ipIdentification, width: 4)) (\(p.ipIdentification))"),
                .init(name: "Flags", value: flags.isEmpty ? "none" : flags.joined(separator: ", ")),
                .init(name: "Fragment Offset", value: "\(p.fragmentOffset)"),
                .init(name: "Time to Live", value: "\(p.timeToLive)"),
                .init(name: "Protocol", value: "\(ipProtocolName(p.transport)) (\(p.transport.rawValue))"),
                .init(name: "Header Checksum", value: "\(hex(p.ipHeaderChecksum, width: 4)) [validation disabled]"),
                .init(name: "Source Address", value: p.ipSource.description),
                .init(name: "Destination Address", value: p.ipDestination.description),
            ]))
        } else if p.ipVersion == 6 {
            layers.append(.init(protocolName: "ipv6", title: "Internet Protocol Version 6, Src: \(p.ipSource), Dst: \(p.ipDestination)", fields: [
                .init(name: "Version", value: "6"),
                .init(name: "Traffic Class", value: hex(p.ipTypeOfService, width: 2)),
                .init(name: "Payload Length", value: "\(p.ipTotalLength - 40)"),
                .init(name: "Next Header", value: "\(ipProtocolName(p.transport)) (\(p.transport.rawValue))"),
                .init(name: "Hop Limit", value: "\(p.timeToLive)"),
                .init(name: "Source Address", value: p.ipSource.description),
                .init(name: "Destination Address", value: p.ipDestination.description),
            ]))
        }
        if p.isTCP {
            var options: [String] = []
            if p.maximumSegmentSize > 0 { options.append("MSS \(p.maximumSegmentSize)") }
            if p.windowScale >= 0 { options.append("Window scale \(p.windowScale) (multiply by \(1 << Int(p.windowScale)))") }
            if p.sackPermitted { options.append("SACK permitted") }
            if p.sackBlocks > 0 { options.append("SACK \(p.sackBlocks) block(s)") }
            if p.hasTimestamps { options.append("Timestamps TSval \(p.timestampValue), TSecr \(p.timestampEcho)") }
            let flagNames = p.tcpFlags.names
            layers.append(.init(protocolName: "tcp", title: "Transmission Control Protocol, Src Port: \(p.sourcePort), Dst Port: \(p.destinationPort), Len: \(p.payloadWireLength)", fields: [
                .init(name: "Source Port", value: service(p.sourcePort)),
                .init(name: "Destination Port", value: service(p.destinationPort)),
                        .init(name: "Stream index", value: stream.map { "\($0)" } ?? "n/a"),
                        .init(name: "TCP Segment Len", value: "\(p.payloadWireLength)"),
                .init(name: "Sequence Number (raw)", value: "\(p.sequenceNumber)"),
                .init(name: "Acknowledgment Number (raw)", value: "\(p.acknowledgmentNumber)"),
                .init(name: "Header Length", value: "\(p.tcpHeaderLength) bytes (\(p.tcpHeaderLength / 4))"),
                .init(name: "Flags", value: "\(hex(p.tcpFlags.rawValue, width: 3)) (\(flagNames.isEmpty ? "none" : flagNames.joined(separator: ", ")))"),
                .init(name: "Window", value: "\(p.windowSize)"),
                .init(name: "Checksum", value: "\(hex(p.transportChecksum, width: 4)) [unverified]"),
                .init(name: "Urgent Pointer", value: "\(p.urgentPointer)"),
                .init(name: "Options", value: options.isEmpty ? "none" : options.joined(separator: ", ")),
            ]))
        } else if p.isUDP {
            layers.append(.init(protocolName: "udp", title: "User Datagram Protocol, Src Port: \(p.sourcePort), Dst Port: \(p.destinationPort)", fields: [
                .init(name: "Source Port", value: service(p.sourcePort)),
                .init(name: "Destination Port", value: service(p.destinationPort)),
                .init(name: "Length", value: "\(p.udpLength)"),
                .init(name: "Checksum", value: "\(hex(p.transportChecksum, width: 4)) [unverified]"),
                        .init(name: "Stream index", value: stream.map { "\($0)" } ?? "n/a"),
                    ]))
        } else if p.isICMP {
            layers.append(.init(protocolName: p.transport == .icmp ? "icmp" : "icmpv6",
                                title: p.transport == .icmp ? "Internet Control Message Protocol" : "Internet Control Message Protocol v6", fields: [
                .init(name: "Type", value: "\(p.icmpType) (\(icmpTypeName(p)))"),
                .init(name: "Code", value: "\(p.icmpCode)"),
                .init(name: "Checksum", value: "\(hex(p.transportChecksum, width: 4)) [unverified]"),
            ]))
        }
        if p.application != .none && p.application != .data {
            layers.append(.init(protocolName: p.application.filterName, title: protocolTitle(p.application), fields: [
                .init(name: "Payload", value: "\(p.payloadWireLength) bytes"),
            ]))
        } else if p.payloadWireLength > 0 && !p.isICMP {
            layers.append(.init(protocolName: "data", title: "Data (\(p.payloadWireLength) bytes)", fields: [
                .init(name: "Length", value: "\(p.payloadWireLength)"),
            ]))
        }
        if p.isMalformed {
            layers.append(.init(protocolName: "_ws.malformed", title: "[Malformed Packet]", fields: [
                .init(name: "Problem", value: issueText(p.issue)),
            ]))
        }
        var detail = ReportModel.PacketDetail(number: p.frameNumber, summary: summaryLine(p), meaning: meaning(p), layers: layers, bytes: bytes)
        detail.byteRanges = byteRanges(p)
        return detail
    }

    /// The bytes of each decoded layer, as Wireshark highlights them in the bytes pane when a layer
    /// is selected. Lengths are compared before use: a range never runs past the captured bytes.
    static func byteRanges(_ p: DecodedPacket) -> [ReportModel.ByteRange] {
        var out: [ReportModel.ByteRange] = []
        let captured = p.capturedLength
        func add(_ name: String, _ start: Int, _ length: Int) {
            guard length > 0, start >= 0, start < captured else { return }
            out.append(.init(protocolName: name, start: start, end: min(captured, start + length)))
        }
        var network: Int
        switch p.linkType {
        case .ethernet: network = p.hasEthernet ? 14 + 4 * p.vlanCount : 0
            if p.hasEthernet { add("eth", 0, 14); if p.vlanCount > 0 { add("vlan", 14, 4 * p.vlanCount) } }
        case .linuxSLL: network = 16; add("sll", 0, 16)
        case .linuxSLL2: network = 20; add("sll", 0, 20)
        case .null, .loop: network = 4; add("null", 0, 4)
        default: network = 0
        }
        if p.isARP { add("arp", network, 28); return out }
        guard p.ipVersion != 0, p.ipHeaderLength > 0 else { return out }
        add(p.ipVersion == 4 ? "ip" : "ipv6", network, p.ipHeaderLength)
        let transport = network + p.ipHeaderLength
        let packetEnd = network + max(p.ipTotalLength, p.ipHeaderLength)
        if p.isTCP { add("tcp", transport, p.tcpHeaderLength) } else if p.isUDP { add("udp", transport, 8) } else if p.isICMP {
            add(p.transport == .icmp ? "icmp" : "icmpv6", transport, (p.payloadLength > 0 ? p.payloadOffset : packetEnd) - transport)
        }
        if p.payloadLength > 0 && !p.isICMP {
            let name = p.application != .none && p.application != .data ? p.application.filterName : "data"
            add(name, p.payloadOffset, p.payloadLength)
        }
        if p.trailerLength > 0 { add(p.trailerIsZero ? "padding" : "trailer", packetEnd, p.trailerLength) }
        return out
    }

    static func issueText(_ issue: DecodeIssue?) -> String {
        switch issue {
        case let .truncated(layer, needed, available)?: "\(layer.rawValue) header needs \(needed) bytes, only \(available) present"
        case let .invalid(layer, reason)?: "\(layer.rawValue): \(reason.rawValue)"
        case nil: "none"
        }
    }

    static func etherTypeName(_ t: EtherType) -> String {
        switch t {
        case .ipv4: "IPv4 (0x0800)"; case .ipv6: "IPv6 (0x86dd)"; case .arp: "ARP (0x0806)"; case .vlan: "802.1Q Virtual LAN (0x8100)"
        default: hex(t.rawValue, width: 4)
        }
    }

    static func ipProtocolName(_ p: IPProtocol) -> String {
        switch p {
        case .tcp: "TCP"; case .udp: "UDP"; case .icmp: "ICMP"; case .icmpv6: "ICMPv6"; case .igmp: "IGMP"; case .gre: "GRE"
        default: "protocol \(p.rawValue)"
        }
    }

    static func protocolTitle(_ id: ProtocolID) -> String {
        switch id {
        case .http: "Hypertext Transfer Protocol"; case .dns: "Domain Name System"; case .tls: "Transport Layer Security"
        case .ssh: "SSH Protocol"; case .ftp: "File Transfer Protocol"; case .telnet: "Telnet"; case .smtp: "Simple Mail Transfer Protocol"
        default: id.filterName.uppercased()
        }
    }

    static func icmpTypeName(_ p: DecodedPacket) -> String {
        if p.transport == .icmp {
            switch p.icmpType {
            case 0: return "Echo (ping) reply"; case 8: return "Echo (ping) request"; case 3: return "Destination unreachable"
            case 11: return "Time-to-live exceeded"; case 5: return "Redirect"; case 13: return "Timestamp request"; case 14: return "Timestamp reply"
            default: return "type \(p.icmpType)"
            }
        }
        switch p.icmpType {
        case 128: return "Echo (ping) request"; case 129: return "Echo (ping) reply"; case 1: return "Destination Unreachable"
        case 133: return "Router Solicitation"; case 134: return "Router Advertisement"
        case 135: return "Neighbor Solicitation"; case 136: return "Neighbor Advertisement"
        default: return "type \(p.icmpType)"
        }
    }

    /// Like Wireshark's packet list: `10.39.5.6 → 10.39.5.2 TCP 58 54321 → 443 [SYN] Seq=0 Win=1024 Len=0 MSS=1460`.
    static func summaryLine(_ p: DecodedPacket) -> String {
        let (src, dst): (String, String)
        if p.ipVersion != 0 { (src, dst) = (p.ipSource.description, p.ipDestination.description) } else if p.hasEthernet {
            (src, dst) = (p.ethernetSource.description, p.ethernetDestination.isBroadcast ? "Broadcast" : p.ethernetDestination.description)
        } else { (src, dst) = ("?", "?") }
        var proto = "Frame", info = ""
        if p.isTCP {
            proto = "TCP"
            var parts = ["\(p.sourcePort) → \(p.destinationPort) [\(p.tcpFlags.names.joined(separator: ", "))]"]
            parts.append("Seq=\(p.tcpFlags.contains(.syn) ? "0" : "\(p.sequenceNumber)")")
            if p.tcpFlags.contains(.ack) { parts.append("Ack=\(p.acknowledgmentNumber)") }
            parts.append("Win=\(p.windowSize)"); parts.append("Len=\(p.payloadWireLength)")
            if p.maximumSegmentSize > 0 { parts.append("MSS=\(p.maximumSegmentSize)") }
            if p.sackPermitted { parts.append("SACK_PERM") }
            if p.hasTimestamps { parts.append("TSval=\(p.timestampValue) TSecr=\(p.timestampEcho)") }
            if p.windowScale >= 0 { parts.append("WS=\(1 << Int(p.windowScale))") }
            info = parts.joined(separator: " ")
        } else if p.isUDP {
            proto = "UDP"; info = "\(p.sourcePort) → \(p.destinationPort) Len=\(p.payloadWireLength)"
        } else if p.isICMP {
            proto = p.transport == .icmp ? "ICMP" : "ICMPv6"; info = icmpTypeName(p)
        } else if p.isARP {
            proto = "ARP"
            info = p.arpOperation == 1 ? "Who has \(p.arpTargetIP)? Tell \(p.arpSenderIP)" : "\(p.arpSenderIP) is at \(p.arpSenderMAC)"
        } else if p.ipVersion == 4 { proto = "IPv4" } else if p.ipVersion == 6 { proto = "IPv6" }
        if p.application != .none && p.application != .data { proto = p.application.filterName.uppercased() }
        if p.isMalformed { info += " [Malformed Packet]" }
        return "\(src) → \(dst) \(proto) \(p.wireLength) \(info)".trimmingTrailingSpaces()
    }

    /// What packet 1 tells an analyst, in one sentence.
    static func meaning(_ p: DecodedPacket) -> String {
        if p.isTCP {
            let f = p.tcpFlags.controlBits
            let port = service(p.destinationPort)
            switch f {
            case [.syn]: return "A connection request (SYN) from \(p.ipSource) to port \(port) of \(p.ipDestination): the start of a TCP handshake, or a probe."
            case [.syn, .ack]: return "A SYN+ACK from \(p.ipSource): the capture started in the middle of a handshake."
            case [.rst], [.rst, .ack]: return "A reset from \(p.ipSource): a connection refused or torn down."
            default:
                return "A TCP segment (\(p.tcpFlags.names.joined(separator: ", "))) from \(p.ipSource):\(p.sourcePort) to \(p.ipDestination):\(p.destinationPort), \(p.payloadWireLength) bytes of data: the capture started inside an existing connection."
            }
        }
        if p.isUDP { return "A UDP datagram from \(p.ipSource):\(p.sourcePort) to \(p.ipDestination):\(p.destinationPort) (\(p.application == .data ? "unrecognised payload" : p.application.filterName))." }
        if p.isICMP { return "An ICMP \(icmpTypeName(p).lowercased()) from \(p.ipSource) to \(p.ipDestination)." }
        if p.isARP { return "An ARP \(p.arpOperation == 1 ? "request" : "reply"): address resolution on the local network." }
        return "A \(p.stack.ids.last?.filterName ?? "link-layer") frame of \(p.wireLength) bytes."
    }
}
