#if canImport(Glibc)
import Glibc
#endif

/// Reads the packet records of a pcapng file block by block, without libpcap.
///
/// libpcap refuses a pcapng file whose interfaces differ in link type or snapshot length ("an
/// interface has a snapshot length 128 different from the snapshot length of the first interface");
/// Wireshark reads such files, and so must we. This reader is the fallback `CaptureReader` uses then.
/// It knows Section Header, Interface Description, Enhanced, Simple and (obsolete) Packet blocks and
/// custom blocks (which Wireshark shows as frames of their own, with their data as `data`); every
/// other block is skipped. Each record carries its own interface's link type and timestamp
/// resolution (`if_tsresol`, `if_tsoffset`).
///
/// One reusable block buffer: no per-packet allocation once it has grown to the largest block.
struct PcapngRecordReader {
    struct Interface {
        var linkType: UInt32
        var snaplen: Int
        /// Timestamp units per second (10^6 unless `if_tsresol` says otherwise).
        var unitsPerSecond: UInt64 = 1_000_000
        var offsetSeconds: Int64 = 0
    }

    /// Largest block accepted (a longer length is treated as corruption and ends the read).
    static let maximumBlock = 1 << 26

    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    private var bigEndian = false
    private var interfaces: [Interface] = []
    /// Why a gzip-compressed file's data ended early (`GzipInflater.problem`): the records read are
    /// those before the damage.
    let compressionProblem: String?

    /// - Throws: `CaptureError.cannotOpen` when the file cannot be opened.
    init(path: String) throws(CaptureError) {
        guard let opened = GzipInflater.openSeekable(path: path) else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        file = opened.file
        compressionProblem = opened.problem
        buffer.reserveCapacity(1 << 16)
    }

    func close() { fclose(file) }

    /// Calls `body` for every packet (and custom block) in file order.
    /// - Returns: why reading stopped before the end of the file, or nil when it reached the end.
    mutating func forEachRecord(_ body: (PacketRecord) -> Void) -> String? {
        var frameNumber = 0
        var head = [UInt8](repeating: 0, count: 8)
        while true {
            let got = fread(&head, 1, 8, file)
            if got == 0 { return nil }
            guard got == 8 else { return "the file ends inside a block header" }
            let isSection = head[0] == 0x0A && head[1] == 0x0D && head[2] == 0x0D && head[3] == 0x0A
            if isSection {
                // The byte-order magic follows the length: read it first to know how to read the length.
                var magic = [UInt8](repeating: 0, count: 4)
                guard fread(&magic, 1, 4, file) == 4 else { return "the file ends inside a section header" }
                switch (magic[0], magic[1], magic[2], magic[3]) {
                case (0x4D, 0x3C, 0x2B, 0x1A): bigEndian = false
                case (0x1A, 0x2B, 0x3C, 0x4D): bigEndian = true
                default: return "a section header has an unknown byte-order magic"
                }
                let length = Int(u32(head, 4))
                guard length >= 28, length % 4 == 0, length <= Self.maximumBlock else {
                    return "a section header has an invalid length \(length)"
                }
                guard skip(length - 12) else { return "the file ends inside a section header" }
                interfaces.removeAll(keepingCapacity: true)
                continue
            }
            let type = u32(head, 0), length = Int(u32(head, 4))
            guard length >= 12, length % 4 == 0, length <= Self.maximumBlock else {
                return "a block of type \(type) has an invalid length \(length)"
            }
            let bodyLength = length - 8          // body plus the trailing length copy
            if buffer.count < bodyLength { buffer = [UInt8](repeating: 0, count: bodyLength) }
            let read = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, bodyLength, file) }
            guard read == bodyLength else { return "the file ends inside a block of type \(type)" }
            let block = buffer          // a second reference (no copy): `self` is mutated below
            let stop: String? = block.withUnsafeBytes { raw -> String? in
                let b = UnsafeRawBufferPointer(rebasing: raw[..<(bodyLength - 4)])
                switch type {
                case 1: addInterface(b)
                case 6, 2: return packet(b, enhanced: type == 6, frameNumber: &frameNumber, body)
                case 3: return simplePacket(b, frameNumber: &frameNumber, body)
                case 0x0000_0BAD, 0x4000_0BAD:
                    // A custom block: Wireshark 4.0 shows it as a frame whose data follow the PEN.
                    guard b.count >= 4 else { return nil }
                    frameNumber += 1
                    body(PacketRecord(frameNumber: frameNumber, timestamp: Timestamp(nanoseconds: 0),
                                      capturedLength: b.count - 4, wireLength: b.count - 4,
                                      linkType: PacketRecord.customBlockLinkType,
                                      bytes: b.bytes(from: 4), hasComment: false, hasTimestamp: false, isPacket: false))
                default: break
                }
                return nil
            }
            if let stop { return stop }
        }
    }

    private func skip(_ n: Int) -> Bool { n <= 0 || fseek(file, n, SEEK_CUR) == 0 }

    private func u32(_ b: [UInt8], _ o: Int) -> UInt32 {
        let v = UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
        return bigEndian ? v.byteSwapped : v
    }
    private func u32(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
        let v = b.loadUnaligned(fromByteOffset: o, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
    }
    private func u16(_ b: UnsafeRawBufferPointer, _ o: Int) -> UInt16 {
        let v = b.loadUnaligned(fromByteOffset: o, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
    }

    private mutating func addInterface(_ b: UnsafeRawBufferPointer) {
        guard b.count >= 8 else { return }
        var i = Interface(linkType: UInt32(u16(b, 0)), snaplen: Int(u32(b, 4)))
        var o = 8
        while o + 4 <= b.count {
            let code = u16(b, o), len = Int(u16(b, o + 2))
            if code == 0 || o + 4 + len > b.count { break }
            if code == 9, len >= 1 {          // if_tsresol: power of ten, or of two with the high bit set
                let r = b[o + 4]
                let exponent = UInt64(r & 0x7F)
                if r & 0x80 == 0 {
                    if exponent <= 18 { var u: UInt64 = 1; for _ in 0 ..< exponent { u *= 10 }; i.unitsPerSecond = u }
                } else if exponent < 64 {
                    i.unitsPerSecond = UInt64(1) << exponent
                }
            } else if code == 14, len == 8 {  // if_tsoffset, seconds
                let hi = u32(b, o + 4), lo = u32(b, o + 8)
                let v = bigEndian ? (UInt64(hi) << 32 | UInt64(lo)) : (UInt64(lo) << 32 | UInt64(hi))
                i.offsetSeconds = Int64(bitPattern: v)
            }
            o += 4 + ((len + 3) & ~3)
        }
        interfaces.append(i)
    }

    private func nanoseconds(_ units: UInt64, _ i: Interface) -> Timestamp {
        let perSecond = max(i.unitsPerSecond, 1)
        let seconds = units / perSecond, rest = units % perSecond
        let fraction = perSecond == 1_000_000_000 ? rest : rest.multipliedFullWidth(by: 1_000_000_000).low / perSecond
        let s = Int64(clamping: seconds) &+ i.offsetSeconds
        return Timestamp(seconds: s, nanoseconds: Int64(fraction))
    }

    private func packet(_ b: UnsafeRawBufferPointer, enhanced: Bool, frameNumber: inout Int,
                        _ body: (PacketRecord) -> Void) -> String? {
        guard b.count >= 20 else { return "a packet block is shorter than its header" }
        let id = enhanced ? Int(u32(b, 0)) : Int(u16(b, 0))
        guard id < interfaces.count else { return "a packet names interface \(id), which is not described" }
        let interface = interfaces[id]
        let units = UInt64(u32(b, 4)) << 32 | UInt64(u32(b, 8))
        let captured = Int(u32(b, 12)), wire = Int(u32(b, 16))
        guard captured <= b.count - 20 else { return "a packet's captured length runs past its block" }
        frameNumber += 1
        body(PacketRecord(frameNumber: frameNumber, timestamp: nanoseconds(units, interface),
                          capturedLength: captured, wireLength: max(wire, captured), linkType: interface.linkType,
                          bytes: b.bytes(from: 20).bytes(upTo: captured), hasComment: hasComment(b.bytes(from: 20 + ((captured + 3) & ~3)))))
        return nil
    }

    private func simplePacket(_ b: UnsafeRawBufferPointer, frameNumber: inout Int, _ body: (PacketRecord) -> Void) -> String? {
        guard b.count >= 4, let interface = interfaces.first else { return "a simple packet block without an interface" }
        let wire = Int(u32(b, 0))
        var captured = min(wire, b.count - 4)
        if interface.snaplen > 0 { captured = min(captured, interface.snaplen) }
        frameNumber += 1
        body(PacketRecord(frameNumber: frameNumber, timestamp: Timestamp(nanoseconds: 0), capturedLength: captured,
                          wireLength: wire, linkType: interface.linkType, bytes: b.bytes(from: 4).bytes(upTo: captured),
                          hasComment: false, hasTimestamp: false))
        return nil
    }

    /// True when the packet's options hold an `opt_comment`.
    private func hasComment(_ options: UnsafeRawBufferPointer) -> Bool {
        var o = 0
        while o + 4 <= options.count {
            let code = u16(options, o), len = Int(u16(options, o + 2))
            if code == 0 { return false }
            if code == 1 { return true }
            o += 4 + ((len + 3) & ~3)
        }
        return false
    }
}

extension UnsafeRawBufferPointer {
    fileprivate func bytes(from offset: Int) -> UnsafeRawBufferPointer {
        offset >= count ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: self[offset...])
    }
    fileprivate func bytes(upTo length: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[..<Swift.min(Swift.max(length, 0), count)])
    }
}
