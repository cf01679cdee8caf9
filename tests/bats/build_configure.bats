#!/usr/bin/env bats
# configure finds libedit, libpcre2-8, libbsd, rtrlib, zlib,
# libmicrohttpd and libmnl through pkg-config and, when one is missing,
# stops with the Debian package to install.  Each case hides some .pc files by
# pointing pkg-config at a directory that holds only the others.

load helpers

pcdir() {
	pkg-config --variable pcfiledir "$1"
}

# pc_closure PKG...: the modules and what they require, recursively
# (pkg-config wants every one, libmicrohttpd's gnutls and its own too)
pc_closure() {
	local m
	for m in "$@"; do
		echo "$m"
		pc_closure $(pkg-config --print-requires --print-requires-private \
		    "$m" | awk '{ print $1 }')
	done
}

# configure_with PKG...: runs configure seeing only these pkg-config modules
configure_with() {
	local d="$BATS_TEST_TMPDIR/pc" m
	mkdir -p "$d" "$BATS_TEST_TMPDIR/src/shell"
	for m in $(pc_closure "$@" | sort -u); do
		cp "$(pcdir "$m")/$m.pc" "$d/"
	done
	# libbsd-overlay requires libbsd
	[ -e "$d/libbsd-overlay.pc" ] && cp "$(pcdir libbsd)/libbsd.pc" "$d/"
	# a private copy of what configure needs: the source tree itself may
	# already be configured in place, which rules out a VPATH build
	cp "$SRCDIR/configure" "$SRCDIR/Makefile.in" "$BATS_TEST_TMPDIR/src/"
	cp -r "$SRCDIR/build-aux" "$BATS_TEST_TMPDIR/src/"
	touch "$BATS_TEST_TMPDIR/src/shell/main.c"
	cd "$BATS_TEST_TMPDIR/src"
	PKG_CONFIG_LIBDIR="$d" PKG_CONFIG_PATH= run ./configure -q
}

setup() {
	[ -x "$SRCDIR/configure" ] || skip "configure not generated"
	command -v pkg-config >/dev/null || skip "pkg-config missing"
}

@test "configure names libedit-dev when libedit is missing" {
	configure_with libpcre2-8 libbsd-overlay rtrlib zlib libmicrohttpd libmnl
	assert_failure
	assert_output --partial "libedit-dev"
}

@test "configure names libpcre2-dev when libpcre2-8 is missing" {
	configure_with libedit libbsd-overlay rtrlib zlib libmicrohttpd libmnl
	assert_failure
	assert_output --partial "libpcre2-dev"
}

@test "configure names libbsd-dev when libbsd is missing" {
	configure_with libedit libpcre2-8 rtrlib zlib libmicrohttpd libmnl
	assert_failure
	assert_output --partial "libbsd-dev"
}

@test "configure names librtr-dev when rtrlib is missing" {
	configure_with libedit libpcre2-8 libbsd-overlay zlib libmicrohttpd libmnl
	assert_failure
	assert_output --partial "librtr-dev"
}

@test "configure names zlib1g-dev when zlib is missing" {
	configure_with libedit libpcre2-8 libbsd-overlay rtrlib libmicrohttpd libmnl
	assert_failure
	assert_output --partial "zlib1g-dev"
}

@test "configure names libmicrohttpd-dev when libmicrohttpd is missing" {
	configure_with libedit libpcre2-8 libbsd-overlay rtrlib zlib libmnl
	assert_failure
	assert_output --partial "libmicrohttpd-dev"
}

@test "configure names libmnl-dev when libmnl is missing" {
	configure_with libedit libpcre2-8 libbsd-overlay rtrlib zlib libmicrohttpd
	assert_failure
	assert_output --partial "libmnl-dev"
}

@test "configure succeeds with all of them" {
	configure_with libedit libpcre2-8 libbsd-overlay rtrlib zlib libmicrohttpd libmnl
	assert_success
}
