#!/usr/bin/env bats
# The data flow is shell -> cmds -> core.  core/ is a library with no
# terminal I/O that never includes the shell or the command layer; the shell
# knows nothing of cmds/ (only main.c, the composition root, does).  Inside
# core/ the dependencies point one way: lib <- rpl <- config <- bgp.

load helpers

core_files() {
	find "$SRCDIR/core" -name '*.[ch]' | sort
}

@test "core/ includes nothing from shell/ or cmds/" {
	run bash -c "grep -l '#include \"\(shell\|cmds\)/' \$(find '$SRCDIR/core' -name '*.[ch]')"
	assert_output ''
}

@test "core/ has its subfolders by job" {
	for d in lib config rpl bgp; do
		[ -d "$SRCDIR/core/$d" ]
	done
	run find "$SRCDIR/core" -maxdepth 1 -type f -name '*.[ch]'
	assert_output ''
}

@test "core/lib uses nothing else in core/" {
	run bash -c "grep -n '#include \"core/' '$SRCDIR'/core/lib/*.[ch] | grep -v '\"core/lib/'"
	assert_output ''
}

@test "core/rpl never uses the bgp engine or the composed configuration" {
	run bash -c "grep -n '#include \"core/\(bgp\|config\)/' '$SRCDIR'/core/rpl/*.[ch]"
	assert_output ''
}

@test "core/config never uses the bgp engine" {
	# but for rpki_cfg, which builds the RTR client's server list
	# (struct rtr_server_cfg) from the configuration
	run bash -c "grep -n '#include \"core/bgp/' '$SRCDIR'/core/config/*.[ch] |
	    grep -v '/core/config/rpki_cfg\.[ch]:[0-9]*:#include \"core/bgp/rtr\.h\"$'"
	assert_output ''
}

@test "shell/ includes nothing from cmds/ except main.c" {
	run bash -c "grep -l '#include \"cmds/' '$SRCDIR'/shell/*.c '$SRCDIR'/shell/*.h | grep -v '/main.c$'"
	assert_output ''
}

@test "core/ never writes to the terminal (only the log fallback)" {
	run bash -c "grep -nE '(^|[^a-z_])(printf|puts|fputs|putchar|fprintf)\\(|stdout' \$(find '$SRCDIR/core' -name '*.c') | grep -v '/core/lib/log.c:'"
	assert_output ''
}

@test "no exit() outside main" {
	# but for the forked child that writes an MRT table snapshot
	# (core/bgp/mrtdump.c), which must leave with _exit()
	run bash -c "grep -nE '(^|[^a-z_])(exit|_exit)\\(' \$(find '$SRCDIR/core' -name '*.c') '$SRCDIR'/cmds/*.c '$SRCDIR'/shell/*.c | grep -v '/shell/main.c:' | grep -v '/core/bgp/mrtdump.c:[0-9]*:	_exit('"
	assert_output ''
}

@test "no global symbol is defined twice across the libraries" {
	# the linker takes the first archive member that defines a symbol
	# and never looks at a second one: two modules with the same
	# function name would silently lose one of them
	command -v nm >/dev/null || skip "nm not installed"
	run bash -c "cd '$BUILDDIR' && nm -A --defined-only -g libxrcore.a libxrcmds.a libxrshell.a libxrdemo.a | awk '\$2 ~ /^[TDBRC]\$/ { print \$3 }' | sort | uniq -d"
	assert_success
	assert_output ''
}

@test "core/rt (the RIB) never uses the bgp engine" {
	# lib <- config <- sys <- rt <- bgp: BGP feeds the RIB and reads it,
	# never the other way round
	[ -d "$SRCDIR/core/rt" ]
	run bash -c "grep -n '#include \"core/bgp/' '$SRCDIR'/core/rt/*.[ch]"
	assert_output ''
}

@test "core/sys (the Linux host) never uses the RIB or the bgp engine" {
	[ -d "$SRCDIR/core/sys" ] || skip "no core/sys"
	run bash -c "grep -n '#include \"core/\(rt\|bgp\)/' '$SRCDIR'/core/sys/*.[ch]"
	assert_output ''
}
