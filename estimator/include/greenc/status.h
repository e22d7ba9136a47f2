/* greenc/status.h: status codes and error messages shared by the greenc C libraries.
 *
 * Every function that can fail returns int: GC_OK (0) or a negative gc_status, with its outputs as the first
 * parameters. A function that fails may fill a caller-provided gc_error with a readable message; the message is
 * owned by the gc_error (fixed buffer), nothing to free. */
#ifndef GREENC_STATUS_H
#define GREENC_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gc_status {
  GC_OK = 0,
  GC_ENOMEM = -1,    /* allocation failed */
  GC_EIO = -2,       /* a file could not be opened or read */
  GC_EPARSE = -3,    /* malformed input (TOML, JSON, expression) */
  GC_ESCHEMA = -4,   /* well-formed input that breaks the schema */
  GC_EVERSION = -5,  /* a schema version this build does not know */
  GC_ENOTFOUND = -6, /* a named thing does not exist */
  GC_ERANGE = -7,    /* a value out of its valid range */
  GC_EUNKNOWN = -8,  /* a quantity that cannot be determined */
  GC_EFORMAT = -9,   /* input of the wrong kind (not ELF, no profile) */
  GC_EINVAL = -10    /* invalid argument */
} gc_status;

#define GC_ERROR_MAX 1024

typedef struct gc_error {
  int code;                 /* a gc_status */
  char msg[GC_ERROR_MAX];   /* "file:line:col: what went wrong", NUL-terminated */
} gc_error;

/* Format msg into err (if err is non-NULL), set err->code = code, and return code. */
int gc_error_set(gc_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A short static name for a status ("parse error", ...). */
const char *gc_status_name(int code);

#ifdef __cplusplus
}
#endif
#endif
