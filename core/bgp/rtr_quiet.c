/*
 * rtr_quiet: keeps rtrlib's debug lines off the terminal.
 *
 * Debian's librtr0 0.8.0 is built without NDEBUG, so its lrtr_dbg()
 * writes lines to stderr on every socket state change and every sync,
 * from rtrlib's threads, through the shell's prompt and into the
 * output of batch runs.  lrtr_dbg is internal to the library and cannot
 * be replaced, but the stdio calls it makes on stderr (__fprintf_chk,
 * __vfprintf_chk, fputc) go through the library's PLT.  The definitions
 * here take those calls, drop the ones made from inside librtr on
 * stderr, and hand every other call to the C library unchanged.
 */
#include <dlfcn.h>
#include <link.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/bgp/rtr_quiet.h"

int	 __fprintf_chk(FILE *, int, const char *, ...);
int	 __vfprintf_chk(FILE *, int, const char *, va_list);

typedef int	(*vfprintf_chk_fn)(FILE *, int, const char *, va_list);
typedef int	(*fputc_fn)(int, FILE *);

/* librtr's code, set once by rtr_quiet_init() before rtrlib runs. */
static uintptr_t	 rtr_lo, rtr_hi;

static int
find_librtr(struct dl_phdr_info *i, size_t size, void *arg)
{
	const ElfW(Phdr)	*ph;
	int			 k;

	(void)size;
	(void)arg;
	if (i->dlpi_name == NULL || strstr(i->dlpi_name, "/librtr.so") ==
	    NULL)
		return 0;
	for (k = 0; k < i->dlpi_phnum; k++) {
		ph = &i->dlpi_phdr[k];
		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		rtr_lo = i->dlpi_addr + ph->p_vaddr;
		rtr_hi = rtr_lo + ph->p_memsz;
		return 1;
	}
	return 0;
}

void
rtr_quiet_init(void)
{
	if (rtr_hi == 0)
		(void)dl_iterate_phdr(find_librtr, NULL);
}

static int
from_librtr(const void *ret)
{
	uintptr_t	 a = (uintptr_t)ret;

	return rtr_hi != 0 && a >= rtr_lo && a < rtr_hi;
}

static vfprintf_chk_fn
real_vfprintf_chk(void)
{
	static vfprintf_chk_fn	 fn;

	if (fn == NULL)
		*(void **)&fn = dlsym(RTLD_NEXT, "__vfprintf_chk");
	return fn;
}

int
__vfprintf_chk(FILE *fp, int flag, const char *fmt, va_list ap)
{
	vfprintf_chk_fn	 fn;

	if (fp == stderr && from_librtr(__builtin_return_address(0)))
		return 0;
	if ((fn = real_vfprintf_chk()) == NULL)
		return vfprintf(fp, fmt, ap);
	return fn(fp, flag, fmt, ap);
}

int
__fprintf_chk(FILE *fp, int flag, const char *fmt, ...)
{
	vfprintf_chk_fn	 fn;
	va_list		 ap;
	int		 rc;

	if (fp == stderr && from_librtr(__builtin_return_address(0)))
		return 0;
	va_start(ap, fmt);
	if ((fn = real_vfprintf_chk()) == NULL)
		rc = vfprintf(fp, fmt, ap);
	else
		rc = fn(fp, flag, fmt, ap);
	va_end(ap);
	return rc;
}

int
fputc(int c, FILE *fp)
{
	static fputc_fn	 fn;

	if (fp == stderr && from_librtr(__builtin_return_address(0)))
		return (unsigned char)c;
	if (fn == NULL)
		*(void **)&fn = dlsym(RTLD_NEXT, "fputc");
	if (fn == NULL)
		return putc(c, fp);
	return fn(c, fp);
}
