import PacketDecoding

/// Follows SSH's clear-text key exchange per TCP stream far enough to raise the one expert item
/// Wireshark's SSH dissector adds there (`packet-ssh.c`, `ssh_tree_add_hostsignature`): the server's key
/// exchange reply carries the host signature `string(string type, blob)`, and the dissector decodes the
/// blob only for `ssh-rsa` and `ssh-dss` (an mpint). For every other type (`rsa-sha2-256/512`,
/// `ecdsa-sha2-*`, `ssh-ed25519`) it has decoded `8 + type length` bytes, not `4 + signature length`, and
/// says so: Warning/Protocol "Decoded N bytes, but packet legnth is M bytes" (Wireshark's spelling).
///
/// The reply is message 31 (`KEXDH_REPLY`, `KEX_ECDH_REPLY`), or 33 (`KEX_DH_GEX_REPLY`) when the
/// negotiated key exchange (the client's first algorithm the server also lists, `ssh_choose_algo`) is a
/// Diffie-Hellman group exchange, where 31 is the group. Binary packets are read from the version line
/// to each direction's `NEWKEYS`; a packet that runs into later segments is put together first, as
/// Wireshark reassembles it (up to `pendingLimit` bytes). At most `capacity` streams are tracked.
struct SSHKeyExchangeTracker {
    /// One SSH connection's clear-text state.
    struct StreamState {
        /// Per direction (0 client, 1 server): 0 before the version line, 1 clear-text packets, 2 done.
        var phase: (UInt8, UInt8) = (0, 0)
        /// The first KEXINIT's key exchange algorithm list (at most 2 KiB), until the other side's is seen.
        var firstKex: [UInt8] = []
        /// Who sent it: 0 none yet, 1 the client, 2 the server.
        var firstKexFrom: UInt8 = 0
        /// Per direction: the start of a binary packet that continues in the next segment (at most
        /// `pendingLimit` bytes; a longer one ends the tracking of that direction).
        var pending: ([UInt8], [UInt8]) = ([], [])
        /// The negotiated key exchange is a DH group exchange.
        var groupExchange = false
    }
    static let capacity = 4096
    static let pendingLimit = 8192
    var streams: [Int32: StreamState] = [:]

    /// The (decoded, signature length) pair of the host-signature item this segment raises, if any.
    /// - Parameters:
    ///   - payload: the segment's TCP payload (valid only inside the packet callback).
    ///   - fromServer: the segment comes from the SSH server's port.
    mutating func hostSignatureMismatch(_ payload: UnsafeRawBufferPointer, fromServer: Bool, stream: Int32) -> (Int, Int)? {
        guard stream >= 0 else { return nil }
        if streams[stream] == nil && streams.count >= Self.capacity { return nil }
        var st = streams[stream] ?? StreamState()
        defer { streams[stream] = st }
        var phase = fromServer ? st.phase.1 : st.phase.0
        defer { if fromServer { st.phase.1 = phase } else { st.phase.0 = phase } }
        let count = payload.count
        var o = 0
        if phase == 0 {
            guard HTTPMessageHeadView.hasPrefix(payload, at: 0, "SSH-") else { phase = 2; return nil }
            let v1 = HTTPMessageHeadView.hasPrefix(payload, at: 0, "SSH-1.") && !HTTPMessageHeadView.hasPrefix(payload, at: 0, "SSH-1.99")
            phase = v1 ? 2 : 1
            guard let end = HTTPMessageHeadView.find(payload, "\n") else { return nil }
            o = end + 1
        }
        var result: (Int, Int)?
        var pending = fromServer ? st.pending.1 : st.pending.0
        defer { if fromServer { st.pending.1 = pending } else { st.pending.0 = pending } }
        if !pending.isEmpty {
            // A packet begun in an earlier segment: complete it first (Wireshark reassembles it).
            let need =
                4 + Int(UInt32(pending[0]) << 24 | UInt32(pending[1]) << 16 | UInt32(pending[2]) << 8 | UInt32(pending[3])) - pending.count
            let take = min(need, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[0 ..< take]))
            o = take
            guard take == need else { return nil }
            let whole = pending
            pending = []
            whole.withUnsafeBytes { b in
                result = Self.step(UnsafeRawBufferPointer(rebasing: b[5...]), fromServer: fromServer, &phase, &st)
            }
        }
        while phase == 1 && count - o >= 6 {
            let length = Int(payload.loadBigEndian(UInt32.self, at: o))
            guard length >= 2 && length <= 35_000 else { phase = 2; break }
            guard count - o - 4 >= length else {
                if 4 + length <= Self.pendingLimit { pending = [UInt8](UnsafeRawBufferPointer(rebasing: payload[o...])) } else { phase = 2 }
                break
            }
            let packet = UnsafeRawBufferPointer(rebasing: payload[(o + 5) ..< (o + 4 + length)])  // message code first
            result = Self.step(packet, fromServer: fromServer, &phase, &st) ?? result
            o += 4 + length
        }
        return result
    }

    /// One complete binary packet (from its message code on, padding included).
    static func step(_ packet: UnsafeRawBufferPointer, fromServer: Bool, _ phase: inout UInt8, _ st: inout StreamState) -> (Int, Int)? {
        guard packet.count > 0 else { return nil }
        switch packet.byte(0) {
        case 20: noteKexInit(packet, fromServer: fromServer, &st)
        case 21: phase = 2
        case 31 where fromServer && !st.groupExchange, 33 where fromServer && st.groupExchange:
            return signatureMismatch(packet)
        default: break
        }
        return nil
    }

    /// KEXINIT: message code, 16-byte cookie, then the key exchange algorithms as a name-list.
    static func noteKexInit(_ packet: UnsafeRawBufferPointer, fromServer: Bool, _ st: inout StreamState) {
        guard packet.count >= 21 else { return }
        let n = Int(packet.loadBigEndian(UInt32.self, at: 17))
        guard n <= packet.count - 21 else { return }
        let list = UnsafeRawBufferPointer(rebasing: packet[21 ..< (21 + n)])
        let side: UInt8 = fromServer ? 2 : 1
        if st.firstKexFrom == 0 || st.firstKexFrom == side {
            st.firstKex = [UInt8](list.prefix(2048)); st.firstKexFrom = side
            return
        }
        // ssh_choose_algo: the first of the client's names that the server lists too (either may come first).
        let other = st.firstKex
        let (client, server) = fromServer ? (other, [UInt8](list)) : ([UInt8](list), other)
        let serverNames = server.split(separator: UInt8(ascii: ","))
        for name in client.split(separator: UInt8(ascii: ",")) where serverNames.contains(where: { $0.elementsEqual(name) }) {
            st.groupExchange = name.starts(with: Array("diffie-hellman-group-exchange".utf8))
            break
        }
        st.firstKex = []
    }

    /// The reply: message code, host key string, the server's public value (string or mpint), then the
    /// signature. Returns (decoded, signature length) when they differ, as Wireshark counts them.
    static func signatureMismatch(_ packet: UnsafeRawBufferPointer) -> (Int, Int)? {
        var o = 1
        for _ in 0 ..< 2 {  // K_S, then f / Q_S
            guard packet.count - o >= 4 else { return nil }
            let n = Int(packet.loadBigEndian(UInt32.self, at: o))
            guard n <= packet.count - o - 4 else { return nil }
            o += 4 + n
        }
        guard packet.count - o >= 8 else { return nil }
        let signatureLength = Int(packet.loadBigEndian(UInt32.self, at: o))
        let typeLength = Int(packet.loadBigEndian(UInt32.self, at: o + 4))
        guard typeLength <= packet.count - o - 8 else { return nil }
        let type = UnsafeRawBufferPointer(rebasing: packet[(o + 8) ..< (o + 8 + typeLength)])
        var decoded = 8 + typeLength
        if type.elementsEqual("ssh-rsa".utf8) || type.elementsEqual("ssh-dss".utf8) {
            let m = o + 8 + typeLength
            guard packet.count - m >= 4 else { return nil }
            decoded += 4 + Int(packet.loadBigEndian(UInt32.self, at: m))
        }
        return decoded == 4 + signatureLength ? nil : (decoded, signatureLength)
    }
}
