import TestSupport
import ThreatFindings
import Testing

// Issue 16 item 3c: one FTP/POP3 guess is one USER+PASS pair, one IMAP guess one LOGIN, however the
// client splits the lines into segments (Tests/Fixtures/lab/mail-ftp-bruteforce.pcap, made by
// Tests/Lab/make-accuracy-captures.py: 15 guesses per service in 5 connections, plus 6 pipelined
// FTP and 6 pipelined POP3 guesses; the 15th of the first set succeeds).

@Test(arguments: [("ftp", UInt16(21), 21, 20), ("pop", UInt16(110), 21, 20), ("imap", UInt16(143), 15, 14)])
func eachUserPassPairOrLoginIsOneGuess(_ service: String, _ port: UInt16, _ guesses: Int, _ rejected: Int) throws {
    let a = try labAssessment("mail-ftp-bruteforce.pcap")
    let f = try #require(a.findings.first { $0.kind == .bruteForce && $0.targetedPorts == [port] }, "\(summaries(a.findings))")
    #expect(f.technique?.rawValue == service)
    guard case let .bruteForce(x) = f.facts else { Issue.record("not brute-force facts"); return }
    #expect(x.attempts == guesses && x.loginCommands == guesses, "attempts \(x.attempts), logins \(x.loginCommands)")
    #expect(x.rejected == rejected && x.accepted == 1, "rejected \(x.rejected), accepted \(x.accepted)")
    #expect(wording(f).details.contains { $0.hasPrefix("\(guesses) logins read in clear text") }, "\(wording(f).details)")
}
