import PacketDecoding

/// DNS messages over TCP that span segments (RFC 7766: a two-byte length, then the message), joined
/// from in-order segments of one direction. Bounded: `pendingKept` directions at once, messages up to
/// `largestMessage` bytes; a segment out of order drops that direction's partial message.
struct DNSTCPMessages {
    /// One TCP direction: addresses and ports.
    struct Key: Hashable { var source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16 }
    /// A partial message and the sequence number its next byte must carry.
    struct Pending { var bytes: [UInt8]; var nextSequence: UInt32 }
    static let pendingKept = 1024, largestMessage = 65_537
    var pending: [Key: Pending] = [:]

    /// The message (without its length prefix) that `segment` completes, if any; starts a partial one
    /// when `segment` begins a message it does not hold whole. A segment that holds whole messages
    /// itself returns nil here (the caller reads it in place).
    mutating func take(_ p: DecodedPacket, _ segment: UnsafeRawBufferPointer) -> [UInt8]? {
        let key = Key(source: p.ipSource, destination: p.ipDestination, sourcePort: p.sourcePort, destinationPort: p.destinationPort)
        if var partial = pending[key] {
            guard p.sequenceNumber == partial.nextSequence else {
                // A retransmission of what came before keeps the partial message; anything else ends it.
                if p.sequenceNumber &+ UInt32(segment.count) != partial.nextSequence { pending[key] = nil }
                return nil
            }
            partial.bytes += segment
            partial.nextSequence = p.sequenceNumber &+ UInt32(segment.count)
            guard partial.bytes.count >= 2 else { pending[key] = partial; return nil }
            let length = Int(partial.bytes[0]) << 8 | Int(partial.bytes[1])
            if partial.bytes.count < 2 + length {
                pending[key] = partial.bytes.count <= Self.largestMessage ? partial : nil
                return nil
            }
            pending[key] = nil
            return Array(partial.bytes[2 ..< 2 + length])
        }
        // A segment that starts a message longer than itself (or holds only part of the length).
        let starts = segment.count < 2 || Int(segment.loadBigEndian(UInt16.self, at: 0)) + 2 > segment.count
        guard starts, pending.count < Self.pendingKept else { return nil }
        pending[key] = Pending(bytes: Array(segment), nextSequence: p.sequenceNumber &+ UInt32(segment.count))
        return nil
    }
}
