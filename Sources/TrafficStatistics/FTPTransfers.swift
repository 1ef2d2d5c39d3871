import PacketDecoding

/// Files carried over FTP data connections: the control connection's PASV/EPSV answers and
/// PORT/EPRT commands announce the data connection's address and port, RETR/STOR/STOU/APPE name the
/// file; the data connection's bytes are measured, hashed and sniffed, never kept.
public struct FTPTransfers: Sendable {
    /// One data connection that carried a file.
    public struct Transfer: Sendable, Equatable {
        /// `tcp.stream` of the control and the data connection.
        public var controlStream = 0, dataStream = 0
        /// The FTP client and server (of the control connection).
        public var client = IPAddress.unspecified, server = IPAddress.unspecified
        /// The command that named the file (`RETR` a download, `STOR`/`STOU`/`APPE` an upload; empty
        /// when none was seen) and its argument (capture text, at most 512 bytes).
        public var command = "", fileName = ""
        public var upload: Bool { command == "STOR" || command == "STOU" || command == "APPE" }
        /// The data connection's first and last frame with payload.
        public var firstFrame = 0, lastFrame = 0
        /// Bytes carried, the type by the first bytes, and digests (empty unless complete).
        public var size = 0
        public var magic = FileMagic.unknown
        public var sha256 = "", md5 = ""
        /// The data connection closed with no gap in its bytes.
        public var complete = false
        public init() {}
    }

    /// The first `FTPTransferPass.transfersKept` transfers in the order they ended, and how many more.
    public var transfers: [Transfer] = []
    public var transfersDropped = 0
    public init() {}
}
