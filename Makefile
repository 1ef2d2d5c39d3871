# PcapReport: `make report` writes reports for Samples/ into Output/; `make test` runs the tests.
# Both install the Debian packages they need on a fresh machine (when run as root with apt-get).

SWIFT      ?= swift
APT_PKGS   := libpcap-dev libcmark-dev libssl-dev zlib1g-dev pkg-config python3
# What the tests run besides the build: python3 (conformance checker), cmark-gfm (GFM rendering of the
# Markdown), tshark (the I/O graph against io,stat; it asks a debconf question, hence the noninteractive
# install), chromium (every sample's HTML in headless Chromium), systemd (systemd-analyze verify of
# docs/nightly's units), tzdata (named time zones). A test whose tool is missing shows as skipped.
TEST_PKGS  := python3 cmark-gfm tshark chromium systemd tzdata redmine redmine-sqlite ruby-webrick poppler-utils
BROWSER_PKGS := chromium
# `make deb`: dpkg-shlibdeps (Depends:) and strip come with dpkg-dev.
DEB_PKGS   := dpkg-dev
TOOL       := .build/debug/pcap-report
RELEASE    := .build/release/pcap-report

# `make install` / `make uninstall` / `make deb` (README, "Install"). PREFIX=/usr is the Debian
# package's layout; the default /usr/local is for `make install` by hand. The tool finds its
# templates in $(PREFIX)/share/pcap-report/Templates beside $(PREFIX)/bin (TemplateSet.locateBuiltIn).
PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      := $(PREFIX)/bin
DATADIR     := $(PREFIX)/share
MANDIR      := $(DATADIR)/man/man1
DOCDIR      := $(DATADIR)/doc/pcap-report
UNITDIR     := $(PREFIX)/lib/systemd/system
BASHCOMPDIR := $(DATADIR)/bash-completion/completions
# Debian's zsh reads packages' completions from vendor-completions, an admin's from /usr/local's site-functions.
ZSHCOMPDIR  := $(if $(filter /usr,$(PREFIX)),$(DATADIR)/zsh/vendor-completions,$(DATADIR)/zsh/site-functions)
FISHCOMPDIR := $(DATADIR)/fish/vendor_completions.d
# The installed build: release, with the Swift runtime linked in (the toolchain's libswiftCore.so is no
# Debian package), in its own scratch folder (SCRATCH=.build-pkg to keep it beside your own builds).
SCRATCH     ?= .build
# No $$ORIGIN run path (nothing is installed beside the binary) and bind-now relocations (Debian's hardening).
INSTALL_BUILD := -c release --static-swift-stdlib --disable-local-rpath -Xlinker -z -Xlinker now --scratch-path $(SCRATCH)
INSTALL_TOOL  := $(SCRATCH)/release/pcap-report
GENERATED   := $(SCRATCH)/install-generated
# The release and its date come from the one version source and the changelog's heading for it.
VERSION      := $(shell sed -n 's/.*static let release = "\(.*\)".*/\1/p' Sources/Support/ToolVersion.swift)
RELEASE_DATE := $(shell sed -n 's/^\#\# \[$(VERSION)\] - \([0-9-]*\).*/\1/p' CHANGELOG.md)

.PHONY: all deps test-deps stamp build release report test check-imports format-check format conformance bench clean screenshots robustness fuzz test-sanitize adversarial
.PHONY: install-build install install-files uninstall deb package-check

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
	@# The STIX 2.1 and MISP validators the IOC export tests run (pinned; PyPI).
	@python3 -c 'import stix2validator, pymisp' 2>/dev/null || \
	  python3 -m pip install -q --break-system-packages $(PIP_TEST_PKGS)

PIP_TEST_PKGS = stix2-validator==3.3.2 pymisp==2.5.34.4

test-deps: deps
	@missing=""; for p in $(TEST_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The commit `pcap-report --version` names: a git-ignored Swift file, rewritten only when it changes
# (none outside a git checkout). See Tools/stamp-commit.sh.
stamp:
	@Tools/stamp-commit.sh

build: deps stamp
	$(SWIFT) build

release: deps stamp
	$(SWIFT) build -c release

report: build
	$(TOOL) Samples --output-dir Output --force   # Output/ also holds the tests' screenshots

# The module graph first (docs/architecture.md): every import a declared direct dependency, the
# renderer free of capture, decoding and statistics modules; a doc comment on every public type;
# then the build SwiftPM checks too.
test: test-deps stamp
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
# Then the lab set (Tests/Fixtures/lab/{fidelity,live}, references in Tests/Fixtures/lab/reference), and the
# lab mail attachments against tshark --export-objects imf decoded by Python.
conformance: build
	python3 Tools/conformance.py --tool $(TOOL)
	python3 Tools/conformance.py --tool $(TOOL) --captures Tests/Fixtures/lab/fidelity --references Tests/Fixtures/lab/reference
	python3 Tools/conformance.py --tool $(TOOL) --captures Tests/Fixtures/lab/live --references Tests/Fixtures/lab/reference
	python3 Tests/Lab/compare-mail-attachments.py --tool $(TOOL) Tests/Fixtures/lab/live/mail-*.pcap Tests/Fixtures/lab/mail-*.pcap

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

# The installed build, then its man page (swift-argument-parser's generate-manual plugin; the plugin
# builds the debug products, which `make test` has usually built already) and shell completions.
# The man page's blank lines become paragraph breaks (.Pp): groff warns about empty mdoc lines.
install-build: deps stamp
	$(SWIFT) build $(INSTALL_BUILD)
	$(SWIFT) package --scratch-path $(SCRATCH) plugin generate-manual --configuration debug \
	  --date $(RELEASE_DATE) --authors "The PcapReport authors"
	rm -rf $(GENERATED) && mkdir -p $(GENERATED)
	sed 's/^$$/.Pp/' $(SCRATCH)/plugins/GenerateManual/outputs/pcap-report/pcap-report.1 > $(GENERATED)/pcap-report.1
	for shell in bash zsh fish; do $(INSTALL_TOOL) --generate-completion-script $$shell > $(GENERATED)/completion.$$shell; done
	sed -i '1{/^#!/d}' $(GENERATED)/completion.bash    # sourced by bash-completion, never run

# `make install PREFIX=/usr/local DESTDIR=/tmp/stage`: the release binary, templates, man page,
# completions, the nightly systemd units (pointing at $(BINDIR); not enabled: docs/nightly.md) and the
# docs with the example config. install-files installs what install-build made, without building.
install: install-build
	$(MAKE) install-files

install-files:
	install -D -m 755 $(INSTALL_TOOL) $(DESTDIR)$(BINDIR)/pcap-report
	install -d $(DESTDIR)$(DATADIR)/pcap-report
	rm -rf $(DESTDIR)$(DATADIR)/pcap-report/Templates
	cp -R Templates $(DESTDIR)$(DATADIR)/pcap-report/Templates
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/pcap-report/Templates
	install -D -m 644 $(GENERATED)/pcap-report.1 $(DESTDIR)$(MANDIR)/pcap-report.1
	install -D -m 644 $(GENERATED)/completion.bash $(DESTDIR)$(BASHCOMPDIR)/pcap-report
	install -D -m 644 $(GENERATED)/completion.zsh $(DESTDIR)$(ZSHCOMPDIR)/_pcap-report
	install -D -m 644 $(GENERATED)/completion.fish $(DESTDIR)$(FISHCOMPDIR)/pcap-report.fish
	install -d $(DESTDIR)$(UNITDIR)
	for unit in pcap-report-nightly.service pcap-report-nightly.timer; do \
	  sed -e 's|/usr/local/bin/pcap-report|$(BINDIR)/pcap-report|g' -e 's|/usr/local/share/doc/pcap-report|$(DOCDIR)|g' \
	    docs/nightly/$$unit > $(DESTDIR)$(UNITDIR)/$$unit && chmod 644 $(DESTDIR)$(UNITDIR)/$$unit; done
	install -D -m 644 docs/nightly.md $(DESTDIR)$(DOCDIR)/nightly.md
	install -D -m 644 docs/nightly/nightly.yaml $(DESTDIR)$(DOCDIR)/examples/nightly.yaml
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md

# Removes what install-files installed (same PREFIX and DESTDIR); shared folders stay.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pcap-report $(DESTDIR)$(MANDIR)/pcap-report.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/pcap-report $(DESTDIR)$(ZSHCOMPDIR)/_pcap-report $(DESTDIR)$(FISHCOMPDIR)/pcap-report.fish \
	  $(DESTDIR)$(UNITDIR)/pcap-report-nightly.service $(DESTDIR)$(UNITDIR)/pcap-report-nightly.timer
	rm -rf $(DESTDIR)$(DATADIR)/pcap-report $(DESTDIR)$(DOCDIR)

# pcap-report_$(VERSION)_<arch>.deb in this folder: `make install-files PREFIX=/usr` into a staging
# folder, then Tools/make-deb.sh (stripped binary, compressed man page and changelog, copyright,
# Depends from dpkg-shlibdeps, dpkg-deb). Needs dpkg-dev; check it with `lintian pcap-report_*.deb`.
deb: install-build
	@dpkg -s $(DEB_PKGS) >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS); }
	Tools/make-deb.sh "$(VERSION)" "$(RELEASE_DATE)" "$(MAKE)"

# Installs that package with apt-get, runs it from / and compares its reports with the checkout's
# debug build (the one the man page plugin built), checks its man page, completions and units and
# lintian's verdict when lintian is there, then removes it (root or sudo; CI runs it after the tests).
package-check: deb
	Tools/package-check.sh pcap-report_$(VERSION)_$$(dpkg --print-architecture).deb $(SCRATCH)/debug/pcap-report

clean:
	rm -rf .build Output/*.md Output/*.html Output/*.json pkg-build pcap-report_*.deb
