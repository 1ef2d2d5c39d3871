import Support
import ThreatFindings

extension FindingWording {
    /// Bytes in decimal megabytes, as Wireshark's conversation table prints them ("30 MB").
    static func megabytes(_ n: Int) -> String { "\(NumberFormat.fixed(Double(n) / 1e6, n >= 10_000_000 ? 0 : 1)) MB" }

    static func exfiltration(_ x: ExfiltrationFacts, _ f: Finding, _ t: DetectionThresholds) -> FindingWords {
        let sender = f.attackers.first ?? .unspecified, receiver = f.targets.first ?? .unspecified
        let ratio = x.bytesIn == 0 ? "nothing came back" : "\(NumberFormat.fixed(x.ratio, 0)) times what came back"
        return FindingWords(
            summary: "Possible exfiltration: \(sender) sent \(megabytes(x.bytesOut)) to the external host \(receiver) "
                + "(\(ratio)).",
            details: [
                "\(NumberFormat.grouped(x.bytesOut)) bytes in \(NumberFormat.grouped(x.framesOut)) frames from \(sender) to \(receiver), "
                    + "\(NumberFormat.grouped(x.bytesIn)) bytes back, over \(seconds(x.duration)) (Wireshark's IP conversation table).",
                "An upload this size to one outside host is how stolen data leaves; cloud backup and file sync look the same: "
                    + "confirm the destination and the process that sent it.",
            ],
            confidenceReason: "\(megabytes(x.bytesOut)) out (threshold \(megabytes(t.minimumExfiltrationBytes))), "
                + "\(NumberFormat.fixed(x.ratio, 1))× the bytes back (threshold \(NumberFormat.fixed(t.exfiltrationUploadRatio, 0))×), "
                + "external receiver.")
    }
}
