/// A streaming scanner of the capture file's own structure, fed the same bytes libpcap reads.
///
/// It collects what libpcap does not expose (pcapng section and interface options, per-interface
/// packet counts, interface statistics, packet comments, the file's timestamp precision) without a
/// second pass: `consume(_:)` is called with each chunk as it is read. Packet data is skipped, never
/// copied. Block bodies other than packets are kept only up to `maximumKeptBlock` bytes.
struct CaptureFileScanner {
    private enum Purpose { case fileHeader, blockHead, shbHead, blockBody, packetHead, packetOptions, done }
    private enum Step { case collect(Int, Purpose), skip(Int) }

    private(set) var metadata = CaptureMetadata()
    private var buffer: [UInt8] = []
    private var want = 0
    private var purpose: Purpose = .fileHeader
    private var skipping = 0
    private var queue: [Step] = []          // steps after the current one (at most three)
    private var blockType: UInt32 = 0
    private var blockLength = 0
    private var packetInterface = 0
    private var packetsSeen = 0
    private var stopped = false

    static let maximumKeptBlock = 1 << 20

    init() { want = 4; buffer.reserveCapacity(64) }

    mutating func consume(_ chunk: UnsafeRawBufferPointer) {
        var index = 0
        while index < chunk.count && !stopped {
            if skipping > 0 {
                let n = min(skipping, chunk.count - index)
                skipping -= n; index += n
                if skipping == 0 { advance() }
                continue
            }
            let n = min(want - buffer.count, chunk.count - index)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[index ..< index + n]))
            index += n
            if buffer.count == want { handleCollected() }
        }
    }

    // MARK: state machine

    private mutating func advance() {
        guard !queue.isEmpty else { startBlock(); return }
        switch queue.removeFirst() {
        case let .collect(n, p):
            if n == 0 { purpose = p; buffer.removeAll(keepingCapacity: true); handleCollected(); return }
            want = n; purpose = p; buffer.removeAll(keepingCapacity: true)
        case let .skip(n):
            if n == 0 { advance() } else { skipping = n }
        }
    }

    private mutating func startBlock() {
        purpose = .blockHead; want = 8; buffer.removeAll(keepingCapacity: true)
    }

    private mutating func stop(_ why: String) {
        if metadata.scanProblem == nil { metadata.scanProblem = why }
        stopped = true
    }

    private func u32(_ offset: Int) -> UInt32 {
        let b0 = UInt32(buffer[offset]), b1 = UInt32(buffer[offset + 1])
        let b2 = UInt32(buffer[offset + 2]), b3 = UInt32(buffer[offset + 3])
        return metadata.bigEndian ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0)
    }
    private func u16(_ offset: Int) -> UInt16 {
        let b0 = UInt16(buffer[offset]), b1 = UInt16(buffer[offset + 1])
        return metadata.bigEndian ? (b0 << 8 | b1) : (b1 << 8 | b0)
    }

    private mutating func handleCollected() {
        switch purpose {
        case .fileHeader: handleFileHeader()
        case .blockHead: handleBlockHead()
        case .shbHead: handleSectionHead()
        case .blockBody: handleBlockBody(); advance()
        case .packetHead: handlePacketHead()
        case .packetOptions: handlePacketOptions(); advance()
        case .done: stopped = true
        }
    }

    private mutating func handleFileHeader() {
        if buffer.count == 4 {
            let magic = buffer
            switch (magic[0], magic[1], magic[2], magic[3]) {
            case (0x0A, 0x0D, 0x0D, 0x0A):
                metadata.format = .pcapng
                blockType = 0x0A0D0D0A
                purpose = .shbHead; want = 12            // type, length, byte-order magic
                return
            case (0xD4, 0xC3, 0xB2, 0xA1), (0x4D, 0x3C, 0xB2, 0xA1): metadata.bigEndian = false
            case (0xA1, 0xB2, 0xC3, 0xD4), (0xA1, 0xB2, 0x3C, 0x4D): metadata.bigEndian = true
            default: stop("unrecognised file magic"); return
            }
            metadata.format = .pcap
            metadata.timestampDigits = (magic[1] == 0x3C || magic[2] == 0x3C) ? 9 : 6
            want = 24
            return
        }
        // Classic pcap global header: magic, version, thiszone, sigfigs, snaplen, linktype.
        metadata.versionMajor = Int(u16(4)); metadata.versionMinor = Int(u16(6))
        metadata.fileSnaplen = Int(u32(16))
        var interface = CaptureMetadata.Interface(linkType: u32(20) & 0x03FF_FFFF)
        interface.snaplen = metadata.fileSnaplen
        interface.timestampDigits = metadata.timestampDigits
        metadata.interfaces = [interface]
        purpose = .done; stopped = true      // records are libpcap's business
    }

    private mutating func handleBlockHead() {
        if buffer[0] == 0x0A && buffer[1] == 0x0D && buffer[2] == 0x0D && buffer[3] == 0x0A {
            purpose = .shbHead; want = 12; return      // a new section: byte order may change
        }
        blockType = u32(0)
        blockLength = Int(u32(4))
        guard blockLength >= 12, blockLength % 4 == 0 else {
            stop("pcapng block of type \(blockType) has an invalid length \(blockLength)"); return
        }
        let body = blockLength - 12
        switch blockType {
        case 6, 2:       // Enhanced Packet Block, obsolete Packet Block
            guard body >= 20 else { stop("pcapng packet block shorter than its header"); return }
            queue = []
            want = 8 + 20; purpose = .packetHead
        case 3:          // Simple Packet Block: always interface 0
            countPacket(interface: 0)
            queue = [.skip(body + 4)]
            advance()
        default:
            if body <= Self.maximumKeptBlock {
                want = 8 + body; purpose = .blockBody
                queue = [.skip(4)]
            } else {
                queue = [.skip(body + 4)]; advance()
            }
        }
    }

    private mutating func handleSectionHead() {
        let order = (buffer[8], buffer[9], buffer[10], buffer[11])
        switch order {
        case (0x4D, 0x3C, 0x2B, 0x1A): metadata.bigEndian = false
        case (0x1A, 0x2B, 0x3C, 0x4D): metadata.bigEndian = true
        default: stop("pcapng section header has an unknown byte-order magic"); return
        }
        blockType = 0x0A0D0D0A
        blockLength = Int(u32(4))
        guard blockLength >= 28, blockLength % 4 == 0, blockLength - 12 <= Self.maximumKeptBlock else {
            stop("pcapng section header has an invalid length \(blockLength)"); return
        }
        // Keep the whole block (re-collect with the 12 bytes already read in the buffer).
        want = blockLength - 4; purpose = .blockBody
        queue = [.skip(4)]
    }

    private mutating func countPacket(interface: Int) {
        packetsSeen += 1
        if interface >= 0 && interface < metadata.interfaces.count {
            metadata.interfaces[interface].packets += 1
        }
    }

    private mutating func handlePacketHead() {
        let interface = blockType == 2 ? Int(u16(8)) : Int(u32(8))
        let captured = Int(u32(20))
        countPacket(interface: interface)
        let padded = (captured + 3) & ~3
        let body = blockLength - 12
        guard padded <= body - 20 else { queue = [.skip(max(0, body - 20) + 4)]; advance(); return }
        let options = body - 20 - padded
        if options > 0 && options <= 65_536 {
            queue = [.skip(padded), .collect(options, .packetOptions), .skip(4)]
        } else {
            queue = [.skip(padded + options + 4)]
        }
        advance()
    }

    private mutating func handlePacketOptions() {
        forEachOption(from: 0) { code, value in
            if code == 1, let text = Self.text(value) {
                metadata.packetComments.append(.init(frameNumber: packetsSeen, text: text))
            }
        }
    }

    private mutating func handleBlockBody() {
        switch blockType {
        case 0x0A0D0D0A:
            guard buffer.count >= 24 else { return }
            metadata.versionMajor = Int(u16(12)); metadata.versionMinor = Int(u16(14))
            forEachOption(from: 24) { code, value in
                switch code {
                case 1: if let t = Self.text(value) { metadata.comments.append(t) }
                case 2: metadata.hardware = Self.text(value)
                case 3: metadata.os = Self.text(value)
                case 4: metadata.application = Self.text(value)
                default: break
                }
            }
        case 1:      // Interface Description Block
            guard buffer.count >= 16 else { return }
            var interface = CaptureMetadata.Interface(linkType: UInt32(u16(8)))
            let snap = Int(u32(12))
            interface.snaplen = snap == 0 ? nil : snap
            forEachOption(from: 16) { code, value in
                switch code {
                case 2: interface.name = Self.text(value)
                case 3: interface.description = Self.text(value)
                case 9:
                    if let r = value.first {
                        // High bit clear: a power of ten. Set: a power of two, given as its decimal digits.
                        interface.timestampDigits = r & 0x80 == 0 ? Int(r) : Int((Double(r & 0x7F) * 0.30103).rounded(.up))
                    }
                case 11: if value.count > 1 { interface.captureFilter = Self.text(Array(value.dropFirst())) }
                case 12: interface.os = Self.text(value)
                default: break
                }
            }
            if metadata.interfaces.isEmpty { metadata.timestampDigits = interface.timestampDigits }
            metadata.interfaces.append(interface)
        case 5:      // Interface Statistics Block
            guard buffer.count >= 20 else { return }
            let id = Int(u32(8))
            guard id < metadata.interfaces.count else { return }
            metadata.interfaces[id].statisticsEntries += 1
            forEachOption(from: 20) { code, value in
                guard value.count == 8 else { return }
                let hi = UInt64(Self.word(value, 0, metadata.bigEndian)), lo = UInt64(Self.word(value, 4, metadata.bigEndian))
                let n = metadata.bigEndian ? (hi << 32 | lo) : (lo << 32 | hi)
                let count = n > UInt64(Int.max) ? Int.max : Int(n)
                if code == 5 { metadata.interfaces[id].droppedPackets = count }
                if code == 4 { metadata.interfaces[id].receivedPackets = count }
            }
        default: break
        }
    }

    private static func word(_ v: [UInt8], _ o: Int, _ big: Bool) -> UInt32 {
        let b = (UInt32(v[o]), UInt32(v[o + 1]), UInt32(v[o + 2]), UInt32(v[o + 3]))
        return big ? (b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3) : (b.3 << 24 | b.2 << 16 | b.1 << 8 | b.0)
    }

    /// Walks pcapng options (code, length, value padded to 32 bits) in `buffer` from `start`.
    private func forEachOption(from start: Int, _ body: (UInt16, [UInt8]) -> Void) {
        var offset = start
        while offset + 4 <= buffer.count {
            let code = u16(offset), length = Int(u16(offset + 2))
            if code == 0 { break }
            let end = offset + 4 + length
            guard end <= buffer.count else { break }
            body(code, Array(buffer[offset + 4 ..< end]))
            offset = 4 + offset + ((length + 3) & ~3)
        }
    }

    /// Option text as UTF-8 (invalid sequences repaired), trailing NULs dropped.
    static func text(_ bytes: [UInt8]) -> String? {
        var b = bytes[...]
        while let last = b.last, last == 0 { b = b.dropLast() }
        return String(decoding: b, as: UTF8.self)
    }
}
