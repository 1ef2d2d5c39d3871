/// Everything the analysis passes need from one frame, as plain values (outlives the record bytes).
///
/// Fixed-size fields only: no per-packet allocation. Absent layers keep their zero values; the
/// `has…` flags and `stack` say which layers were decoded.
public struct DecodedPacket: Sendable {
    public var frameNumber = 0
    /// Nanoseconds since the epoch.
    public var timestamp: Int64 = 0
    public var capturedLength = 0
    public var wireLength = 0
    public var linkType = LinkType.ethernet
    /// Protocols from the link layer up, as Wireshark's hierarchy names them.
    public var stack = ProtocolStack()
    /// The first problem met; decoding stopped there.
    public var issue: DecodeIssue?

    // Link layer
    public var hasEthernet = false
    public var ethernetSource = MACAddress(rawValue: 0)
    public var ethernetDestination = MACAddress(rawValue: 0)
    public var etherType = EtherType(rawValue: 0)
    public var vlanCount = 0
    public var outerVLANID: UInt16 = 0
    public var innerVLANID: UInt16 = 0
    /// Bytes after the network packet that the link layer carried (Ethernet padding/trailer).
    public var trailerLength = 0
    public var trailerIsZero = true

    // ARP
    public var isARP = false
    public var arpOperation: UInt16 = 0
    public var arpSenderMAC = MACAddress(rawValue: 0)
    public var arpSenderIP = IPAddress.unspecified
    public var arpTargetMAC = MACAddress(rawValue: 0)
    public var arpTargetIP = IPAddress.unspecified

    // Network layer
    /// 0 (none), 4 or 6.
    public var ipVersion = 0
    public var ipSource = IPAddress.unspecified
    public var ipDestination = IPAddress.unspecified
    public var timeToLive: UInt8 = 0
    public var ipIdentification: UInt32 = 0
    public var ipHeaderLength = 0
    /// IPv4 total length, or IPv6 40 + payload length.
    public var ipTotalLength = 0
    public var dontFragment = false
    public var moreFragments = false
    /// In bytes.
    public var fragmentOffset = 0
    public var isFragment: Bool { moreFragments || fragmentOffset > 0 }
    /// A fragment that did not complete its datagram: Wireshark shows its payload as `data` and
    /// (IPv6) does not count it in the ipv6 conversation and endpoint tables.
    public var isUnreassembledFragment = false
    /// The fragment fields as they were on the wire (kept when a completing fragment is decoded as
    /// the whole datagram and `fragmentOffset`/`moreFragments` are cleared): fragment evasion checks.
    public var wireFragmentOffset = 0
    public var wireMoreFragments = false
    public var wasFragment: Bool { wireMoreFragments || wireFragmentOffset > 0 }
    public var ipTypeOfService: UInt8 = 0
    /// The transport protocol carried (after IPv6 extension headers).
    public var transport = IPProtocol(rawValue: 255)
    public var ipHeaderChecksum: UInt16 = 0

    // Transport layer
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var tcpFlags = TCPFlags()
    public var sequenceNumber: UInt32 = 0
    public var acknowledgmentNumber: UInt32 = 0
    public var windowSize: UInt16 = 0
    public var tcpHeaderLength = 0
    public var urgentPointer: UInt16 = 0
    public var transportChecksum: UInt16 = 0
    /// TCP options (0 / false when absent).
    public var maximumSegmentSize: UInt16 = 0
    public var windowScale: Int8 = -1
    public var sackPermitted = false
    public var sackBlocks = 0
    public var hasTimestamps = false
    public var timestampValue: UInt32 = 0
    public var timestampEcho: UInt32 = 0
    public var tcpOptionCount = 0
    /// UDP length field.
    public var udpLength = 0
    /// Offset of the transport payload in the frame bytes, and its length (bounded by the captured bytes
    /// and by the IP length).
    public var payloadOffset = 0
    public var payloadLength = 0
    /// Payload bytes on the wire (from IP lengths; may exceed `payloadLength` in a snaplen-cut frame).
    public var payloadWireLength = 0

    // ICMP / ICMPv6
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    public var icmpIdentifier: UInt16 = 0
    public var icmpSequence: UInt16 = 0
    /// For ICMP errors: the quoted packet's header (never a flow of its own).
    public var hasQuoted = false
    public var quotedSource = IPAddress.unspecified
    public var quotedDestination = IPAddress.unspecified
    public var quotedProtocol = IPProtocol(rawValue: 255)
    public var quotedSourcePort: UInt16 = 0
    public var quotedDestinationPort: UInt16 = 0

    /// The application protocol recognised in the payload (`.none` when there is no payload).
    public var application = ProtocolID.none

    public init() {}

    public var isTCP: Bool { transport == .tcp && tcpHeaderLength > 0 }
    public var isUDP: Bool { transport == .udp && udpLength > 0 }
    public var isICMP: Bool { (transport == .icmp || transport == .icmpv6) && stack.contains(transport == .icmp ? .icmp : .icmpv6) }
    /// True for a frame Wireshark would mark "[Malformed Packet]" (not a snaplen cut).
    public var isMalformed: Bool {
        guard let issue else { return false }
        if case .truncated = issue, capturedLength < wireLength { return false }
        return true
    }
}
