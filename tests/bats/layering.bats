#!/usr/bin/env bats
# The data flow is shell -> cmds -> core.  core/ is a library with no
# terminal I/O that never includes the shell or the command layer; the shell
# knows nothing of cmds/ (only main.c, the composition root, does).

load helpers

@test "core/ includes nothing from shell/ or cmds/" {
	run grep -l '#include "\(shell\|cmds\)/' "$SRCDIR"/core/*.c "$SRCDIR"/core/*.h
	assert_output ''
}

@test "shell/ includes nothing from cmds/ except main.c" {
	run bash -c "grep -l '#include \"cmds/' '$SRCDIR'/shell/*.c '$SRCDIR'/shell/*.h | grep -v '/main.c$'"
	assert_output ''
}

@test "core/ never writes to the terminal (only the log fallback)" {
	run bash -c "grep -nE '(^|[^a-z_])(printf|puts|fputs|putchar|fprintf)\\(|stdout' '$SRCDIR'/core/*.c | grep -v '^$SRCDIR/core/log.c:'"
	assert_output ''
}

@test "no exit() outside main" {
	run bash -c "grep -nE '(^|[^a-z_])(exit|_exit)\\(' '$SRCDIR'/core/*.c '$SRCDIR'/cmds/*.c '$SRCDIR'/shell/*.c | grep -v '/shell/main.c:'"
	assert_output ''
}
