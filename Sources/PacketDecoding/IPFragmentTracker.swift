/// IP fragment reassembly, as far as Wireshark's counts need it (`ip.defragment` and
/// `ipv6.defragment` are on by default).
///
/// Wireshark dissects a fragmented datagram's transport and application layers once, in the frame
/// whose fragment completes the datagram; every other fragment shows as `data`. Only the start of
/// the datagram is kept (enough for the transport header and the port-based application check), and
/// the byte count received: no payload is reassembled. State is per datagram (source, destination,
/// identification, protocol), created by its first fragment and dropped when it completes.
public struct IPFragmentTracker: Sendable {
    struct Key: Hashable, Sendable {
        var source: IPAddress, destination: IPAddress, identification: UInt32, protocolNumber: UInt8
    }
    struct Pending: Sendable {
        var head: [UInt8] = []          // the first `keptBytes` of the datagram (from the offset-0 fragment)
        var hasFirst = false
        var received = 0
        var total: Int?                 // known once the last fragment (MF clear) arrives
    }

    /// Bytes kept from the start of each datagram: transport header plus a little payload.
    public static let keptBytes = 128
    /// Datagrams in progress beyond this are not tracked (their fragments stay `data`).
    public static let capacity = 65_536

    var pending: [Key: Pending] = [:]
    public init() {}

    /// Records one fragment. Returns the datagram's head bytes and total payload length when this
    /// fragment completes it (nil otherwise).
    mutating func add(source: IPAddress, destination: IPAddress, identification: UInt32, protocolNumber: UInt8,
                      offset: Int, moreFragments: Bool, payload: UnsafeRawBufferPointer, payloadWireLength: Int)
        -> (head: [UInt8], total: Int)? {
        let key = Key(source: source, destination: destination, identification: identification, protocolNumber: protocolNumber)
        guard pending[key] != nil || pending.count < Self.capacity else { return nil }
        var entry = pending[key] ?? Pending()
        if offset == 0 && !entry.hasFirst {
            entry.hasFirst = true
            entry.head = Array(payload.prefix(Self.keptBytes))
        }
        entry.received += payloadWireLength
        if !moreFragments { entry.total = offset + payloadWireLength }
        if entry.hasFirst, let total = entry.total, entry.received >= total {
            pending[key] = nil
            return (entry.head, total)
        }
        pending[key] = entry
        return nil
    }
}
