import Support

/// Wireshark's packet details (middle) and packet bytes (bottom) panes, and Follow Stream, as
/// report blocks. Every field value and every payload byte is escaped for its context.
enum PacketPane {
    /// The layer tree: in Markdown a code block laid out like `tshark -V`, in HTML a tree with one
    /// row per field. `zone` re-states timestamps in the report's time zone.
    static func tree(_ p: ReportModel.PacketDetail, zone: ReportTimeZone) -> ReportBlock {
        var text: [String] = []
        var html = "<div class=\"packet-tree\" role=\"tree\">"
        for layer in p.layers {
            text.append(layer.title)
            let colour = p.byteRanges.firstIndex { $0.protocolName == layer.protocolName }.map { " hl\($0 % 6)" } ?? ""
            html += "<div class=\"layer\" role=\"treeitem\"><div class=\"layer-title\"><span class=\"proto\(colour)\">\(HTMLText.escape(layer.protocolName))</span>\(HTMLText.escape(layer.title))</div>"
            if !layer.fields.isEmpty { html += "<dl>" }
            for f in layer.fields {
                let value = zone.show(f.value)
                text.append("    \(f.name): \(value)")
                html += "<div class=\"field\"><dt>\(HTMLText.escape(f.name))</dt><dd>\(HTMLText.escape(value))</dd></div>"
            }
            if !layer.fields.isEmpty { html += "</dl>" }
            html += "</div>"
        }
        html += "</div>"
        return ReportBlock(markdown: MarkdownText.codeBlock(text.joined(separator: "\n")), html: html)
    }

    /// Offset, 16 bytes in hex (two groups of 8), and their ASCII with non-printables as `.`.
    static func hexDump(_ bytes: [UInt8], note: String? = nil, ranges: [ReportModel.ByteRange] = []) -> ReportBlock {
        if bytes.isEmpty {
            let why = note ?? "No bytes to show."
            return ReportBlock(markdown: "_\(MarkdownText.inline(why))_", html: "<p class=\"table-note\">\(HTMLText.escape(why))</p>")
        }
        let lines = HexDump.lines(bytes)
        var html = "<pre class=\"hexdump\" aria-label=\"Packet bytes\">"
        if ranges.isEmpty {
            for line in lines {
                let chars = Array(line)
                if chars.count > 56, line.first != "…" {
                    let offset = String(chars[0 ..< 4]), hex = String(chars[4 ..< 56]), ascii = String(chars[56...])
                    html += "<span class=\"off\">\(HTMLText.escape(offset))</span>\(HTMLText.escape(hex))<span class=\"asc\">\(HTMLText.escape(ascii))</span>\n"
                } else {
                    html += "<span class=\"more\">\(HTMLText.escape(line))</span>\n"
                }
            }
        } else {
            html += colouredRows(bytes, ranges)
            if let more = lines.last, more.hasPrefix("…") { html += "<span class=\"more\">\(HTMLText.escape(more))</span>\n" }
        }
        html += "</pre>"
        if !ranges.isEmpty {
            html += "<p class=\"hex-legend\">" + ranges.enumerated().map { i, r in
                "<span class=\"key\"><span class=\"swatch hl\(i % 6)\"></span>\(HTMLText.escape(r.protocolName)) \(r.start)–\(r.end - 1)</span>"
            }.joined(separator: " ") + "</p>"
        }
        var md = MarkdownText.codeBlock(lines.joined(separator: "\n"))
        if let note {
            md += "\n\n_\(MarkdownText.inline(note))_"
            html += "<p class=\"table-note\">\(HTMLText.escape(note))</p>"
        }
        return ReportBlock(markdown: md, html: html)
    }

    /// The hex and ASCII rows with each layer's bytes in its colour (the same colours as the
    /// layer badges of the tree). Byte values are hex digits and ASCII is printable or `.`, so only
    /// `<`, `>`, `&`, `"` and `'` of the ASCII column need escaping.
    static func colouredRows(_ all: [UInt8], _ ranges: [ReportModel.ByteRange]) -> String {
        let bytes = Array(all.prefix(HexDump.maximumBytes))
        var layerOf = [Int](repeating: -1, count: bytes.count)
        for (i, r) in ranges.enumerated() where r.start < bytes.count {
            for k in r.start ..< min(r.end, bytes.count) { layerOf[k] = i % 6 }
        }
        let digits = Array("0123456789abcdef")
        var html = ""
        for start in stride(from: 0, to: bytes.count, by: 16) {
            let end = min(start + 16, bytes.count)
            html += "<span class=\"off\">\(String(start, radix: 16).leftPadded(4))</span>  "
            var hex = "", ascii = ""
            var open = -2
            var openASCII = -2
            for k in start ..< end {
                if layerOf[k] != open {
                    if open != -2 { hex += "</span>" }
                    open = layerOf[k]
                    hex += open >= 0 ? "<span class=\"hl\(open)\">" : "<span>"
                }
                let b = bytes[k]
                hex.append(digits[Int(b >> 4)]); hex.append(digits[Int(b & 15)])
                if k + 1 < end { hex += k - start == 7 ? "  " : " " }
                if layerOf[k] != openASCII {
                    if openASCII != -2 { ascii += "</span>" }
                    openASCII = layerOf[k]
                    ascii += openASCII >= 0 ? "<span class=\"hl\(openASCII)\">" : "<span>"
                }
                ascii += (0x20 ... 0x7E).contains(b) ? HTMLText.escape(String(UnicodeScalar(b))) : "."
            }
            hex += "</span>"; ascii += "</span>"
            let count = end - start
            let pad = (16 - count) * 3 + (count <= 8 ? 1 : 0)
            html += hex + String(repeating: " ", count: pad) + "  " + "<span class=\"asc\">" + ascii + "</span>\n"
        }
        return html
    }

    /// True when a payload reads better as hex: more than a tenth of its bytes are neither
    /// printable ASCII nor line breaks or tabs.
    static func isBinary(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return false }
        let odd = bytes.filter { !((0x20 ... 0x7E).contains($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }.count
        return odd * 10 > bytes.count
    }

    /// Follow TCP Stream: A's bytes and B's bytes distinguished (colour and a side label in HTML,
    /// `>>`/`<<` markers in Markdown), text with non-printables as `.`, binary segments in hex.
    static func follow(_ s: ReportModel.Stream, credentialsMasked: Bool, payloadWithheld: Bool) -> ReportBlock {
        if s.excerpt.isEmpty {
            let text = payloadWithheld && s.bytesNotShown > 0
                ? "Payload withheld (redaction profile payload): \(NumberFormat.grouped(s.bytesNotShown)) bytes not shown."
                : "No payload: this stream carries no data in either direction."
            return ReportBlock(markdown: "_\(text)_", html: "<p class=\"empty\">\(HTMLText.escape(text))</p>")
        }
        var md = "`>>` A \(MarkdownText.inline(s.nodeA)) to B \(MarkdownText.inline(s.nodeB)); `<<` B to A."
        var body: [String] = []
        var html = "<p class=\"legend\"><span class=\"node-a\">A \(HTMLText.escape(s.nodeA))</span> → <span class=\"node-b\">B \(HTMLText.escape(s.nodeB))</span></p>"
        html += "<div class=\"follow\">"
        for seg in s.excerpt {
            let marker = seg.fromA ? ">> " : "<< "
            let side = seg.fromA ? "node-a" : "node-b"
            let binary = isBinary(seg.bytes)
            let lines: [String]
            if binary {
                lines = HexDump.lines(seg.bytes)
            } else {
                var l = seg.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if l.last == "" { l.removeLast() }
                lines = l
            }
            for line in lines { body.append(marker + line) }
            html += "<div class=\"seg \(side)\"><div class=\"seg-head\">\(seg.fromA ? "A → B" : "B → A") · frame \(seg.frame)\(binary ? " · hex (binary data)" : "")</div>"
            html += "<pre class=\"\(binary ? "hexdump" : "text")\">\(HTMLText.escapePreformatted(lines.joined(separator: "\n")))</pre></div>"
        }
        html += "</div>"
        md += "\n\n" + MarkdownText.codeBlock(body.joined(separator: "\n"))
        var notes: [String] = []
        if s.bytesNotShown > 0 { notes.append("\(NumberFormat.grouped(s.bytesNotShown)) more bytes not shown.") }
        if credentialsMasked { notes.append("Credentials, cookies and tokens are masked.") }
        if !notes.isEmpty {
            md += "\n\n_\(MarkdownText.inline(notes.joined(separator: " ")))_"
            html += "<p class=\"table-note\">\(HTMLText.escape(notes.joined(separator: " ")))</p>"
        }
        return ReportBlock(markdown: md, html: html)
    }
}
