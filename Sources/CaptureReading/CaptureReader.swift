import CPcap
import Support
#if canImport(Glibc)
import Glibc
#endif

/// Reads one capture file with libpcap, in one streaming pass.
///
/// The file is opened by us and handed to libpcap as a stdio stream with a 1 MiB page-aligned
/// buffer (libpcap's default 4 KiB buffer is most of a bare read loop's time). The stream's read
/// function also feeds the pcapng block scanner, so metadata costs no second read; the digests run on
/// background threads (see `FileDigest`).
public final class CaptureReader {
    public let path: String
    private let source: StreamSource
    private let digest: FileDigest
    private var handle: OpaquePointer?
    private var file: UnsafeMutablePointer<FILE>?
    private var streamBuffer: UnsafeMutableRawPointer?
    private var readError: String?
    /// The raw DLT number libpcap reports for the file.
    public let linkType: UInt32

    static let streamBufferSize = 1 << 20

    /// Opens `path` and reads its file header.
    /// - Throws: `CaptureError.cannotOpen` when the file cannot be opened or is not a regular file,
    ///   `CaptureError.notACapture` when libpcap rejects its header.
    public init(path: String) throws(CaptureError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)   // a FIFO must not block the open
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd); throw .cannotOpen(path: path, reason: "not a regular file")
        }
        guard info.st_size > 0 else { close(fd); throw .notACapture(path: path, reason: "the file is empty") }
        source = StreamSource(fd: fd)
        digest = FileDigest(path: path)

        let functions = pcapreport_cookie_functions(
            read: { cookie, buffer, size in
                guard let cookie, let buffer else { return -1 }
                return Unmanaged<StreamSource>.fromOpaque(cookie).takeUnretainedValue().read(into: buffer, size: size)
            },
            write: nil, seek: nil, close: nil)
        guard let stream = pcapreport_fopencookie(Unmanaged.passUnretained(source).toOpaque(), "r", functions) else {
            close(fd); throw .cannotOpen(path: path, reason: "cannot create a stream")
        }
        var aligned: UnsafeMutableRawPointer?
        if posix_memalign(&aligned, 4096, Self.streamBufferSize) == 0, let aligned {
            setvbuf(stream, aligned.assumingMemoryBound(to: CChar.self), _IOFBF, Self.streamBufferSize)
            streamBuffer = aligned
        }
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let pcap = pcap_fopen_offline_with_tstamp_precision(stream, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errorBuffer) else {
            fclose(stream); free(streamBuffer); close(fd)
            let reason = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .notACapture(path: path, reason: reason.isEmpty ? "unrecognised format" : reason)
        }
        handle = pcap
        file = stream
        linkType = UInt32(bitPattern: pcap_datalink(pcap))
    }

    deinit {
        if let handle { pcap_close(handle) }      // closes the stdio stream too
        free(streamBuffer)
        close(source.fd)
    }

    /// Calls `body` for every record in file order. Reading stops at the end of the file or at the
    /// first record libpcap cannot read (recorded, not thrown: the records before it are data).
    /// The corresponding C function is `pcap_next_ex`.
    public func forEachRecord(_ body: (PacketRecord) -> Void) {
        guard let handle else { return }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var frameNumber = 0
        // A classic pcap record's seconds are an unsigned 32-bit count (to 2106-02-07, as tshark reads
        // them); libpcap hands them over sign-extended, which would put 2038-01-19 on in 1901-1969.
        let unsignedSeconds = source.scanner.metadata.format == .pcap
        while true {
            let status = pcap_next_ex(handle, &header, &data)
            if status == 1, let header, let data {
                frameNumber += 1
                let h = header.pointee
                let captured = Int(h.caplen)
                let seconds = unsignedSeconds ? Int64(UInt32(truncatingIfNeeded: h.ts.tv_sec)) : Int64(h.ts.tv_sec)
                let record = PacketRecord(
                    frameNumber: frameNumber,
                    timestamp: Timestamp(seconds: seconds, nanoseconds: Int64(h.ts.tv_usec)),
                    capturedLength: captured,
                    wireLength: Int(h.len),
                    linkType: linkType,
                    bytes: UnsafeRawBufferPointer(start: data, count: captured),
                    hasComment: hasComment(frameNumber))
                body(record)
            } else if status == PCAP_ERROR_BREAK || status == -2 {
                break
            } else {
                let message = String(cString: pcap_geterr(handle))
                if source.scanner.metadata.format == .pcapng, frameNumber == 0 || Self.refusesMixedInterfaces(message),
                    readWithBlockReader(refused: message, after: frameNumber, body)
                {
                    break
                }
                readError = message
                break
            }
        }
        // Whatever libpcap met at the end of a damaged gzip stream (a clean end of file when the cut
        // fell on a record boundary, "truncated dump file", a read error) follows from the damage.
        if let problem = source.inflater?.problem { readError = Self.gzipDamage(problem) }
    }

    /// The read error of a gzip-compressed file whose data are damaged, in `gzip -t`'s words.
    static func gzipDamage(_ problem: String) -> String { "the gzip-compressed file is damaged: \(problem)" }

    /// How the records were read when libpcap could not (nil: libpcap read them).
    private var readMethod: String?

    /// True for libpcap's refusal of an interface unlike the first ("an interface has a type 0 different
    /// from the type of the first interface", the same for the snapshot length), which it also gives
    /// for such an interface described after packets.
    static func refusesMixedInterfaces(_ message: String) -> Bool {
        message.hasPrefix("an interface has a ") && message.contains(" different from the ")
    }

    /// libpcap refuses pcapng files whose interfaces differ in link type or snaplen; Wireshark reads
    /// them. Reads the file with `PcapngRecordReader` instead (a second read of the file, only in this
    /// case). When libpcap refused only after `delivered` packets (an interface described after
    /// them), the reader skips the records up to the last of those and numbers the rest on from there.
    /// Returns false when the file cannot be opened again.
    private func readWithBlockReader(refused message: String, after delivered: Int, _ body: (PacketRecord) -> Void) -> Bool {
        guard var reader = try? PcapngRecordReader(path: path) else { return false }
        defer { reader.close() }
        readMethod =
            delivered == 0
            ? "pcapng block reader (libpcap refused the file: \(message))"
            : "pcapng block reader from frame \(delivered + 1) (libpcap refused the file after frame \(delivered): \(message))"
        var frames = 0, packets = 0, handed = 0
        let stop = reader.forEachRecord { record in
            frames += 1
            if record.isPacket { packets += 1 }
            // The packets libpcap handed over already, and the custom blocks among them (libpcap skips those).
            if record.isPacket ? packets <= delivered : packets < delivered { return }
            handed += 1
            var r = record
            r.frameNumber = delivered + handed
            r.hasComment = record.isPacket && record.hasComment
            body(r)
        }
        if let stop { readError = "\(stop) (after \(frames) records)" }
        if let problem = reader.compressionProblem { readError = Self.gzipDamage(problem) }
        return true
    }

    private var commentCursor = 0
    /// The scanner runs ahead of libpcap (it sees each chunk first), so a frame's comment is known
    /// by the time libpcap returns the frame.
    @inline(__always)
    private func hasComment(_ frame: Int) -> Bool {
        let comments = source.scanner.metadata.packetComments
        guard commentCursor < comments.count else { return false }
        while commentCursor < comments.count && comments[commentCursor].frameNumber < frame { commentCursor += 1 }
        return commentCursor < comments.count && comments[commentCursor].frameNumber == frame
    }

    /// Reads whatever libpcap left unread (so the digests cover the whole file) and returns the
    /// file-level facts.
    public func finish() -> CaptureFileInfo {
        if let file {
            var scratch = [UInt8](repeating: 0, count: 1 << 16)
            while fread(&scratch, 1, scratch.count, file) > 0 {}
        }
        // Damage past the point where libpcap stopped for a reason of its own: both are said.
        if let problem = source.inflater?.problem, let error = readError, !error.hasSuffix(problem) {
            readError = error + "; " + Self.gzipDamage(problem)
        }
        let digests = digest.finish()
        return CaptureFileInfo(
            path: path, fileBytes: source.bytesRead, sha256: digests.sha256, sha1: digests.sha1,
            metadata: source.scanner.metadata, readError: readError, readMethod: readMethod)
    }
}

/// The file descriptor behind the stdio stream, plus the block scanner that watches the bytes go by.
private final class StreamSource {
    let fd: Int32
    var scanner = CaptureFileScanner()
    var bytesRead = 0
    /// Set for a gzip-compressed file (see GzipInflater.swift): `bytesRead` counts the
    /// file's bytes (the digests hash the file itself), libpcap and the scanner see the inflated capture.
    let inflater: GzipInflater?

    init(fd: Int32) { self.fd = fd; inflater = GzipInflater.ifCompressed(fd: fd) }

    func read(into buffer: UnsafeMutablePointer<CChar>, size: Int) -> Int {
        if let inflater {
            let n = inflater.read(fd: fd, into: buffer, size: size) { raw in bytesRead += raw.count }
            if n > 0 { scanner.consume(UnsafeRawBufferPointer(start: buffer, count: n)) }
            return n
        }
        let n = FileIO.read(fd, into: buffer, count: size)
        if n > 0 {
            let chunk = UnsafeRawBufferPointer(start: buffer, count: n)
            scanner.consume(chunk)
            bytesRead += n
        }
        return n
    }
}
