#!/usr/bin/env python3
"""swift-format on changed code: the lines of Swift files under Sources/ and Tests/ that differ from a
base commit must be formatted as `.swift-format` says. Untouched old code is left as it is (it is
formatted when it is next changed), so adopting the formatter never rewrites the whole tree at once.
New files are checked whole; in an edited old file, line-local findings (length, spacing, commas, the
lint rules) count on every changed line, and layout findings (indentation, line breaks) only where the
line before is changed too, since they depend on the enclosing statement.

Usage:
  python3 Tools/format_check.py [--base REV] [--fix] [FILE ...]
The base is REV, else $FORMAT_BASE, else the commit named in .swift-format-base (the adoption point).
Findings are printed as swift-format prints them; exit 1 when a changed line has one. With --fix the
changed ranges are reformatted in place (`swift format format --offsets`), then checked again.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", ROOT, *args], check=True, capture_output=True, text=True).stdout


def changed_lines(base: str) -> dict:
    """File -> set of changed (added or modified) line numbers in the working tree against base."""
    out = {}
    diff = git("diff", "-U0", "--no-color", "--find-renames", "--find-copies", base, "--", "Sources", "Tests")
    current = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            path = line[4:]
            current = path[2:] if path.startswith("b/") else None
            if current is not None and not current.endswith(".swift"):
                current = None
        elif line.startswith("@@") and current:
            m = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
            start, count = int(m.group(1)), int(m.group(2) or "1")
            out.setdefault(current, set()).update(range(start, start + count))
    # Files git does not track yet count as changed whole.
    for path in git("ls-files", "--others", "--exclude-standard", "--", "Sources", "Tests").splitlines():
        if path.endswith(".swift"):
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                out[path] = set(range(1, f.read().count("\n") + 1))
    return {p: lines for p, lines in out.items() if lines and os.path.exists(os.path.join(ROOT, p))}


# Layout findings that depend on the enclosing statement: in a file that is only partly new they are
# reported only when the statement is new too, i.e. never on an edited line inside old code.
LAYOUT = ("[Indentation]", "[AddLines]", "[RemoveLine]")


def findings(path: str, lines: set) -> list:
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        total = f.read().count("\n")
    whole = len(lines) >= total
    run = subprocess.run(["swift", "format", "lint", "--configuration", os.path.join(ROOT, ".swift-format"), path],
                         cwd=ROOT, capture_output=True, text=True)
    found = []
    for line in run.stderr.splitlines():
        m = re.match(r"(.+?):(\d+):(\d+): (warning|error): (.*)", line)
        if m and int(m.group(2)) in lines:
            if not whole and any(tag in m.group(5) for tag in LAYOUT) and int(m.group(2)) - 1 not in lines:
                continue
            found.append(line)
    return found


def fix(path: str, lines: set) -> None:
    with open(os.path.join(ROOT, path), "rb") as f:
        text = f.read()
    starts = [0]
    for i, b in enumerate(text):
        if b == 0x0A:
            starts.append(i + 1)
    ranges = []
    for n in sorted(lines):
        if n - 1 < len(starts):
            begin = starts[n - 1]
            # Never include the file's final newline: swift-format drops it from a range ending there.
            end = min(starts[n] if n < len(starts) else len(text), max(len(text) - 1, 0))
            if ranges and ranges[-1][1] >= begin:
                ranges[-1][1] = end
            else:
                ranges.append([begin, end])
    args = []
    for begin, end in ranges:
        args += ["--offsets", f"{begin}:{end}"]
    subprocess.run(["swift", "format", "format", "--in-place", "--configuration", os.path.join(ROOT, ".swift-format"),
                    *args, path], cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base")
    parser.add_argument("--fix", action="store_true")
    parser.add_argument("paths", nargs="*", help="only these files (default: every changed Swift file)")
    options = parser.parse_args()
    base = options.base or os.environ.get("FORMAT_BASE")
    if not base:
        with open(os.path.join(ROOT, ".swift-format-base"), encoding="utf-8") as f:
            base = f.read().split()[0]
    try:
        git("cat-file", "-e", base + "^{commit}")
    except subprocess.CalledProcessError:
        # A shallow clone: check what changed since its oldest commit, and say so.
        oldest = git("rev-list", "--max-parents=0", "HEAD").split()[-1]
        print(f"format: base {base[:12]} is not in this clone (shallow); checking changes since {oldest[:12]} instead",
              file=sys.stderr)
        base = oldest
    def selected(changes: dict) -> dict:
        return {p: v for p, v in changes.items() if not options.paths or p in options.paths}

    changed = selected(changed_lines(base))
    if options.fix:
        for path, lines in sorted(changed.items()):
            fix(path, lines)
        changed = selected(changed_lines(base))
    problems = []
    for path, lines in sorted(changed.items()):
        problems += findings(path, lines)
    for p in problems:
        print(p)
    print(f"format: {len(problems)} findings on {sum(len(v) for v in changed.values())} changed lines in {len(changed)} files since {base[:12]}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
