import Support
import ThreatFindings

extension FindingWording {
    /// The burst a peak rate was measured on: " in a 270 ms burst of 5,000" (nothing without one).
    static func burst(_ packets: Int, _ duration: Double) -> String {
        packets > 1 && duration > 0 ? " in a \(seconds(duration)) burst of \(NumberFormat.grouped(packets))" : ""
    }

    static func synFlood(_ x: SYNFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let spoofed = f.technique == .spoofedSources
        let ports = PortNames.list(f.targetedPorts)
        let peak = rate(x.peakPerSecond), syns = NumberFormat.grouped(x.syns), inBurst = burst(x.burstPackets, x.burstDuration)
        let completion = Int((Double(x.completedHandshakes) / Double(max(1, x.attempts)) * 100).rounded())
        var details = [
            "\(syns) SYNs to \(target) port \(ports) in \(seconds(x.duration)), peaking at \(peak)\(x.burstPackets == x.syns ? "" : inBurst); "
                + "\(x.completedHandshakes) of \(x.attempts) connection attempts completed the handshake (\(completion)%)."
        ]
        if spoofed, let mac = x.sendingMAC {
            let forged = NumberFormat.grouped(x.sources)
            let sample = list(Array(x.forgedSample.prefix(5))) + (x.sources > 5 ? ", …" : "")
            if let owner = x.sendingMACOwner {
                details.append(
                    "\(forged) forged source addresses (\(sample)), most sending one SYN each (hping3 --rand-source style), "
                        + "all arrived from one Ethernet source MAC, \(mac), which \(owner) uses in its own traffic: "
                        + "\(owner) is the real sender. The source addresses are forged, not attackers.")
            } else {
                details.append(
                    "\(forged) forged source addresses (\(sample)), most sending one SYN each (hping3 --rand-source style), "
                        + "all arrived from one Ethernet source MAC, \(mac): the real sender is the device with that MAC, "
                        + "or behind it if it is a router. The attackers listed are the busiest forged addresses.")
            }
        } else if spoofed {
            details.append(
                "\(NumberFormat.grouped(x.sources)) distinct source addresses, most sending one SYN each: "
                    + "spoofed sources (hping3 --rand-source style). "
                    + "The attackers listed are the busiest addresses seen; the real sender is not in the packets.")
        } else {
            details.append(
                "Sent from \(x.sources) source address\(x.sources == 1 ? "" : "es") (\(list(Array(f.attackers.prefix(5))))), "
                    + "each SYN from a new source port.")
        }
        if x.synAcks > 0 {
            details.append(
                "Backscatter: \(target) answered \(NumberFormat.grouped(x.synAcks)) SYN+ACKs "
                    + "(\(NumberFormat.grouped(x.retransmittedSYNACKs)) of them retransmissions) "
                    + "to \(x.halfOpenConnections) half-open connections that never completed: its backlog fills with them.")
        }
        if x.resets > 0 {
            details.append("\(target) answered \(NumberFormat.grouped(x.resets)) RSTs (the port is closed, or the backlog overflowed).")
        }
        if x.unansweredAttempts > 0 {
            details.append(
                "\(NumberFormat.grouped(x.unansweredAttempts)) connection attempts got no answer at all, "
                    + "legitimate clients among them if any were trying.")
        }
        if !x.completingClients.isEmpty && x.completingClients.count < 10 {
            details.append("Handshakes that did complete came from \(list(x.completingClients)): likely legitimate clients.")
        }
        let others = x.sources > 1 ? " and \(x.sources - 1) other sources" : ""
        return FindingWords(
            summary: spoofed
                ? "A SYN flood from \(NumberFormat.grouped(x.sources)) spoofed sources"
                    + (x.sendingMACOwner.map { ", sent by \($0)" } ?? "") + ": \(syns) SYNs hit \(target) port \(ports) "
                    + "at up to \(peak)\(inBurst); \(x.completedHandshakes) handshakes completed."
                : "A SYN flood: \(f.attackers.first.map(\.description) ?? "?")\(others) sent \(syns) SYNs to \(target) port \(ports) "
                    + "at up to \(peak)\(inBurst); \(x.completedHandshakes) handshakes completed.",
            details: details,
            confidenceReason: "\(syns) SYNs (threshold \(t.minimumFloodPackets)) at up to \(peak) (threshold \(t.floodPacketsPerSecond)) "
                + "with \(completion)% of handshakes completed (at most \(Int(t.maximumFloodCompletion * 100))% allowed).")
    }

    static func scatteredSYNFlood(_ x: ScatteredSYNFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let peak = rate(x.peakPerSecond), inBurst = burst(x.burstPackets, x.burstDuration)
        let low = f.severity <= .low
        let forged =
            x.impossibleSources > 0
            ? "\(NumberFormat.grouped(x.impossibleSources)) of the \(NumberFormat.grouped(x.sources)) sources are multicast, "
                + "broadcast or reserved addresses no host can send from: the sources are forged, so none is listed as an attacker."
            : "The \(NumberFormat.grouped(x.sources)) sources are forged (about one SYN each, none a real client), "
                + "so none is listed as an attacker."
        return FindingWords(
            summary: "Spoofed SYN scattering\(low ? ", low volume" : ""): \(NumberFormat.grouped(x.syns)) SYNs "
                + "from \(NumberFormat.grouped(x.sources)) forged source addresses "
                + "to \(NumberFormat.grouped(x.destinations)) destinations (at most \(x.mostSYNsPerDestination) each) "
                + "at up to \(peak)\(inBurst); \(x.answered) answered. No one host was flooded.",
            details: [
                "\(NumberFormat.grouped(x.syns)) SYNs in \(seconds(x.duration)) to \(NumberFormat.grouped(x.destinations)) destinations "
                    + "on \(NumberFormat.grouped(x.ports)) port\(s(x.ports)), each from a different source address: a packet generator "
                    + "forging random sources and destinations (hping3 --rand-source --rand-dest, a DoS tool's test), or "
                    + "backscatter-like noise; not a flood of any one host.",
                forged,
                "\(x.answered) of \(x.syns) SYNs were answered: the sources are not real clients.",
            ],
            confidenceReason: "\(x.syns) SYNs at up to \(peak) from \(x.sources) distinct sources "
                + "to \(x.destinations) distinct destinations, \(x.answered) answered: forged packets, not clients.")
    }

    static func udpFlood(_ x: UDPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let spoofed = f.technique == .spoofedSources
        let peak = rate(x.peakPerSecond), datagrams = NumberFormat.grouped(x.datagrams), inBurst = burst(x.burstPackets, x.burstDuration)
        let portsText = "\(x.ports) port\(s(x.ports)) (\(PortNames.list(f.targetedPorts)))"
        let unreachables =
            x.portUnreachables == 0 ? "" : " and \(x.portUnreachables) ICMP port unreachable errors (rate-limited by most stacks)"
        var details = [
            "\(datagrams) UDP datagrams (\(NumberFormat.grouped(x.bytes)) bytes) to \(target) in "
                + "\(seconds(x.duration)), peaking at \(peak)\(x.burstPackets == x.datagrams ? "" : inBurst), to \(portsText).",
            spoofed
                ? "\(NumberFormat.grouped(x.sources)) distinct source addresses: spoofed or distributed."
                : "From \(list(Array(f.attackers.prefix(5)))) across \(x.conversations) source ports.",
            "\(target) answered \(x.replies) datagrams\(unreachables).",
        ]
        if let r = x.reflection {
            let service = reflectedService(r.servicePort)
            details[1] = reflectors(r, service, target)
            details.insert(
                "Amplification: the answers average \(NumberFormat.grouped(r.averageResponseBytes)) bytes of UDP payload "
                    + "(up to \(NumberFormat.grouped(r.largestResponseBytes)) from one reflector), while \(service.name) requests "
                    + "are a few dozen bytes: \(service.name) answers are up to \(service.factor) times the size of the request "
                    + "(US-CERT TA14-017A).",
                at: 2)
            return FindingWords(
                summary:
                    "\(["NTP", "SNMP", "SSDP"].contains(service.name) ? "An" : "A") \(service.name) reflection attack: \(NumberFormat.grouped(r.reflectors)) reflectors sent \(datagrams) "
                    + "answers from UDP port \(r.servicePort) to \(target) at up to \(peak)\(inBurst); "
                    + "the real sender forged \(target)'s address.",
                details: details,
                confidenceReason: "\(datagrams) datagrams (threshold \(t.minimumFloodPackets)) at up to \(peak) "
                    + "(threshold \(t.floodPacketsPerSecond)), \(percent(r.serviceDatagrams, x.datagrams)) of them from "
                    + "\(service.name)'s port \(r.servicePort) (at least \(Int(t.minimumReflectionPortFraction * 100))% needed); "
                    + "the target answered \(x.replies).")
        }
        if spoofed, let mac = x.sendingMAC {
            details[1] = forgedSources(
                x.sources, x.forgedSample, mac, x.sendingMACOwner, unit: "datagram", oneEach: x.sources * 2 >= x.datagrams)
            return FindingWords(
                summary: "A UDP flood from \(NumberFormat.grouped(x.sources)) spoofed sources\(sentBy(mac, x.sendingMACOwner)): "
                    + "\(datagrams) datagrams hit \(target) at up to \(peak)\(inBurst).",
                details: details,
                confidenceReason:
                    "\(datagrams) datagrams (threshold \(t.minimumFloodPackets)) at up to \(peak) (threshold \(t.floodPacketsPerSecond)); "
                    + "the target answered \(x.replies) (at most \(Int(t.maximumFloodReplyFraction * 100))% allowed); "
                    + "at least \(Int(t.oneSenderSpoofedShare * 100))% of them came from MAC \(mac).")
        }
        let who = spoofed ? "\(NumberFormat.grouped(x.sources)) sources" : f.attackers.prefix(1).map(\.description).joined()
        return FindingWords(
            summary: "A UDP flood: \(who) sent \(datagrams) datagrams to \(target) at up to \(peak)\(inBurst).",
            details: details,
            confidenceReason: "\(datagrams) datagrams (threshold \(t.minimumFloodPackets)) "
                + "at up to \(peak) (threshold \(t.floodPacketsPerSecond)); "
                + "the target answered \(x.replies) (at most \(Int(t.maximumFloodReplyFraction * 100))% allowed).")
    }

    static func amplifiedEcho(_ x: AmplifiedEchoFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let victim = f.targets.first ?? .unspecified
        let peak = rate(x.rate.perSecond), inBurst = burst(x.rate.burstPackets, x.rate.burstDuration)
        let requests = NumberFormat.grouped(x.requests)
        var details = [
            "\(requests) ICMP echo requests to the group address \(x.group) in \(seconds(x.duration)), peaking at \(peak)"
                + "\(x.rate.burstPackets == x.requests ? "" : inBurst), every one with \(list(f.targets)) as its source.",
            "\(x.responders) host\(s(x.responders)) of the group answered \(victim) with \(NumberFormat.grouped(x.replies)) echo "
                + "replies it never asked for: each forged request is multiplied by the group's members (a smurf attack).",
        ]
        if let mac = x.sendingMAC {
            var line = "The requests came from MAC \(mac)"
            if let own = x.victimMAC { line += ", while \(victim) sends from \(own)" }
            if let sender = f.attackers.first {
                line += ": that MAC is \(sender)'s, the real sender. \(list(f.targets)) is the forged source, the victim, not the attacker."
            } else {
                line += ": the real sender is the owner of that MAC; \(list(f.targets)) is the forged source, the victim."
            }
            details.append(line)
        }
        let who = f.attackers.first.map { "\($0) sent" } ?? "Someone sent"
        return FindingWords(
            summary: "A smurf attack on \(victim): \(who) \(requests) echo requests to \(x.group) in its name at up to \(peak)"
                + "\(inBurst); \(x.responders) host\(s(x.responders)) answered it with \(NumberFormat.grouped(x.replies)) replies.",
            details: details,
            confidenceReason: "\(requests) echo requests to a group address (threshold \(t.minimumFloodPackets)) at up to \(peak) "
                + "(threshold \(t.floodPacketsPerSecond)), all from \(list(f.targets)); no host pings a group in bulk.")
    }

    static func ndpFlood(_ x: NDPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let router = f.technique == .ndpRouterAdvertisement
        let what = router ? "router advertisements" : "neighbour advertisements"
        let peak = rate(x.rate.perSecond), inBurst = burst(x.rate.burstPackets, x.rate.burstDuration)
        let packets = NumberFormat.grouped(x.packets), groups = list(f.targets)
        var details = [
            "\(packets) ICMPv6 \(what) to \(groups) in \(seconds(x.duration)), peaking at \(peak)"
                + "\(x.rate.burstPackets == x.packets ? "" : inBurst), from \(NumberFormat.grouped(x.sources)) source address\(x.sources == 1 ? "" : "es").",
            router
                ? "Every node on the link processes each one (a new router, prefix and address to configure) until its CPU "
                    + "or memory runs out: THC-IPv6 flood_router26 style."
                : "Every node on the link updates its neighbour cache for each one until it runs out of CPU or memory: "
                    + "THC-IPv6 flood_advertise6 style.",
        ]
        if f.attackers.isEmpty {
            details.append(
                "The \(NumberFormat.grouped(x.sources)) source addresses are random and forged: none is named as the attacker; "
                    + "find the switch port the frames entered by.")
        }
        return FindingWords(
            summary: "An NDP \(router ? "router" : "neighbour") advertisement flood: \(packets) \(what) to \(groups) "
                + "at up to \(peak)\(inBurst), from \(NumberFormat.grouped(x.sources)) "
                + (f.attackers.isEmpty ? "forged sources." : "source\(s(x.sources)) (\(list(Array(f.attackers.prefix(3)))))."),
            details: details,
            confidenceReason: "\(packets) \(what) (threshold \(t.minimumFloodPackets)) at up to \(peak) "
                + "(threshold \(t.floodPacketsPerSecond)); a link sees a few per minute.")
    }

    /// An amplification service's name and its bandwidth amplification factor as US-CERT TA14-017A
    /// (and, for CLDAP and memcached, the later advisories) measured it.
    static func reflectedService(_ port: UInt16) -> (name: String, factor: String) {
        switch port {
        case 19: ("chargen", "359")
        case 53: ("DNS", "28 to 54")
        case 123: ("NTP", "557")
        case 161: ("SNMP", "6")
        case 389: ("CLDAP", "56 to 70")
        case 1900: ("SSDP", "31")
        case 11211: ("memcached", "10,000 to 51,000")
        default: (PortNames.name(port) ?? "UDP port \(port)", "several")
        }
    }

    static func reflectors<Host: CustomStringConvertible>(_ r: ReflectionFacts, _ service: (name: String, factor: String), _ target: Host)
        -> String
    {
        let shown = Array(r.busiestReflectors.prefix(5))
        let more = r.reflectors > shown.count ? " and \(NumberFormat.grouped(r.reflectors - shown.count)) more" : ""
        return "From UDP port \(r.servicePort) (\(service.name)) of \(NumberFormat.grouped(r.reflectors)) servers "
            + "(\(list(shown))\(more)): answers to requests sent in \(target)'s name. "
            + "These servers are reflectors, not the attacker; the real sender is not in the packets."
    }

    /// ", sent by OWNER" when the spoofed flood's MAC has a LAN owner, else " (all through MAC M)".
    static func sentBy<MAC: CustomStringConvertible, Host: CustomStringConvertible>(_ mac: MAC, _ owner: Host?) -> String {
        owner.map { ", sent by \($0)" } ?? " (all through MAC \(mac))"
    }

    /// The sentence that calls a UDP or ICMP flood's sources forged and names the MAC they came
    /// from and, when known, its owner (the real sender), as the SYN flood's words do.
    static func forgedSources<MAC: CustomStringConvertible, Host: CustomStringConvertible>(
        _ count: Int, _ sample: [Host], _ mac: MAC, _ owner: Host?, unit: String, oneEach: Bool
    ) -> String {
        let shown = list(Array(sample.prefix(5))) + (count > 5 ? ", …" : "")
        let each = oneEach ? ", most sending one \(unit) each (hping3 --rand-source style)" : ""
        let head =
            "\(NumberFormat.grouped(count)) forged source addresses (\(shown))\(each), all arrived from one Ethernet source MAC, \(mac)"
        if let owner {
            return head
                + ", which \(owner) uses in its own traffic: \(owner) is the real sender. The source addresses are forged, not attackers."
        }
        return head + ": the real sender is the device with that MAC, or behind it if it is a router. "
            + "The attackers listed are the busiest forged addresses."
    }

    static func percent(_ part: Int, _ whole: Int) -> String { "\(Int((Double(part) / Double(max(1, whole)) * 100).rounded()))%" }

    static func icmpFlood(_ x: ICMPFloodFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let target = f.targets.first ?? .unspecified
        let isReplies = f.technique == .icmpEchoReply
        let what = isReplies ? "replies" : "requests"
        let peak = rate(x.peakPerSecond), packets = NumberFormat.grouped(x.packets), inBurst = burst(x.burstPackets, x.burstDuration)
        var details = [
            "\(packets) ICMP echo \(what) to \(target) in \(seconds(x.duration)), peaking at \(peak)\(x.burstPackets == x.packets ? "" : inBurst), from \(x.sources) source\(s(x.sources))."
        ]
        if isReplies {
            details.append(
                "\(target) asked for almost none of them: echo replies it never requested are backscatter of pings sent in its name "
                    + "(a Smurf-style reflection attack).")
        } else if !x.forgedSources.isEmpty {
            details[0] =
                "\(packets) ICMP echo \(what) to \(target) in \(seconds(x.duration)), peaking at \(peak)"
                + "\(x.burstPackets == x.packets ? "" : inBurst), forged from the group address \(list(x.forgedSources))"
                + (x.sendingMAC.map { " (sent from MAC \($0))" } ?? "") + "."
            details.append(
                "No host sends from a multicast or broadcast address: the source is forged (THC-IPv6 rsmurf6 style), so every "
                    + "answer goes to the whole group. \(target) answered \(NumberFormat.grouped(x.answered)) of them to "
                    + "\(list(x.forgedSources)), each reaching every node there.")
        } else if x.spoofedSources, let mac = x.sendingMAC {
            details.append(
                forgedSources(x.sources, x.forgedSample, mac, x.sendingMACOwner, unit: "echo request", oneEach: x.sources * 2 >= x.packets))
            details.append("\(target) answered \(NumberFormat.grouped(x.answered)) of them, to the forged addresses.")
            let icmp = target.isIPv6 ? "ICMPv6" : "ICMP"
            return FindingWords(
                summary: "An \(icmp) flood from \(NumberFormat.grouped(x.sources)) spoofed sources\(sentBy(mac, x.sendingMACOwner)): "
                    + "\(packets) echo requests hit \(target) at up to \(peak)\(inBurst).",
                details: details,
                confidenceReason: "\(packets) echo \(what) (threshold \(t.minimumFloodPackets)) at up to \(peak) "
                    + "(threshold \(t.floodPacketsPerSecond)) from \(NumberFormat.grouped(x.sources)) sources "
                    + "(\(t.spoofedSourceCount) make them spoofed), at least \(Int(t.oneSenderSpoofedShare * 100))% of them through MAC \(mac)."
            )
        } else {
            details.append("\(target) answered \(NumberFormat.grouped(x.answered)) of them.")
        }
        let who =
            !x.forgedSources.isEmpty && f.attackers.isEmpty
            ? "a forged group source (\(list(x.forgedSources)))"
            : x.spoofedSources ? "\(x.sources) sources" : f.attackers.prefix(1).map(\.description).joined()
        return FindingWords(
            summary: isReplies
                ? "An ICMP reply flood: \(target) received \(packets) echo replies it never asked for, at up to \(peak)\(inBurst)."
                : "An ICMP flood: \(who) sent \(packets) echo requests to \(target) at up to \(peak)\(inBurst).",
            details: details,
            confidenceReason: "\(packets) echo \(what) (threshold \(t.minimumFloodPackets)) "
                + "at up to \(peak) (threshold \(t.floodPacketsPerSecond)).")
    }
}
