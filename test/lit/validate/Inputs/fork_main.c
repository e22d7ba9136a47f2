/* fork_main.c: saxpy before a fork, in the child, and in the parent after it.
 * The child writes its own counts file; the parent's holds n = 3 and n = 7. */
#include <sys/wait.h>
#include <unistd.h>
void saxpy(int n, float a, const float *restrict x, float *restrict y);
static float X[64], Y[64];
int main(void) {
  saxpy(3, 1.f, X, Y);
  pid_t p = fork();
  if (p == 0) {
    saxpy(5, 1.f, X, Y);
    return 0;
  }
  waitpid(p, 0, 0);
  saxpy(7, 1.f, X, Y);
  return 0;
}
