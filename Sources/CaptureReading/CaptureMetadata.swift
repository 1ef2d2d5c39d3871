/// File-level facts that libpcap does not expose, gathered while the file streams through.
public struct CaptureMetadata: Sendable, Equatable {
    /// The file format, as capinfos names it.
    public enum Format: String, Sendable { case pcap, pcapng, unknown }

    /// One pcapng Interface Description Block (or the single interface of a classic pcap file).
    public struct Interface: Sendable, Equatable {
        public var linkType: UInt32
        public var snaplen: Int?
        public var name: String?
        public var description: String?
        public var captureFilter: String?
        public var os: String?
        /// Decimal digits of the timestamp resolution (6 = microseconds, 9 = nanoseconds).
        public var timestampDigits: Int = 6
        /// Packet blocks that named this interface.
        public var packets: Int = 0
        /// `isb_ifdrop` from the last Interface Statistics Block, when present.
        public var droppedPackets: Int?
        public var receivedPackets: Int?
        public var statisticsEntries: Int = 0
        public init(linkType: UInt32) { self.linkType = linkType }
    }

    public var format: Format = .unknown
    public var bigEndian = false
    /// Decimal digits of the file's timestamps (6 or 9 for pcap; the first interface's for pcapng).
    public var timestampDigits = 6
    /// The classic pcap header's snaplen; nil for pcapng ("not set", as capinfos prints).
    public var fileSnaplen: Int?
    public var versionMajor = 0, versionMinor = 0
    public var hardware: String?
    public var os: String?
    public var application: String?
    /// Section header comments, in file order.
    public var comments: [String] = []
    public var interfaces: [Interface] = []
    /// Packet comments: (frame number, text).
    public var packetComments: [PacketComment] = []
    /// Why the block scanner stopped early, if it did (the packets libpcap read are still reported).
    public var scanProblem: String?

    /// A pcapng packet comment (`opt_comment` of an Enhanced Packet Block) and its frame.
    public struct PacketComment: Sendable, Equatable {
        public var frameNumber: Int
        public var text: String
    }
    public init() {}
}

/// What the whole file was, once read to the end.
public struct CaptureFileInfo: Sendable {
    public var path: String
    public var fileBytes: Int
    public var sha256: String
    public var sha1: String
    public var metadata: CaptureMetadata
    /// libpcap's message when reading stopped before the end of the file (e.g. "truncated dump file").
    public var readError: String?
    /// How the records were read when libpcap refused the file (nil when libpcap read them).
    public var readMethod: String?
    public init(path: String, fileBytes: Int, sha256: String, sha1: String, metadata: CaptureMetadata, readError: String?,
                readMethod: String? = nil) {
        self.path = path; self.fileBytes = fileBytes; self.sha256 = sha256; self.sha1 = sha1
        self.metadata = metadata; self.readError = readError; self.readMethod = readMethod
    }
}
