/*
 * replay: runs a fuzz target's seed corpus (and any regression inputs in
 * it) through the target without libFuzzer, as a unit test of the normal
 * suite.  The targets' own checks (round trips, shapes) then guard every
 * seed in every build, sanitizers included, and a crash the fuzzer once
 * found stays fixed once its input is added to the corpus.
 *
 * Built once per target with CORPUS naming its directory under
 * tests/fuzz; reads $SRCDIR/tests/fuzz/CORPUS.  A violated check aborts,
 * which the runner counts as a failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	LLVMFuzzerInitialize(int *, char ***) __attribute__((weak));

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	char		 dir[4096], path[8192], **names = NULL, **nn;
	const char	*src = getenv("SRCDIR");
	struct dirent	*de;
	DIR		*d;
	FILE		*f;
	uint8_t		*buf;
	size_t		 n = 0, cap = 0, i, len, ran = 0;
	long		 sz;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/%s", src != NULL ? src :
	    ".", CORPUS);
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: cannot open\n", dir);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nn = realloc(names, cap * sizeof(*names))) == NULL)
				abort();
			names = nn;
		}
		if ((names[n++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	qsort(names, n, sizeof(*names), namecmp);
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END)
		    != 0 || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
			fprintf(stderr, "%s: cannot read\n", path);
			printf("%zu passed, 1 failed\n", ran);
			return 1;
		}
		len = (size_t)sz;
		if ((buf = malloc(len ? len : 1)) == NULL ||
		    fread(buf, 1, len, f) != len)
			abort();
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		free(names[i]);
		ran++;
	}
	free(names);
	printf("%zu passed, 0 failed\n", ran);
	return ran > 0 ? 0 : 1;
}
