/* sbuf.h: a growable NUL-terminated string buffer, internal to the estimator
 * (the printers of expr.c, poly.c and count.c).
 *
 * A zeroed gc_sbuf is empty. gc_sb_put appends; on allocation failure it sets
 * oom and ignores later appends, so callers check oom once at the end. s is
 * malloc'd and belongs to whoever holds the buffer (free(b.s)). */
#ifndef GREENC_SBUF_H
#define GREENC_SBUF_H

#include <stddef.h>

typedef struct gc_sbuf {
  char *s;
  size_t len, cap;
  int oom;
} gc_sbuf;

void gc_sb_put(gc_sbuf *b, const char *s);

#endif
