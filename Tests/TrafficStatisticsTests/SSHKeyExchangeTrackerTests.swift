import PacketDecoding
import TestSupport
import Testing
@testable import TrafficStatistics

/// SSH handshakes built in code: client 10.0.0.5:40000, server 10.0.0.9:22.
enum SSHScript {
    static func string(_ b: [UInt8]) -> [UInt8] { FrameBuilder.be32(UInt32(b.count)) + b }
    static func packet(_ payload: [UInt8]) -> [UInt8] {
        var pad = 8 - (payload.count + 5) % 8
        if pad < 4 { pad += 8 }
        return FrameBuilder.be32(UInt32(payload.count + 1 + pad)) + [UInt8(pad)] + payload + [UInt8](repeating: 0, count: pad)
    }
    static func kexInit(_ kex: String) -> [UInt8] {
        var p: [UInt8] = [20] + [UInt8](repeating: 7, count: 16) + string(Array(kex.utf8))
        for _ in 0 ..< 9 { p += string(Array("none".utf8)) }
        return packet(p + [0, 0, 0, 0, 0])
    }
    /// The reply (message `code`) with a host signature of `type` over a `blob` of `length` bytes.
    static func reply(code: UInt8, type: String, length: Int) -> [UInt8] {
        let hostKey = string(string(Array("ssh-ed25519".utf8)) + string([UInt8](repeating: 1, count: 32)))
        let blob = [UInt8](repeating: 0x5A, count: length)
        let signature = string(string(Array(type.utf8)) + string(blob))  // for ssh-rsa the blob string is the mpint
        return packet([code] + hostKey + string([UInt8](repeating: 2, count: 32)) + signature)
    }
    /// Frames of one connection: version lines, KEXINITs, the client's init, the server's `replies`.
    static func frames(kex: String, _ server: [[UInt8]], splitClientKexInit: Bool = false) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var seq: (c: UInt32, s: UInt32) = (1, 1)
        func send(_ fromClient: Bool, _ payload: [UInt8]) {
            let (src, sp, dst, dp): (String, UInt16, String, UInt16) =
                fromClient ? ("10.0.0.5", 40000, "10.0.0.9", 22) : ("10.0.0.9", 22, "10.0.0.5", 40000)
            out.append(
                FrameBuilder.tcpFrame(
                    src, sp, dst, dp, flags: 0x18, sequence: fromClient ? seq.c : seq.s, acknowledgment: 1, payload: payload))
            if fromClient { seq.c += UInt32(payload.count) } else { seq.s += UInt32(payload.count) }
        }
        send(true, Array("SSH-2.0-OpenSSH_9.2\r\n".utf8))
        send(false, Array("SSH-2.0-OpenSSH_9.2\r\n".utf8))
        let clientKex = kexInit("curve25519-sha256,diffie-hellman-group-exchange-sha256")
        if splitClientKexInit {
            send(true, Array(clientKex[..<30])); send(true, Array(clientKex[30...]))
        } else {
            send(true, clientKex)
        }
        send(false, kexInit(kex))
        send(true, packet([30] + string([UInt8](repeating: 3, count: 32))))
        for s in server { send(false, s) }
        return out
    }
}

func sshWarnings(_ frames: [[UInt8]]) -> [String] {
    expertItems(frames).items.filter { $0.protocolName == "SSH" }.map { "\($0.summary) x\($0.count)" }
}

/// packet-ssh.c decodes only ssh-rsa/ssh-dss signature blobs: an Ed25519 signature (83 bytes) leaves
/// 8 + 11 decoded and raises its warning; an ssh-rsa one does not.
@Test func anEd25519HostSignatureRaisesSSHsDecodedBytesWarning() {
    #expect(
        sshWarnings(SSHScript.frames(kex: "curve25519-sha256", [SSHScript.reply(code: 31, type: "ssh-ed25519", length: 64)]))
            == ["Decoded 19 bytes, but packet legnth is 83 bytes x1"])
    #expect(sshWarnings(SSHScript.frames(kex: "curve25519-sha256", [SSHScript.reply(code: 31, type: "ssh-rsa", length: 256)])).isEmpty)
    #expect(
        sshWarnings(SSHScript.frames(kex: "curve25519-sha256", [SSHScript.reply(code: 31, type: "rsa-sha2-256", length: 256)]))
            == ["Decoded 20 bytes, but packet legnth is 276 bytes x1"])
}

/// With a DH group exchange negotiated, message 31 is the group (no signature) and 33 the reply; the
/// negotiation needs the client's KEXINIT even when it spans two segments.
@Test func aGroupExchangeReplyIsMessage33() {
    let group = SSHScript.packet([31] + SSHScript.string([0, 0xC1, 0xC1]) + SSHScript.string([2]))
    let frames = SSHScript.frames(
        kex: "diffie-hellman-group-exchange-sha256", [group, SSHScript.reply(code: 33, type: "rsa-sha2-512", length: 256)],
        splitClientKexInit: true)
    #expect(sshWarnings(frames) == ["Decoded 20 bytes, but packet legnth is 276 bytes x1"])
}
