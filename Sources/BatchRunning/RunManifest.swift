import ReportRendering
import Support
#if canImport(Glibc)
import Glibc
#endif

/// What the last run reported, kept in the output folder (`.pcap-report-manifest.json`, one per
/// shard): for each capture its content hash, an options fingerprint, the tool version and the
/// reports written (names, sizes, SHA-256), so an incremental run skips captures whose three match
/// and whose reports are still, byte for byte, the ones written.
public struct RunManifest: Sendable {
    /// One capture of the last run: its content digest, the options fingerprint and the tool build
    /// that reported it, and its index entry (reused when the capture is skipped as unchanged).
    public struct Record: Sendable, Equatable {
        public var name: String
        public var input: String
        public var sha256: String
        public var options: String
        public var toolVersion: String
        public var entry: IndexEntry
        /// The reports as written; nil in manifests of older versions (such captures are reported again).
        public var outputs: CompletionRecord?
    }

    public var records: [String: Record] = [:]

    public init() {}

    public static func fileName(shard: Shard?) -> String {
        shard.map { ".pcap-report-manifest.\($0.fileTag).json" } ?? ".pcap-report-manifest.json"
    }

    /// A manifest's file name, of an unsharded run or of any shard.
    public static func isFileName(_ name: String) -> Bool {
        name == fileName(shard: nil) || (name.hasPrefix(".pcap-report-manifest.shard-") && name.hasSuffix(".json"))
    }

    /// True when `path` holds a manifest this tool wrote (JSON with its schema version and captures).
    public static func isManifest(at path: String) -> Bool {
        guard let text = FileIO.readText(path), let json = try? JSONReader.parse(text) else { return false }
        return json["schemaVersion"]?.intValue != nil && json["captures"]?.arrayValue != nil
    }

    /// Reads the manifest at `path`; a missing or unreadable one is empty (everything is reported).
    public static func load(_ path: String) -> RunManifest {
        var manifest = RunManifest()
        guard let text = FileIO.readText(path), let json = try? JSONReader.parse(text),
              let items = json["captures"]?.arrayValue else { return manifest }
        for item in items {
            guard let name = item["name"]?.stringValue, let input = item["input"]?.stringValue,
                  let sha = item["sha256"]?.stringValue, let options = item["options"]?.stringValue,
                  let version = item["toolVersion"]?.stringValue, let entryJSON = item["entry"],
                  let entry = IndexEntry(json: entryJSON) else { continue }
            manifest.records[name] = Record(
                name: name, input: input, sha256: sha, options: options, toolVersion: version, entry: entry,
                outputs: item["outputs"].flatMap(CompletionRecord.init(json:)))
        }
        return manifest
    }

    public func json() -> JSONValue {
        .object([
            ("schemaVersion", .int(1)),
            ("captures", .array(records.values.sorted { $0.name < $1.name }.map(Self.json))),
        ])
    }

    static func json(_ r: Record) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(r.name)), ("input", .string(r.input)), ("sha256", .string(r.sha256)),
            ("options", .string(r.options)), ("toolVersion", .string(r.toolVersion)), ("entry", r.entry.json()),
        ]
        if let outputs = r.outputs { pairs.append(("outputs", outputs.json())) }
        return .object(pairs)
    }

    public func write(to path: String) throws(FileWriteError) { try AtomicFile.write(json().serialized(), to: path) }
}
