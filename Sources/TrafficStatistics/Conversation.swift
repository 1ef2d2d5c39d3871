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

/// One row of a conversation table (Wireshark's Statistics › Conversations), plus per-direction detail.
///
/// A is the source of the conversation's first frame, as tshark puts it on the left.
public struct Conversation: Sendable {
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
}

