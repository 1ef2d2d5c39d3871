// swift-tools-version: 6.0
// PcapReport: packet captures in, walkthrough-style threat-hunting reports out.
// Pipeline (one module per stage): CaptureReading -> PacketDecoding -> TrafficStatistics
// -> ThreatFindings -> ReportRendering -> pcap-report.
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

        .target(name: "CaptureReading", dependencies: ["CPcap", "CCrypto", "CZlib"]),
        .target(name: "PacketDecoding"),
        .target(name: "TrafficStatistics", dependencies: ["CaptureReading", "PacketDecoding"]),
        .target(name: "ThreatFindings", dependencies: ["TrafficStatistics"]),
        .target(
            name: "ReportRendering",
            dependencies: ["ThreatFindings", "CCmark", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // Nightly batch runs: planning, parallel jobs, incremental manifest, run index, lock, config file.
        .target(
            name: "BatchRunning",
            dependencies: ["ReportRendering", "CCrypto", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "pcap-report",
            dependencies: ["ReportRendering", "BatchRunning", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .target(name: "TestSupport", dependencies: ["PacketDecoding"], path: "Tests/TestSupport"),
        .testTarget(name: "PacketDecodingTests", dependencies: ["PacketDecoding", "TestSupport"]),
        .testTarget(name: "CaptureReadingTests", dependencies: ["CaptureReading", "TestSupport"]),
        .testTarget(name: "TrafficStatisticsTests", dependencies: ["TrafficStatistics", "TestSupport"]),
        .testTarget(name: "ThreatFindingsTests", dependencies: ["ThreatFindings", "TestSupport"]),
        // Golden files are read by path (RepositoryPaths), not bundled.
        .testTarget(name: "ReportRenderingTests", dependencies: ["ReportRendering", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "PcapReportCLITests", dependencies: ["ReportRendering", "TestSupport"]),
        .testTarget(name: "BatchRunningTests", dependencies: ["BatchRunning", "TestSupport"]),
    ]
)
