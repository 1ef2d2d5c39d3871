import CaptureReading
import PacketDecoding

/// Everything the one pass learned about a capture: the input of the findings and the report.
public struct TrafficSummary: Sendable {
    public var properties: CaptureProperties
    public var hierarchy: ProtocolHierarchy
    public var conversations: ConversationTables
    public var expert: ExpertInformation
    public var streams: [StreamExcerpt]
    /// Packet 1, decoded, and its bytes (for the field-by-field walk and the hex dump).
    public var firstPacket: DecodedPacket?
    public var firstPacketBytes: [UInt8]
    public var malformedFrames: Int
    public var icmp: ICMPSummary
    /// Packets and bytes per time bucket (Wireshark's I/O graph).
    public var ioGraph = IOGraph(bucketNanoseconds: 1_000, frames: [], bytes: [], framesBeforeStart: 0, origin: nil)
    /// Decoded copies of a few frames (frame 1 and the first frame of each new conversation, bounded).
    public var frameSamples: [FrameSample] = []
}
