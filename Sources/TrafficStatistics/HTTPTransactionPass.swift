import CaptureReading
import PacketDecoding
import Support

/// Reads HTTP/1.x from the in-order chunks of `TCPByteStreams`: per stream direction a message head
/// (capped at `headBytesKept`) and its body, whose end is its Content-Length, the last chunk of a
/// chunked body, or the connection's close (responses without either); HEAD responses and 1xx, 204
/// and 304 have no body. Requests are paired with responses in order (pipelining). Bodies are never
/// kept: they stream through SHA-256, MD5 and the magic sniffer. A gap ends the message it falls in
/// (incomplete) and the direction resynchronises on the next chunk that starts an HTTP message;
/// CONNECT and 101 Switching Protocols end HTTP on the stream. State is per open direction, up to
/// `directionsKept`; closed streams drop theirs.
public struct HTTPTransactionPass {
    public static let headBytesKept = 16_384
    public static let directionsKept = 16_384
    public static let pendingKept = 256
    /// Characters kept of a request target, and of other header values.
    public static let targetKept = 2048, valueKept = 512

    /// The size, first bytes and digest job of one byte sequence. The SHA-256 and MD5 are worked out
    /// on the `DigestWorker`'s thread; a sequence no row will show (past the row cap) is hashed only
    /// when its first bytes make it a download candidate (`wanted`), and not at all otherwise.
    struct Digests {
        var job: DigestWorker.Job?
        var sniffed: [UInt8] = []
        var size = 0
        /// Past the row cap: whether a sequence with these first bytes is hashed, decided once the
        /// first `FileMagic.bytesSniffed` bytes are in (or at its end); nil once decided.
        var wanted: (@Sendable (FileMagic) -> Bool)?

        /// A sequence hashed by `worker`, or not hashed when `worker` is nil.
        init(_ worker: DigestWorker?) { job = worker?.start() }

        /// A sequence past the row cap, hashed by `worker` only when `wanted` says yes for its first bytes.
        init(_ worker: DigestWorker, when wanted: @escaping @Sendable (FileMagic) -> Bool) { self.wanted = wanted }

        mutating func add(_ bytes: UnsafeRawBufferPointer, _ worker: DigestWorker) {
            let before = sniffed.count
            if before < FileMagic.bytesSniffed { sniffed.append(contentsOf: bytes.prefix(FileMagic.bytesSniffed - before)) }
            size += bytes.count
            if let job {
                worker.add(job, bytes)
            } else if wanted != nil, sniffed.count >= FileMagic.bytesSniffed {
                decide(worker)
                // The sniffed bytes went to the job in `decide`; the rest of this chunk follows them.
                if let job, bytes.count > sniffed.count - before {
                    worker.add(job, UnsafeRawBufferPointer(rebasing: bytes[(sniffed.count - before)...]))
                }
            }
        }

        /// Settles a sequence past the row cap: starts its job with the bytes kept so far, or never.
        private mutating func decide(_ worker: DigestWorker) {
            guard let rule = wanted else { return }
            wanted = nil
            guard rule(FileMagic.sniff(sniffed)) else { return }
            let job = worker.start()
            sniffed.withUnsafeBytes { worker.add(job, $0) }
            self.job = job
        }

        /// A sequence past the row cap that ended before `FileMagic.bytesSniffed` bytes: judged on what it has.
        mutating func settle(_ worker: DigestWorker) {
            if wanted != nil && size == sniffed.count { decide(worker) }
        }

        /// Asks `worker` for the digests (true) or forgets them (false).
        func end(keeping keep: Bool, _ worker: DigestWorker) {
            guard let job else { return }
            if keep { worker.finish(job) } else { worker.discard(job) }
        }
    }

    /// A message body being read: the bytes as sent, and for gzip/deflate Content-Encoding also the
    /// object they decode to.
    struct BodyReader {
        var sent: Digests
        var inflater: BodyInflater?
        var decoded: Digests?
        var isRequest = true
        /// The request's method or the response's status code (the totals count them).
        var method = ""
        var status = 0
        /// The transaction row it belongs to, nil past the cap or for an unpaired response.
        var transaction: Int?
        /// Its head, for the request evidence once the body's first bytes are in.
        var message: HTTPRequestEvidence.Message?
        /// `--extract-files`: the body as sent and as decoded, streaming to disk (see `addBody`).
        var extraction = BodyFiles()

        /// A body of the transaction row `transaction` (nil: none), hashed on `worker` when it has a row;
        /// past the row cap (`candidate` given) only when its first bytes make it a download candidate.
        init(
            isRequest: Bool, method: String = "", status: Int = 0, transaction: Int?, _ worker: DigestWorker,
            candidate: HTTPActivity.Transaction? = nil, pastCap: Bool = false
        ) {
            self.isRequest = isRequest; self.method = method; self.status = status; self.transaction = transaction
            if let candidate {
                self.candidate = candidate
                sent = Digests(worker, when: Self.candidateRule(candidate))
            } else {
                sent = Digests(transaction == nil || pastCap ? nil : worker)
            }
            self.pastCap = pastCap
        }

        /// A request body past the row cap: never hashed (no row shows it).
        var pastCap = false

        /// Past the row cap: the response row as known from its head, to judge its first bytes by.
        var candidate: HTTPActivity.Transaction?

        /// Whether a body with these first bytes makes `row` a download candidate (its digest is then kept).
        static func candidateRule(_ row: HTTPActivity.Transaction) -> @Sendable (FileMagic) -> Bool {
            { magic in
                var t = row
                var body = HTTPActivity.Body()
                body.size = 1; body.magic = magic
                t.responseBody = body
                return t.isDownloadCandidate
            }
        }

        mutating func add(
            _ bytes: UnsafeRawBufferPointer, _ worker: DigestWorker, decodedTo sink: (UnsafeRawBufferPointer) -> Void = { _ in }
        ) {
            guard bytes.count > 0 else { return }
            sent.add(bytes, worker)
            if let inflater, decoded != nil {
                inflater.add(bytes) {
                    decoded?.add($0, worker)
                    sink($0)
                }
            }
        }

        /// Starts decoding for a Content-Encoding of gzip, x-gzip or deflate.
        mutating func decode(_ encoding: String, _ worker: DigestWorker) {
            let name = encoding.lowercased()
            guard name == "gzip" || name == "x-gzip" || name == "deflate", let inflater = BodyInflater() else { return }
            self.inflater = inflater
            if let candidate {
                decoded = Digests(worker, when: Self.candidateRule(candidate))
            } else {
                decoded = Digests(transaction == nil || pastCap ? nil : worker)
            }
        }
    }

    enum State {
        case head
        case body(Int)
        case chunkSize
        case chunkData(Int)
        case chunkDataEnd, trailer, untilClose
        /// Waiting for a chunk that starts an HTTP message (after a gap or unreadable bytes).
        case resync
        /// Not HTTP any more (a tunnel or an upgraded protocol).
        case done
    }

    struct Direction {
        var state = State.head
        /// The head (or the chunk-size / trailer line) read so far.
        var line: [UInt8] = []
        var body: BodyReader?
    }

    /// A request waiting for its response.
    struct Pending {
        var transaction: Int?
        var method: String
    }

    var directions: [Int: Direction] = [:]
    var pending: [Int: [Pending]] = [:]
    var result = HTTPActivity()
    /// Session cookies per server and the clients that used them (`TrafficSummary.httpSessions`).
    var sessions = HTTPSessionEvidence()
    /// Every request's web attack and login evidence (not capped like the rows).
    var requestEvidence = HTTPRequestEvidence()
    let transactionsKept: Int
    /// Transactions past the row cap while their response is read: kept only until it ends, so a
    /// suspicious download late in a capture still reaches `HTTPActivity.downloadCandidates`.
    var overflow: [Int: HTTPActivity.Transaction] = [:]
    var overflowSerial = 0
    /// Transactions past the row cap followed at once.
    static let overflowKept = 4096
    /// Writes the bodies to disk (`--extract-files`); nil when off.
    var extractor: FileExtractor?
    /// Hashes the bodies of the rows off this thread; `finish` collects the digests.
    let digests = DigestWorker()
    /// The complete bodies whose digests the rows wait for: the job by `2 * row` for the request's
    /// body, `2 * row + 1` for the response's.
    var awaitedDigests: [Int: DigestWorker.Job] = [:]
    /// Rows past the cap kept as download candidates: their place in `HTTPActivity.downloadCandidates`.
    var candidatePositions: [Int: Int] = [:]

    /// A pass keeping the first `transactionsKept` transactions as rows, writing every complete body
    /// under `extraction` when given.
    public init(transactionsKept: Int = AnalysisOptions.defaultHTTPTransactionsKept, extraction: FileExtractionOptions? = nil) {
        self.transactionsKept = max(0, transactionsKept)
        extractor = extraction.map(FileExtractor.init)
    }

    /// Feeds the bytes `packet` added to its direction (nil: none) and its FIN/RST.
    public mutating func observe(_ chunk: TCPChunk?, _ packet: DecodedPacket, flow: FlowRef) {
        if let chunk { read(chunk, packet) }
        guard packet.isTCP, flow.stream >= 0, !packet.tcpFlags.intersection([.fin, .rst]).isEmpty else { return }
        let slot = 2 * Int(flow.stream) + (flow.forward ? 0 : 1)
        if packet.tcpFlags.contains(.rst) {
            close(slot: slot, frame: packet.frameNumber); close(slot: slot ^ 1, frame: packet.frameNumber)
            dropStream(Int(flow.stream))
        } else {
            close(slot: slot, frame: packet.frameNumber)
            if directions[slot ^ 1] == nil { dropStream(Int(flow.stream)) }
        }
    }

    private mutating func read(_ chunk: TCPChunk, _ packet: DecodedPacket) {
        if chunk.first, directions[chunk.slot] != nil {
            // The stream started again (a new SYN on the same ports): what was open ends here.
            abandon(slot: chunk.slot)
            forget(pending[chunk.stream])
            pending[chunk.stream] = nil
        }
        var d: Direction
        if let known = directions[chunk.slot] {
            d = known
        } else {
            // A direction is followed from a chunk that starts an HTTP message (a capture that began
            // mid-stream is picked up at its next message boundary that falls on a segment start).
            guard HTTPLineScanner.startsMessage(chunk.bytes), directions.count < Self.directionsKept else { return }
            d = Direction()
        }
        if chunk.gapBefore {
            if d.body != nil || !d.line.isEmpty { result.incompleteMessages += 1 }
            finishBody(&d, complete: false, frame: chunk.frame)
            d.line = []
            d.state = .resync
        }
        var offset = 0
        let bytes = chunk.bytes
        while offset < bytes.count {
            switch d.state {
            case .done:
                offset = bytes.count
            case .resync:
                guard HTTPLineScanner.startsMessage(UnsafeRawBufferPointer(rebasing: bytes[offset...])) else {
                    offset = bytes.count; break
                }
                d.state = .head
            case .head:
                let before = d.line.count
                let take = min(bytes.count - offset, Self.headBytesKept - before)
                d.line.append(contentsOf: bytes[offset ..< offset + take])
                guard let end = Self.find(d.line, [13, 10, 13, 10], from: max(0, before - 3)) else {
                    offset += take
                    if d.line.count >= Self.headBytesKept { result.incompleteMessages += 1; d.line = []; d.state = .resync }
                    break
                }
                offset += end + 4 - before
                let head = d.line.prefix(end + 4)
                d.line = []
                readHead(Array(head), &d, chunk, packet)
            case .body(let remaining):
                let take = min(remaining, bytes.count - offset)
                addBody(&d, UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + take]))
                offset += take
                if take == remaining { endMessage(&d, frame: chunk.frame) } else { d.state = .body(remaining - take) }
            case .untilClose:
                addBody(&d, UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                offset = bytes.count
            case .chunkSize, .trailer, .chunkDataEnd:
                guard let line = readLine(&d, bytes, &offset) else { break }
                if case .chunkSize = d.state {
                    guard let size = Self.chunkSize(line) else {
                        result.incompleteMessages += 1
                        finishBody(&d, complete: false, frame: chunk.frame); d.state = .resync; break
                    }
                    d.state = size == 0 ? .trailer : .chunkData(size)
                } else if case .chunkDataEnd = d.state {
                    d.state = .chunkSize  // the CRLF after a chunk's data
                } else if line.isEmpty {
                    endMessage(&d, frame: chunk.frame)
                }
            case .chunkData(let remaining):
                let take = min(remaining, bytes.count - offset)
                addBody(&d, UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + take]))
                offset += take
                d.state = take == remaining ? .chunkDataEnd : .chunkData(remaining - take)
            }
        }
        directions[chunk.slot] = d
    }

    /// Reads bytes up to a CRLF into `d.line` (capped); the line without CRLF once complete.
    private func readLine(_ d: inout Direction, _ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> [UInt8]? {
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == 10 {
                var line = d.line
                d.line = []
                if line.last == 13 { line.removeLast() }
                return line
            }
            if d.line.count < 1024 { d.line.append(byte) }
        }
        return nil
    }

    private mutating func readHead(_ head: [UInt8], _ d: inout Direction, _ chunk: TCPChunk, _ packet: DecodedPacket) {
        let fields = HeadFields(head)
        // Only known methods start a request (the method totals stay a short list).
        guard head.withUnsafeBytes({ HTTPLineScanner.startsMessage($0) }) else { result.incompleteMessages += 1; d.state = .resync; return }
        sessions.observe(head, isResponse: fields.isResponse, packet, frame: chunk.frame, time: chunk.timestamp)
        let length = fields.bodyLength
        let message = HTTPRequestEvidence.message(head, fields, chunk, packet)
        if fields.isResponse {
            readResponseHead(fields, length, &d, chunk, packet)
        } else {
            readRequestHead(fields, length, &d, chunk, packet)
        }
        if d.body != nil { d.body?.message = message } else { requestEvidence.record(message, nil) }
    }

    private mutating func readRequestHead(
        _ fields: HeadFields, _ length: HTTPMessageHeadView.BodyLength, _ d: inout Direction,
        _ chunk: TCPChunk, _ packet: DecodedPacket
    ) {
        let index = newTransaction(
            chunk, client: packet.ipSource, clientPort: packet.sourcePort, server: packet.ipDestination,
            serverPort: packet.destinationPort)
        if let index {
            var t = self[row: index]
            t.requestFrame = chunk.frame
            t.method = fields.method
            t.target = fields.target
            t.host = fields.value("host")
            t.userAgent = fields.value("user-agent")
            t.requestContentType = fields.value("content-type")
            t.hasAuthorization = fields.has("authorization") || fields.has("proxy-authorization")
            t.fileName = Self.fileName(disposition: "", target: fields.target)
            self[row: index] = t
        }
        var queue = pending[chunk.stream] ?? []
        if queue.count < Self.pendingKept {
            queue.append(Pending(transaction: index, method: fields.method))
        } else if let index, index >= transactionsKept {
            overflow[index] = nil  // no response can find it
        }
        pending[chunk.stream] = queue
        d.body = BodyReader(isRequest: true, method: fields.method, transaction: index, digests, pastCap: (index ?? 0) >= transactionsKept)
        d.body?.decode(fields.value("content-encoding"), digests)
        startBody(length, &d, chunk, method: fields.method, status: nil)
    }

    private mutating func readResponseHead(
        _ fields: HeadFields, _ length: HTTPMessageHeadView.BodyLength, _ d: inout Direction,
        _ chunk: TCPChunk, _ packet: DecodedPacket
    ) {
        let status = fields.status
        var request: Pending?
        if status / 100 != 1 || status == 101 {
            var queue = pending[chunk.stream] ?? []
            if !queue.isEmpty {
                request = queue.removeFirst()
            } else {
                // A response without its request (the capture began mid-stream): a row of its own, as
                // the object it carries is evidence too.
                result.unpairedResponses += 1
                request = Pending(
                    transaction: newTransaction(
                        chunk, client: packet.ipDestination, clientPort: packet.destinationPort,
                        server: packet.ipSource, serverPort: packet.sourcePort), method: "")
            }
            pending[chunk.stream] = queue.isEmpty ? nil : queue
        }
        if let index = request?.transaction {
            self[row: index].statusCode = status
            self[row: index].responseFrame = chunk.frame
            self[row: index].responseContentType = fields.value("content-type")
            self[row: index].responseContentEncoding = fields.value("content-encoding")
            let disposition = fields.value("content-disposition")
            if !disposition.isEmpty {
                self[row: index].fileName = Self.fileName(
                    disposition: disposition, target: self[row: index].target)
            }
        }
        let row = request?.transaction
        d.body = BodyReader(
            isRequest: false, status: status, transaction: row, digests,
            candidate: row.flatMap { $0 >= transactionsKept ? self[row: $0] : nil })
        d.body?.decode(fields.value("content-encoding"), digests)
        startBody(length, &d, chunk, method: request?.method ?? "", status: status)
        if status == 101 || (request?.method == "CONNECT" && status / 100 == 2) {
            // The bytes after this head are another protocol, both ways.
            if case .head = d.state {} else { endMessage(&d, frame: chunk.frame) }
            d.state = .done
            var other = directions[chunk.slot ^ 1] ?? Direction()
            other.state = .done
            directions[chunk.slot ^ 1] = other
        }
    }

    /// A new transaction row on `chunk`'s stream; nil (counted as dropped) past the cap.
    private mutating func newTransaction(
        _ chunk: TCPChunk, client: IPAddress, clientPort: UInt16, server: IPAddress,
        serverPort: UInt16
    ) -> Int? {
        var t = HTTPActivity.Transaction()
        t.stream = chunk.stream
        t.timestamp = chunk.timestamp
        t.client = client; t.clientPort = clientPort
        t.server = server; t.serverPort = serverPort
        guard result.transactions.count < transactionsKept else {
            result.transactionsDropped += 1
            guard overflow.count < Self.overflowKept else { return nil }
            let index = transactionsKept + overflowSerial
            overflowSerial += 1
            overflow[index] = t
            return index
        }
        result.transactions.append(t)
        return result.transactions.count - 1
    }

    /// A transaction row, or one past the cap being followed (`overflow`).
    subscript(row index: Int) -> HTTPActivity.Transaction {
        get { index < transactionsKept ? result.transactions[index] : overflow[index] ?? HTTPActivity.Transaction() }
        set {
            if index < transactionsKept {
                result.transactions[index] = newValue
            } else if overflow[index] != nil {
                overflow[index] = newValue
            }
        }
    }

    /// A transaction past the cap is done: kept as a download candidate when its response could be one.
    private mutating func retire(_ index: Int?) {
        guard let index, index >= transactionsKept, let t = overflow.removeValue(forKey: index) else { return }
        guard t.isDownloadCandidate, result.downloadCandidates.count < HTTPActivity.downloadCandidatesKept else {
            if t.isDownloadCandidate { result.downloadCandidatesDropped += 1 }
            awaitedDigests[2 * index] = nil; awaitedDigests[2 * index + 1] = nil
            return
        }
        candidatePositions[index] = result.downloadCandidates.count
        result.downloadCandidates.append(t)
    }

    private mutating func startBody(
        _ length: HTTPMessageHeadView.BodyLength, _ d: inout Direction, _ chunk: TCPChunk,
        method: String, status: Int?
    ) {
        let length = method == "HEAD" && status != nil ? .none : length
        switch length {
        case .none: endMessage(&d, frame: chunk.frame)
        case .length(let n): d.state = .body(n)
        case .chunked: d.state = .chunkSize
        case .untilClose: d.state = .untilClose
        }
    }

    /// The message in `d` is complete: count it, record its body, read the next head.
    private mutating func endMessage(_ d: inout Direction, frame: Int) {
        if let body = d.body {
            if body.isRequest {
                result.requests += 1
                result.methods[body.method, default: 0] += 1
            } else {
                result.responses += 1
                result.statusCodes[body.status, default: 0] += 1
            }
        }
        finishBody(&d, complete: true, frame: frame)
        d.state = .head
    }

    /// Records the body of the message in `d` on its transaction and forgets it.
    private mutating func finishBody(_ d: inout Direction, complete: Bool, frame: Int) {
        guard let reader = d.body else { return }
        d.body = nil
        if let message = reader.message { requestEvidence.record(message, reader) }
        let extracted = finishExtraction(reader, complete: complete, frame: frame)
        if let index = reader.transaction {
            if frame > 0 {
                if reader.isRequest {
                    self[row: index].requestFrame = frame
                } else {
                    self[row: index].responseFrame = frame
                }
            }
            if reader.sent.size > 0 {
                var body = HTTPActivity.Body()
                body.size = reader.sent.size
                // The object is the decoded bytes when they decoded to their end, as Export Objects writes them.
                var object = reader.sent
                if let decoded = reader.decoded, let inflater = reader.inflater, inflater.finished, !inflater.failed {
                    object = decoded
                    body.decodedSize = decoded.size
                    reader.sent.end(keeping: false, digests)
                } else {
                    reader.decoded?.end(keeping: false, digests)
                }
                body.magic = FileMagic.sniff(object.sniffed)
                body.complete = complete
                body.extractedPath = extracted
                // The digests come from the worker at `finish` (only a complete body shows them).
                if complete { object.settle(digests) }
                object.end(keeping: complete, digests)
                awaitedDigests[2 * index + (reader.isRequest ? 0 : 1)] = complete ? object.job : nil
                if reader.isRequest {
                    self[row: index].requestBody = body
                } else {
                    self[row: index].responseBody = body
                }
            }
            if !reader.isRequest { retire(index) }
        }
    }

    /// The direction closed (FIN/RST): a body read until the close ends complete, anything else cut short.
    private mutating func close(slot: Int, frame: Int) {
        guard var d = directions[slot] else { return }
        if case .untilClose = d.state {
            endMessage(&d, frame: frame)
        } else if d.body != nil || !d.line.isEmpty {
            result.incompleteMessages += 1
            finishBody(&d, complete: false, frame: frame)
        }
        directions[slot] = nil
    }

    private mutating func abandon(slot: Int) {
        guard var d = directions[slot] else { return }
        if d.body != nil || !d.line.isEmpty { result.incompleteMessages += 1 }
        finishBody(&d, complete: false, frame: 0)
        directions[slot] = nil
    }

    private mutating func dropStream(_ stream: Int) {
        result.unansweredRequests += pending[stream]?.count ?? 0
        forget(pending[stream])
        pending[stream] = nil
    }

    /// Requests that will get no response: their transactions past the cap are not followed further.
    private mutating func forget(_ queue: [Pending]?) {
        guard !overflow.isEmpty, let queue else { return }
        for p in queue { if let i = p.transaction, i >= transactionsKept { overflow[i] = nil } }
    }

    /// The transactions and totals; messages still open at the capture's end are incomplete, and
    /// requests still waiting are unanswered (a response read until the close ends complete, as
    /// nothing more could come).
    public mutating func finish() -> HTTPActivity {
        for slot in directions.keys.sorted() {
            guard var d = directions[slot] else { continue }
            if d.body != nil || !d.line.isEmpty {
                result.incompleteMessages += 1
                finishBody(&d, complete: false, frame: 0)
            }
        }
        directions = [:]
        for stream in pending.keys.sorted() { dropStream(stream) }
        overflow = [:]
        result.extraction = extractor?.summary
        let digested = digests.results()
        for (key, job) in awaitedDigests {
            guard let value = digested[job.number] else { continue }
            let row = key >> 1
            if row < transactionsKept {
                if key & 1 == 0 {
                    result.transactions[row].requestBody?.sha256 = value.sha256
                    result.transactions[row].requestBody?.md5 = value.md5
                } else {
                    result.transactions[row].responseBody?.sha256 = value.sha256
                    result.transactions[row].responseBody?.md5 = value.md5
                }
            } else if key & 1 == 1, let position = candidatePositions[row] {
                result.downloadCandidates[position].responseBody?.sha256 = value.sha256
                result.downloadCandidates[position].responseBody?.md5 = value.md5
            }
        }
        awaitedDigests = [:]
        return result
    }

    // MARK: helpers

    static func find(_ bytes: [UInt8], _ needle: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i] == needle[0] && bytes[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// The size of a chunk-size line (hex, extensions after `;` ignored); nil when it is not one.
    static func chunkSize(_ line: [UInt8]) -> Int? {
        var value = 0, digits = 0
        for byte in line {
            let digit: Int
            switch byte {
            case 0x30 ... 0x39: digit = Int(byte - 0x30)
            case 0x41 ... 0x46: digit = Int(byte - 0x41 + 10)
            case 0x61 ... 0x66: digit = Int(byte - 0x61 + 10)
            case 0x3B, 0x20, 0x09: return digits > 0 ? value : nil
            default: return nil
            }
            guard digits < 15 else { return nil }
            value = value * 16 + digit; digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// A Content-Disposition `filename` (quoted or a token), else the target's last path segment,
    /// percent-decoded (bytes of the capture; invalid UTF-8 becomes U+FFFD).
    static func fileName(disposition: String, target: String) -> String {
        let d = Array(disposition.utf8)
        let key = Array("filename=".utf8)
        var i = 0
        while i + key.count <= d.count {
            let lower = d[i ..< i + key.count].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            if lower == key, i == 0 || !(d[i - 1] == 0x2A) {
                var value = d[(i + key.count)...]
                if value.first == 0x22 {
                    value = value.dropFirst()
                    if let end = value.firstIndex(of: 0x22) { value = value[..<end] }
                } else if let end = value.firstIndex(of: 0x3B) {
                    value = value[..<end]
                }
                while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
                let name = value.split(separator: 0x2F).last.map(Array.init) ?? []
                if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
            }
            i += 1
        }
        var path = Array(target.utf8)[...]
        if let end = path.firstIndex(where: { $0 == 0x3F || $0 == 0x23 }) { path = path[..<end] }
        if path.first != 0x2F, let colon = path.firstIndex(of: 0x3A), path[colon...].starts(with: [0x3A, 0x2F, 0x2F]) {
            let afterHost = path[(colon + 3)...]
            path = afterHost.firstIndex(of: 0x2F).map { afterHost[$0...] } ?? []
        }
        guard let last = path.split(separator: 0x2F, omittingEmptySubsequences: false).last, !last.isEmpty else { return "" }
        return String(decoding: percentDecoded(Array(last)), as: UTF8.self)
    }

    /// `%XX` escapes replaced by their byte; malformed escapes stay as they are.
    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30 ... 0x39: return b - 0x30
            case 0x41 ... 0x46: return b - 0x41 + 10
            case 0x61 ... 0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                out.append(high << 4 | low); i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return out
    }
}

/// The start line and the few header fields the evidence table shows, read from one message head.
struct HeadFields {
    var isResponse = false
    var method = "", target = ""
    var status = 0
    /// Header names (lower case) and values, in order, values capped.
    var fields: [(String, String)] = []

    init(_ head: [UInt8]) {
        let lines = head.split(separator: 10, omittingEmptySubsequences: false).map { line in
            line.last == 13 ? line.dropLast() : line
        }
        guard let start = lines.first else { return }
        let parts = start.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true)
        isResponse = start.starts(with: Array("HTTP/".utf8))
        if isResponse {
            status = parts.count > 1 ? Int(String(decoding: parts[1].prefix(3), as: UTF8.self)) ?? 0 : 0
        } else {
            method = parts.first.map { String(decoding: $0.prefix(32), as: UTF8.self) } ?? ""
            target = parts.count > 1 ? String(decoding: parts[1].prefix(HTTPTransactionPass.targetKept), as: UTF8.self) : ""
        }
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: 0x3A) else { continue }
            let name = String(decoding: line[line.startIndex ..< colon].prefix(64), as: UTF8.self).lowercased()
            guard Self.isWanted(name) else { continue }
            var value = line[(colon + 1)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
            fields.append((name, String(decoding: value.prefix(HTTPTransactionPass.valueKept), as: UTF8.self)))
        }
    }

    /// The header fields kept (a switch: a set built per head cost more than the rest of the head).
    static func isWanted(_ name: String) -> Bool {
        switch name {
        case "host", "user-agent", "content-type", "content-disposition", "content-encoding", "authorization", "proxy-authorization",
            "content-length", "transfer-encoding":
            return true
        default: return false
        }
    }

    /// How the body's end is found (RFC 9112 section 6.3): none for 1xx, 204 and 304; chunked when the
    /// last transfer coding is; else Content-Length; else a response runs until the close, a request has none.
    var bodyLength: HTTPMessageHeadView.BodyLength {
        if isResponse && (status / 100 == 1 || status == 204 || status == 304) { return .none }
        if value("transfer-encoding").lowercased().hasSuffix("chunked") { return .chunked }
        let text = value("content-length")
        if !text.isEmpty {
            guard text.utf8.count <= 15, let n = Int(text), n >= 0 else { return isResponse ? .untilClose : .none }
            return n > 0 ? .length(n) : .none
        }
        return isResponse ? .untilClose : .none
    }

    /// The first value of header `name` (lower case); empty when absent.
    func value(_ name: String) -> String { fields.first { $0.0 == name }?.1 ?? "" }
    func has(_ name: String) -> Bool { fields.contains { $0.0 == name } }
}
