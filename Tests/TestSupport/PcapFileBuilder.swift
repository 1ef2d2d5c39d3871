#if canImport(Glibc)
import Glibc
#endif

/// Writes classic pcap files (little-endian, microseconds) for tests.
public struct PcapFileBuilder {
    public var linkType: UInt32
    public var snaplen: UInt32
    var bytes: [UInt8]

    public init(linkType: UInt32 = 1, snaplen: UInt32 = 65535) {
        self.linkType = linkType; self.snaplen = snaplen
        bytes = Self.le32(0xA1B2_C3D4) + [2, 0, 4, 0] + Self.le32(0) + Self.le32(0) + Self.le32(snaplen) + Self.le32(linkType)
    }

    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }

    /// Appends a record; `wireLength` defaults to the frame's length.
    public mutating func append(_ frame: [UInt8], seconds: UInt32 = 1_700_000_000, microseconds: UInt32 = 0, wireLength: Int? = nil) {
        bytes += Self.le32(seconds) + Self.le32(microseconds) + Self.le32(UInt32(frame.count)) + Self.le32(UInt32(wireLength ?? frame.count))
        bytes += frame
    }

    public var data: [UInt8] { bytes }

    /// Writes the file to a fresh temporary path and returns it.
    public func write(name: String = "test.pcap") -> String {
        let dir = TemporaryDirectory.make()
        let path = dir + "/" + name
        if let f = fopen(path, "wb") { _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }; fclose(f) }
        return path
    }
}

/// Temporary folders for tests (never cleaned mid-run; /tmp is the system's).
public enum TemporaryDirectory {
    public static func make() -> String {
        var template = Array("/tmp/pcapreport-test-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let p = mkdtemp(base) else { return "/tmp" }
            return String(cString: p)
        }
    }
}
