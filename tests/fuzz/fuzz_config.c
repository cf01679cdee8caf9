/*
 * fuzz_config: libFuzzer target for the configuration loader, the path a
 * saved configuration, `load`, `rollback` and `xrsh --check` take: CLI
 * text run through the command matcher in config mode, every handler
 * editing a candidate, then the commit-time checks.  Built by
 * tests/fuzz/run.sh (FUZZ_TARGET=config) against the whole tree, with
 * the BGP engine never started (as with --check).
 *
 * Beyond "no crash, no sanitizer report" it checks the round trip the
 * commit database and `show running-config` rely on: a configuration that
 * loads prints canonically, and the printed text loads again to an equal
 * configuration that prints the same.  A violation aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds/cmds.h"
#include "cmds/commit_cmds.h"
#include "core/config/config.h"
#include "core/lib/cfgerr.h"
#include "shell/cli_int.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	builtin_init();
	if (cmds_init() == -1)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config		*c, *c2;
	struct cfg_errors	 errs;
	char			*text, *t1 = NULL, *t2 = NULL, err[1024];

	if (size > 65536 || (text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	c = cmds_load_text(text, "fuzz", NULL, err, sizeof(err));
	free(text);
	if (c == NULL) {
		if (memchr(err, '\0', sizeof(err)) == NULL)
			abort();
		return 0;
	}
	cfg_errors_init(&errs);
	config_validate(c, &errs);
	cfg_errors_free(&errs);
	if ((t1 = cmds_config_text(c)) == NULL)
		goto out;		/* allocation failure: not a finding */
	if ((c2 = cmds_load_text(t1, "canonical", NULL, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "canonical text does not load: %s\n--\n%s--\n",
		    err, t1);
		abort();
	}
	if ((t2 = cmds_config_text(c2)) != NULL && (strcmp(t1, t2) != 0 ||
	    !config_equal(c, c2))) {
		fprintf(stderr, "round trip differs\n--\n%s--\n%s--\n", t1,
		    t2);
		abort();
	}
	config_free(c2);
out:
	free(t1);
	free(t2);
	config_free(c);
	return 0;
}
