/* drv_spawn.c: posix_spawn + waitpid, with the child's exit code (or 128 +
 * signal) handed back. */
#define _POSIX_C_SOURCE 200809L
#include "drv_spawn.h"

#include <errno.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>

extern char **environ;

int drv_spawn_wait(int *status, int *spawn_errno, const char *path,
                   char *const argv[]) {
  pid_t pid;
  *status = 0;
  *spawn_errno = posix_spawn(&pid, path, NULL, NULL, argv, environ);
  if (*spawn_errno != 0)
    return -1;
  int ws;
  for (;;) {
    if (waitpid(pid, &ws, 0) >= 0)
      break;
    if (errno != EINTR) {
      *spawn_errno = errno;
      return -1;
    }
  }
  if (WIFEXITED(ws))
    *status = WEXITSTATUS(ws);
  else if (WIFSIGNALED(ws))
    *status = 128 + WTERMSIG(ws);
  else
    *status = 1;
  return 0;
}
