import PacketDecoding

/// One TLS hello seen on a TCP stream direction: where, when, and what it said.
public struct TLSHandshakeMessage: Sendable {
    /// `tcp.stream` and the frame whose bytes completed the message (Wireshark shows it there).
    public var stream: Int
    public var frame: Int
    public var timestamp: Int64
    /// The sender and receiver of the message.
    public var source: IPAddress
    public var sourcePort: UInt16
    public var destination: IPAddress
    public var destinationPort: UInt16
    /// ClientHello (true) or ServerHello (false).
    public var isClientHello: Bool
    public var hello: TLSHello
}

/// One Certificate handshake message (TLS 1.2 and earlier; in TLS 1.3 it is encrypted): the chain
/// as sent, leaf first, at most `TLSHandshakePass.certificatesKept` certificates.
public struct TLSCertificateChain: Sendable {
    /// `tcp.stream` and the frame whose bytes completed the message.
    public var stream: Int
    public var frame: Int
    /// Nanoseconds since the epoch (the capture time the validity is judged at).
    public var timestamp: Int64
    /// The sender (the server) and receiver of the message.
    public var source: IPAddress
    public var sourcePort: UInt16
    public var destination: IPAddress
    public var destinationPort: UInt16
    /// The certificates kept, leaf first, and how many the message carried.
    public var certificates: [TLSCertificate]
    public var certificateCount: Int
}

/// The TLS hellos and certificate chains of a capture, bounded: the first
/// `TLSHandshakePass.messagesKept` of each, with exact totals.
public struct TLSHandshakes: Sendable {
    public var messages: [TLSHandshakeMessage] = []
    public var clientHellos = 0
    public var serverHellos = 0
    /// Certificate messages (TLS <= 1.2), the first `messagesKept` of them, and their total.
    public var chains: [TLSCertificateChain] = []
    public var certificateMessages = 0
    public init() {}
}

/// Reads TLS over TCP from the in-order chunks of `TCPByteStreams`: per stream direction, records
/// (5-byte header) and handshake messages are put back together across records and segments, and
/// ClientHello / ServerHello are parsed. A direction stops being read at its ChangeCipherSpec or
/// application data, at a gap, at bytes that are not TLS records, or after `bytesRead` bytes, so
/// per-direction state is at most that buffer and directions past `directionsKept` get none.
public struct TLSHandshakePass {
    public static let messagesKept = 10_000
    public static let bytesRead = 65_536
    public static let directionsKept = 16_384

    struct Direction {
        var records: [UInt8] = []
        var handshake: [UInt8] = []
        var consumed = 0
        var done = false
    }
    var directions: [Int: Direction] = [:]
    var result = TLSHandshakes()

    public init() {}

    /// Feeds one chunk of a TCP direction's bytes (nil: the packet added none).
    public mutating func observe(_ chunk: TCPChunk?, _ packet: DecodedPacket) {
        guard let chunk else { return }
        if chunk.first { directions[chunk.slot] = nil }
        var d: Direction
        if let known = directions[chunk.slot] {
            d = known
        } else {
            // Only a direction that starts with a TLS record header is followed.
            guard chunk.first, !chunk.gapBefore, chunk.bytes.count >= 3, chunk.bytes[0] == 22, chunk.bytes[1] == 3,
                directions.count < Self.directionsKept
            else { return }
            d = Direction()
        }
        guard !d.done else { return }
        if chunk.gapBefore { d.done = true; directions[chunk.slot] = d; return }
        let take = min(chunk.bytes.count, Self.bytesRead - d.consumed)
        d.records.append(contentsOf: chunk.bytes.prefix(take))
        d.consumed += take
        readRecords(&d, chunk, packet)
        if d.consumed >= Self.bytesRead { d.done = true }
        if d.done { d.records = []; d.handshake = [] }
        directions[chunk.slot] = d
    }

    private mutating func readRecords(_ d: inout Direction, _ chunk: TCPChunk, _ packet: DecodedPacket) {
        var offset = 0
        while d.records.count - offset >= 5, !d.done {
            let type = d.records[offset]
            let length = Int(d.records[offset + 3]) << 8 | Int(d.records[offset + 4])
            guard d.records[offset + 1] == 3, length <= 16_384 + 2048 else { d.done = true; break }
            guard d.records.count - offset - 5 >= length else { break }
            let body = d.records[(offset + 5) ..< (offset + 5 + length)]
            offset += 5 + length
            switch type {
            case 22:
                d.handshake.append(contentsOf: body)
                readHandshake(&d, chunk, packet)
            case 21: continue
            default: d.done = true  // ChangeCipherSpec, application data, anything else: encrypted from here
            }
        }
        d.records.removeFirst(min(offset, d.records.count))
    }

    private mutating func readHandshake(_ d: inout Direction, _ chunk: TCPChunk, _ packet: DecodedPacket) {
        var offset = 0
        while d.handshake.count - offset >= 4 {
            let type = d.handshake[offset]
            let length = Int(d.handshake[offset + 1]) << 16 | Int(d.handshake[offset + 2]) << 8 | Int(d.handshake[offset + 3])
            guard d.handshake.count - offset - 4 >= length else { break }
            let body = d.handshake[(offset + 4) ..< (offset + 4 + length)]
            offset += 4 + length
            if type == 11 {
                readCertificates(body, chunk, packet)
                continue
            }
            guard type == 1 || type == 2 else { continue }
            guard let hello = TLSHello(body: body, client: type == 1) else { continue }
            if type == 1 { result.clientHellos += 1 } else { result.serverHellos += 1 }
            guard result.messages.count < Self.messagesKept else { continue }
            result.messages.append(
                TLSHandshakeMessage(
                    stream: chunk.stream, frame: chunk.frame, timestamp: chunk.timestamp, source: packet.ipSource,
                    sourcePort: packet.sourcePort, destination: packet.ipDestination,
                    destinationPort: packet.destinationPort, isClientHello: type == 1, hello: hello))
        }
        d.handshake.removeFirst(min(offset, d.handshake.count))
    }

    /// Reads a TLS 1.2-style Certificate message: a 3-byte-length list of 3-byte-length DER
    /// certificates. A list that does not fit its length keeps the certificates that do.
    private mutating func readCertificates(_ body: ArraySlice<UInt8>, _ chunk: TCPChunk, _ packet: DecodedPacket) {
        var r = TLSByteReader(body)
        guard let list = r.vector(lengthBytes: 3) else { return }
        var l = TLSByteReader(list)
        var certificates: [TLSCertificate] = []
        var count = 0
        while l.remaining > 0, let der = l.vector(lengthBytes: 3) {
            count += 1
            if certificates.count < Self.certificatesKept { certificates.append(TLSCertificate(der: der)) }
        }
        result.certificateMessages += 1
        guard result.chains.count < Self.messagesKept else { return }
        result.chains.append(
            TLSCertificateChain(
                stream: chunk.stream, frame: chunk.frame, timestamp: chunk.timestamp, source: packet.ipSource,
                sourcePort: packet.sourcePort, destination: packet.ipDestination,
                destinationPort: packet.destinationPort, certificates: certificates, certificateCount: count))
    }

    /// At most this many certificates of one chain are parsed and kept.
    public static let certificatesKept = 8

    /// The hellos seen, in frame order.
    public func finish() -> TLSHandshakes { result }
}
