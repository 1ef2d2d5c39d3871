// swift-tools-version: 6.0
// PcapReport: packet captures in, walkthrough-style threat-hunting reports out.
// Pipeline (one module per stage): CaptureReading + PacketDecoding -> TrafficStatistics -> ThreatFindings
// -> CaptureReport (with ReportRendering) -> BatchRunning -> pcap-report; Support is shared by all.
// docs/architecture.md draws the graph; CI builds with --explicit-target-dependency-import-check error.
import PackageDescription

let package = Package(
    name: "PcapReport",
    products: [
        .executable(name: "pcap-report", targets: ["pcap-report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries from Debian: libpcap-dev, libcmark-dev, libssl-dev (libcrypto for file digests).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // zlib1g-dev: gzip-compressed captures (.pcap.gz, .pcapng.gz) are read transparently.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // What every stage shares, once: JSON writing and reading, atomic file writes, EINTR-safe I/O,
        // directory walking, threads, digests, number text, the credential masker.
        .target(name: "Support", dependencies: ["CCrypto"], swiftSettings: [.unsafeFlags(["-cross-module-optimization"])]),
        .target(name: "CaptureReading", dependencies: ["CPcap", "CZlib", "Support"]),
        .target(name: "PacketDecoding"),
        .target(name: "TrafficStatistics", dependencies: ["CaptureReading", "PacketDecoding", "Support"]),
        .target(name: "ThreatFindings", dependencies: ["TrafficStatistics", "PacketDecoding", "Support"]),
        // The renderer sees the report model and the findings' vocabulary; no capture, decoding or statistics module.
        .target(
            name: "ReportRendering",
            dependencies: ["ThreatFindings", "Support", "CCmark", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // Composition: one capture's pipeline read -> decode -> stats -> findings -> model -> files.
        .target(
            name: "CaptureReport",
            dependencies: ["CaptureReading", "PacketDecoding", "TrafficStatistics", "ThreatFindings", "ReportRendering", "Support"]
        ),
        // Nightly batch runs: input planning, parallel jobs, incremental manifest, run index, lock, config file.
        .target(
            name: "BatchRunning",
            dependencies: ["CaptureReport", "ReportRendering", "ThreatFindings", "Support", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "pcap-report",
            dependencies: [
                "BatchRunning", "CaptureReport", "ReportRendering", "ThreatFindings", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(name: "TestSupport", dependencies: ["PacketDecoding"], path: "Tests/TestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support", "TestSupport"]),
        .testTarget(name: "PacketDecodingTests", dependencies: ["PacketDecoding", "TestSupport"]),
        .testTarget(name: "CaptureReadingTests", dependencies: ["CaptureReading", "Support", "TestSupport"]),
        .testTarget(name: "TrafficStatisticsTests", dependencies: ["TrafficStatistics", "CaptureReading", "PacketDecoding", "Support", "TestSupport"]),
        .testTarget(
            name: "ThreatFindingsTests",
            dependencies: ["ThreatFindings", "ReportRendering", "TrafficStatistics", "PacketDecoding", "Support", "TestSupport"]
        ),
        // Golden files are read by path (RepositoryPaths), not bundled.
        .testTarget(
            name: "ReportRenderingTests",
            dependencies: ["ReportRendering", "CaptureReport", "TrafficStatistics", "ThreatFindings", "Support", "TestSupport"],
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "CaptureReportTests",
            dependencies: ["CaptureReport", "ReportRendering", "TrafficStatistics", "ThreatFindings", "Support", "TestSupport"]
        ),
        .testTarget(name: "PcapReportCLITests", dependencies: ["CaptureReport", "ReportRendering", "TrafficStatistics", "ThreatFindings", "Support", "TestSupport"]),
        .testTarget(name: "BatchRunningTests", dependencies: ["BatchRunning", "CaptureReport", "ReportRendering", "ThreatFindings", "Support", "TestSupport"]),
    ]
)
