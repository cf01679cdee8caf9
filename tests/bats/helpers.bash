# Shared helpers for the bats suites: run the real binary in batch mode.
load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

: "${XRSH:=$BATS_TEST_DIRNAME/../../xrsh}"
: "${SRCDIR:=$BATS_TEST_DIRNAME/../..}"

# Every test gets its own saved-config file so runs never share state.
setup_xrsh_env() {
	export XRSH_TEST_CONFIG="$BATS_TEST_TMPDIR/running.cfg"
}

# xr [xrsh options] < script: runs xrsh on a private config file, with an
# offline BGP engine (no listener, no connection): test configs name real
# world neighbor addresses, and no test may ever send them a packet.  Live
# tests (loopback addresses only) run "$XRSH" themselves, without --offline.
xr() {
	"$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" --offline "$@"
}
