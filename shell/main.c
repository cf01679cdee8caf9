/* STUB: replaced by the shell's entry point. */
#include "cmds/cmds.h"

int
main(void)
{
	return 0;
}
