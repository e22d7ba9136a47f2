/* drv_spawn.h: run a program with posix_spawn and wait for it (never system()).
 */
#ifndef GREENC_DRIVER_SPAWN_H
#define GREENC_DRIVER_SPAWN_H

/* Run path with argv (argv[0] first, NULL-terminated), inheriting stdio and the
 * environment. *status gets the program's exit code, or 128 + signal number
 * when it was killed. Returns 0, or -1 when it could not be started
 * (errno-style message printed by the caller from *spawn_errno). */
int drv_spawn_wait(int *status, int *spawn_errno, const char *path,
                   char *const argv[]);

#endif
