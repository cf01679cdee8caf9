/*
 * rpl_eval_int.h: the linked program shared by rpl_link.c (builds it) and
 * rpl_eval.c (runs it).  It mirrors the policy AST with every reference
 * resolved: set operands point at compiled sets, applies at linked child
 * instances, AS lists are plain ranges.  Not an interface for others.
 */
#ifndef XR_RPL_EVAL_INT_H
#define XR_RPL_EVAL_INT_H

#include "core/rpl/aspath.h"
#include "core/rpl/rpl.h"
#include "core/rpl/rpl_eval.h"

struct lnk_inst;

struct lnk_cond {
	const struct rpl_cond	*c;
	struct lnk_cond		*l, *r;
	const struct rpl_set	*set;
	struct lnk_inst		*apply;
	struct asrange		*list;
	size_t			 nlist;
};

struct lnk_stmt;

struct lnk_branch {
	struct lnk_cond		*cond;		/* NULL: else */
	struct lnk_stmt		*body;
	size_t			 n;
	unsigned		 line;
};

struct lnk_stmt {
	const struct rpl_stmt	*s;
	const struct rpl_set	*set;
	struct lnk_inst		*apply;
	struct lnk_branch	*br;
	size_t			 nbr;
};

/* One linked (and, with arguments, instantiated) policy. */
struct lnk_inst {
	char			*name;		/* "P" or "P(10, SET)" */
	const struct rpl_policy	*pol;
	struct lnk_stmt		*body;
	size_t			 n;
};

/* A name the program resolved in the db, to notice redefinitions. */
struct lnk_dep {
	int			 policy;	/* 1: route-policy, 0: set */
	enum rpl_set_kind	 kind;
	const char		*name;		/* owned by the held object */
	const void		*obj;		/* what the db held then */
};

/* Everything a program owns, freed together. */
struct rpl_prog {
	struct lnk_inst		*top;
	void			**allocs;	/* every block allocated */
	size_t			 nallocs, capallocs;
	struct rpl_policy	**pols;		/* references held */
	size_t			 npols, cappols;
	struct rpl_set		**sets;
	size_t			 nsets, capsets;
	struct lnk_dep		*deps;
	size_t			 ndeps, capdeps;
};

#endif
