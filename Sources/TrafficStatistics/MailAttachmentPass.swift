import PacketDecoding
import Support

/// Follows SMTP (client to TCP port 25 or 587, as Wireshark dissects it) and POP3 (port 110) over the
/// in-order chunks of `TCPByteStreams` to the mail messages they carry and hands each message's lines
/// to a `MIMEStreamParser`; the attachments it finds stream through SHA-256, MD5 and the magic
/// sniffer (and with `--extract-files` to disk). SMTP: the client's `DATA` starts a message, a line
/// holding only `.` ends it, dot-stuffing is undone (RFC 5321 section 4.5.2). POP3: a `RETR` or `TOP`
/// whose answer is `+OK` is followed by the message, ended the same way (RFC 1939). A gap in the
/// stream or its close ends the message incomplete. State per stream that ever said DATA/RETR/TOP,
/// up to `streamsKept`: a line buffer (at most `lineKept` bytes, longer lines are handed on in pieces)
/// and the parser's bounded state.
public struct MailAttachmentPass {
    public static let attachmentsKept = 500
    static let streamsKept = 4096
    static let lineKept = 1024

    static let smtpPorts: Set<UInt16> = [25, 587]
    static let popPort: UInt16 = 110

    enum Phase { case command, smtpData, popAwaiting, popData }

    /// An attachment being read.
    struct Open {
        var attachment = MailAttachments.Attachment()
        /// Mail attachments are few: hashed on this thread as they are decoded.
        var sha256 = StreamingDigest(.sha256), md5 = StreamingDigest(.md5)
        var sniffed: [UInt8] = []
        var size = 0

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            if sniffed.count < FileMagic.bytesSniffed { sniffed.append(contentsOf: bytes.prefix(FileMagic.bytesSniffed - sniffed.count)) }
            size += bytes.count
            sha256.update(bytes); md5.update(bytes)
        }
        var file: AtomicFileStream?
    }

    struct Stream {
        var phase = Phase.command
        /// The line being read in the direction that carries messages or commands (client, or POP server).
        var line: [UInt8] = []
        var serverLine: [UInt8] = []
        var parser = MIMEStreamParser()
        var open: Open?
        var messageStart: Int64 = 0
        var client = IPAddress.unspecified, server = IPAddress.unspecified
        var clientPort: UInt16 = 0, serverPort: UInt16 = 0
    }

    var streams: [Int: Stream] = [:]
    var result = MailAttachments()
    var extractor: FileExtractor?
    var events: [MIMEStreamParser.Event] = []

    /// A pass writing every complete attachment under `extraction` when given.
    public init(extraction: FileExtractionOptions? = nil) {
        extractor = extraction.map(FileExtractor.init)
    }

    /// Feeds the bytes `packet` added to its direction (nil: none) and its FIN/RST.
    public mutating func observe(_ chunk: TCPChunk?, _ packet: DecodedPacket, flow: FlowRef) {
        guard packet.isTCP else { return }
        if let chunk {
            let toServer = Self.smtpPorts.contains(packet.destinationPort) || packet.destinationPort == Self.popPort
            let fromServer = Self.smtpPorts.contains(packet.sourcePort) || packet.sourcePort == Self.popPort
            if toServer || fromServer { read(chunk, packet, fromClient: toServer) }
        }
        if flow.stream >= 0, !streams.isEmpty, !packet.tcpFlags.intersection([.fin, .rst]).isEmpty,
            var st = streams.removeValue(forKey: Int(flow.stream))
        {
            if st.phase == .smtpData || st.phase == .popData { abort(&st, frame: packet.frameNumber) }
        }
    }

    private mutating func read(_ chunk: TCPChunk, _ packet: DecodedPacket, fromClient: Bool) {
        let pop = fromClient ? packet.destinationPort == Self.popPort : packet.sourcePort == Self.popPort
        guard var st = streams[chunk.stream] ?? newStream(chunk, fromClient: fromClient) else { return }
        if st.client == .unspecified {
            st.client = fromClient ? packet.ipSource : packet.ipDestination
            st.server = fromClient ? packet.ipDestination : packet.ipSource
            st.clientPort = fromClient ? packet.sourcePort : packet.destinationPort
            st.serverPort = fromClient ? packet.destinationPort : packet.sourcePort
        }
        // The direction that carries the message: the client's for SMTP, the server's for POP.
        let carriesMessage = pop ? !fromClient : fromClient
        if chunk.gapBefore {
            if st.phase == .smtpData || st.phase == .popData { abort(&st, frame: chunk.frame) }
            st.phase = .command
            st.line = []; st.serverLine = []
        }
        for byte in chunk.bytes {
            if !carriesMessage || (pop && st.phase != .popData) {
                // Commands (POP client) or status lines (POP server before its message).
                if byte == 10 {
                    var line = fromClient ? st.line : st.serverLine
                    if line.last == 13 { line.removeLast() }
                    if fromClient { st.line = [] } else { st.serverLine = [] }
                    if pop { popLine(line, fromClient: fromClient, &st, chunk) }
                } else if fromClient {
                    if st.line.count < Self.lineKept { st.line.append(byte) }
                } else if st.serverLine.count < Self.lineKept {
                    st.serverLine.append(byte)
                }
                continue
            }
            if byte == 10 {
                var line = st.line
                st.line = []
                if line.last == 13 { line.removeLast() }
                messageLine(line[...], partial: false, &st, chunk, pop: pop)
            } else if st.phase == .smtpData || st.phase == .popData {
                // A long message line is handed on in pieces (a CR waits for its LF).
                if st.line.count >= Self.lineKept, st.line.last != 13 {
                    let piece = st.line
                    st.line = []
                    messageLine(piece[...], partial: true, &st, chunk, pop: pop)
                }
                st.line.append(byte)
            } else if st.line.count < Self.lineKept {
                st.line.append(byte)
            }
        }
        streams[chunk.stream] = st
    }

    /// State for a stream whose first bytes arrive now; nil past the cap.
    private func newStream(_ chunk: TCPChunk, fromClient: Bool) -> Stream? {
        guard streams.count < Self.streamsKept else { return nil }
        return Stream()
    }

    private mutating func popLine(_ line: [UInt8], fromClient: Bool, _ st: inout Stream, _ chunk: TCPChunk) {
        if fromClient {
            let verb = String(decoding: line.prefix(5), as: UTF8.self).uppercased()
            if verb.hasPrefix("RETR ") || verb.hasPrefix("TOP ") { st.phase = .popAwaiting }
        } else if st.phase == .popAwaiting {
            if line.starts(with: Array("+OK".utf8)) {
                st.phase = .popData
                st.parser = MIMEStreamParser()
                st.messageStart = chunk.timestamp
            } else {
                st.phase = .command
            }
        }
    }

    /// One line of the direction that carries commands and messages (SMTP client, POP server in its message).
    private mutating func messageLine(_ line: ArraySlice<UInt8>, partial: Bool, _ st: inout Stream, _ chunk: TCPChunk, pop: Bool) {
        switch st.phase {
        case .command, .popAwaiting:
            guard !pop else { return }
            let verb = line.prefix(5).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            if verb.starts(with: Array("DATA".utf8)) && (verb.count == 4 || verb[4] == 0x20) {
                st.phase = .smtpData
                st.parser = MIMEStreamParser()
                st.messageStart = chunk.timestamp
            }
        case .smtpData, .popData:
            let continued = st.parser.continued
            if !continued && !partial && line.elementsEqual([0x2E]) {
                events = []
                st.parser.finish(into: &events)
                handle(&st, chunk)
                result.messages += 1
                st.phase = .command
                return
            }
            // Dot-stuffing: a line starting with "." lost its first dot.
            let text = !continued && line.first == 0x2E ? line.dropFirst() : line
            events = []
            st.parser.line(text, partial: partial, into: &events)
            handle(&st, chunk)
        }
    }

    private mutating func handle(_ st: inout Stream, _ chunk: TCPChunk) {
        for event in events {
            switch event {
            case .start(let name, let contentType):
                if st.open != nil { record(&st, complete: false, frame: chunk.frame) }
                var open = Open()
                open.attachment.protocolName = st.phase == .popData ? "pop" : "smtp"
                open.attachment.stream = chunk.stream
                open.attachment.client = st.client; open.attachment.server = st.server
                open.attachment.clientPort = st.clientPort; open.attachment.serverPort = st.serverPort
                open.attachment.firstFrame = chunk.frame; open.attachment.lastFrame = chunk.frame
                open.attachment.timestamp = st.messageStart
                open.attachment.fileName = name; open.attachment.contentType = contentType
                open.file = extractor?.start()
                st.open = open
            case .data(let bytes):
                guard st.open != nil else { continue }
                bytes.withUnsafeBytes { raw in
                    st.open?.add(raw)
                    if st.open?.file != nil {
                        var file = st.open?.file
                        extractor?.append(&file, raw)
                        st.open?.file = file
                    }
                }
                st.open?.attachment.lastFrame = chunk.frame
            case .end:
                st.open?.attachment.lastFrame = chunk.frame
                record(&st, complete: true, frame: chunk.frame)
            }
        }
        events = []
    }

    /// The message in `st` was cut short (a gap, a close): its open attachment is incomplete.
    private mutating func abort(_ st: inout Stream, frame: Int) {
        result.incompleteMessages += 1
        if st.open != nil { record(&st, complete: false, frame: frame) }
        st.parser = MIMEStreamParser()
        st.phase = .command
    }

    private mutating func record(_ st: inout Stream, complete: Bool, frame: Int) {
        guard let open = st.open else { return }
        st.open = nil
        var a = open.attachment
        a.size = open.size
        a.magic = FileMagic.sniff(open.sniffed)
        let sha256 = open.sha256.finish(), md5 = open.md5.finish()
        a.complete = complete
        if complete { a.sha256 = sha256; a.md5 = md5 }
        let kept = result.attachments.count < Self.attachmentsKept
        a.extractedPath = extractor?.finish(open.file, keep: kept, complete: complete, frame: a.lastFrame, name: a.fileName)
        guard kept else { result.attachmentsDropped += 1; return }
        result.attachments.append(a)
    }

    /// Messages still open at the capture's end are incomplete.
    public mutating func finish() -> MailAttachments {
        for stream in streams.keys.sorted() {
            guard var st = streams[stream], st.phase == .smtpData || st.phase == .popData else { continue }
            abort(&st, frame: 0)
        }
        streams = [:]
        result.extraction = extractor?.summary
        return result
    }
}
