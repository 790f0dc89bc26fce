# mail2sms — build, demo, test, install.
#   make demo      install build dependencies, build release, run the ISE example in --dry-run
#   make test      install test dependencies, lint the man pages and the sources, run every test
#   make install   PREFIX=/usr/local: the binary (stripped), the man pages (the language's as
#                  mail2sms-mailfilter(5)), the examples under share/doc
#   make uninstall removes what make install installed (same PREFIX and DESTDIR)
#   make bench     build release, run the benchmarks under bench/ (as root, about 3 minutes), print the summary
#   make fuzz      run each libFuzzer target for FUZZ_SECONDS (see Fuzz/run.sh, HARDENING.md)

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DOCDIR    ?= $(PREFIX)/share/doc/mail2sms
SWIFT     ?= swift
BIN       := .build/release/mail2sms

# The release build. Postfix starts mail2sms once per mail, so what the dynamic loader does before main
# is paid on every message (measured in BENCHMARKS.md, "Start-up"):
#   --static-swift-stdlib      the Swift runtime linked in (no libswiftCore.so to load and relocate);
#   libstdc++ and libgcc linked in too (the runtime's C++ side: ~1,000 symbol lookups otherwise), from
#                              $(CXX_STATIC), a folder holding only libstdc++.a so the linker takes it;
#   --no-export-dynamic        the runtime's link arguments export every symbol; nothing looks them up;
#   --disable-local-rpath      no $ORIGIN search path: ld.so would look for libc in the build folder first;
#   -no-pie                    a PIE's 20,000 relative relocations touch 60 pages on every start (+0.4 ms,
#                              20 % of a run). Make with PIE=1 to trade that for address randomization;
#   -disable-concrete-type-metadata-mangled-name-accessors
#                              generic types' metadata made by direct calls, not by demangling their names at
#                              run time: 13 % of the instructions of a mail that sends nothing, 0.9 M of one
#                              that sends an SMS, for 23 KB of code (BENCHMARKS.md, "Metadata by name").
# libc, libm and libpcre2-8 stay shared (Debian's security updates apply); libcurl and libsqlite3 are
# opened with dlopen only when an SMS is sent.
CXX_STATIC := $(CURDIR)/.build/static-libstdc++
LIBSTDCXX  := $(shell $(CC) -print-file-name=libstdc++.a 2>/dev/null)
RELEASE   := $(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath \
	-Xlinker --no-export-dynamic -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
	$(if $(PIE),,-Xswiftc -Xclang-linker -Xswiftc -no-pie) \
	$(if $(filter /%,$(LIBSTDCXX)),-Xlinker -L$(CXX_STATIC))
# More options for the release build, after the ones above: debian/rules passes a build folder of its own and
# Debian's hardening link flags (make deb).
RELEASE_EXTRA ?=
RELEASE += $(RELEASE_EXTRA)

# Debian packages: to build, and in addition to test.
BUILD_DEPS := libpcre2-dev libcurl4-openssl-dev libsqlite3-dev libpq-dev pkg-config
TEST_DEPS  := $(BUILD_DEPS) mandoc python3 maildrop libpython3.11-testsuite kannel postfix sqlite3 strace
# A syslog daemon for the syslog tests, which run their own rsyslogd on a socket of their own (never /dev/log).
TEST_DEPS  += rsyslog
# PostgreSQL for the shared journal's tests (issue 23), which make and run clusters of their own (initdb, on
# 127.0.0.1 and a socket in their folder: Tests/Fixtures/servers/postgresql); the cluster `main` that the package
# makes on install is never started or touched.
TEST_DEPS  += postgresql
# libcurl's both flavours (mail2sms tries GnuTLS's first), and openssl to make the HTTPS tests' certificates.
TEST_DEPS  += libcurl3-gnutls libcurl4 openssl
# To build the Debian package and check it (make deb); make test also installs, uses and purges it.
DEB_DEPS   := $(BUILD_DEPS) dpkg-dev debhelper lintian
TEST_DEPS  += dpkg-dev debhelper lintian adduser logrotate

.PHONY: all build demo test test-run deps test-deps lint lint-man lint-sources install uninstall clean bench

all: build

# apt-get only when a package is missing, so a prepared machine pays one dpkg query. This changes nothing else
# on the host: demo, build and install run on production mail servers. The test dependencies' daemons
# (kannel, postfix, rsyslog, postgresql) must not start on install; make test alone sees to that, and undoes it when it ends
# (Scripts/test-host.sh).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_DEPS))

test-deps:
	$(call apt_install,$(TEST_DEPS))

build: deps
	@if [ -f "$(LIBSTDCXX)" ]; then mkdir -p $(CXX_STATIC) && ln -sf "$(LIBSTDCXX)" $(CXX_STATIC)/libstdc++.a; fi
	$(RELEASE)

# The dry run as the ISE's mail would arrive (its sender and address), with a journal of its own in .build.
DEMO := --dry-run -f ise@ise.example.com --client 192.0.2.10 --state-dir .build/demo-state examples/mailfilter.conf
demo: build
	@mkdir -p .build/demo-state
	@echo "== mail2sms $(DEMO) < Tests/Fixtures/messages/ise-guest-plain.eml"
	@$(BIN) $(DEMO) < Tests/Fixtures/messages/ise-guest-plain.eml

lint-man:
	mandoc -Tlint -Wwarning man/mail2sms.1 man/mailfilter.5

# The sources' own rules (ARCHITECTURE.md): swift-format's (.swift-format: layout, one-line doc summaries,
# no force-unwrap), and no function over 60 lines.
lint-sources:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources
	Scripts/function-lengths.py 60

lint: lint-man lint-sources

# The host changes for the test dependencies (a policy-rc.d, a debconf answer) are made before they are
# installed and undone when the tests end, however they end.
# The steps run in a make of their own, named through TEST_MAKE: a recipe line that says $(MAKE) itself
# would run even under make -n, host changes included.
TEST_HOST_RECORD := .build/test-host.record
TEST_MAKE         = $(MAKE)

test:
	@trap 'Scripts/test-host.sh restore $(TEST_HOST_RECORD)' EXIT; trap 'exit 130' INT TERM; \
	Scripts/test-host.sh prepare $(TEST_HOST_RECORD) && $(TEST_MAKE) --no-print-directory test-run

# The release build first, on its own: the README's make install that SourceInstallTests runs then finds it
# built, instead of building it while every other test competes for the CPU.
test-run: test-deps lint build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) fuzz-short

# The benchmarks install what they need themselves (hyperfine, maildrop, wget, curl, time, python3-matplotlib,
# postfix, kannel) and write bench/out/; see BENCHMARKS.md.
bench: build
	BENCH_SKIP_BUILD=1 bench/all.sh

# The examples: the rules and their password file, the Postfix settings of the README, the ISE mails.
EXAMPLES := examples/mailfilter.conf examples/number-at-domain.conf examples/secrets examples/postfix/main.cf examples/postfix/master.cf \
	examples/postfix/transport examples/postfix/sms_access examples/postfix/ise_clients \
	Tests/Fixtures/messages/ise-guest-plain.eml

# maildrop's package has a mailfilter(5) of its own: the language's page is installed as mail2sms-mailfilter(5),
# and the installed pages and example rules name it so (debian/rules does the same for the package).
RENAME_PAGE := sed -e 's/^\.Dt MAILFILTER 5$$/.Dt MAIL2SMS-MAILFILTER 5/' -e 's/^\.Nm mailfilter$$/.Nm mail2sms-mailfilter/' \
	-e 's/Xr mailfilter 5/Xr mail2sms-mailfilter 5/g' -e 's/mailfilter(5)/mail2sms-mailfilter(5)/g'

install: build
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DOCDIR)/examples
	install -m 755 -s $(BIN) $(DESTDIR)$(BINDIR)/mail2sms
	$(RENAME_PAGE) man/mail2sms.1 > $(DESTDIR)$(MANDIR)/man1/mail2sms.1
	$(RENAME_PAGE) man/mailfilter.5 > $(DESTDIR)$(MANDIR)/man5/mail2sms-mailfilter.5
	chmod 644 $(DESTDIR)$(MANDIR)/man1/mail2sms.1 $(DESTDIR)$(MANDIR)/man5/mail2sms-mailfilter.5
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 $(filter-out examples/mailfilter.conf,$(EXAMPLES)) $(DESTDIR)$(DOCDIR)/examples/
	$(RENAME_PAGE) examples/mailfilter.conf > $(DESTDIR)$(DOCDIR)/examples/mailfilter.conf
	chmod 644 $(DESTDIR)$(DOCDIR)/examples/mailfilter.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mail2sms $(DESTDIR)$(MANDIR)/man1/mail2sms.1 \
		$(DESTDIR)$(MANDIR)/man5/mail2sms-mailfilter.5
	rm -f $(DESTDIR)$(DOCDIR)/README.md $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(EXAMPLES)))
	-rmdir $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf .build

# Fuzzing: the libFuzzer targets in Fuzz/Targets (message parser, rules compiler, templates, SMS text),
# built with swiftc -sanitize=fuzzer,address outside SwiftPM. `make test` runs each briefly and fails on a
# crash, a sanitizer report, a leak or a hang; `make fuzz` runs each for FUZZ_SECONDS.
FUZZ_SECONDS      ?= 600
FUZZ_TEST_SECONDS ?= 30

.PHONY: fuzz fuzz-short

fuzz: deps
	Fuzz/run.sh $(FUZZ_SECONDS)

fuzz-short: deps
	Fuzz/run.sh $(FUZZ_TEST_SECONDS)

# The Debian package (debian/, debian/README.Debian): dpkg-buildpackage, which runs the release build above as a
# hardened PIE in .build/debian, then lintian, which fails on any error or warning. The .deb, .buildinfo and
# .changes go to DEB_DIR. make test builds it first: Tests/SystemTests/DebianPackageTests.swift installs it,
# sends a mail through Postfix with it, and purges it.
DEB_DIR := .build/deb

.PHONY: deb deb-deps

deb-deps:
	$(call apt_install,$(DEB_DEPS))

deb: deb-deps
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	version=$$(dpkg-parsechangelog -SVersion) arch=$$(dpkg-architecture -qDEB_HOST_ARCH) && \
	MAIL2SMS_DEB_DIR=$(CURDIR)/$(DEB_DIR) dpkg-buildpackage -us -uc -b --post-clean \
		--buildinfo-option=-u$(DEB_DIR) --buildinfo-file=$(DEB_DIR)/mail2sms_$${version}_$${arch}.buildinfo \
		--changes-option=-u$(DEB_DIR) --changes-file=$(DEB_DIR)/mail2sms_$${version}_$${arch}.changes
	lintian --fail-on error,warning --info $(DEB_DIR)/*.changes

test-run: deb
