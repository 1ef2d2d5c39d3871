#!/usr/bin/env python3
"""Every `import` of a package module is a *direct* dependency declared in Package.swift, and the
layering rules of docs/architecture.md hold. SwiftPM's --explicit-target-dependency-import-check
accepts any module in a target's transitive closure (ReportRendering could import TrafficStatistics
through ThreatFindings); this check does not.

Usage: python3 Tools/check_imports.py [PACKAGE_ROOT]   (exit 1 and one line per problem on failure)
"""
import json
import os
import re
import subprocess
import sys

# Modules a target may never import, directly: the renderer sees only the report model and the
# findings' vocabulary; decoding depends on nothing; Support on no stage.
FORBIDDEN = {
    "ReportRendering": {"CaptureReading", "PacketDecoding", "TrafficStatistics", "CaptureReport", "BatchRunning", "CPcap", "CZlib"},
    "PacketDecoding": {"*"},
    "Support": {"CaptureReading", "PacketDecoding", "TrafficStatistics", "ThreatFindings", "ReportRendering",
                "CaptureReport", "BatchRunning"},
    "CaptureReading": {"PacketDecoding", "TrafficStatistics", "ThreatFindings", "ReportRendering", "CaptureReport", "BatchRunning"},
    "ThreatFindings": {"ReportRendering", "CaptureReport", "BatchRunning", "CaptureReading"},
    "TrafficStatistics": {"ThreatFindings", "ReportRendering", "CaptureReport", "BatchRunning"},
    "CaptureReport": {"BatchRunning"},
}
# Modules that every target may import without declaring them (the platform and the toolchain).
PLATFORM = {"Glibc", "Foundation", "Testing", "XCTest", "Dispatch", "Darwin", "Musl"}


def main() -> int:
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    dump = subprocess.run(["swift", "package", "--package-path", root, "dump-package"],
                          check=True, capture_output=True, text=True).stdout
    package = json.loads(dump)
    targets = {t["name"]: t for t in package["targets"]}
    products = {}  # product name -> module names it brings (by convention the same name)
    problems = []
    for name, target in targets.items():
        if target["type"] == "system":
            continue
        declared = set()
        for dep in target["dependencies"]:
            for kind in ("byName", "target", "product"):
                if kind in dep:
                    declared.add(dep[kind][0])
        default = {"test": "Tests/", "executable": "Sources/", "regular": "Sources/"}[target["type"]] + name
        path = os.path.join(root, target.get("path") or default)
        for folder, _, files in os.walk(path):
            for file in sorted(files):
                if not file.endswith(".swift"):
                    continue
                source = os.path.join(folder, file)
                with open(source, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = re.match(r"\s*(?:@testable\s+|@_implementationOnly\s+)?import\s+(?:(?:struct|enum|class|func|protocol)\s+)?(\w+)", line)
                        if not m:
                            continue
                        module = m.group(1)
                        where = f"{os.path.relpath(source, root)}:{number}"
                        if module in PLATFORM:
                            continue
                        if module not in declared:
                            problems.append(f"{where}: {name} imports {module}, which Package.swift does not declare as its direct dependency")
                        rules = FORBIDDEN.get(name, set())
                        if "*" in rules or module in rules:
                            problems.append(f"{where}: {name} must not import {module} (docs/architecture.md)")
        for dep in declared:
            rules = FORBIDDEN.get(name, set())
            if dep in targets and ("*" in rules or dep in rules):
                problems.append(f"Package.swift: {name} must not depend on {dep} (docs/architecture.md)")
    for p in problems:
        print(p)
    print(f"imports: {len(problems)} problems in {sum(1 for t in targets.values() if t['type'] != 'system')} targets")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
