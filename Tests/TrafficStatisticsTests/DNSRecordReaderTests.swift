import PacketDecoding
import TestSupport
import Testing
@testable import TrafficStatistics

@Test func readNameGivesLowerCasedBytesLabelsAndWhetherAPointerWasFollowed() {
    // Question "WwW.Ex\u{1}mple.COM", then a record owned by a pointer to it with a prefix label.
    let question: [UInt8] = [3] + Array("WwW".utf8) + [7] + Array("Ex".utf8) + [1] + Array("mple".utf8) + [3] + Array("COM".utf8) + [0]
    let message: [UInt8] = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0] + question + [0, 1, 0, 1] + [3] + Array("cdn".utf8) + [0xC0, 12]
    message.withUnsafeBytes { raw in
        let reader = DNSRecordReader(raw)
        var out = [UInt8](repeating: 0, count: DNSRecordReader.nameBytesKept)
        var lengths = [UInt8](repeating: 0, count: DNSRecordReader.labelsKept)
        let name = out.withUnsafeMutableBufferPointer { o in
            lengths.withUnsafeMutableBufferPointer { reader.readName(at: 12, into: o.baseAddress, labelLengths: $0.baseAddress) }
        }
        #expect(name?.count == 15 && name?.labels == 3 && name?.compressed == false && name?.end == 12 + question.count)
        #expect(Array(out.prefix(15)) == Array("www.ex".utf8) + [1] + Array("mple.com".utf8), "A-Z lower-cased, nothing else mapped")
        #expect(Array(lengths.prefix(3)) == [3, 7, 3])
        #expect(reader.name(at: 12)?.text == "www.ex?mple.com", "the text form maps bytes outside printable ASCII to ?")
        let owner = 12 + question.count + 4
        let pointed = reader.readName(at: owner)
        #expect(pointed?.compressed == true && pointed?.labels == 4 && pointed?.end == message.count)
        #expect(reader.name(at: owner)?.text == "cdn.www.ex?mple.com")
    }
    // The root name reads as "<root>" in text and as no bytes.
    let root: [UInt8] = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]
    root.withUnsafeBytes { raw in
        #expect(DNSRecordReader(raw).question(at: 12)?.name == "<root>")
        #expect(DNSRecordReader(raw).readName(at: 12)?.count == 0)
    }
}

/// The off-port rule as it was written before it shared `readName` (reader's `question` and
/// `record`, strings built for every name): the new one must agree on every message.
private func referenceStrictQuestion(_ message: UnsafeRawBufferPointer) -> String? {
    guard message.count >= 17 else { return nil }
    let flags = message.loadBigEndian(UInt16.self, at: 2)
    let counts = (1 ... 4).map { Int(message.loadBigEndian(UInt16.self, at: 2 * $0 + 2)) }
    let isResponse = flags & 0x8000 != 0
    guard flags & 0x7840 == 0, flags & 0x000F <= 5, counts[0] == 1 else { return nil }
    if !isResponse && (counts[1] != 0 || counts[2] != 0 || counts[3] > 1 || flags & 0x000F != 0) { return nil }
    guard counts[1] + counts[2] + counts[3] <= 64 else { return nil }
    let reader = DNSRecordReader(message)
    var inPlace = -1000, o = 12
    while o < message.count {
        let l = Int(message.byte(o))
        if l == 0 { inPlace = o + 1 - 12; break }
        if l > 63 { break }
        o += 1 + l
    }
    guard let question = reader.question(at: 12), question.end == 12 + inPlace + 4,
        message.loadBigEndian(UInt16.self, at: question.end - 2) == 1,
        [1, 2, 5, 6, 10, 12, 15, 16, 28, 33, 35, 64, 65, 255].contains(question.type),
        question.name.contains("."),
        question.name.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 || $0 == 95 })
    else { return nil }
    var offset = question.end
    for _ in 0 ..< counts[1] + counts[2] + counts[3] {
        guard let record = reader.record(at: offset) else { return nil }
        offset = record.end
    }
    return offset == message.count ? question.name : nil
}

@Test func strictOffPortQuestionAgreesWithTheRuleItReplaced() {
    // Well-formed queries and responses, then each mutated at seeded places (flags, counts, label
    // lengths, pointers, case, types, truncation): both rules must give the same answer every time.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let seeds: [[UInt8]] = [
        dnsQuery("www.example.com"), dnsQuery("a.b", type: 28), dnsQuery("Mixed-Case_1.Example.ORG", type: 16),
        dnsResponse("www.example.com", answers: [(1, 60, [93, 184, 216, 34]), (5, 30, [3] + Array("cdn".utf8) + [0xC0, 12])]),
        dnsResponse("host.local", type: 12, answers: [(12, 10, [4] + Array("name".utf8) + [0])]),
    ]
    var agreed = 0, accepted = 0
    for round in 0 ..< 20_000 {
        var m = seeds[round % seeds.count]
        for _ in 0 ..< (round < seeds.count ? 0 : 1 + next(3)) {
            switch next(4) {
            case 0: m[next(m.count)] = UInt8(next(256))
            case 1: m[next(min(m.count, 12))] = UInt8(next(4))
            case 2: m = Array(m.prefix(next(m.count + 1)))
            default: m.append(UInt8(next(256)))
            }
            if m.isEmpty { m = [0] }
        }
        let (new, old) = m.withUnsafeBytes { (DNSQueryPass.strictQuestion($0), referenceStrictQuestion($0)) }
        #expect(new == old, "message \(m)")
        if new == old { agreed += 1 }
        if new != nil { accepted += 1 }
    }
    #expect(agreed == 20_000)
    #expect(accepted > 100, "the mutations leave many messages valid")
}
