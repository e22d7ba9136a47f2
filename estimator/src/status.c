/* status.c: gc_error formatting and status names (greenc/status.h). */
#include "greenc/status.h"

#include <stdarg.h>
#include <stdio.h>

int gc_error_set(gc_error *err, int code, const char *fmt, ...) {
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}

const char *gc_status_name(int code) {
  switch (code) {
  case GC_OK: return "ok";
  case GC_ENOMEM: return "out of memory";
  case GC_EIO: return "i/o error";
  case GC_EPARSE: return "parse error";
  case GC_ESCHEMA: return "schema error";
  case GC_EVERSION: return "unsupported version";
  case GC_ENOTFOUND: return "not found";
  case GC_ERANGE: return "out of range";
  case GC_EUNKNOWN: return "unknown";
  case GC_EFORMAT: return "wrong format";
  case GC_EINVAL: return "invalid argument";
  default: return "error";
  }
}
