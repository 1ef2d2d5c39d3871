import TestSupport
import Testing

// The IOC exports as the built tool writes them (`tool`: CommandLineTests.swift), checked with the
// real validators: OASIS's stix2-validator and MISP's pymisp.

/// Reports `capture` (a lab capture) with the three exports into a new folder; returns its base path.
func exportIndicators(_ capture: String, extra: [String] = []) -> String {
    let out = TemporaryDirectory.make()
    let (status, _) = RepositoryPaths.run(
        [
            tool, RepositoryPaths.root + "/Tests/Fixtures/lab/" + capture + ".pcap", "-o", out, "--format", "md,iocs,stix,misp",
            "--generated-at", "2026-01-01T00:00:00Z",
        ] + extra)
    #expect(status == 0)
    return out + "/" + capture
}

/// A Python string literal of a path (temporary folders hold no quote or backslash; escaped anyway).
func pythonString(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
}

@Test(.enabled(if: ExternalTools.stix2Validator, "needs stix2-validator (pip, make test-deps)"))
func stixBundleIsValidForTheOASISValidator() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    for capture in ["decoy-scan", "arp-spoof", "dns-tunnel"] {
        let base = exportIndicators(capture)
        let script = """
            from stix2validator import validate_file
            r = validate_file(\(pythonString(base + ".stix.json")))
            errors = [e.message for o in r.object_results for e in o.errors]
            print('valid' if r.is_valid and not errors else 'invalid: %s' % errors)
            """
        let (status, output) = RepositoryPaths.run(["python3", "-c", script])
        #expect(status == 0 && output.hasPrefix("valid"), "\(capture): \(output)")
        // Deterministic: a rerun gives the same bytes.
        let again = exportIndicators(capture)
        #expect(RepositoryPaths.readText(base + ".stix.json") == RepositoryPaths.readText(again + ".stix.json"))
        #expect(RepositoryPaths.readText(base + ".stix.json")?.contains("\"pattern\": \"[ipv4-addr:value = '") == true)
    }
}

@Test(.enabled(if: ExternalTools.pymisp, "needs pymisp (pip, make test-deps)"))
func mispEventLoadsInPyMISP() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let base = exportIndicators("arp-spoof")
    let script = """
        from pymisp import MISPEvent
        e = MISPEvent(); e.load_file(\(pythonString(base + ".misp.json")))
        print(len(e.attributes), ' '.join(a.type for a in e.attributes), e.threat_level_id)
        """
    let (status, output) = RepositoryPaths.run(["python3", "-c", script])
    #expect(status == 0)
    #expect(output.hasPrefix("3 ip-src ip-dst ip-dst 1"), "\(output)")
}

@Test func csvExportListsEveryIndicator() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let base = exportIndicators("arp-spoof")
    let csv = try #require(RepositoryPaths.readText(base + ".iocs.csv"))
    let lines = csv.split(separator: "\r\n").map(String.init)
    #expect(lines.first == "kind,value,role,findings,first_seen,last_seen")
    #expect(lines.count == 4)
    #expect(lines.dropFirst().first?.hasPrefix("ipv4-addr,10.88.0.66,attacker,F1,") == true)
}

@Test func redactedExportsCarryPlaceholdersOnly() throws {
    try #require(RepositoryPaths.exists(tool), "build the tool first (swift build)")
    let base = exportIndicators("arp-spoof", extra: ["--redact", "all"])
    for ext in ["iocs.csv", "stix.json", "misp.json"] {
        let text = try #require(RepositoryPaths.readText(base + "." + ext))
        #expect(!text.contains("10.88.0.66") && !text.contains("10.88.0.23"), "\(ext)")
    }
}
