/// Wireshark's bottom pane: offset, 16 bytes in hex, and their ASCII (non-printables as `.`).
enum HexDump {
    static let maximumBytes = 512

    static func lines(_ bytes: [UInt8]) -> [String] {
        let hex = Array("0123456789abcdef")
        var out: [String] = []
        let shown = bytes.prefix(maximumBytes)
        for start in stride(from: 0, to: shown.count, by: 16) {
            let row = shown[start ..< min(start + 16, shown.count)]
            var line = String(String(start, radix: 16).leftPadded(4))
            line += "  "
            for (i, b) in row.enumerated() {
                line.append(hex[Int(b >> 4)]); line.append(hex[Int(b & 15)]); line.append(" ")
                if i == 7 { line.append(" ") }
            }
            line += String(repeating: " ", count: (16 - row.count) * 3 + (row.count <= 8 ? 1 : 0))
            line += " "
            line += String(row.map { (0x20 ... 0x7E).contains($0) ? Character(UnicodeScalar($0)) : "." })
            out.append(line)
        }
        if bytes.count > maximumBytes { out.append("… \(bytes.count - maximumBytes) more bytes not shown") }
        return out
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
