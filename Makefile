# PcapReport: `make report` writes reports for Samples/ into Output/; `make test` runs the tests.
# Both install the Debian packages they need on a fresh machine (when run as root with apt-get).

SWIFT      ?= swift
APT_PKGS   := libpcap-dev libcmark-dev libssl-dev zlib1g-dev pkg-config python3
# What the tests run besides the build: python3 (conformance checker), cmark-gfm (GFM rendering of the
# Markdown), tshark (the I/O graph against io,stat; it asks a debconf question, hence the noninteractive
# install), chromium (every sample's HTML in headless Chromium), systemd (systemd-analyze verify of
# docs/nightly's units), tzdata (named time zones). A test whose tool is missing shows as skipped.
TEST_PKGS  := python3 cmark-gfm tshark chromium systemd tzdata
BROWSER_PKGS := chromium
TOOL       := .build/debug/pcap-report
RELEASE    := .build/release/pcap-report

.PHONY: all deps test-deps build release report test check-imports format-check format conformance bench clean screenshots robustness fuzz test-sanitize adversarial

all: build

# Installs what a fresh Debian machine lacks (libpcap, cmark, libcrypto headers); no-op when present.
# (DEBIAN_FRONTEND goes through env: sudo would drop it from the environment.)
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test-deps: deps
	@missing=""; for p in $(TEST_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

report: build
	$(TOOL) Samples --output-dir Output

# The module graph first (docs/architecture.md): every import a declared direct dependency, the
# renderer free of capture, decoding and statistics modules; a doc comment on every public type;
# then the build SwiftPM checks too.
test: test-deps
	python3 Tools/check_imports.py
	python3 Tools/check_doc_comments.py
	$(SWIFT) build --explicit-target-dependency-import-check error
	$(SWIFT) test

check-imports:
	python3 Tools/check_imports.py

# swift-format on the lines changed since .swift-format-base (docs/architecture.md, "Habits");
# `make format` reformats those lines in place.
format-check:
	python3 Tools/format_check.py

format:
	python3 Tools/format_check.py --fix

# Installs Chromium and runs the browser test: screenshots of every sample in Output/screenshots/.
screenshots: build
	@dpkg -s $(BROWSER_PKGS) >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PKGS); }
	$(SWIFT) test --filter chromiumRendersTheReportWithoutConsoleErrors

# Compares our numbers with tshark/capinfos on ../shared/corpus (see docs/conformance.md).
conformance: build
	python3 Tools/conformance.py --tool $(TOOL)

# Benchmark (not a test; CI does not run it): release build vs the bare libpcap loop and tshark,
# on generated captures of 100k, 1M, 5M packets and 1M distinct flows. See docs/performance.md.
bench: deps
	@command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine time >/dev/null; }
	Tools/bench.sh

# Every file of ../shared/corpus/malformed: a report or one error line, never a crash or a hang
# (docs/robustness.md). Prints `malformed: N files, 0 crashes, 0 hangs, max T s, max RSS M MiB`.
robustness: build
	Tools/robustness.sh $(TOOL)

# libFuzzer targets (Fuzz/) for the decoder, the pcapng block scanner and the renderers, built with
# swiftc -sanitize=fuzzer,address outside the package build; each runs FUZZ_SECONDS from a seed
# corpus made from Samples/ (docs/robustness.md).
FUZZ_SECONDS ?= 600
fuzz: deps
	Tools/fuzz.sh all $(FUZZ_SECONDS)

# The test suite under the address sanitizer, then the thread sanitizer (separate build folders).
# XCTest is skipped: the tests use Swift Testing, and the empty XCTest run leaks a few objects of its own.
test-sanitize: test-deps build
	$(SWIFT) build --build-tests --sanitize=address --build-path .build/asan
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --skip-build --disable-xctest --sanitize=address --build-path .build/asan
	$(SWIFT) build --build-tests --sanitize=thread --build-path .build/tsan
	SWIFT_BACKTRACE=enable=no $(SWIFT) test --skip-build --disable-xctest --sanitize=thread --build-path .build/tsan

# Adversarial-size captures (millions of flows, jumbo frames, half-open streams) in /tmp, measured
# with /usr/bin/time -v on the release build; never committed (docs/robustness.md).
ADVERSARIAL_DIR ?= /tmp/pcap-report-adversarial
adversarial: release
	python3 Tools/make_adversarial.py --out $(ADVERSARIAL_DIR)
	Tools/measure_adversarial.sh $(RELEASE) $(ADVERSARIAL_DIR)

clean:
	rm -rf .build Output/*.md Output/*.html Output/*.json
