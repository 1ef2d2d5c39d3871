#!/usr/bin/env python3
"""Every public type (struct, enum, class, protocol, typealias, actor, extension-less declarations at
any nesting) in Sources/ carries a `///` doc comment (STYLE.md section 7).

Usage: python3 Tools/check_doc_comments.py [ROOT]   (exit 1 and one line per undocumented type)
"""
import os
import re
import sys

DECL = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*public\s+(?:final\s+|indirect\s+)*(struct|enum|class|protocol|typealias|actor)\s+(\w+)")


def main() -> int:
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    missing = []
    total = 0
    for folder, _, files in os.walk(os.path.join(root, "Sources")):
        for file in sorted(files):
            if not file.endswith(".swift"):
                continue
            path = os.path.join(folder, file)
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            for i, line in enumerate(lines):
                m = DECL.match(line)
                if not m:
                    continue
                total += 1
                j = i - 1
                while j >= 0 and (lines[j].strip().startswith("@") or lines[j].strip() == ""):
                    if lines[j].strip() == "":
                        j = -1
                        break
                    j -= 1
                if j < 0 or not lines[j].strip().startswith("///"):
                    missing.append(f"{os.path.relpath(path, root)}:{i + 1}: public {m.group(1)} {m.group(2)} has no /// doc comment")
    for m in missing:
        print(m)
    print(f"doc comments: {total - len(missing)} of {total} public types documented")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
