/*
 * fuzz_mrt: libFuzzer target for the MRT reader (core/bgp/mrt_read.c)
 * that `replay mrt` feeds the engine from.  Built and run by
 * `FUZZ_TARGET=mrt tests/fuzz/run.sh`.  The input is a whole MRT file;
 * every item handed out must lie inside the input and carry a prefix
 * the reader checked, and an error must name the file and an offset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/mrt_read.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mrt_reader	*r;
	struct mrt_item		 it;
	char			 err[512];
	volatile uint8_t	 sink = 0;
	size_t			 i;
	int			 rc;

	if ((r = mrt_open_mem(data, size, "fuzz.mrt", err, sizeof(err))) ==
	    NULL)
		return 0;
	while ((rc = mrt_next(r, &it, err, sizeof(err))) == 1) {
		if (it.offset >= size || it.len > size)
			abort();
		if (it.kind == MRT_ITEM_RIB && it.pfx.len >
		    (it.pfx.addr.af == AF_V4 ? 32 : 128))
			abort();
		/* the borrowed bytes are readable (ASan checks the rest) */
		for (i = 0; i < it.len; i++)
			sink ^= it.data[i];
	}
	if (rc == -1 && (strncmp(err, "fuzz.mrt: ", 10) != 0 ||
	    (strstr(err, "offset") == NULL && strstr(err, "memory") == NULL)))
		abort();
	(void)sink;
	mrt_close(r);
	return 0;
}
