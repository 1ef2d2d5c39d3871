# PcapReport: `make report` writes reports for Samples/ into Output/; `make test` runs the tests.
# Both install the Debian packages they need on a fresh machine (when run as root with apt-get).

SWIFT      ?= swift
APT_PKGS   := libpcap-dev libcmark-dev libssl-dev zlib1g-dev pkg-config python3
TEST_PKGS  := python3 cmark-gfm
# Optional: the browser test renders every sample in headless Chromium (skips without it).
BROWSER_PKGS := chromium
TOOL       := .build/debug/pcap-report
RELEASE    := .build/release/pcap-report

.PHONY: all deps test-deps build release report test conformance bench clean screenshots

all: build

# Installs what a fresh Debian machine lacks (libpcap, cmark, libcrypto headers); no-op when present.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

test-deps: deps
	@missing=""; for p in $(TEST_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

report: build
	$(TOOL) Samples --output-dir Output

test: test-deps
	$(SWIFT) build
	$(SWIFT) test

# Installs Chromium and runs the browser test: screenshots of every sample in Output/screenshots/.
screenshots: build
	@dpkg -s $(BROWSER_PKGS) >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BROWSER_PKGS); }
	$(SWIFT) test --filter chromiumRendersTheReportWithoutConsoleErrors

# Compares our numbers with tshark/capinfos on ../shared/corpus (see docs/conformance.md).
conformance: build
	python3 Tools/conformance.py --tool $(TOOL)

# Benchmark (not a test; CI does not run it): release build vs the bare libpcap loop and tshark,
# on generated captures of 100k, 1M, 5M packets and 1M distinct flows. See docs/performance.md.
bench: deps
	@command -v hyperfine >/dev/null || { apt-get install -y -qq hyperfine time >/dev/null; }
	Tools/bench.sh

clean:
	rm -rf .build Output/*.md Output/*.html Output/*.json
