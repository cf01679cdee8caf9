/*
 * persist: the saved running configuration on disk.  A save never leaves
 * a torn file: the text goes to a temporary file in the same directory,
 * is fsync'ed, renamed over the old file, and the directory is fsync'ed,
 * so a crash at any moment leaves the old or the new version.
 */
#ifndef XR_PERSIST_H
#define XR_PERSIST_H

#include <stddef.h>

/*
 * ${XDG_STATE_HOME:-$HOME/.local/state}/xrsh/running.cfg into buf.
 * Returns 0, -1 with err set when neither variable is usable.
 */
int	persist_default_path(char *buf, size_t len, char *err, size_t errlen);

/* Writes text atomically (creating the directory); 0, or -1 with err. */
int	persist_save(const char *path, const char *text, char *err,
	    size_t errlen);

/*
 * Reads the file into *text (free() it).  Returns 0, 1 when the file does
 * not exist (*text = NULL), -1 with err on another error.
 */
int	persist_load(const char *path, char **text, char *err, size_t errlen);

#endif
