/*
 * The demo lab's parts (private to demo/lab*.c): the processes and files
 * (lab.c), the configuration (lab_config.c), waiting for the sessions and
 * the banner (lab_wait.c).
 */
#ifndef DEMO_LAB_INT_H
#define DEMO_LAB_INT_H

#include <stddef.h>
#include <stdint.h>

/* The lab's configuration in the form of a saved running configuration:
 * the seed multi-homing configuration with its neighbors on loopback. */
extern const char	lab_config_text[];

/* Writes lab_config_text to path; 0, or -1 with err. */
int	lab_config_write(const char *path, char *err, size_t errlen);

/* The port the lab runs on (0 before demo_lab_start succeeded) and the
 * monotonic time (loop_now()) at which it started. */
uint16_t	lab_port(void);
double		lab_started(void);

#endif
