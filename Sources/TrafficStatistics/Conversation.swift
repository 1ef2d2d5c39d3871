import PacketDecoding

/// Per-direction counters of one TCP/UDP conversation: what the findings need, in a few words.
public struct DirectionCounters: Sendable, Equatable {
    public var bytes = 0
    public var payloadBytes = 0
    /// Union of every flag combination seen in this direction.
    public var flagsSeen = TCPFlags()
    /// Probes with flags other than SYN (FIN, NULL, Xmas, ACK, Maimon…): the first combination seen.
    public var firstFlags = TCPFlags()
    // Counts and frame numbers are stored in 32 bits (64 bytes per direction instead of 112: the
    // tables hold up to 100k conversations each) and read as Int; a value past 4,294,967,295 sticks there.
    private var _frames: UInt32 = 0
    private var _payloadFrames: UInt32 = 0
    private var _syn: UInt32 = 0
    private var _synAck: UInt32 = 0
    private var _rst: UInt32 = 0
    private var _fin: UInt32 = 0
    private var _pureAck: UInt32 = 0
    private var _firstSynFrame: UInt32 = 0
    private var _firstSynAckFrame: UInt32 = 0
    private var _firstRstFrame: UInt32 = 0
    private var _firstPayloadFrame: UInt32 = 0
    public var frames: Int { get { Int(_frames) } set { _frames = UInt32(clamping: newValue) } }
    public var payloadFrames: Int { get { Int(_payloadFrames) } set { _payloadFrames = UInt32(clamping: newValue) } }
    public var syn: Int { get { Int(_syn) } set { _syn = UInt32(clamping: newValue) } }
    public var synAck: Int { get { Int(_synAck) } set { _synAck = UInt32(clamping: newValue) } }
    public var rst: Int { get { Int(_rst) } set { _rst = UInt32(clamping: newValue) } }
    public var fin: Int { get { Int(_fin) } set { _fin = UInt32(clamping: newValue) } }
    public var pureAck: Int { get { Int(_pureAck) } set { _pureAck = UInt32(clamping: newValue) } }
    public var firstSynFrame: Int { get { Int(_firstSynFrame) } set { _firstSynFrame = UInt32(clamping: newValue) } }
    public var firstSynAckFrame: Int { get { Int(_firstSynAckFrame) } set { _firstSynAckFrame = UInt32(clamping: newValue) } }
    public var firstRstFrame: Int { get { Int(_firstRstFrame) } set { _firstRstFrame = UInt32(clamping: newValue) } }
    public var firstPayloadFrame: Int { get { Int(_firstPayloadFrame) } set { _firstPayloadFrame = UInt32(clamping: newValue) } }
    public init() {}
}

/// What every conversation-table row is: two endpoints (A is the source of the first frame, as tshark
/// puts it on the left), frames and bytes each way, first and last time.
public protocol ConversationRecord: Sendable {
    init(a: Endpoint, b: Endpoint, stream: Int, firstTimestamp: Int64, lastTimestamp: Int64, firstFrame: Int, lastFrame: Int)
    var a: Endpoint { get }
    var b: Endpoint { get }
    /// The row's index in its table (`tcp.stream` / `udp.stream` for the transport tables).
    var stream: Int { get }
    var framesAtoB: Int { get }
    var bytesAtoB: Int { get }
    var framesBtoA: Int { get }
    var bytesBtoA: Int { get }
    var firstTimestamp: Int64 { get set }
    var lastTimestamp: Int64 { get set }
    var lastFrame: Int { get set }
    /// Counts one frame of `bytes` bytes, A->B when `forward`.
    mutating func countFrame(forward: Bool, bytes: Int)
}

/// A row of the Ethernet and IP tables: the counts tshark shows, nothing more (about 100 bytes; the
/// TCP/UDP rows carry per-direction detail for the findings and are twice that).
public struct AddressConversation: ConversationRecord {
    public var a: Endpoint
    public var b: Endpoint
    // The stream index fills the 4 bytes after `b` (20 bytes): 96 bytes a row instead of 104.
    private var _stream: Int32
    public var firstTimestamp: Int64
    public var lastTimestamp: Int64
    public var bytesAtoB = 0, bytesBtoA = 0
    private var _framesAtoB: UInt32 = 0, _framesBtoA: UInt32 = 0
    private var _firstFrame: UInt32, _lastFrame: UInt32

    public init(a: Endpoint, b: Endpoint, stream: Int, firstTimestamp: Int64, lastTimestamp: Int64, firstFrame: Int, lastFrame: Int) {
        self.a = a; self.b = b
        self.firstTimestamp = firstTimestamp; self.lastTimestamp = lastTimestamp
        _stream = Int32(clamping: stream); _firstFrame = UInt32(clamping: firstFrame); _lastFrame = UInt32(clamping: lastFrame)
    }

    public var stream: Int { Int(_stream) }
    public var framesAtoB: Int { Int(_framesAtoB) }
    public var framesBtoA: Int { Int(_framesBtoA) }
    public var firstFrame: Int { Int(_firstFrame) }
    public var lastFrame: Int { get { Int(_lastFrame) } set { _lastFrame = UInt32(clamping: newValue) } }
    public var frames: Int { framesAtoB + framesBtoA }
    public var bytes: Int { bytesAtoB + bytesBtoA }

    @inline(__always)
    public mutating func countFrame(forward: Bool, bytes: Int) {
        // Counts stick at 4,294,967,295 like `DirectionCounters`.
        if forward { _framesAtoB = _framesAtoB &+ (_framesAtoB < .max ? 1 : 0); bytesAtoB += bytes } else {
            _framesBtoA = _framesBtoA &+ (_framesBtoA < .max ? 1 : 0); bytesBtoA += bytes
        }
    }
}

/// One row of a conversation table (Wireshark's Statistics › Conversations), plus per-direction detail.
///
/// A is the source of the conversation's first frame, as tshark puts it on the left.
public struct Conversation: ConversationRecord {
    public var a: Endpoint
    public var b: Endpoint
    public var aToB = DirectionCounters()
    public var bToA = DirectionCounters()
    public var firstTimestamp: Int64
    public var lastTimestamp: Int64
    // The stream index and frame numbers are stored in 32 bits, like `DirectionCounters` (the rows
    // are the bulk of the report's memory), and read as Int.
    private var _stream: Int32
    private var _firstFrame: UInt32
    private var _lastFrame: UInt32
    /// TCP stream identity as Wireshark tracks it (to start a new stream when a port pair is reused):
    /// each direction's base sequence number, once known.
    var baseSequenceAtoB: UInt32 = 0, baseSequenceBtoA: UInt32 = 0
    var hasBaseAtoB = false, hasBaseBtoA = false
    /// UDP: an SNMP request opened a conversation of its own; the pair's next frame starts a new
    /// `udp.stream` (see `ConversationTable.countTransport`).
    var splitBeforeNextFrame = false
    var isSNMPConversation = false
    /// The row of this conversation's address pair in the IPv4/IPv6 table, once known (-1 before),
    /// and how the two are oriented: 0 same A, 1 reversed, 2 both addresses equal (the IP row then
    /// counts every frame A to B). Saves the IP table's lookup for every TCP/UDP frame after the first.
    var ipRow: Int32 = -1
    var ipRelation: UInt8 = 0
    /// TCP: A's first SYN carried the operating system's options (SACK, timestamps or window scale),
    /// as connect() builds it; false for a raw-packet scanner's lone MSS (or no SYN seen).
    public internal(set) var kernelSYN = false

    public init(a: Endpoint, b: Endpoint, stream: Int, firstTimestamp: Int64, lastTimestamp: Int64, firstFrame: Int, lastFrame: Int) {
        self.a = a; self.b = b
        self.firstTimestamp = firstTimestamp; self.lastTimestamp = lastTimestamp
        _stream = Int32(clamping: stream); _firstFrame = UInt32(clamping: firstFrame); _lastFrame = UInt32(clamping: lastFrame)
    }

    /// `tcp.stream` / `udp.stream` index (the row's index in its table).
    public var stream: Int { get { Int(_stream) } set { _stream = Int32(clamping: newValue) } }
    public var firstFrame: Int { get { Int(_firstFrame) } set { _firstFrame = UInt32(clamping: newValue) } }
    public var lastFrame: Int { get { Int(_lastFrame) } set { _lastFrame = UInt32(clamping: newValue) } }
    public var frames: Int { aToB.frames + bToA.frames }
    public var bytes: Int { aToB.bytes + bToA.bytes }
    public var framesAtoB: Int { aToB.frames }
    public var bytesAtoB: Int { aToB.bytes }
    public var framesBtoA: Int { bToA.frames }
    public var bytesBtoA: Int { bToA.bytes }

    @inline(__always)
    public mutating func countFrame(forward: Bool, bytes: Int) {
        if forward { aToB.frames += 1; aToB.bytes += bytes } else { bToA.frames += 1; bToA.bytes += bytes }
    }
}

