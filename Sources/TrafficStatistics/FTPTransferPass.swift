import PacketDecoding
import Support

/// Follows FTP (control on TCP port 21) to its data connections: a `227` (PASV) or `229` (EPSV)
/// answer, or a PORT/EPRT command, announces an address and port; the next TCP stream whose first
/// bytes come from or go to it is that control connection's data connection, and RETR/STOR/STOU/APPE
/// name its file. Data bytes stream through SHA-256, MD5 and the magic sniffer (`FileMagic`). State:
/// one line buffer per control direction (capped), one entry per announced endpoint (capped), one
/// digest per open data connection.
public struct FTPTransferPass {
    public static let transfersKept = 500
    static let announcedKept = 4096
    static let lineKept = 512

    /// An announced data endpoint.
    struct Endpoint: Hashable {
        var address: IPAddress
        var port: UInt16
    }

    /// What the control connection said about its next data connection.
    struct Offer {
        var controlStream: Int
        var client: IPAddress, server: IPAddress
        var command = "", fileName = ""
    }

    struct Data {
        var offer: Offer
        var digests: HTTPTransactionPass.Digests
        var gap = false
        var firstFrame = 0, lastFrame = 0
    }

    var lines: [Int: [UInt8]] = [:]
    var announced: [Endpoint: Offer] = [:]
    /// Per control stream, the endpoint it announced last (where RETR/STOR's name goes).
    var lastAnnounced: [Int: Endpoint] = [:]
    var data: [Int: Data] = [:]
    var result = FTPTransfers()
    /// Hashes the data off this thread; `finish` collects the digests.
    let worker = DigestWorker()
    /// The job of each complete transfer, by its row in `result.transfers`.
    var awaitedDigests: [Int: DigestWorker.Job] = [:]

    public init() {}

    /// Feeds the bytes `packet` added to its direction (nil: none); a FIN or RST ends a data connection.
    public mutating func observe(_ chunk: TCPChunk?, _ packet: DecodedPacket, flow: FlowRef) {
        guard packet.isTCP else { return }
        if let chunk {
            if packet.destinationPort == 21 || packet.sourcePort == 21 {
                control(chunk, packet, fromClient: packet.destinationPort == 21)
            } else if !data.isEmpty, data[chunk.stream] != nil {  // most captures: no lookup at all
                add(chunk)
            } else if chunk.first, !announced.isEmpty {
                start(chunk, packet)
            }
        }
        if flow.stream >= 0, !data.isEmpty, !packet.tcpFlags.intersection([.fin, .rst]).isEmpty,
            let d = data.removeValue(forKey: Int(flow.stream))
        {
            record(d, stream: Int(flow.stream), complete: !d.gap && !packet.tcpFlags.contains(.rst))
        }
    }

    private mutating func start(_ chunk: TCPChunk, _ packet: DecodedPacket) {
        let keys = [
            Endpoint(address: packet.ipSource, port: packet.sourcePort),
            Endpoint(address: packet.ipDestination, port: packet.destinationPort),
        ]
        guard let key = keys.first(where: { announced[$0] != nil }), let offer = announced.removeValue(forKey: key) else { return }
        if lastAnnounced[offer.controlStream] == key { lastAnnounced[offer.controlStream] = nil }
        // A transfer past the row cap is never shown: it is not hashed.
        var d = Data(offer: offer, digests: .init(result.transfers.count < Self.transfersKept ? worker : nil))
        d.firstFrame = chunk.frame
        data[chunk.stream] = d
        add(chunk)
    }

    private mutating func add(_ chunk: TCPChunk) {
        guard var d = data[chunk.stream] else { return }
        if chunk.gapBefore || chunk.truncated { d.gap = true }
        d.digests.add(chunk.bytes, worker)
        d.lastFrame = chunk.frame
        data[chunk.stream] = d
    }

    private mutating func record(_ d: Data, stream: Int, complete: Bool) {
        guard result.transfers.count < Self.transfersKept else {
            d.digests.end(keeping: false, worker)
            result.transfersDropped += 1
            return
        }
        var t = FTPTransfers.Transfer()
        t.controlStream = d.offer.controlStream; t.dataStream = stream
        t.client = d.offer.client; t.server = d.offer.server
        t.command = d.offer.command; t.fileName = d.offer.fileName
        t.firstFrame = d.firstFrame; t.lastFrame = d.lastFrame
        t.size = d.digests.size
        t.magic = FileMagic.sniff(d.digests.sniffed)
        t.complete = complete
        // The digests come from the worker at `finish` (only a complete transfer shows them).
        d.digests.end(keeping: complete, worker)
        if complete, let job = d.digests.job { awaitedDigests[result.transfers.count] = job }
        result.transfers.append(t)
    }

    private mutating func control(_ chunk: TCPChunk, _ packet: DecodedPacket, fromClient: Bool) {
        guard lines[chunk.slot] != nil || lines.count < Self.announcedKept else { return }
        var line = chunk.gapBefore ? [] : lines[chunk.slot] ?? []
        for byte in chunk.bytes {
            if byte == 10 {
                if line.last == 13 { line.removeLast() }
                let client = fromClient ? packet.ipSource : packet.ipDestination
                let server = fromClient ? packet.ipDestination : packet.ipSource
                if fromClient {
                    command(line, stream: chunk.stream, client: client, server: server)
                } else {
                    reply(line, stream: chunk.stream, client: client, server: server)
                }
                line = []
            } else if line.count < Self.lineKept {
                line.append(byte)
            }
        }
        lines[chunk.slot] = line
    }

    private mutating func announce(_ key: Endpoint, stream: Int, client: IPAddress, server: IPAddress) {
        guard announced[key] != nil || announced.count < Self.announcedKept else { return }
        announced[key] = Offer(controlStream: stream, client: client, server: server)
        lastAnnounced[stream] = key
    }

    private mutating func command(_ line: [UInt8], stream: Int, client: IPAddress, server: IPAddress) {
        let text = String(decoding: line, as: UTF8.self)
        let verb = text.prefix { $0 != " " }.uppercased()
        let argument = text.drop { $0 != " " }.drop { $0 == " " }
        switch verb {
        case "PORT":
            if let key = Self.hostPort(Substring(argument)) { announce(key, stream: stream, client: client, server: server) }
        case "EPRT":
            // EPRT |1|132.235.1.2|6275| (RFC 2428)
            let parts = argument.split(separator: argument.first ?? "|", omittingEmptySubsequences: false)
            if parts.count >= 4, let port = UInt16(parts[3]), let address = Self.address(String(parts[2])) {
                announce(Endpoint(address: address, port: port), stream: stream, client: client, server: server)
            }
        case "RETR", "STOR", "STOU", "APPE":
            guard let key = lastAnnounced[stream] else {
                // The data connection may already be open (the client connected before sending RETR).
                for (s, d) in data where d.offer.controlStream == stream && d.offer.command.isEmpty {
                    data[s]?.offer.command = verb; data[s]?.offer.fileName = String(argument)
                }
                return
            }
            announced[key]?.command = verb
            announced[key]?.fileName = String(argument)
        default: break
        }
    }

    private mutating func reply(_ line: [UInt8], stream: Int, client: IPAddress, server: IPAddress) {
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("227") {
            // 227 Entering Passive Mode (h1,h2,h3,h4,p1,p2), parentheses optional.
            let inside =
                text.firstIndex(of: "(").map { text[text.index(after: $0)...].prefix { $0 != ")" } } ?? text.split(separator: " ").last
                ?? ""
            if let key = Self.hostPort(inside) { announce(key, stream: stream, client: client, server: server) }
        } else if text.hasPrefix("229") {
            // 229 Entering Extended Passive Mode (|||6446|): the server's own address.
            guard let open = text.firstIndex(of: "(") else { return }
            let inside = text[text.index(after: open)...].prefix { $0 != ")" }
            let parts = inside.split(separator: inside.first ?? "|", omittingEmptySubsequences: false)
            if parts.count >= 4, let port = UInt16(parts[3]) {
                announce(Endpoint(address: server, port: port), stream: stream, client: client, server: server)
            }
        }
    }

    /// `h1,h2,h3,h4,p1,p2` (RFC 959) as an address and port.
    static func hostPort(_ text: Substring) -> Endpoint? {
        let numbers = text.split(separator: ",").map { UInt8($0.filter { !$0.isWhitespace && $0 != "." }) }
        guard numbers.count == 6, numbers.allSatisfy({ $0 != nil }) else { return nil }
        let n = numbers.map { UInt32($0 ?? 0) }
        return Endpoint(address: IPAddress(ipv4: n[0] << 24 | n[1] << 16 | n[2] << 8 | n[3]), port: UInt16(n[4] << 8 | n[5]))
    }

    static func address(_ text: String) -> IPAddress? { IPAddress(text) }

    /// Data connections still open at the capture's end are incomplete.
    public mutating func finish() -> FTPTransfers {
        for stream in data.keys.sorted() {
            if let d = data[stream] { record(d, stream: stream, complete: false) }
        }
        data = [:]
        let digested = worker.results()
        for (row, job) in awaitedDigests {
            guard let value = digested[job.number] else { continue }
            result.transfers[row].sha256 = value.sha256
            result.transfers[row].md5 = value.md5
        }
        awaitedDigests = [:]
        return result
    }
}
