/*
 * cfgerr: the list of commit-time errors a validation fills.
 */
#ifndef XR_CFGERR_H
#define XR_CFGERR_H

#include <stddef.h>

/*
 * Commit-time (semantic) errors.  `path` is the failing item as canonical
 * config lines ("router bgp 1\n neighbor 10.0.0.1\n  remote-as 2"), `msg`
 * the reason as XR prints it after `!!% `.
 */
struct cfg_error {
	char	*path;
	char	*msg;
};
struct cfg_errors {
	struct cfg_error	*v;
	size_t			 n;
	size_t			 cap;
};
void	cfg_errors_init(struct cfg_errors *);
void	cfg_errors_free(struct cfg_errors *);
/* returns -1 on allocation failure (the error is then dropped) */
int	cfg_error_add(struct cfg_errors *, const char *path, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

#endif
