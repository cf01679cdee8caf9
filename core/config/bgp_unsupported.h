/*
 * bgp_unsupported: router bgp commands a BGP speaker on Linux cannot
 * honour.  They parse and stay in the candidate (so `show configuration`
 * shows what was pasted), but the commit is refused with one error per
 * line, every line at once, in XR's words for an unsupported feature:
 *   'BGP' detected the 'warning' condition 'The feature is not supported
 *   on this platform: <reason>'
 */
#ifndef XR_BGP_UNSUPPORTED_H
#define XR_BGP_UNSUPPORTED_H

#include "core/config/bgp_model.h"
#include "core/lib/cfgerr.h"

#define BGP_UNSUPPORTED_TEXT	"The feature is not supported on this " \
				"platform: "

/* Adds one error per unsupported configured line of b. */
void	bgp_cfg_check_unsupported(const struct bgp_cfg *,
	    struct cfg_errors *);

#endif
