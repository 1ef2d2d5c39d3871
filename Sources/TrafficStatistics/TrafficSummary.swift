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
}
