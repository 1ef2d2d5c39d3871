#!/usr/bin/env bash
# Checks the Debian package the way a user gets it: installs it with apt-get, runs the installed
# /usr/bin/pcap-report from / (no checkout, no PCAP_REPORT_TEMPLATES: it must find its own templates
# in /usr/share/pcap-report/Templates), compares its reports of Samples/ with the checkout's build
# byte for byte, checks `man pcap-report`, the completions and the systemd units, runs lintian when
# it is installed (errors fail), then removes the package again, also when a check fails.
# Usage: Tools/package-check.sh pcap-report_VERSION_ARCH.deb CHECKOUT_TOOL   (`make package-check`;
# CI runs it after the tests). Needs root or sudo; installs man-db if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(realpath "${1:?the .deb (make deb)}")
tool=$(realpath "${2:?the pcap-report build of this checkout}")
checkout=$PWD
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
fail() { echo "package-check: $*" >&2; exit 1; }

version=$(dpkg-deb -f "$deb" Version)
if dpkg-query -W -f '${Status}' pcap-report 2>/dev/null | grep -q installed; then
  fail "pcap-report is installed already; this check would remove it afterwards, so it stops here"
fi
command -v man >/dev/null || { apt_get update -qq && apt_get install -y -qq man-db >/dev/null; }

work=$(mktemp -d /tmp/pcap-report-package-check.XXXXXX)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then apt_get remove -y -qq pcap-report >/dev/null && echo "package-check: removed the package"; fi
  rm -rf "$work"
}
trap cleanup EXIT

if command -v lintian >/dev/null; then
  echo "package-check: lintian $deb"
  # Errors and warnings are listed (none expected; README, "Install", says why the infos stay); an
  # error fails the check.
  lintian "$deb" 2>&1 | tee "$work/lintian.txt" || true
  ! grep -q '^E: ' "$work/lintian.txt" || fail "lintian reports errors"
fi

echo "package-check: apt-get install $deb"
installed=1
apt_get install -y -qq "$deb" >/dev/null
[ -x /usr/bin/pcap-report ] || fail "/usr/bin/pcap-report is not installed"

got=$(cd / && /usr/bin/pcap-report --version)
case $got in
  "$version" | "$version (commit "*")") echo "package-check: --version: $got" ;;
  *) fail "--version says '$got', the package is $version" ;;
esac

# The same inputs (by absolute path) and the same --generated-at for both runs; the installed tool
# runs from / with a clean environment.
stamp=2026-01-01T00:00:00Z
(cd / && env -u PCAP_REPORT_TEMPLATES /usr/bin/pcap-report "$checkout/Samples" -o "$work/installed" --generated-at "$stamp" --no-progress >"$work/installed.log")
"$tool" "$checkout/Samples" -o "$work/checkout" --generated-at "$stamp" --no-progress >"$work/checkout.log"
# The incremental manifest records the build identity (release + executable digest) by design: two
# different executables write different ones. Every report and index file must be the same.
diff -r -x .pcap-report-manifest.json "$work/checkout" "$work/installed" || fail "the installed tool's reports differ from the checkout's"
reports=$(find "$work/installed" -type f \( -name '*.md' -o -name '*.html' -o -name '*.json' \) | wc -l)
[ "$reports" -gt 0 ] || fail "no reports were written"
echo "package-check: installed and checkout reports of Samples/ are byte-identical ($reports files)"

man -P cat pcap-report 2>/dev/null | grep -q 'pcap-report' || fail "man pcap-report does not render"
echo "package-check: man pcap-report renders"

bash -n /usr/share/bash-completion/completions/pcap-report || fail "the bash completion does not parse"
[ -s /usr/share/zsh/vendor-completions/_pcap-report ] && [ -s /usr/share/fish/vendor_completions.d/pcap-report.fish ] \
  || fail "a zsh or fish completion is missing"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /usr/lib/systemd/system/pcap-report-nightly.service /usr/lib/systemd/system/pcap-report-nightly.timer \
    || fail "systemd-analyze verify rejects the installed units"
  echo "package-check: systemd-analyze verify accepts the installed units"
fi
echo "package-check: ok"
