/// A byte buffer for report text. With a file descriptor it flushes every MiB (so a report of
/// hundreds of thousands of rows streams to disk); without one it keeps everything in `bytes`.
public struct ByteSink {
    public private(set) var bytes: [UInt8] = []
    let fileDescriptor: Int32
    /// The first `errno` a flush met (the rest of the output is dropped).
    public private(set) var writeError: Int32?
    static let flushSize = 1 << 20

    public init() { fileDescriptor = -1; bytes.reserveCapacity(1 << 16) }
    public init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor; bytes.reserveCapacity(Self.flushSize + 4096) }

    @inline(__always) public mutating func append(_ b: UInt8) {
        bytes.append(b)
        if bytes.count >= Self.flushSize && fileDescriptor >= 0 { flush() }
    }
    @inline(__always) public mutating func append(_ b: [UInt8]) {
        bytes.append(contentsOf: b)
        if bytes.count >= Self.flushSize && fileDescriptor >= 0 { flush() }
    }
    @inline(__always) public mutating func spaces(_ n: Int) { bytes.append(contentsOf: repeatElement(0x20, count: n)) }
    /// Appends a run of bytes at once.
    public mutating func append(_ buffer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: buffer)
        if bytes.count >= Self.flushSize && fileDescriptor >= 0 { flush() }
    }

    /// Writes what is buffered to the file descriptor (no-op without one).
    public mutating func flush() {
        guard fileDescriptor >= 0, !bytes.isEmpty else { return }
        if writeError == nil {
            writeError = FileIO.writeAll(fileDescriptor, bytes)
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
