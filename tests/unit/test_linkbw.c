/*
 * Unit tests for core/bgp/linkbw.c: the link-bandwidth extended community
 * encoding, the interface of an address, and the speed read from a sysfs
 * tree (a temporary directory standing in for /sys/class/net).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bgp/linkbw.h"
#include "tests/unit/t.h"

static char	 root[] = "/tmp/linkbw.XXXXXX";

static void
put(const char *ifname, const char *text)
{
	char	 path[256];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", root, ifname);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/speed", root, ifname);
	if ((f = fopen(path, "w")) == NULL)
		abort();
	fputs(text, f);
	fclose(f);
}

static void
test_extcomm(void)
{
	uint8_t		 ec[8];
	static const uint8_t	 want[8] = { 0x40, 0x04, 0xfd, 0xe9,
				    0x4e, 0x95, 0x02, 0xf9 };
	static const uint8_t	 want4[8] = { 0x40, 0x04, 0x5b, 0xa0,
				    0x4c, 0xee, 0x6b, 0x28 };

	/* 10 Gb/s = 1.25e9 bytes/s, AS 65001 */
	linkbw_extcomm(65001, 10000, ec);
	T_ASSERT(memcmp(ec, want, 8) == 0);
	T_ASSERT(linkbw_is_extcomm(ec));
	/* a four-octet AS: AS_TRANS; 1 Gb/s = 1.25e8 bytes/s */
	linkbw_extcomm(4200000001u, 1000, ec);
	T_ASSERT(memcmp(ec, want4, 8) == 0);
	ec[1] = 0x02;		/* route target: not one */
	T_ASSERT(!linkbw_is_extcomm(ec));
}

static void
test_speed(void)
{
	uint32_t	 mbps = 0;

	T_ASSERT(mkdtemp(root) != NULL);
	linkbw_set_root(root);
	put("eth0", "10000\n");
	put("veth1", "-1\n");
	put("bad", "fast\n");
	T_EQ_INT(linkbw_speed("eth0", &mbps), 0);
	T_EQ_INT(mbps, 10000);
	T_EQ_INT(linkbw_speed("veth1", &mbps), -1);
	T_EQ_INT(linkbw_speed("bad", &mbps), -1);
	T_EQ_INT(linkbw_speed("missing", &mbps), -1);
	T_EQ_INT(linkbw_speed("../eth0", &mbps), -1);
	T_EQ_INT(linkbw_speed("", &mbps), -1);
	linkbw_set_root(NULL);
}

static void
test_ifname(void)
{
	struct xaddr	 a;
	char		 name[64];

	T_ASSERT(addr_parse("127.0.0.1", &a) == 0);
	T_EQ_INT(linkbw_ifname(&a, name, sizeof(name)), 0);
	T_EQ_STR(name, "lo");
	/* TEST-NET-3: on no interface of a test machine */
	T_ASSERT(addr_parse("203.0.113.254", &a) == 0);
	T_EQ_INT(linkbw_ifname(&a, name, sizeof(name)), -1);
}

static void
cleanup(void)
{
	static const char *const ifs[] = { "eth0", "veth1", "bad" };
	char	 path[256];
	size_t	 i;

	for (i = 0; i < sizeof(ifs) / sizeof(ifs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/speed", root, ifs[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", root, ifs[i]);
		rmdir(path);
	}
	rmdir(root);
}

int
main(void)
{
	test_extcomm();
	test_speed();
	test_ifname();
	cleanup();
	return T_DONE();
}
