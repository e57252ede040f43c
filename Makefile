# portops - build, test, install.  See README.md.
PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
PKGS      = ncursesw sqlite3 libcurl libcjson libpcre2-8 libsodium libmicrohttpd
TESTPKGS  = cmocka
# Debian packages that provide each pkg-config module (same order as PKGS, then TESTPKGS).
DEBS      = libncurses-dev libsqlite3-dev libcurl4-openssl-dev libcjson-dev libpcre2-dev \
            libsodium-dev libmicrohttpd-dev libcmocka-dev
TOOLDEBS  = pkg-config gettext tmux sqlite3 curl

WARN      = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) -I. -pthread
ifeq ($(CI),true)
CFLAGS   += -Werror
endif
ifeq ($(SANITIZE),1)
BUILD    := build-san
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
endif
PKGCFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKGLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TESTLIBS  = $(shell pkg-config --libs $(TESTPKGS) 2>/dev/null)
DATADIR   = $(PREFIX)/share/portops
CFLAGS   += $(PKGCFLAGS) -DPORTOPS_DATADIR='"$(DATADIR)"' -DPORTOPS_LOCALEDIR='"$(PREFIX)/share/locale"'

STORAGE_SRC = $(wildcard storage/*.c)
NET_SRC     = $(wildcard net/*.c)
SCREENS_SRC = $(wildcard screens/*.c)
CONSOLE_SRC = $(filter-out console/main.c,$(wildcard console/*.c))
EXCH_SRC    = $(filter-out exchange/main.c,$(wildcard exchange/*.c))
UNIT_SRC    = $(wildcard tests/unit/test_*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))
CORE_OBJ    = $(call obj,$(STORAGE_SRC) $(NET_SRC))
CONSOLE_OBJ = $(call obj,$(CONSOLE_SRC) $(SCREENS_SRC))
EXCH_OBJ    = $(call obj,$(EXCH_SRC))
UNIT_BIN    = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
HAVE_EXCH   = $(wildcard exchange/main.c)

PROGS = $(BUILD)/portops $(if $(HAVE_EXCH),$(BUILD)/portops-exchange)

# Translations (gettext): po/es.po is compiled beside the program, where console/i18n.c looks
# for it when running from the source tree. `make pot` re-extracts the strings of console/ and
# screens/ into po/portops.pot and merges them into po/es.po.
MO = $(BUILD)/locale/es/LC_MESSAGES/portops.mo

.PHONY: all run check bench install clean deps unit pot
all: $(PROGS) $(MO)

XGETTEXT = xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=NC_:1c,2 \
	   --add-comments=TRANSLATORS: --package-name=portops --msgid-bugs-address=- --sort-by-file
$(MO): po/es.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

pot:
	$(XGETTEXT) -o po/portops.pot console/*.c console/*.h screens/*.c screens/*.h
	msgmerge --quiet --update --backup=none po/es.po po/portops.pot

$(BUILD)/%.o: %.c $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/libcore.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libconsole.a: $(CONSOLE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libexchange.a: $(EXCH_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/portops: $(call obj,console/main.c) $(BUILD)/libconsole.a $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -pthread -o $@ $^ $(PKGLIBS)

$(BUILD)/portops-exchange: $(call obj,exchange/main.c) $(BUILD)/libexchange.a $(BUILD)/libcore.a
	$(CC) $(LDFLAGS) -pthread -o $@ $^ $(PKGLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libconsole.a $(BUILD)/libexchange.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKGLIBS) $(TESTLIBS)

# The default database lives under $XDG_DATA_HOME (see portops(1)); `run` creates it on first use.
PORTOPS_AGENCY   ?= DIRANDRO
PORTOPS_OPERATOR ?= $(shell id -un 2>/dev/null || echo operator)
run: deps all
	@$(BUILD)/portops init --agency $(PORTOPS_AGENCY) --operator $(PORTOPS_OPERATOR) --if-missing
	$(BUILD)/portops

unit: all $(UNIT_BIN)

check: deps
	$(MAKE) unit
	@BUILD=$(BUILD) tests/run.sh

BENCH_BIN = $(BUILD)/bench/gen $(BUILD)/bench/bench $(BUILD)/bench/rss
$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKGLIBS)

bench: deps all $(BENCH_BIN)
	@BUILD=$(BUILD) tests/bench/run.sh

deps:
	@missing=""; \
	for p in $(PKGS) $(TESTPKGS); do pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	for t in pkg-config msgfmt tmux sqlite3 curl; do command -v $$t >/dev/null 2>&1 || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing missing packages: $(DEBS) $(TOOLDEBS)"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends \
	    build-essential $(DEBS) $(TOOLDEBS) >/dev/null || exit 1; \
	fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR) $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man8
	install -m 0755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	cp -R assets/. $(DESTDIR)$(DATADIR)/
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -d $(DESTDIR)$(PREFIX)/share/locale/es/LC_MESSAGES
	install -m 0644 $(BUILD)/locale/es/LC_MESSAGES/portops.mo $(DESTDIR)$(PREFIX)/share/locale/es/LC_MESSAGES/
	-install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/ 2>/dev/null
	-install -m 0644 man/*.8 $(DESTDIR)$(PREFIX)/share/man/man8/ 2>/dev/null

clean:
	rm -rf build build-san

# Integration test drivers (tests/integration/*.c), built with the unit tests; each links the
# exchange and core libraries. See tests/integration/converge.sh.
DRIVER_BIN = $(patsubst tests/integration/%.c,$(BUILD)/tests/integration/%,$(wildcard tests/integration/*.c))
unit: $(DRIVER_BIN)
$(BUILD)/tests/integration/%: tests/integration/%.c $(BUILD)/libexchange.a $(BUILD)/libcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKGLIBS)
# The exchange gzips its replies with zlib (installed with libcurl's development package).
$(BUILD)/portops-exchange $(BUILD)/tests/% $(BUILD)/tests/integration/%: PKGLIBS += $(shell pkg-config --libs zlib 2>/dev/null || echo -lz)
