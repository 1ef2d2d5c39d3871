import PacketDecoding

extension ExpertPass {
    /// SSH's host-signature item (`SSHKeyExchangeTracker`), for a segment SSH's dissector is handed:
    /// not retransmitted, not cut by the snaplen, from or to port 22.
    mutating func observeSSH(_ p: DecodedPacket, _ bytes: UnsafeRawBufferPointer, flow: FlowRef) {
        guard p.payloadLength == p.payloadWireLength, p.payloadOffset + p.payloadLength <= bytes.count else { return }
        let fromServer = p.sourcePort == 22 && p.destinationPort != 22
        let payload = bytes.bytes(from: p.payloadOffset).bytes(upTo: p.payloadLength)
        if let (decoded, length) = ssh.hostSignatureMismatch(payload, fromServer: fromServer, stream: flow.stream) {
            add(.sshHostSignature(decoded: decoded, length: length), frame: p.frameNumber)
        }
    }
}
