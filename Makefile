# Makefile: build, run and test sidan.
SHELL := /bin/bash
#   make run    install what is missing, build, seed a demo database, start
#               nginx + sidan on http://127.0.0.1:$(PORT)
#   make test   install what is missing, build, run every test (the package
#               test too: about 1 minute, 4 more the first time, see deb-test)
#   make        just build build/sidan (the packages must be there)
#   make asan   build build-asan/sidan with AddressSanitizer + UBSan
#   make fuzz   run each libFuzzer target for FUZZ_SECONDS (60)
#   make fault  the fault tests with longer storms (FAULT_SECONDS, 30)
#   make bench  install what is missing, build, run the benchmark (issue 9;
#               tests/bench/README.md)
#   make load   mixed reads and writes for LOAD_SECONDS (60) at
#               LOAD_CONNECTIONS (64) on a fresh demo database, SYNC=full|normal
#   make deb    the Debian package $(B)/sidan_VERSION_ARCH.deb (deploy/debian/,
#               built with dpkg-buildpackage and debhelper)
#   make deb-test  build it, install it in a throwaway Debian 12 root over
#               Debian's stock nginx and fetch the home page through nginx
#               (tests/deploy/; the root is cached in DEB_CACHE)

PORT    ?= 8080
PKGS    := fcgi sqlite3 libctemplate_nothreads libcjson libsodium libqrencode libcurl xlsxwriter
CC      ?= cc
CXX     ?= c++
HARDEN  := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
WARN    := -Wall -Wextra -Werror
CFLAGS  ?= -O2 -g
CXXFLAGS ?= -O2 -g
ALL_CFLAGS   = -std=c11 -D_GNU_SOURCE -Isrc $(WARN) $(HARDEN) $(CFLAGS) $(shell pkg-config --cflags $(PKGS))
ALL_CXXFLAGS = -std=c++11 -Isrc $(WARN) $(HARDEN) $(CXXFLAGS) $(shell pkg-config --cflags $(PKGS))
LDLIBS  = $(shell pkg-config --libs $(PKGS)) -lstdc++
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now $(LDFLAGS)

B       ?= build
SRCS    := $(filter-out src/image/%,$(wildcard src/*.c src/*/*.c src/*/*/*.c))
# sidan-image, the picture helper (src/image/): its own small program, the
# only one that links libvips, run by the workers as a child per upload.
IMAGE_SRCS := $(wildcard src/image/*.c)
IMAGE_OBJS := $(IMAGE_SRCS:src/%.c=$(B)/%.o)
CXXSRCS := src/view/tmpl.cc
OBJS    := $(SRCS:src/%.c=$(B)/%.o) $(CXXSRCS:src/%.cc=$(B)/%.o) \
           $(B)/gen/schema_sql.o $(B)/gen/sites_csv.o
HDRS    := $(wildcard src/*.h src/*/*.h src/*/*/*.h)

.PHONY: all run test asan unit http e2e deps clean bench fuzz fuzz-build fault security load deb deb-deps deb-test
all: $(B)/sidan $(B)/sidan-image

$(B)/sidan: $(OBJS) | $(B)/sidan-image
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ $(OBJS) $(LDLIBS)

# Never under the sanitizers (the ASan build's sidan runs it too): libvips
# and glib keep memory until exit by design, which LeakSanitizer would call
# a failure of every conversion.
NOSAN = $(filter-out -fsanitize=% -fno-sanitize-recover=%,$(1))
$(B)/image/%.o: src/image/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(call NOSAN,$(ALL_CFLAGS)) $(shell pkg-config --cflags vips) -c -o $@ $<

$(B)/sidan-image: $(IMAGE_OBJS)
	$(CC) $(call NOSAN,$(ALL_CFLAGS) $(LDFLAGS_ALL)) -o $@ $(IMAGE_OBJS) $(shell pkg-config --libs vips)

$(B)/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/%.o: src/%.cc $(HDRS)
	@mkdir -p $(dir $@)
	$(CXX) $(ALL_CXXFLAGS) -c -o $@ $<

# schema.sql and the sites list are built into the binary.
$(B)/gen/schema_sql.c: schema.sql
	@mkdir -p $(dir $@)
	xxd -i -n schema_sql $< > $@
$(B)/gen/sites_csv.c: deploy/data/shuocheng_sites.csv
	@mkdir -p $(dir $@)
	xxd -i -n sites_csv $< > $@
$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) -c -fPIE -o $@ $<

# The sanitizer build: same sources, its own directory.
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
ASAN_MAKE = $(MAKE) B=build-asan CFLAGS="-O1 -g $(SAN) -U_FORTIFY_SOURCE" CXXFLAGS="-O1 -g $(SAN)" \
	    LDFLAGS="$(SAN)" HARDEN="-fstack-protector-strong -fPIE"
asan:
	$(ASAN_MAKE) build-asan/sidan

# Unit tests (cmocka), linked against the objects they test.
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
UNIT_OBJS  := $(filter-out $(B)/main.o,$(OBJS))
$(B)/tests/%: tests/unit/%.c $(UNIT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc $(LDFLAGS_ALL) -o $@ $< $(UNIT_OBJS) $(LDLIBS) -lcmocka

unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done

deps:
	deploy/deps.sh test

run:
	deploy/deps.sh run
	$(MAKE) all
	PORT=$(PORT) deploy/run.sh

# make test: everything, on the normal build and again under ASan/UBSan.
# Builds run two jobs at once (the unit tests themselves one after another),
# and so do the test files: each has its own servers, port (claimed under
# tests/.tmp/ports), clock and directories (tests/lib/harness.mjs). The
# package test runs beside the ASan test files (it is in its own root and
# network namespace); -Otarget prints each one's output whole when it ends.
TEST_JOBS ?= 2
test:
	deploy/deps.sh test
	$(MAKE) -j$(TEST_JOBS) all unit
	$(ASAN_MAKE) -j$(TEST_JOBS) build-asan/sidan unit
	$(MAKE) -j$(TEST_JOBS) fuzz FUZZ_SECONDS=3
	cd tests && node --test --test-concurrency=$(TEST_JOBS) http/ e2e/ fault/
	$(MAKE) -j$(TEST_JOBS) -Otarget test-asan-http deb-test SIDAN_SEED_BIN=$(CURDIR)/$(B)/sidan

# The HTTP and fault tests against the ASan build (ASAN_BIN). make test
# has the large databases of the desk-search files made by the normal
# build it has just built (SIDAN_SEED_BIN, tests/lib/desk_search.mjs);
# left empty, the ASan build makes them.
ASAN_BIN ?= build-asan/sidan
SIDAN_SEED_BIN ?=
.PHONY: test-asan-http
test-asan-http:
	cd tests && SIDAN_BIN=../$(ASAN_BIN) SIDAN_SEED_BIN=$(SIDAN_SEED_BIN) \
	    node --test --test-concurrency=$(TEST_JOBS) http/ fault/

# Faults for longer: each storm FAULT_SECONDS (default 30).
FAULT_SECONDS ?= 30
fault: all
	cd tests && FAULT_SECONDS=$(FAULT_SECONDS) node --test --test-concurrency=1 fault/

# sqlmap (Debian's) against the public forms and Open311 on loopback: about a minute.
security: all
	deploy/deps.sh security
	cd tests && node --test --test-concurrency=1 security/

http: all
	cd tests && node --test --test-concurrency=1 http/

e2e: all
	cd tests && node --test --test-concurrency=1 e2e/

# The benchmark's FastCGI ceiling: a bare libfcgi program (tests/bench/bare.c).
$(B)/bench/bare: tests/bench/bare.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ $< -lfcgi

# The SQL of the home, tracking and desk pages alone (tests/bench/pagesql.c),
# linked like the unit tests against sidan's objects but main.o.
$(B)/bench/pagesql: tests/bench/pagesql.c $(UNIT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS_ALL) -o $@ $< $(UNIT_OBJS) $(LDLIBS)

bench:
	deploy/deps.sh bench
	$(MAKE) all $(B)/bench/bare $(B)/bench/pagesql
	SIDAN_DEV=1 BENCH_SIDAN=$(B)/sidan BENCH_BARE=$(B)/bench/bare BENCH_PAGESQL=$(B)/bench/pagesql \
	    node tests/bench/run.mjs

# Load (issue 8): wrk mixing reads and posts on a fresh demo database; every
# acknowledged request stored once (tests/bench/load.mjs, README Reliability).
LOAD_SECONDS ?= 60
LOAD_CONNECTIONS ?= 64
SYNC ?= full
load:
	deploy/deps.sh bench
	$(MAKE) all
	SIDAN_DEV=1 LOAD_SIDAN=$(B)/sidan LOAD_SECONDS=$(LOAD_SECONDS) LOAD_CONNECTIONS=$(LOAD_CONNECTIONS) \
	    LOAD_SYNC=$(SYNC) node tests/bench/load.mjs

# Fuzzing (libFuzzer, clang, ASan + UBSan): tests/fuzz/fuzz_*.c against
# every object but main.o, built in build-fuzz/. `make fuzz` runs each target
# FUZZ_SECONDS (default 60) from the seed corpus in tests/fuzz/corpus/NAME
# (new finds go to build-fuzz/corpus/NAME, not into the repository).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN  := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_MAKE = $(MAKE) B=build-fuzz CC=clang CXX=clang++ WARN="-Wall -Wextra" \
	    CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -U_FORTIFY_SOURCE" \
	    CXXFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
	    LDFLAGS="$(FUZZ_SAN)" HARDEN="-fPIE"
# Linked by the C++ driver: the template shim needs UBSan's C++ runtime.
$(B)/fuzz/%: tests/fuzz/fuzz_%.c $(UNIT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@.o $<
	$(CXX) -fsanitize=fuzzer $(LDFLAGS_ALL) -o $@ $@.o $(UNIT_OBJS) $(LDLIBS)

fuzz-build:
	+$(FUZZ_MAKE) $(addprefix build-fuzz/fuzz/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p build-fuzz/corpus/$$t; \
	    echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	    build-fuzz/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        build-fuzz/corpus/$$t tests/fuzz/corpus/$$t 2>&1 | grep -E "^(stat::number_of_executed_units|#[0-9]+ +DONE|==[0-9]+==ERROR|SUMMARY)" ; \
	    test $${PIPESTATUS[0]} -eq 0; \
	done

# The Debian package: the working tree's sources are copied to
# $(B)/deb/sidan-VERSION with deploy/debian as debian/, and built there by
# dpkg-buildpackage (so nothing of the tree itself changes). The copy's
# build/ is kept between runs (-nc: no clean), so a rebuild is incremental.
DEB_VERSION = $(shell dpkg-parsechangelog -l deploy/debian/changelog -S Version)
DEB_ARCH    = $(shell dpkg --print-architecture)
DEB         = $(B)/sidan_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_STAGE   = $(B)/deb/sidan-$(DEB_VERSION)
DEB_SRC     = Makefile README.md schema.sql src templates static deploy/data deploy/nginx deploy/systemd
deb-deps:
	deploy/deps.sh deb
deb: deb-deps
	mkdir -p $(DEB_STAGE)
	cd $(DEB_STAGE) && rm -rf $(DEB_SRC) debian deploy
	tar -c $(DEB_SRC) | tar -x -C $(DEB_STAGE)
	cp -r deploy/debian $(DEB_STAGE)/debian
	cd $(DEB_STAGE) && dpkg-buildpackage -b -nc -us -uc -jauto >../build.log 2>&1 || \
	    { tail -40 ../build.log; exit 1; }
	mv $(B)/deb/sidan_$(DEB_VERSION)_$(DEB_ARCH).deb $(DEB)
	@echo "built $(DEB)"

# The package installed in a throwaway Debian 12 root (debootstrap, cached in
# DEB_CACHE between runs), over Debian's stock nginx: tests/deploy/debroot.sh.
DEB_CACHE ?= $(CURDIR)/tests/.tmp/deb-cache
deb-test: deb
	cd tests && SIDAN_DEB=../$(DEB) DEB_CACHE=$(DEB_CACHE) node --test --test-concurrency=1 deploy/

clean:
	rm -rf build build-asan build-fuzz
