/*
 * iface: the interface table (see iface.h).  A host has tens of
 * interfaces, rarely thousands: the table is an array of pointers kept in
 * name order (the order every show walks), and a lookup by index is a
 * linear scan, which at that size costs less than keeping a second index
 * in step through renames.
 *
 * Subscribers are called after the table has changed; they must not
 * write to the table from the callback (the pointer they are given would
 * move under them).
 */
#include <net/if.h>
#include <linux/if.h>	/* IF_OPER_*, after net/if.h */
#include <stdlib.h>
#include <string.h>

#include "core/lib/loop.h"
#include "core/sys/iface.h"

static struct iface	**tab;		/* in name order */
static size_t		  ntab, captab;

struct sub {
	iface_cb	 cb;
	void		*arg;
};
static struct sub	 *subs;		/* cb NULL: a free handle */
static size_t		  nsubs;

int
iface_admin_up(const struct iface *ifp)
{
	return (ifp->flags & IFF_UP) != 0;
}

int
iface_oper_up(const struct iface *ifp)
{
	if (!iface_admin_up(ifp))
		return 0;
	if (ifp->operstate == IF_OPER_UP)
		return 1;
	/* a loopback or dummy: no carrier state, RUNNING says it all */
	return ifp->operstate == IF_OPER_UNKNOWN &&
	    (ifp->flags & IFF_RUNNING) != 0;
}

static void
notify(enum iface_event ev, const struct iface *ifp, const struct xprefix *a)
{
	size_t	 i;

	/* by index: a callback may subscribe (and so move the array) */
	for (i = 0; i < nsubs; i++)
		if (subs[i].cb != NULL)
			subs[i].cb(ev, ifp, a, subs[i].arg);
}

int
iface_subscribe(iface_cb cb, void *arg)
{
	struct sub	*n;
	size_t		 i;

	if (cb == NULL)
		return -1;
	for (i = 0; i < nsubs; i++)
		if (subs[i].cb == NULL)
			break;
	if (i == nsubs) {
		if ((n = realloc(subs, (nsubs + 1) * sizeof(*n))) == NULL)
			return -1;
		subs = n;
		nsubs++;
	}
	subs[i].cb = cb;
	subs[i].arg = arg;
	return (int)i;
}

void
iface_unsubscribe(int h)
{
	if (h < 0 || (size_t)h >= nsubs)
		return;
	subs[h].cb = NULL;
	subs[h].arg = NULL;
	/* trailing free handles give their memory back */
	while (nsubs > 0 && subs[nsubs - 1].cb == NULL)
		nsubs--;
	if (nsubs == 0) {
		free(subs);
		subs = NULL;
	}
}

/* Position of ifindex in tab, or -1. */
static long
find_index(int ifindex)
{
	size_t	 i;

	for (i = 0; i < ntab; i++)
		if (tab[i]->ifindex == ifindex)
			return (long)i;
	return -1;
}

/* Where name is or would go (binary search); *found set. */
static size_t
name_pos(const char *name, int *found)
{
	size_t	 lo = 0, hi = ntab, mid;
	int	 c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(tab[mid]->name, name);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct iface *
iface_by_index(int ifindex)
{
	long	 i = find_index(ifindex);

	return i < 0 ? NULL : tab[i];
}

const struct iface *
iface_by_name(const char *name)
{
	size_t	 i;
	int	 found;

	if (name == NULL)
		return NULL;
	i = name_pos(name, &found);
	return found ? tab[i] : NULL;
}

void
iface_foreach(void (*cb)(const struct iface *, void *), void *arg)
{
	size_t	 i;

	for (i = 0; i < ntab; i++)
		cb(tab[i], arg);
}

size_t
iface_count(void)
{
	return ntab;
}

static void
tab_remove_at(size_t i)
{
	memmove(&tab[i], &tab[i + 1], (ntab - i - 1) * sizeof(*tab));
	ntab--;
}

/* Inserts ifp at its name's place; the array has room. */
static void
tab_insert(struct iface *ifp)
{
	size_t	 i;
	int	 found;

	i = name_pos(ifp->name, &found);
	memmove(&tab[i + 1], &tab[i], (ntab - i) * sizeof(*tab));
	tab[i] = ifp;
	ntab++;
}

static void
iface_free(struct iface *ifp)
{
	free(ifp->addrs);
	free(ifp);
}

/* Removes tab[i] with its events: the addresses first, then the link. */
static void
remove_at(size_t i)
{
	struct iface	*ifp = tab[i];
	struct xprefix	 a;

	while (ifp->naddrs > 0) {
		a = ifp->addrs[ifp->naddrs - 1];
		ifp->naddrs--;
		notify(IFACE_EV_ADDR_DEL, ifp, &a);
	}
	tab_remove_at(i);
	notify(IFACE_EV_GONE, ifp, NULL);
	iface_free(ifp);
}

/* The link fields of t differ from ifp's in a way subscribers care for. */
static int
link_changed(const struct iface *ifp, const struct iface *t)
{
	return ifp->flags != t->flags || ifp->operstate != t->operstate ||
	    ifp->mtu != t->mtu || strcmp(ifp->name, t->name) != 0 ||
	    ifp->type != t->type || strcmp(ifp->kind, t->kind) != 0 ||
	    ifp->maclen != t->maclen ||
	    memcmp(ifp->mac, t->mac, sizeof(ifp->mac)) != 0;
}

static void
copy_link(struct iface *ifp, const struct iface *t)
{
	size_t	 ml = t->maclen <= sizeof(ifp->mac) ? t->maclen : 0;

	ifp->ifindex = t->ifindex;
	memcpy(ifp->name, t->name, sizeof(ifp->name));
	ifp->name[sizeof(ifp->name) - 1] = '\0';
	ifp->flags = t->flags;
	ifp->operstate = t->operstate;
	ifp->mtu = t->mtu;
	ifp->type = t->type;
	memcpy(ifp->kind, t->kind, sizeof(ifp->kind));
	ifp->kind[sizeof(ifp->kind) - 1] = '\0';
	memset(ifp->mac, 0, sizeof(ifp->mac));
	memcpy(ifp->mac, t->mac, ml);
	ifp->maclen = (uint8_t)ml;
	ifp->stats = t->stats;
}

static int
tab_reserve(void)
{
	struct iface	**n;
	size_t		  cap;

	if (ntab < captab)
		return 0;
	cap = captab ? captab * 2 : 16;
	if ((n = realloc(tab, cap * sizeof(*n))) == NULL)
		return -1;
	tab = n;
	captab = cap;
	return 0;
}

int
iface_put(const struct iface *t)
{
	struct iface	*ifp, old;
	long		 i;
	size_t		 j;
	int		 found, was_up;
	char		 name[IFACE_NAME_MAX];

	memcpy(name, t->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	/*
	 * Another index holding the name is stale (the kernel reuses a
	 * name only after the old link is gone): it goes first.
	 */
	j = name_pos(name, &found);
	if (found && tab[j]->ifindex != t->ifindex)
		remove_at(j);

	if ((i = find_index(t->ifindex)) < 0) {
		if (tab_reserve() < 0 ||
		    (ifp = calloc(1, sizeof(*ifp))) == NULL)
			return -1;
		copy_link(ifp, t);
		tab_insert(ifp);
		notify(IFACE_EV_LINK, ifp, NULL);
		return 0;
	}
	ifp = tab[i];
	old = *ifp;
	was_up = iface_oper_up(ifp);
	copy_link(ifp, t);
	if (strcmp(old.name, ifp->name) != 0) {
		/* renamed: back to its place in name order */
		tab_remove_at((size_t)i);
		tab_insert(ifp);
	}
	if (iface_oper_up(ifp) != was_up) {
		ifp->transitions++;
		ifp->last_change = loop_wallclock();
		ifp->last_change_mono = loop_now();
	}
	if (link_changed(&old, ifp))
		notify(IFACE_EV_LINK, ifp, NULL);
	return 0;
}

static long
addr_pos(const struct iface *ifp, const struct xprefix *a)
{
	size_t	 i;

	for (i = 0; i < ifp->naddrs; i++)
		if (prefix_cmp(&ifp->addrs[i], a) == 0)
			return (long)i;
	return -1;
}

/*
 * An address of an index the table does not know is dropped (0): the
 * kernel announces a link before its addresses, and a re-dump brings
 * both back after an overrun.
 */
int
iface_addr_add(int ifindex, const struct xprefix *a)
{
	struct iface	*ifp;
	struct xprefix	*n;
	long		 i;

	if ((i = find_index(ifindex)) < 0)
		return 0;
	ifp = tab[i];
	if (a->addr.af != AF_V4 && a->addr.af != AF_V6)
		return 0;
	if (addr_pos(ifp, a) >= 0)
		return 0;
	if ((n = realloc(ifp->addrs, (ifp->naddrs + 1) * sizeof(*n))) == NULL)
		return -1;
	ifp->addrs = n;
	ifp->addrs[ifp->naddrs++] = *a;
	notify(IFACE_EV_ADDR_ADD, ifp, a);
	return 0;
}

int
iface_addr_del(int ifindex, const struct xprefix *a)
{
	struct iface	*ifp;
	struct xprefix	 gone;
	long		 i, k;

	if ((i = find_index(ifindex)) < 0)
		return 0;
	ifp = tab[i];
	if ((k = addr_pos(ifp, a)) < 0)
		return 0;
	gone = ifp->addrs[k];
	/* keeps the order: the first IPv4 address is the primary one */
	memmove(&ifp->addrs[k], &ifp->addrs[k + 1],
	    (ifp->naddrs - (size_t)k - 1) * sizeof(*ifp->addrs));
	ifp->naddrs--;
	if (ifp->naddrs == 0) {
		free(ifp->addrs);
		ifp->addrs = NULL;
	}
	notify(IFACE_EV_ADDR_DEL, ifp, &gone);
	return 0;
}

void
iface_del(int ifindex)
{
	long	 i;

	if ((i = find_index(ifindex)) >= 0)
		remove_at((size_t)i);
}

void
iface_clear(void)
{
	while (ntab > 0)
		remove_at(ntab - 1);
	free(tab);
	tab = NULL;
	captab = 0;
}
