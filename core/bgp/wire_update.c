/*
 * wire_update: the UPDATE decoder, RFC 4271 4.3/5/6.3 as revised by RFC
 * 7606, with RFC 4760 (MP_REACH/MP_UNREACH), 6793 (AS4_PATH merge), 1997,
 * 4360, 8092, 4456, 5065, 7607 and 4724 (End-of-RIB).  This file walks
 * the message; each attribute is checked in attr_decode.c, and the
 * encoders are in attr_encode.c.
 *
 * Every length comes from the peer.  The body is walked with explicit
 * (pointer, remaining) pairs; every allocation is bounded by a length
 * already checked against the body, so a message can never make us
 * allocate more than a small multiple of its own size.
 *
 * Errors do not stop the walk unless they make the rest unparseable: RFC
 * 7606 3(h) wants the strongest action of all the errors in a message, and
 * treat-as-withdraw needs every prefix of the message located (3(j)).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgp/update_int.h"

/*
 * Records an error of strength sev.  The first error of the strongest
 * strength seen is the one reported (7606 3(h)); data is the RFC 4271 6.3
 * data field (usually the whole offending attribute).  Discards are
 * counted here too.
 */
void
upd_fail(struct dec *d, enum sev sev, uint8_t subcode, const uint8_t *data,
    size_t datalen, const char *fmt, ...)
{
	struct bgp_err	*e = &d->up->err;
	va_list		 ap;

	if (sev == SEV_DISCARD)
		d->up->ndiscarded++;
	if (sev <= d->sev)
		return;
	d->sev = sev;
	memset(e, 0, sizeof(*e));
	e->code = BGP_ERR_UPDATE;
	e->subcode = subcode;
	if (data != NULL) {
		e->datalen = datalen < sizeof(e->data) ? datalen :
		    sizeof(e->data);
		memcpy(e->data, data, e->datalen);
	}
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

/* A note for the log that is not an error (code stays 0). */
void
upd_note(struct dec *d, const char *fmt, ...)
{
	va_list	 ap;

	if (d->sev != SEV_NONE || d->up->err.text[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(d->up->err.text, sizeof(d->up->err.text), fmt, ap);
	va_end(ap);
}

int
upd_pfx_push(struct dec *d, struct pfxvec *pv, const struct xprefix *p,
    uint32_t pid)
{
	struct xprefix	*nv;
	uint32_t	*np;
	size_t		 ncap;

	if (pv->n == pv->cap) {
		ncap = pv->cap ? pv->cap * 2 : 16;
		if ((nv = reallocarray(pv->v, ncap, sizeof(*nv))) == NULL) {
			d->oom = 1;
			return -1;
		}
		pv->v = nv;
		if (d->ctx->addpath_rx) {
			if ((np = reallocarray(pv->pid, ncap,
			    sizeof(*np))) == NULL) {
				d->oom = 1;
				return -1;
			}
			pv->pid = np;
		}
		pv->cap = ncap;
	}
	if (pv->pid != NULL)
		pv->pid[pv->n] = pid;
	pv->v[pv->n++] = *p;
	return 0;
}

/*
 * Parses a run of <length, prefix> tuples (RFC 4271 4.3) of one family
 * into pv, each preceded by a 4-byte Path Identifier when the family
 * negotiated ADD-PATH receive (RFC 7911 3).  Host bits past the length
 * are cleared rather than rejected: the prefix is unambiguous and RFC
 * 4271 says they are irrelevant.  Returns 0, or -1 with *why set when the
 * field is syntactically incorrect (RFC 7606 5.3): a length over the
 * family maximum, a prefix or path identifier that overruns the field.
 * Allocation failure sets d->oom.
 */
int
upd_parse_prefixes(struct dec *d, const uint8_t *p, size_t len, uint8_t af,
    struct pfxvec *pv, const char **why)
{
	struct xprefix	 pfx;
	unsigned	 max = af == AF_V4 ? 32 : 128;
	size_t		 off = 0, nbytes;
	uint32_t	 pid = 0;
	int		 ap;

	ap = (d->ctx->addpath_rx & (af == AF_V4 ? BGP_AF_V4U :
	    BGP_AF_V6U)) != 0;
	while (off < len) {
		if (ap) {
			if (len - off < 4) {
				*why = "path identifier overruns the field";
				return -1;
			}
			pid = upd_get32(p + off);
			off += 4;
			if (off == len) {
				*why = "path identifier without a prefix";
				return -1;
			}
		}
		memset(&pfx, 0, sizeof(pfx));
		pfx.addr.af = af;
		pfx.len = p[off++];
		if (pfx.len > max) {
			*why = "prefix length over the maximum";
			return -1;
		}
		nbytes = (pfx.len + 7u) / 8;
		if (nbytes > len - off) {
			*why = "prefix overruns the field";
			return -1;
		}
		memcpy(pfx.addr.a, p + off, nbytes);
		off += nbytes;
		prefix_mask(&pfx);
		if (upd_pfx_push(d, pv, &pfx, pid) == -1)
			return 0;
	}
	return 0;
}

/*
 * Walks the path attribute section.  Returns when it is done or when the
 * rest of it can't be parsed (a header or length that overruns, RFC 7606
 * 4: treat-as-withdraw, the NLRI is still located by the Total Path
 * Attribute Length).
 */
static void
parse_attrs(struct dec *d, const uint8_t *p, size_t len)
{
	struct bgp_attrs	*a = d->a;
	size_t			 off = 0, hlen, alen;
	uint8_t			 flags, type, *nc;

	while (off < len && d->sev < SEV_RESET && !d->oom) {
		if (len - off < 3 || ((p[off] & BGP_ATTRF_EXTLEN) &&
		    len - off < 4)) {
			d->other_attrs = 1;	/* can't tell what it was */
			upd_fail(d, SEV_WITHDRAW, BGP_ERR_UPD_ATTRLEN, NULL, 0,
			    "truncated attribute header (%zu bytes left)",
			    len - off);
			return;
		}
		flags = p[off];
		type = p[off + 1];
		if (flags & BGP_ATTRF_EXTLEN) {
			alen = upd_get16(p + off + 2);
			hlen = 4;
		} else {
			alen = p[off + 2];
			hlen = 3;
		}
		if (alen > len - off - hlen) {
			/*
			 * An MP attribute cut short hides NLRI we can't
			 * locate, so treat-as-withdraw is impossible (3(j)).
			 */
			d->other_attrs = 1;
			upd_fail(d, type == BGP_ATTR_MP_REACH_NLRI ||
			    type == BGP_ATTR_MP_UNREACH_NLRI ? SEV_RESET :
			    SEV_WITHDRAW, BGP_ERR_UPD_ATTRLEN, p + off,
			    len - off, "%s length %zu overruns the attribute "
			    "section", upd_attr_name(type), alen);
			return;
		}
		if ((nc = realloc(a->codes, a->ncodes + 1)) == NULL) {
			d->oom = 1;
			return;
		}
		a->codes = nc;
		a->codes[a->ncodes++] = type;
		if (type != BGP_ATTR_MP_UNREACH_NLRI)
			d->other_attrs = 1;

		if (d->seen[type / 8] & (1u << (type % 8))) {
			if (type == BGP_ATTR_MP_REACH_NLRI ||
			    type == BGP_ATTR_MP_UNREACH_NLRI)
				upd_fail(d, SEV_RESET, BGP_ERR_UPD_ATTRLIST,
				    NULL, 0, "%s appears twice",
				    upd_attr_name(type));
			else {
				/* 7606 3(g): keep the first. */
				d->up->ndiscarded++;
				upd_note(d, "duplicate %s discarded",
				    upd_attr_name(type));
			}
		} else {
			d->seen[type / 8] |= (uint8_t)(1u << (type % 8));
			upd_attr_one(d, flags, type, p + off, hlen + alen,
			    p + off + hlen, alen);
		}
		off += hlen + alen;
	}
}

static int
seen(const struct dec *d, uint8_t type)
{
	return (d->seen[type / 8] >> (type % 8)) & 1;
}

static void
missing(struct dec *d, uint8_t type)
{
	upd_fail(d, SEV_WITHDRAW, BGP_ERR_UPD_MISSNG_WK, &type, 1,
	    "missing well-known attribute %s", upd_attr_name(type));
}

static void
pfxvec_free(struct pfxvec *pv)
{
	free(pv->v);
	free(pv->pid);
	pv->v = NULL;
	pv->pid = NULL;
	pv->n = pv->cap = 0;
}

int
bgp_update_decode(const uint8_t *body, size_t len,
    const struct bgp_codec_ctx *ctx, struct bgp_update *up)
{
	struct dec	 d;
	const char	*why = NULL;
	size_t		 wlen, alen, nlen, i;
	const uint8_t	*attrs, *nlri;

	memset(up, 0, sizeof(*up));
	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.up = up;

	/* 7606 3(b) / 4271 6.3: lengths that hide the NLRI: reset 3/1. */
	if (len < 4) {
		upd_fail(&d, SEV_RESET, BGP_ERR_UPD_ATTRLIST, NULL, 0,
		    "UPDATE body of %zu bytes", len);
		goto reset;
	}
	wlen = upd_get16(body);
	if (wlen > len - 4) {
		upd_fail(&d, SEV_RESET, BGP_ERR_UPD_ATTRLIST, NULL, 0,
		    "withdrawn routes length %zu exceeds the message", wlen);
		goto reset;
	}
	alen = upd_get16(body + 2 + wlen);
	if (alen > len - 4 - wlen) {
		upd_fail(&d, SEV_RESET, BGP_ERR_UPD_ATTRLIST, NULL, 0,
		    "total path attribute length %zu exceeds the message",
		    alen);
		goto reset;
	}
	attrs = body + 4 + wlen;
	nlri = attrs + alen;
	nlen = len - 4 - wlen - alen;

	if (wlen == 0 && alen == 0 && nlen == 0) {
		up->eor_afs = BGP_AF_V4U;	/* RFC 4724 2 */
		return 0;
	}

	/* 7606 3(i), 5.3: either field unparseable is a reset 3/10. */
	if (upd_parse_prefixes(&d, body + 2, wlen, AF_V4, &d.wd, &why) == -1) {
		upd_fail(&d, SEV_RESET, BGP_ERR_UPD_NETWORK, NULL, 0,
		    "withdrawn routes: %s", why);
		goto reset;
	}
	if (upd_parse_prefixes(&d, nlri, nlen, AF_V4, &d.nl, &why) == -1) {
		upd_fail(&d, SEV_RESET, BGP_ERR_UPD_NETWORK, NULL, 0,
		    "NLRI: %s", why);
		goto reset;
	}
	if (d.oom)
		goto oom;
	d.nv4nlri = d.nl.n;

	if (alen > 0) {
		if ((d.a = bgp_attrs_new()) == NULL)
			goto oom;
		parse_attrs(&d, attrs, alen);
		if (d.oom)
			goto oom;
		if (d.sev == SEV_RESET)
			goto reset;
		if (!ctx->as4 && upd_merge_as4(&d) == -1)
			goto oom;
	}

	if (d.nl.n > 0) {
		/* 7606 3(d); NEXT_HOP only for the IPv4 field (RFC 4760 3) */
		if (!seen(&d, BGP_ATTR_ORIGIN))
			missing(&d, BGP_ATTR_ORIGIN);
		if (!seen(&d, BGP_ATTR_AS_PATH))
			missing(&d, BGP_ATTR_AS_PATH);
		if (d.nv4nlri > 0 && !seen(&d, BGP_ATTR_NEXT_HOP))
			missing(&d, BGP_ATTR_NEXT_HOP);
	}

	/*
	 * 7606 5.2: path attributes (other than MP_UNREACH) but no
	 * reachable NLRI, and an error stronger than attribute discard: we
	 * can't be sure the NLRI were located right, so reset.
	 */
	if (d.sev == SEV_WITHDRAW && d.nv4nlri == 0 && !d.reach_nlri &&
	    d.other_attrs) {
		i = strlen(up->err.text);
		snprintf(up->err.text + i, sizeof(up->err.text) - i,
		    " (no NLRI: session reset)");
		d.sev = SEV_RESET;
		goto reset;
	}

	if (d.sev == SEV_WITHDRAW) {
		/* 7606 2: every located prefix becomes a withdrawal. */
		for (i = 0; i < d.nl.n; i++)
			if (upd_pfx_push(&d, &d.wd, &d.nl.v[i],
			    d.nl.pid != NULL ? d.nl.pid[i] : 0) == -1)
				goto oom;
		pfxvec_free(&d.nl);
		bgp_attrs_unref(d.a);
		d.a = NULL;
		up->action = BGP_UPD_WITHDRAW;
	} else if (d.nl.n == 0) {
		/* Nothing announced: the attributes describe nothing. */
		if (wlen == 0 && nlen == 0 && d.a != NULL && d.a->ncodes == 1 &&
		    d.a->codes[0] == BGP_ATTR_MP_UNREACH_NLRI &&
		    d.unreach_af != 0 && d.unreach_n == 0)
			up->eor_afs = d.unreach_af;	/* RFC 4724 2 */
		bgp_attrs_unref(d.a);
		d.a = NULL;
	} else {
		/*
		 * present has the attributes kept: never MP_* or AS4_*
		 * (merged), NEXT_HOP only from the attribute itself; the
		 * MP_REACH next hop is in nexthop with NEXT_HOP clear.
		 */
		up->attrs = d.a;
		d.a = NULL;
	}
	up->withdrawn = d.wd.v;
	up->nwithdrawn = d.wd.n;
	up->nlri = d.nl.v;
	up->nnlri = d.nl.n;
	up->withdrawn_pid = d.wd.pid;
	up->nlri_pid = d.nl.pid;
	free(d.as4path);
	return 0;

reset:
	/* Nothing of a message that resets the session is to be used. */
	up->action = BGP_UPD_RESET;
	up->eor_afs = 0;
	pfxvec_free(&d.wd);
	pfxvec_free(&d.nl);
	bgp_attrs_unref(d.a);
	free(d.as4path);
	return 0;
oom:
	pfxvec_free(&d.wd);
	pfxvec_free(&d.nl);
	bgp_attrs_unref(d.a);
	free(d.as4path);
	memset(up, 0, sizeof(*up));
	return -1;
}

void
bgp_update_free(struct bgp_update *up)
{
	if (up == NULL)
		return;
	free(up->withdrawn);
	free(up->nlri);
	free(up->withdrawn_pid);
	free(up->nlri_pid);
	bgp_attrs_unref(up->attrs);
	memset(up, 0, sizeof(*up));
}
