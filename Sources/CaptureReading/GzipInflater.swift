import CZlib
import Support
#if canImport(Glibc)
import Glibc
#endif

/// Inflates a gzip-compressed capture inside the reader's stream read function, so libpcap and the
/// pcapng block scanner see the plain capture while the file size counts the file's own bytes (as
/// `capinfos` reports, and hashes, the file on disk). Compression is recognised by its magic number (1f 8b),
/// not by the file name, as Wireshark does; concatenated gzip members are read one after another,
/// as `gzip -d` reads them.
final class GzipInflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)   // zlib keeps a back-pointer: fixed address
    private let input: UnsafeMutableRawPointer
    private let inputCapacity = 1 << 18
    private var endOfFile = false
    private var finished = false
    /// Why inflating stopped early, if it did, in `gzip -t`'s words: "unexpected end of file" for a
    /// stream cut short (even at a deflate block or record boundary), "invalid compressed data--crc
    /// error" for a member whose CRC-32 does not match its data. `CaptureReader` reports it.
    private(set) var problem: String?

    /// Returns an inflater when the file at `fd` starts with the gzip magic number, nil otherwise.
    /// Peeks with `pread`, so the descriptor's offset is untouched.
    static func ifCompressed(fd: Int32) -> GzipInflater? {
        var magic: (UInt8, UInt8) = (0, 0)
        let n = withUnsafeMutableBytes(of: &magic) { pread(fd, $0.baseAddress, 2, 0) }
        guard n == 2, magic.0 == 0x1F, magic.1 == 0x8B else { return nil }
        return GzipInflater()
    }

    private init?() {
        stream.initialize(to: z_stream())
        input = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity, alignment: 16)
        // 15 + 16: a 32 KiB window, gzip wrapper only. The corresponding C macro is `inflateInit2`.
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            input.deallocate(); stream.deallocate(); return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    /// Fills `buffer` with up to `size` inflated bytes read from `fd`; `raw` sees every compressed
    /// chunk as it is read (to the end of the file, even past damaged data, so the size counted
    /// covers the whole file). Returns the byte count, 0 at the end, -1 (errno EIO) when the compressed data
    /// is damaged: libpcap then reports a read error after the records before it.
    /// The corresponding C function is `inflate`.
    func read(fd: Int32, into buffer: UnsafeMutablePointer<CChar>, size: Int,
              raw: (UnsafeRawBufferPointer) -> Void) -> Int {
        if finished { drain(fd: fd, raw: raw); return 0 }
        guard size > 0 else { return 0 }
        stream.pointee.next_out = UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(clamping: size)
        let wanted = Int(stream.pointee.avail_out)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 {
                if endOfFile { break }
                let n = FileIO.read(fd, into: input, count: inputCapacity)
                if n < 0 { return -1 }
                if n == 0 {
                    endOfFile = true
                    if !atMemberBoundary { problem = "unexpected end of file" }
                    break
                }
                raw(UnsafeRawBufferPointer(start: input, count: n))
                stream.pointee.next_in = input.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = UInt32(n)
            }
            let status = inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                atMemberBoundary = true
                completedMembers += 1
                inflateReset(stream)          // a following member, if any, is read on
            } else if status == Z_OK {
                atMemberBoundary = false
            } else if status == Z_BUF_ERROR {
                continue                      // needs more input
            } else {
                finished = true
                drain(fd: fd, raw: raw)
                // Bytes after a complete member that start no member (padding, "trailing garbage", which
                // gzip ignores too) end the data quietly. Damage inside a member is an error, a bad CRC
                // included: zlib meets it in the call that inflated the member's last bytes, so even a
                // small first member may fail at its very first call.
                if completedMembers > 0 && stream.pointee.total_out == 0 { break }
                problem = Self.damage(status, message: stream.pointee.msg.map { String(cString: $0) })
                let produced = wanted - Int(stream.pointee.avail_out)
                if produced > 0 { return produced }
                errno = EIO
                return -1
            }
        }
        return wanted - Int(stream.pointee.avail_out)
    }

    /// `gzip -t`'s words for zlib's verdict on a damaged member, zlib's own message in parentheses.
    static func damage(_ status: Int32, message: String?) -> String {
        let words: String
        switch message {
        case "incorrect data check": words = "invalid compressed data--crc error"
        case "incorrect length check": words = "invalid compressed data--length error"
        default: words = status == Z_MEM_ERROR ? "out of memory" : "invalid compressed data--format violated"
        }
        return message.map { "\(words) (\($0))" } ?? words
    }

    /// Reads the rest of the file for the byte count only.
    private func drain(fd: Int32, raw: (UnsafeRawBufferPointer) -> Void) {
        while !endOfFile {
            let n = FileIO.read(fd, into: input, count: inputCapacity)
            if n <= 0 { endOfFile = true; break }
            raw(UnsafeRawBufferPointer(start: input, count: n))
        }
        stream.pointee.avail_in = 0
    }

    /// True before the first member and right after each complete one.
    private var atMemberBoundary = true
    /// Members inflated to their end with a matching CRC-32 and length.
    private var completedMembers = 0
}

extension GzipInflater {
    /// A seekable stdio stream of the capture at `path`: the file itself, or for a gzip-compressed
    /// file its inflated bytes in an anonymous temporary file (readers that seek, such as the
    /// pcapng block reader libpcap's refusals fall back to, need one). Inflating stops at damaged
    /// data: the reader then meets a capture that ends there, and `problem` says why.
    /// - Returns: nil when the file cannot be opened (errno says why).
    static func openSeekable(path: String) -> (file: UnsafeMutablePointer<FILE>, problem: String?)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)   // a FIFO must not block the open
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let inflater = ifCompressed(fd: fd) else { return fopen(path, "rb").map { ($0, nil) } }
        guard let out = tmpfile() else { return nil }
        let size = 1 << 20
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        defer { buffer.deallocate() }
        while true {
            let n = inflater.read(fd: fd, into: buffer, size: size) { _ in }
            if n <= 0 { break }
            guard fwrite(buffer, 1, n, out) == n else { fclose(out); return nil }
        }
        rewind(out)
        return (out, inflater.problem)
    }
}

/// Inflates an HTTP body sent with `Content-Encoding: gzip` or `deflate` as its pieces arrive, so the
/// analysis can hash and sniff the object itself (as Wireshark's Export Objects writes it) in bounded
/// memory: zlib's state and a 16 KiB output buffer, never the body. Lives here because this file is
/// the project's one home of zlib.
public final class BodyInflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let output = UnsafeMutablePointer<Bytef>.allocate(capacity: 1 << 14)
    private var started = false, ended = false
    /// The compressed data was damaged or not what the encoding said: what was produced stands, no more.
    public private(set) var failed = false
    /// The compressed stream reached its end marker.
    public var finished: Bool { ended }
    /// Inflated bytes produced so far.
    public private(set) var producedCount = 0

    /// An inflater for gzip, zlib or raw deflate data (`deflate` is sent either way; the first bytes tell).
    /// The corresponding C macro is `inflateInit2`.
    public init?() {
        stream.initialize(to: z_stream())
        // 15 + 32: a 32 KiB window, gzip or zlib header detected.
        guard inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate(); output.deallocate(); return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    /// Inflates `bytes`, handing each piece of output to `sink`; does nothing after the end or a failure.
    /// The corresponding C function is `inflate`.
    public func add(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) {
        guard !failed, !ended, let base = bytes.baseAddress, bytes.count > 0 else { return }
        if !started {
            started = true
            // `deflate` without the zlib header (RFC 1951 raw data, as some servers send it).
            let first = bytes[0], second = bytes.count > 1 ? bytes[1] : 0
            let zlibHeader = first & 0x0F == 8 && (UInt16(first) << 8 | UInt16(second)) % 31 == 0
            if first != 0x1F && !zlibHeader {
                inflateEnd(stream)
                stream.initialize(to: z_stream())
                guard inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    failed = true; return
                }
            }
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(clamping: bytes.count)
        while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0 {
            stream.pointee.next_out = output
            stream.pointee.avail_out = 1 << 14
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = (1 << 14) - Int(stream.pointee.avail_out)
            if produced > 0 {
                producedCount += produced
                sink(UnsafeRawBufferPointer(start: output, count: produced))
            }
            if status == Z_STREAM_END { ended = true; break }
            if status == Z_BUF_ERROR { break }
            if status != Z_OK { failed = true; break }
        }
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
    }
}
