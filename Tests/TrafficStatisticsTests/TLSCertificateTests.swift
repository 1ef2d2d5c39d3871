import PacketDecoding
import Support
import TestSupport
import Testing
@testable import TrafficStatistics

/// The lab captures recorded by Tests/Lab/record-tls-lab.sh (openssl s_server on loopback).
let tlsLabFiles = ["benign-tls.pcap", "tls-self-signed.pcap", "tls-expired.pcap", "tls10.pcap"]

/// `2020-01-01 00:00:00 (UTC)`, as tshark prints `x509af.utcTime`.
func tsharkTime(_ seconds: Int64) -> String {
    let days = seconds / 86_400, rest = seconds % 86_400
    // Civil from days (H. Hinnant).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)) (UTC)"
}

@Test func certificateTimesAndOIDsDecode() {
    #expect(TLSCertificate.time(tag: 0x17, Array("200101000000Z".utf8)[...]) == 1_577_836_800)
    #expect(TLSCertificate.time(tag: 0x17, Array("491231235959Z".utf8)[...]) == 2_524_607_999)
    #expect(TLSCertificate.time(tag: 0x17, Array("500101000000Z".utf8)[...]) == -631_152_000)
    #expect(TLSCertificate.time(tag: 0x18, Array("20500101000000Z".utf8)[...]) == 2_524_608_000)
    #expect(TLSCertificate.time(tag: 0x17, Array("2001010000Z".utf8)[...]) == nil)
    #expect(TLSCertificate.time(tag: 0x17, Array("201301000000Z".utf8)[...]) == nil)
    #expect(TLSCertificate.dotted([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]) == "1.2.840.10045.2.1")
    #expect(tsharkTime(1_577_836_800) == "2020-01-01 00:00:00 (UTC)")
}

@Test func truncatedOrGarbledCertificatesNeverTrap() throws {
    let path = RepositoryPaths.root + "/Tests/Fixtures/lab/tls-self-signed.pcap"
    let chain = try #require(CaptureAnalysis.analyze(path: path).tlsHandshakes.chains.first)
    let leaf = try #require(chain.certificates.first)
    #expect(leaf.parsed)
    // Re-parse every prefix and a byte-flipped copy of a real certificate: no trap, fingerprints kept.
    let der = try #require(tsharkCertificates(path)[chain.frame]?.first)
    for cut in stride(from: 0, to: der.count, by: 7) {
        let c = TLSCertificate(der: der[0 ..< cut])
        #expect(c.length == cut)
        #expect(!c.parsed || cut == der.count)
    }
    var rng = SystemRandomNumberGenerator()
    for _ in 0 ..< 200 {
        var flipped = der
        flipped[Int.random(in: 0 ..< der.count, using: &rng)] ^= UInt8.random(in: 1 ... 255, using: &rng)
        _ = TLSCertificate(der: flipped[...])
    }
}

@Test func labCertificatesParse() throws {
    let lab = RepositoryPaths.root + "/Tests/Fixtures/lab/"
    let selfSigned = try CaptureAnalysis.analyze(path: lab + "tls-self-signed.pcap").tlsHandshakes
    #expect(selfSigned.certificateMessages == 2)
    let leaf = try #require(selfSigned.chains.first?.certificates.first)
    #expect(leaf.subjectCommonName == Array("self.lab.example".utf8))
    #expect(leaf.subjectOrganization == Array("Self Signed Lab".utf8))
    #expect(leaf.issuerCommonName == leaf.subjectCommonName)
    #expect(leaf.selfSigned)
    #expect(leaf.publicKeyAlgorithm == "RSA" && leaf.publicKeyBits == 2048)
    #expect(leaf.dnsNames == [Array("self.lab.example".utf8)])
    let expired = try CaptureAnalysis.analyze(path: lab + "tls-expired.pcap").tlsHandshakes
    let chain = try #require(expired.chains.first)
    #expect(chain.certificateCount == 2)
    let e = try #require(chain.certificates.first)
    #expect(!e.selfSigned && chain.certificates[1].selfSigned)
    #expect(e.publicKeyAlgorithm == "EC" && e.curve == "P-256" && e.publicKeyBits == 256)
    #expect(e.ipAddresses == [IPAddress(ipv4: 0x7f00_0001)])
    #expect(e.notAfter == 1_609_459_200)
    #expect(e.isExpired(at: chain.timestamp / 1_000_000_000))
    #expect(!chain.certificates[1].isExpired(at: chain.timestamp / 1_000_000_000))
}

/// tshark's certificates (`tls.handshake.certificate`, DER) of every Certificate message, by frame.
func tsharkCertificates(_ path: String) -> [Int: [[UInt8]]] {
    let (_, output) = RepositoryPaths.run([
        ExternalTools.tshark ?? "tshark", "-n", "-r", path, "-Y", "tls.handshake.type == 11", "-T", "fields",
        "-E", "occurrence=a", "-E", "aggregator=|", "-e", "frame.number", "-e", "tls.handshake.certificate",
    ])
    var result: [Int: [[UInt8]]] = [:]
    for line in output.split(separator: "\n") {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard parts.count == 2, let frame = Int(parts[0]) else { continue }
        result[frame] = parts[1].split(separator: "|").map { hexBytes(String($0)) }
    }
    return result
}

/// tshark's fields of every Certificate message by frame, each `occurrence=a` joined with `|`.
func tsharkCertificateFields(_ path: String, _ field: String) -> [Int: String] {
    let (_, output) = RepositoryPaths.run([
        ExternalTools.tshark ?? "tshark", "-n", "-r", path, "-Y", "tls.handshake.type == 11", "-T", "fields",
        "-E", "occurrence=a", "-E", "aggregator=|", "-e", "frame.number", "-e", field,
    ])
    var result: [Int: String] = [:]
    for line in output.split(separator: "\n") {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
        if parts.count == 2, let frame = Int(parts[0]) { result[frame] = String(parts[1]) }
    }
    return result
}

@Test(
    .enabled(if: ExternalTools.tshark != nil, "tshark (Debian package tshark) is missing"))
func certificatesEqualTsharkOnCorpusAndLab() throws {
    var paths = tlsLabFiles.map { RepositoryPaths.root + "/Tests/Fixtures/lab/" + $0 }
    if let corpus = RepositoryPaths.corpus {
        paths += RepositoryPaths.run(["ls", corpus + "/real"]).output.split(separator: "\n").map { corpus + "/real/" + $0 }
    }
    var messages = 0, certificates = 0
    for path in paths {
        let theirs = tsharkCertificates(path)
        if theirs.isEmpty { continue }
        let ours = try CaptureAnalysis.analyze(path: path).tlsHandshakes.chains
        let byFrame = Dictionary(ours.map { ($0.frame, $0) }, uniquingKeysWith: { a, _ in a })
        let dnsNames = tsharkCertificateFields(path, "x509ce.dNSName")
        let times = tsharkCertificateFields(path, "x509af.utcTime")
        let moduli = tsharkCertificateFields(path, "pkcs1.modulus")
        for (frame, ders) in theirs.sorted(by: { $0.key < $1.key }) {
            messages += 1
            let chain = try #require(byFrame[frame], "\(path) frame \(frame): no certificate message")
            #expect(chain.certificateCount == ders.count)
            #expect(chain.certificates.map(\.sha256) == ders.map { Digest.sha256(bytes: $0) }, "\(path) \(frame)")
            certificates += chain.certificates.count
            #expect(chain.certificates.allSatisfy { $0.parsed })
            let ourNames = chain.certificates.flatMap(\.dnsNames).map { String(decoding: $0, as: UTF8.self) }
                .joined(separator: "|")
            #expect(ourNames == dnsNames[frame] ?? "", "\(path) \(frame)")
            // tshark's utcTime covers UTCTime only (GeneralizedTime dates are in x509af.generalizedTime).
            let ourTimes = chain.certificates.flatMap { [$0.notBefore, $0.notAfter] }.compactMap { $0 }
                .filter { $0 < 2_524_608_000 }.map(tsharkTime)
            let ourTimeText = ourTimes.joined(separator: "|")
            #expect(ourTimeText == times[frame] ?? "", "\(path) \(frame)")
            let theirBits = (moduli[frame] ?? "").split(separator: "|").map { hex -> Int in
                let bytes = hexBytes(String(hex)).drop { $0 == 0 }
                return bytes.isEmpty ? 0 : (bytes.count - 1) * 8 + 8 - bytes.first!.leadingZeroBitCount
            }
            let ourBits = chain.certificates.filter { $0.publicKeyAlgorithm == "RSA" }.compactMap(\.publicKeyBits)
            #expect(ourBits == theirBits, "\(path) \(frame)")
        }
    }
    #expect(messages >= 8)
    print("certificatesEqualTsharkOnCorpusAndLab: \(messages) Certificate messages, \(certificates) certificates compared")
}

@Test(
    .enabled(if: ExternalTools.tshark != nil, "tshark (Debian package tshark) is missing"))
func serverHelloCipherVersionAndSNIEqualTsharkOnLab() throws {
    var compared = 0
    for file in tlsLabFiles {
        let path = RepositoryPaths.root + "/Tests/Fixtures/lab/" + file
        let ciphers = tsharkHellos(path, type: 2, field: "tls.handshake.ciphersuite")
        let versions = tsharkHellos(path, type: 2, field: "tls.handshake.extensions.supported_version")
        let legacy = tsharkHellos(path, type: 2, field: "tls.handshake.version")
        let names = tsharkHellos(path, type: 1, field: "tls.handshake.extensions_server_name")
        for m in try CaptureAnalysis.analyze(path: path).tlsHandshakes.messages {
            if m.isClientHello {
                #expect((m.hello.serverName.map { String(decoding: $0, as: UTF8.self) } ?? "") == names[m.frame], "\(file) \(m.frame)")
            } else {
                let hex = "0x" + Digest.hex([UInt8(m.hello.ciphers[0] >> 8), UInt8(m.hello.ciphers[0] & 0xff)])
                #expect(hex == ciphers[m.frame], "\(file) \(m.frame)")
                let theirs = (versions[m.frame].flatMap { $0.isEmpty ? nil : $0 } ?? legacy[m.frame] ?? "").dropFirst(2)
                #expect(UInt16(theirs, radix: 16) == m.hello.effectiveVersion, "\(file) \(m.frame)")
            }
            compared += 1
        }
    }
    #expect(compared == 16)
    print("serverHelloCipherVersionAndSNIEqualTsharkOnLab: \(compared) hellos compared")
}
