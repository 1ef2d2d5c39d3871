import PacketDecoding

/// Where Wireshark hands a mail message to its Internet Message Format dissector (`imf`), as the
/// protocol hierarchy shows it: one `imf` node, under `pop` or `smtp`, in the frame that completes the message.
///
/// - POP (`packet-pop.c`): a `RETR` or `TOP` request makes the next `+OK n ...` response announce `n`
///   bytes. Server segments that start with neither `+OK` nor `-ERR` are continuation data: their lengths
///   add up, and the segment that reaches `n` (or any continuation when no length was announced) completes
///   the message.
/// - SMTP (`packet-smtp.c`): after the client's `DATA` command, client lines are message data until an
///   end-of-message line, a `.` line after a CRLF (or `CRLF.CRLF`); the frame holding it completes the message.
///
/// Retransmitted segments never get here (the TCP reassembly stops them at `tcp`). State is kept only for
/// streams that had a `RETR`/`TOP` or `DATA`, at most `capacity` of them (a stream past that shows no `imf`).
struct MailMessageReassembly {
    /// One POP or SMTP connection's message state.
    struct StreamState {
        /// POP: a RETR/TOP was sent and its response not seen yet.
        var popRequest = false
        /// POP: bytes announced by the `+OK` and continuation bytes read so far.
        var popTotal = 0, popRead = 0
        /// SMTP: between DATA and the end-of-message line; whether the last data segment ended with CRLF.
        var smtpData = false, smtpCRLF = false
    }
    static let capacity = 65_536
    var streams: [Int32: StreamState] = [:]

    /// `stack` with `imf` appended when this POP/SMTP frame completes a mail message; otherwise unchanged.
    /// - Parameters:
    ///   - payload: the frame's TCP payload (valid only inside the packet callback).
    ///   - stream: the conversation table's TCP stream number (-1: none, nothing is tracked).
    @inline(__always)
    mutating func stack(_ p: DecodedPacket, _ stack: ProtocolStack, payload: UnsafeRawBufferPointer, stream: Int32) -> ProtocolStack {
        let app = stack.last
        guard app == .pop || app == .smtp, stream >= 0, payload.count > 0 else { return stack }
        let existing = streams[stream]
        if existing == nil && streams.count >= Self.capacity { return stack }
        var st = existing ?? StreamState()
        let completes = app == .pop ? Self.pop(p, payload, &st) : Self.smtp(p, payload, &st)
        if existing != nil || st.popRequest || st.smtpData { streams[stream] = st }
        guard completes else { return stack }
        var out = stack
        out.append(.imf)
        return out
    }

    /// POP: true when this segment completes a RETR/TOP message.
    static func pop(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ st: inout StreamState) -> Bool {
        if p.destinationPort == 110 {
            if Self.hasPrefixIgnoringCase(payload, at: 0, "RETR") || Self.hasPrefixIgnoringCase(payload, at: 0, "TOP") {
                st.popRequest = true
            }
            return false
        }
        let status = HTTPMessageHeadView.hasPrefix(payload, at: 0, "+OK") || HTTPMessageHeadView.hasPrefix(payload, at: 0, "-ERR")
        if !status {
            st.popRead += p.payloadWireLength
            guard st.popRead >= st.popTotal else { return false }
            st.popRead = 0; st.popTotal = 0
            return true
        }
        if st.popRequest {
            let lineLength =
                HTTPMessageHeadView.find(payload, "\n").map { $0 > 0 && payload.byte($0 - 1) == 13 ? $0 - 1 : $0 } ?? payload.count
            if Self.hasPrefixIgnoringCase(payload, at: 0, "+OK ") && lineLength > 4 {
                st.popRead = 0
                st.popTotal = announcedLength(payload, lineLength)
            }
            st.popRequest = false
        }
        return false
    }

    /// True if `b` holds the ASCII `text` at `o`, letters compared without case (`g_ascii_strncasecmp`).
    static func hasPrefixIgnoringCase(_ b: UnsafeRawBufferPointer, at o: Int, _ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard o >= 0, b.count - o >= n else { return false }
        let t = text.utf8Start
        for i in 0 ..< n where b.byte(o + i) | 0x20 != t[i] | 0x20 { return false }
        return true
    }

    /// The unsigned number after the first token of a `+OK n octets` line (`sscanf("%*s %u")`), 0 if none.
    static func announcedLength(_ line: UnsafeRawBufferPointer, _ length: Int) -> Int {
        var o = 0
        while o < length && line.byte(o) != 32 && line.byte(o) != 9 { o += 1 }
        while o < length && (line.byte(o) == 32 || line.byte(o) == 9) { o += 1 }
        var n = 0
        while o < length, (48 ... 57).contains(line.byte(o)), n < 1 << 40 {
            n = n * 10 + Int(line.byte(o) - 48)
            o += 1
        }
        return n
    }

    /// SMTP: true when this client segment holds the end-of-message line of a DATA message.
    static func smtp(_ p: DecodedPacket, _ payload: UnsafeRawBufferPointer, _ st: inout StreamState) -> Bool {
        guard p.destinationPort == 25 || p.destinationPort == 587 else { return false }
        let count = payload.count
        let endsWithCRLF = count >= 2 && payload.byte(count - 2) == 13 && payload.byte(count - 1) == 10
        var o = 0
        while o < count {
            let next = HTTPMessageHeadView.find(payload, "\n", from: o).map { $0 + 1 } ?? count
            if st.smtpData {
                let end =
                    (st.smtpCRLF && HTTPMessageHeadView.hasPrefix(payload, at: o, ".\r\n"))
                    || HTTPMessageHeadView.hasPrefix(payload, at: o, "\r\n.\r\n")
                st.smtpCRLF = endsWithCRLF
                if end {
                    st.smtpData = false
                    return true
                }
            } else if Self.hasPrefixIgnoringCase(payload, at: o, "DATA") {
                // The command token is DATA exactly: the line ends, or a space follows.
                let after = o + 4
                if after >= count || payload.byte(after) == 32 || payload.byte(after) == 13 || payload.byte(after) == 10 {
                    st.smtpData = true  // crlf_seen carries over, as in packet-smtp.c
                }
            }
            o = next
        }
        return false
    }
}
