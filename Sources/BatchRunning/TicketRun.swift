import ReportRendering
import Support
import ThreatFindings
#if canImport(Glibc)
import Glibc
#endif

/// `pcap-report ticket DIR`: for each capture of an output folder's run index whose verdict reaches
/// a severity, opens a ticket (or, when the index or manifest already names one, updates it) with
/// the ticket summary as body and the PDF/HTML/JSON reports attached, then writes the ticket id
/// back into `index.json` and every manifest of the folder (atomically), so a rerun updates
/// instead of duplicating and a later batch run keeps the id.
public struct TicketRun: Sendable {
    /// What one capture's ticket came to.
    public enum Result: Sendable, Equatable {
        case opened(name: String, ticket: String)
        case updated(name: String, ticket: String)
        case failed(name: String, error: String)
    }

    public var directory: String
    public var threshold: FindingSeverity
    public var backend: TicketBackend

    public init(directory: String, threshold: FindingSeverity, backend: TicketBackend) {
        self.directory = directory; self.threshold = threshold; self.backend = backend
    }

    /// Report files attached, in this order, when present.
    public static let attachmentExtensions: [(String, String)] = [
        ("pdf", "application/pdf"), ("html", "text/html"), ("json", "application/json"),
    ]

    /// Files one ticket runs for. Failures do not stop the others: each is one result (and one log line).
    public func run(log: (String) -> Void) throws(HTTPError) -> [Result] {
        let indexPath = directory + "/index.json"
        guard let text = FileIO.readText(indexPath), let index = try? JSONReader.parse(text),
            let captures = index["captures"]?.arrayValue
        else {
            throw HTTPError("\(indexPath): no run index (run pcap-report on the folder first)")
        }
        var manifestTickets: [String: String] = [:]
        for path in manifestPaths() {
            for record in (FileIO.readText(path).flatMap { try? JSONReader.parse($0) })?["captures"]?.arrayValue ?? [] {
                if let name = record["name"]?.stringValue, let ticket = record["entry"]?["ticket"]?.stringValue {
                    manifestTickets[name] = ticket
                }
            }
        }
        var results: [Result] = []
        var written: [String: String] = [:]
        for capture in captures {
            guard let name = capture["name"]?.stringValue,
                let severity = capture["severity"]?.stringValue.flatMap(FindingSeverity.init(rawValue:)),
                (capture["findings"]?.intValue ?? 0) > 0, severity >= threshold
            else { continue }
            let prefix = backend.target.tracker.rawValue + ":"
            let known = (capture["ticket"]?.stringValue ?? manifestTickets[name]).flatMap {
                $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil
            }
            do {
                let content = try self.content(name: name, capture: capture, severity: severity)
                let id = try backend.file(content, existing: known)
                written[name] = prefix + id
                let result: Result = known == id ? .updated(name: name, ticket: prefix + id) : .opened(name: name, ticket: prefix + id)
                log(known == id ? "\(name): updated ticket \(prefix + id)" : "\(name): opened ticket \(prefix + id)")
                results.append(result)
            } catch {
                let line = backend.target.masked(error.description)
                log("\(name): ticket failed: \(line)")
                results.append(.failed(name: name, error: line))
            }
        }
        if !written.isEmpty { try writeBack(written, index: index, indexPath: indexPath) }
        return results
    }

    func manifestPaths() -> [String] {
        DirectoryWalker.names(in: directory, includeHidden: true).filter(RunManifest.isFileName).sorted().map { directory + "/" + $0 }
    }

    /// The ticket's title, body (`<name>.summary.md`, or the headline when the run wrote no summary) and attachments.
    func content(name: String, capture: JSONValue, severity: FindingSeverity) throws(HTTPError) -> TicketContent {
        let reports = capture["reports"]
        let base = directory + "/" + (reports?["json"]?.stringValue.map { String($0.dropLast(".json".count)) } ?? name)
        let headline = capture["headline"]?.stringValue ?? ""
        let body =
            reports?["summary"]?.stringValue.flatMap { FileIO.readText(directory + "/" + $0, maximumBytes: 1 << 20) }
            ?? FileIO.readText(base + ".summary.md", maximumBytes: 1 << 20)
            ?? "\(headline)\n\nSeverity: \(severity.rawValue). Capture: \(capture["fileName"]?.stringValue ?? name).\n"
        var attachments: [TicketAttachment] = []
        for (ext, type) in Self.attachmentExtensions {
            let path = base + "." + ext
            guard access(path, R_OK) == 0 else { continue }
            guard let data = FileIO.readFile(path, maximumBytes: 64 << 20) else { throw HTTPError("\(path): unreadable") }
            attachments.append(
                TicketAttachment(fileName: (path.split(separator: "/").last.map(String.init) ?? path), contentType: type, data: data))
        }
        let fileName = capture["fileName"]?.stringValue ?? name
        let title = "[pcap-report] \(severity.rawValue): \(headline.isEmpty ? fileName : headline)"
        return TicketContent(
            name: name, title: String(title.prefix(250)), body: body, severity: severity.rawValue, attachments: attachments)
    }

    /// Writes `tickets` (capture name -> `tracker:id`) into `index.json` and every manifest, each atomically.
    func writeBack(_ tickets: [String: String], index: JSONValue, indexPath: String) throws(HTTPError) {
        do {
            try AtomicFile.write(Self.setting(tickets, in: index, entryKey: nil).serialized(), to: indexPath)
            for path in manifestPaths() {
                guard let text = FileIO.readText(path), let manifest = try? JSONReader.parse(text) else { continue }
                try AtomicFile.write(Self.setting(tickets, in: manifest, entryKey: "entry").serialized(), to: path)
            }
        } catch {
            throw HTTPError("writing the ticket ids back: \(error)")
        }
    }

    /// `document` with `ticket` set on each capture named in `tickets` (inside its `entryKey` object for manifests).
    static func setting(_ tickets: [String: String], in document: JSONValue, entryKey: String?) -> JSONValue {
        guard case let .object(pairs) = document else { return document }
        return .object(
            pairs.map { key, value in
                guard key == "captures", case let .array(items) = value else { return (key, value) }
                return (
                    key,
                    .array(
                        items.map { item in
                            guard let name = item["name"]?.stringValue, let ticket = tickets[name] else { return item }
                            guard let entryKey else { return withTicket(item, ticket) }
                            guard case let .object(fields) = item else { return item }
                            return .object(fields.map { $0.0 == entryKey ? ($0.0, withTicket($0.1, ticket)) : $0 })
                        })
                )
            })
    }

    static func withTicket(_ object: JSONValue, _ ticket: String) -> JSONValue {
        guard case let .object(fields) = object else { return object }
        return .object(fields.filter { $0.0 != "ticket" } + [("ticket", .string(ticket))])
    }
}
