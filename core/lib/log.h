/*
 * log: engine messages.  core/ never writes to the terminal; it hands each
 * formatted line to a sink that the shell installs (the shell hides the
 * prompt, prints, and redraws the line being edited).  Without a sink lines
 * go to stderr.  Every line but debug ones is also kept for `show logging`
 * (core/lib/logbuf.h).
 */
#ifndef XR_LOG_H
#define XR_LOG_H

enum log_level { LOG_LVL_DEBUG, LOG_LVL_INFO, LOG_LVL_WARN, LOG_LVL_ERR };

typedef void	(*log_sink_fn)(enum log_level, const char *line, void *arg);

void	log_set_sink(log_sink_fn, void *arg);
void	log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
#define log_info(...)	log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_warnx(...)	log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif
