import PacketDecoding

/// The HTTP/1.x evidence of a capture: exact totals, and the first transactions (request paired with
/// its response, in order) with what their bodies were. Values are the capture's raw bytes as text:
/// masking credentials and redaction are the report's job.
public struct HTTPActivity: Sendable {
    /// A message body as it went by: never kept, only measured, hashed and sniffed.
    public struct Body: Sendable, Equatable {
        /// Bytes of the body after chunked transfer coding is removed (Content-Encoding, e.g. gzip, stays).
        public var size = 0
        /// Bytes of the object a gzip/deflate Content-Encoding decoded to; nil when not encoded or not decodable.
        public var decodedSize: Int?
        /// What the object's first bytes are (`FileMagic.sniff`): the decoded bytes when `decodedSize` is set.
        public var magic = FileMagic.unknown
        /// SHA-256 and MD5 of the object (decoded when `decodedSize` is set, as Wireshark's Export Objects
        /// writes it), lower-case hex; empty when the body is incomplete.
        public var sha256 = "", md5 = ""
        /// The body was seen to its end (no gap, not cut by the capture's end).
        public var complete = false
        /// `--extract-files`: where the object was written, relative to DIR (`capture/5-name`); nil when not.
        public var extractedPath: String?
        public init() {}
    }

    /// One request and its response.
    public struct Transaction: Sendable {
        /// `tcp.stream`; the frames that completed the request and the response messages (where
        /// Wireshark shows them; `requestFrame` is 0 for a response whose request was not captured,
        /// and its method is empty); the first message's time (nanoseconds since the epoch).
        public var stream = 0
        public var requestFrame = 0
        public var responseFrame: Int?
        public var timestamp: Int64 = 0
        public var client = IPAddress.unspecified, server = IPAddress.unspecified
        public var clientPort: UInt16 = 0, serverPort: UInt16 = 0
        public var method = "", host = "", target = "", userAgent = ""
        public var requestContentType = ""
        /// The request carried an Authorization header (its value is never kept).
        public var hasAuthorization = false
        public var requestBody: Body?
        public var statusCode: Int?
        public var responseContentType = "", responseContentEncoding = ""
        public var responseBody: Body?
        /// Content-Disposition's filename, else the request target's last path segment (percent-decoded);
        /// empty when neither names a file.
        public var fileName = ""
        /// The file name's extension announces another type than the response body's bytes are.
        public var fileTypeMismatch: Bool {
            guard let body = responseBody, body.size > 0 else { return false }
            return body.magic.mismatches(name: fileName)
        }
        /// A 2xx response whose body is an executable or script by its bytes, whose name has a script
        /// extension or two extensions, or whose name announces another type: what the download
        /// detector may flag (a superset of it; its size threshold is applied there).
        public var isDownloadCandidate: Bool {
            guard let body = responseBody, body.size > 0, let status = statusCode, (200 ..< 300).contains(status) else { return false }
            if body.magic.isExecutable || body.magic == .script || body.magic == .powershell || fileTypeMismatch { return true }
            if fileName.filter({ $0 == "." }).count >= 2 { return true }
            guard let ext = FileMagic.fileExtension(fileName) else { return false }
            let type = responseContentType.lowercased()
            if ext.hasPrefix("js") && (type.contains("javascript") || type.contains("ecmascript")) { return false }
            return ["ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "bat", "cmd", "sh"].contains(ext)
        }
        public init() {}
    }

    public var transactions: [Transaction] = []
    /// Exact totals over every complete message (as `tshark -z http,tree` counts them).
    public var requests = 0, responses = 0
    public var methods: [String: Int] = [:]
    public var statusCodes: [Int: Int] = [:]
    /// Transactions past the row cap (counted, not kept as rows).
    public var transactionsDropped = 0
    /// Transactions past the row cap whose response could be a suspicious download
    /// (`Transaction.isDownloadCandidate`), the first `downloadCandidatesKept`, and how many more.
    public var downloadCandidates: [Transaction] = []
    public var downloadCandidatesDropped = 0
    public static let downloadCandidatesKept = 500
    /// Requests that got no response in the capture; responses with no request before them.
    public var unansweredRequests = 0, unpairedResponses = 0
    /// Messages whose head or body was cut short (a gap in the stream, the capture's end, an over-long head).
    public var incompleteMessages = 0
    /// What `--extract-files` wrote; nil when it is off.
    public var extraction: FileExtractionSummary?
    public init() {}
}
