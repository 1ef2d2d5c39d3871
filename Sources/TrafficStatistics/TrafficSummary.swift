import CaptureReading
import PacketDecoding

/// Everything the one pass learned about a capture: the input of the findings and the report.
public struct TrafficSummary: Sendable {
    public var properties: CaptureProperties
    public var hierarchy: ProtocolHierarchy
    public var conversations: ConversationTables
    public var expert: ExpertInformation
    public var streams: [StreamExcerpt]
    /// Packet 1, decoded, and its bytes (for the field-by-field walk and the hex dump; credentials in
    /// the payload overwritten with `*`, byte for byte).
    public var firstPacket: DecodedPacket?
    public var firstPacketBytes: [UInt8]
    public var malformedFrames: Int
    public var icmp: ICMPSummary
    /// Per host pair and destination: ICMP probes, SYN shapes, flood meters, evasive packets.
    public var hostActivity = HostActivity()
    /// ARP claims, requesters and the IPv4 traffic each MAC carried.
    public var arp = ARPSummary()
    /// DNS names asked per client and registered domain.
    public var dnsQueries = DNSQueryStatistics()
    /// Cleartext logins and login answers.
    public var credentials = CredentialActivity()
    /// Packets and bytes per time bucket (Wireshark's I/O graph).
    public var ioGraph = IOGraph(bucketNanoseconds: 1_000, frames: [], bytes: [], framesBeforeStart: 0, origin: nil)
    /// Decoded copies of a few frames (frame 1 and the first frame of each new conversation, bounded).
    public var frameSamples: [FrameSample] = []
    /// Per TCP stream: the service its bytes show and the nmap version probe that opened it.
    public var streamContent = StreamContent()
    /// TLS ClientHello/ServerHello messages over TCP (bounded, with totals).
    public var tlsHandshakes = TLSHandshakes()
    /// HTTP/1.x transactions over TCP with their bodies' sizes, types and digests (bounded, with totals).
    public var http = HTTPActivity()
    /// Every HTTP request's web attack, attack-tool and form-login evidence, per client and server (bounded).
    public var httpRequests = HTTPRequestEvidence()
    /// Connection starts per client, server and port (for beaconing; bounded).
    public var beacons = BeaconSeries()
    /// HTTP session cookies per server and the clients that sent them (bounded, with totals).
    public var httpSessions = HTTPSessionEvidence()
    /// Files carried over FTP data connections (bounded).
    public var ftp = FTPTransfers()
    /// Files attached to mail carried over SMTP and POP3 (bounded).
    public var mail = MailAttachments()
}
