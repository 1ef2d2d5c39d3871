#if canImport(Glibc)
import Glibc
#endif
import CaptureReading
import PacketDecoding
import Support
import TestSupport
import Testing
@testable import TrafficStatistics

/// A ClientHello record with GREASE in ciphers, extensions, groups and versions, SNI example.com and
/// ALPN h2,http/1.1. tshark 4.0 on it (text2pcap to port 443): ja3_full
/// `771,4865-49199,0-10-11-13-16-43,29-23,0`, ja3 `97737df38853b88c4324af06e211c4a1`.
let fixedClientHelloRecord: [UInt8] = hexBytes(
    "1603010084010000800303000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0000060a0a1301c02f"
        + "010000511a1a000000000010000e00000b6578616d706c652e636f6d000a000800062a2a001d0017000b00020100000d0006"
        + "0004040308040010000e000c02683208687474702f312e31002b0007063a3a03040303")

func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    return stride(from: 0, to: digits.count - 1, by: 2).map { i in
        UInt8(String(decoding: digits[i ... i + 1], as: UTF8.self), radix: 16)!
    }
}

@Test func fixedClientHelloFingerprintsEqualTsharkAndJA4Spec() throws {
    let hello = try #require(TLSHello(body: fixedClientHelloRecord[9...], client: true))
    #expect(hello.ja3Full == "771,4865-49199,0-10-11-13-16-43,29-23,0")
    #expect(hello.ja3 == "97737df38853b88c4324af06e211c4a1")
    #expect(hello.serverName == Array("example.com".utf8))
    #expect(hello.alpn == [Array("h2".utf8), Array("http/1.1".utf8)])
    #expect(hello.effectiveVersion == 0x0304)
    // JA4 by the FoxIO spec: sorted hex ciphers / extensions without SNI and ALPN, then sigalgs in order.
    #expect(hello.ja4 == "t13d0206h2_c1929292aa6b_fb71836bce29")
}

@Test func truncatedClientHelloIsRejectedAtEveryLength() {
    let body = Array(fixedClientHelloRecord[9...])
    for cut in 0 ..< body.count - 1 {
        // Cutting inside the extensions block breaks its declared length; before it, a fixed field.
        let hello = TLSHello(body: body[0 ..< cut], client: true)
        if cut == 2 + 32 + 1 + 8 + 2 { continue }  // ends exactly before the extensions: a valid hello without them
        #expect(hello == nil, "cut at \(cut) accepted")
    }
}

@Test func clientHelloSplitOverSegmentsAndRecordsIsReassembled() throws {
    // One handshake message in two records, the records split across three TCP segments.
    let message = Array(fixedClientHelloRecord[5...])
    let first = [22, 3, 1, 0, 50] + message[0 ..< 50]
    let second = [22, 3, 1, 0, UInt8(message.count - 50)] + message[50...]
    let stream = first + second
    var pass = TLSHandshakePass()
    var packet = DecodedPacket()
    packet.sourcePort = 40000
    packet.destinationPort = 443
    let cuts = [0, 3, 70, stream.count]
    for k in 0 ..< 3 {
        let piece = Array(stream[cuts[k] ..< cuts[k + 1]])
        piece.withUnsafeBytes { raw in
            let chunk = TCPChunk(slot: 0, bytes: raw, gapBefore: false, truncated: false, first: k == 0, frame: k + 4, timestamp: 0)
            pass.observe(chunk, packet)
        }
    }
    let result = pass.finish()
    #expect(result.clientHellos == 1)
    let message0 = try #require(result.messages.first)
    #expect(message0.frame == 6)
    #expect(message0.hello.ja3 == "97737df38853b88c4324af06e211c4a1")
}

/// tshark's `tls.handshake.ja3_full` / `ja3s_full` of every ClientHello / ServerHello over TCP, by frame.
func tsharkHellos(_ path: String, type: Int, field: String) -> [Int: String] {
    let (_, output) = RepositoryPaths.run([
        ExternalTools.tshark ?? "tshark", "-r", path, "-Y", "tls.handshake.type == \(type) && tcp", "-T", "fields",
        "-E", "occurrence=f", "-e", "frame.number", "-e", field,
    ])
    var result: [Int: String] = [:]
    for line in output.split(separator: "\n") {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        if parts.count == 2, let frame = Int(parts[0]) { result[frame] = String(parts[1]) }
    }
    return result
}

@Test(
    .enabled(
        if: ExternalTools.tshark != nil && RepositoryPaths.corpus != nil,
        "tshark (Debian package tshark) or the shared corpus (../shared/corpus/real) is missing"))
func ja3AndJA3SEqualTsharkOnEveryCorpusHello() throws {
    let corpus = try #require(RepositoryPaths.corpus) + "/real"
    let files = RepositoryPaths.run(["ls", corpus]).output.split(separator: "\n").map(String.init)
    var compared = 0
    for file in files {
        let path = corpus + "/" + file
        let clients = tsharkHellos(path, type: 1, field: "tls.handshake.ja3_full")
        let servers = tsharkHellos(path, type: 2, field: "tls.handshake.ja3s_full")
        if clients.isEmpty && servers.isEmpty { continue }
        let ours = try CaptureAnalysis.analyze(path: path).tlsHandshakes.messages
        var ourClients: [Int: String] = [:], ourServers: [Int: String] = [:]
        for m in ours {
            if m.isClientHello {
                ourClients[m.frame] = ourClients[m.frame] ?? m.hello.ja3Full
            } else {
                ourServers[m.frame] = ourServers[m.frame] ?? m.hello.ja3sFull
            }
        }
        for (frame, ja3) in clients.sorted(by: { $0.key < $1.key }) {
            #expect(ourClients[frame] == ja3, "\(file) frame \(frame): JA3 \(ourClients[frame] ?? "none") vs tshark \(ja3)")
            compared += 1
        }
        for (frame, ja3s) in servers.sorted(by: { $0.key < $1.key }) {
            #expect(ourServers[frame] == ja3s, "\(file) frame \(frame): JA3S \(ourServers[frame] ?? "none") vs tshark \(ja3s)")
            compared += 1
        }
    }
    #expect(compared > 0)
}
