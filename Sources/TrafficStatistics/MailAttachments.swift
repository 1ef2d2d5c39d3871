import PacketDecoding

/// Files attached to mail messages carried over SMTP (the client's DATA) and POP3 (a RETR or TOP
/// answer): each MIME part with a file name or `Content-Disposition: attachment`, decoded from its
/// transfer encoding, measured, hashed and sniffed, never kept.
public struct MailAttachments: Sendable {
    /// One attachment.
    public struct Attachment: Sendable, Equatable {
        /// `smtp` (sent by the client) or `pop` (delivered to the client).
        public var protocolName = "smtp"
        /// `tcp.stream` of the mail connection, its client and server.
        public var stream = 0
        public var client = IPAddress.unspecified, server = IPAddress.unspecified
        public var clientPort: UInt16 = 0, serverPort: UInt16 = 0
        /// The frames its first and last bytes came in (the last is where its part ended).
        public var firstFrame = 0, lastFrame = 0
        /// When its message started (nanoseconds since the epoch).
        public var timestamp: Int64 = 0
        /// The file name (decoded, last path component, control characters replaced; capture text)
        /// and the part's Content-Type (lower case, parameters removed).
        public var fileName = "", contentType = ""
        /// Decoded bytes, the type by its first bytes, and digests of the decoded bytes (empty unless complete).
        public var size = 0
        public var magic = FileMagic.unknown
        public var sha256 = "", md5 = ""
        /// The part ended at its boundary (or the message's end) with no gap in the stream.
        public var complete = false
        /// `--extract-files`: where it was written, relative to DIR; nil when not.
        public var extractedPath: String?
        /// The name's extension announces another type than the bytes are.
        public var typeMismatch: Bool { size > 0 && magic.mismatches(name: fileName) }
        public init() {}
    }

    /// The first `MailAttachmentPass.attachmentsKept` attachments in the order they ended, and how many more.
    public var attachments: [Attachment] = []
    public var attachmentsDropped = 0
    /// Mail messages read to their end line (SMTP `.`, POP `.`), and messages cut short by a gap or a close.
    public var messages = 0, incompleteMessages = 0
    /// What `--extract-files` wrote of them; nil when it is off.
    public var extraction: FileExtractionSummary?
    public init() {}
}
