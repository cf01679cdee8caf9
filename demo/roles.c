/* The demo lab's speakers: who plays which part, on which address. */
#include <string.h>

#include "demo/demo.h"

const struct demo_role demo_roles[] = {
	{ "provider-a", "127.0.0.2", 1299, "PROVIDER_A" },
	{ "provider-b", "127.0.0.3", 174, "PROVIDER_B" },
	{ "customer", "127.0.0.4", 64500, "CUSTOMER" },
};
const size_t demo_nroles = sizeof(demo_roles) / sizeof(demo_roles[0]);

const struct demo_role *
demo_role_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < demo_nroles; i++)
		if (strcmp(demo_roles[i].name, name) == 0)
			return &demo_roles[i];
	return NULL;
}
