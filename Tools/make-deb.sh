#!/usr/bin/env bash
# `make deb`: pcap-report_VERSION_ARCH.deb in the checkout's top folder, from what `make install-build`
# made (the release binary, man page, completions). Usage: Tools/make-deb.sh VERSION RELEASE_DATE [MAKE]
# - VERSION is ToolVersion.release (the Makefile reads it from Sources/Support/ToolVersion.swift), a
#   native Debian version: this repository is the package's only source.
# - The Debian changelog entry is generated from that version and the date of its CHANGELOG.md heading
#   (so the package does not change with the day it is built); CHANGELOG.md itself is shipped beside it.
# - Depends: is computed by dpkg-shlibdeps from the binary's ELF dependencies, never typed.
# - The maintainer is $DEB_MAINTAINER (default: the project's address).
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?version}
release_date=${2:?release date (CHANGELOG.md heading)}
make=${3:-make}
maintainer=${DEB_MAINTAINER:-PcapReport <dev@pcapreport.invalid>}
arch=$(dpkg --print-architecture)
command -v dpkg-shlibdeps >/dev/null || { echo "make deb: dpkg-shlibdeps is missing: apt-get install dpkg-dev" >&2; exit 2; }

work=pkg-build
# The staging root sits where dpkg-shlibdeps expects a package's files: debian/<package> of a source tree.
root=$work/src/debian/pcap-report
rm -rf "$work"
mkdir -p "$root"
# Reproducible: file dates and the changelog's date are the release's, not today's.
export SOURCE_DATE_EPOCH=$(date -u -d "$release_date 00:00:00" +%s)

"$make" --no-print-directory install-files PREFIX=/usr DESTDIR="$PWD/$root" >/dev/null

doc=$root/usr/share/doc/pcap-report
# Debian policy: stripped binaries (dh_strip's options), man pages and changelogs compressed with gzip -9n.
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/pcap-report"
gzip -9n "$root/usr/share/man/man1/pcap-report.1"
install -m 644 CHANGELOG.md "$doc/CHANGELOG.md"
{
  printf 'pcap-report (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * Release %s: see /usr/share/doc/pcap-report/CHANGELOG.md.gz.\n\n' "$version"
  printf ' -- %s  %s\n' "$maintainer" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} > "$doc/changelog"
# nightly.md stays as it is: the service unit's Documentation= points at it.
gzip -9n "$doc/changelog" "$doc/CHANGELOG.md"

# Machine-readable copyright (DEP-5): the project's MIT licence (LICENSE, "Expat" in Debian's
# words), plus the Swift packages and the Swift runtime the binary links statically.
{
  cat <<'HEAD'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: PcapReport
Comment: /usr/bin/pcap-report links statically swift-argument-parser, swift-mustache, Yams (with
 the LibYAML it vendors) and the toolchain's Swift runtime, standard library, Foundation, Dispatch
 and ICU (--static-swift-stdlib); their licences follow.

Files: *
Copyright: 2026 The PcapReport authors
License: Expat

Files: swift-argument-parser/*
Copyright: 2020 Apple Inc. and the Swift project authors
License: Apache-2.0

Files: swift-mustache/*
Copyright: the Hummingbird authors
License: Apache-2.0

Files: Yams/*
Copyright: 2016 JP Simard
License: Expat

Files: Yams/Sources/CYaml/*
Copyright: 2006-2016 Kirill Simonov
 2017-2020 Ingy döt Net
License: Expat
Comment: LibYAML, vendored by Yams and linked statically.

Files: swift-runtime/* swift-foundation/* swift-corelibs-foundation/* swift-corelibs-libdispatch/*
Copyright: 2014 Apple Inc. and the Swift project authors
License: Apache-2.0 with Runtime Library Exception
Comment: The Swift runtime, standard library, Foundation and Dispatch of the toolchain
 (--static-swift-stdlib; the Swift packages above import Foundation).

Files: swift-foundation-icu/*
Copyright: 1991 Unicode, Inc. and others
License: Unicode-3.0
Comment: ICU, as the toolchain's Foundation links it (_FoundationICU).

License: Expat
HEAD
  # LICENSE's permission text (after its title and copyright line), as a DEP-5 license body.
  sed -n '/^Permission is hereby granted/,$p' LICENSE | sed -e 's/^$/./' -e 's/^/ /'
  cat <<'TAIL'

License: Apache-2.0
 On Debian systems, the full text of the Apache License, Version 2.0 is in
 /usr/share/common-licenses/Apache-2.0.

License: Unicode-3.0
 The Unicode License v3 (https://www.unicode.org/license.txt), as in
 https://github.com/swiftlang/swift-foundation-icu/blob/main/LICENSE.md: permission
 is granted, free of charge, to use, copy, modify, merge, publish, distribute
 and/or sell copies of the data files and software, provided that the copyright
 and permission notice appear in all copies, WITHOUT WARRANTY OF ANY KIND.

License: Apache-2.0 with Runtime Library Exception
 On Debian systems, the full text of the Apache License, Version 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
 .
 Runtime Library Exception to the Apache 2.0 License:
 .
 As an exception, if you use this Software to compile your source code and
 portions of this Software are embedded into the binary product as a result,
 you may redistribute such product without providing attribution as would
 otherwise be required by Sections 4(a), 4(b) and 4(d) of the License.
TAIL
} > "$doc/copyright"
chmod 644 "$doc/copyright"

# Lintian's one error, overridden with the reason: Yams (the --config YAML parser) compiles its own
# copy of LibYAML into the binary; SwiftPM cannot point it at Debian's libyaml-0-2.
install -D -m 644 /dev/stdin "$root/usr/share/lintian/overrides/pcap-report" <<'OVERRIDES'
# Yams, the Swift YAML parser behind --config, vendors LibYAML as its CYaml target and SwiftPM
# links it statically; Yams offers no way to use the system libyaml-0-2 instead.
pcap-report: embedded-library libyaml [usr/bin/pcap-report]
OVERRIDES

# Depends: from the binary's shared libraries. dpkg-shlibdeps wants a debian/control to read, so the
# scratch source tree gets one naming the package.
mkdir -p "$root/DEBIAN"     # how dpkg-shlibdeps recognises the package's root
printf 'Source: pcap-report\n\nPackage: pcap-report\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O debian/pcap-report/usr/bin/pcap-report | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "make deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_size=$(du -sk --apparent-size "$root/usr" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: pcap-report
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: net
Priority: optional
Description: walkthrough-style threat-hunting reports from packet captures
 pcap-report turns packet captures (pcap, pcapng, gzip-compressed or not) into
 reports that walk a capture the way an analyst does in Wireshark: the first
 packet field by field, Expert Information, Protocol Hierarchy, capture
 properties, conversations and TCP streams, then a verdict (port scans,
 sweeps, floods, brute force, ARP spoofing, DNS tunnelling, cleartext logins)
 and what to do about it. Each capture gets a Markdown, an HTML and a JSON
 report.
 .
 Batch runs over folders of captures (parallel jobs, incremental runs, a run
 index, shards) suit nightly use; systemd service and timer units for that
 are included but not enabled (see /usr/share/doc/pcap-report/nightly.md).
CONTROL
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -type d -exec chmod 755 {} +
# Every path's date is the release's (dpkg-deb clamps to SOURCE_DATE_EPOCH as well).
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb="pcap-report_${version}_${arch}.deb"
rm -f "$deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "built $deb (Depends: $depends)"
