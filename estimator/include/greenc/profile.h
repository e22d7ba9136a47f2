/* greenc/profile.h: the kernel model of one translation unit (a profile record,
 * docs/profile.md) and sets of them.
 *
 * gc_profile_parse() reads one record's JSON payload with strict schema
 * validation: an error names the origin and the JSON path ("gemm.o:
 * functions[2].views.executed.loops[0]: missing \"id\""); unknown fields are
 * ignored; a "greenc_profile" version newer than 1 gives GC_EVERSION. A
 * gc_profile is immutable once parsed and owned by the caller
 * (gc_profile_free), unless handed to a gc_profile_set, which then owns it.
 * Every pointer returned by an accessor (functions, views, loops, blocks, ops,
 * strings, expressions) points into the profile and lives as long as it. The
 * structs below are read-only views: never free or modify them. */
#ifndef GREENC_PROFILE_H
#define GREENC_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "greenc/expr.h"
#include "greenc/ops.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_profile gc_profile;
typedef struct gc_profile_set gc_profile_set;
typedef struct gc_function gc_function;
typedef struct gc_view gc_view;

typedef enum gc_view_kind { GC_VIEW_SOURCE, GC_VIEW_EXECUTED } gc_view_kind;
const char *gc_view_kind_name(gc_view_kind kind); /* "source", "executed" */

typedef enum gc_loop_status {
  GC_LOOP_EXACT,
  GC_LOOP_BOUNDED,
  GC_LOOP_UNKNOWN
} gc_loop_status;
const char *
gc_loop_status_name(gc_loop_status s); /* "exact" "bounded" "unknown" */

typedef enum gc_block_cond {
  GC_COND_ALWAYS,
  GC_COND_GUARD,
  GC_COND_DATA,
  GC_COND_UNKNOWN /* no bound at all (irreducible control flow) */
} gc_block_cond;

typedef struct gc_param {
  const char *name;
  const char *type; /* "i32", "ptr" ... as written by the pass */
} gc_param;

typedef enum gc_symbol_kind {
  GC_SYM_PARAM,
  GC_SYM_FIELD,
  GC_SYM_OTHER
} gc_symbol_kind;

typedef struct gc_symbol {
  const char *name;
  gc_symbol_kind kind;
  const char *kind_name; /* as written ("param", "field", or another kind this
                            reader does not know) */
  int64_t index;         /* GC_SYM_PARAM: parameter index; else -1 */
  const char *base;      /* GC_SYM_FIELD: parameter name; else NULL */
  int64_t offset;        /* GC_SYM_FIELD: byte offset; else 0 */
  const char *type;      /* may be NULL */
} gc_symbol;

/* One (op, ty, lanes) on a loop's critical loop-carried dependency cycle, n
 * times per iteration (docs/profile.md, LOOP "recurrence"). */
typedef struct gc_rec_op {
  gc_op op;
  gc_ty ty;
  unsigned lanes;
  int64_t n;
} gc_rec_op;

typedef struct gc_loop {
  unsigned id;        /* >= 1 */
  unsigned parent;    /* 0 at function level */
  unsigned line, col; /* 0 when absent */
  const char *iv;     /* source name of the induction variable, or NULL */
  const char *trip;   /* EXPR text as written, or NULL when absent (unknown) */
  const gc_expr *trip_expr; /* parsed trip, or NULL */
  gc_loop_status status;
  const char
      *trip_max; /* bounded: upper bound text (EXPR or integer), else NULL */
  const gc_expr *trip_max_expr;
  const char *reason; /* unknown/bounded: why, or NULL */
  int skip_last;
  size_t nrec;          /* ops on the critical recurrence (0: none recorded) */
  const gc_rec_op *rec; /* nrec entries, NULL when nrec == 0 */
  int rec_reassoc;      /* "recurrence_reassoc": every op on it may be
                           reassociated (an optimiser may split the chain) */
} gc_loop;

typedef struct gc_op_entry {
  gc_op op;
  gc_ty ty;                  /* GC_TY_NONE when absent (call, memcpy) */
  unsigned lanes;            /* 1 when absent */
  gc_role role;              /* GC_ROLE_DATA unless "role": "addr" */
  int64_t n;                 /* occurrences per execution of the block */
  const char *bytes;         /* text of "bytes" (integer or EXPR), or NULL */
  const gc_expr *bytes_expr; /* parsed bytes per occurrence, or NULL */
  const char *base;          /* load/store: array base, or NULL */
  const char *index;         /* load/store: index EXPR text, or NULL */
  const gc_expr *index_expr;
  const char *callee;      /* call: callee name; else NULL */
  size_t nargs;            /* call: number of args (0 when "args" is absent) */
  const char *const *args; /* call: argument EXPR texts; an entry is NULL when
                              the profile gives null (not expressible) */
  const gc_expr *const *args_expr; /* call: parsed arguments (NULL likewise) */
  int has_args;     /* call: 1 when "args" was present (callee defined in the
                       module) */
  const char *what; /* other: what the instruction is */
} gc_op_entry;

typedef struct gc_block {
  unsigned id;
  unsigned loop; /* innermost enclosing loop id, 0 for the function body */
  int skip_last;
  unsigned line; /* 0 when absent */
  gc_block_cond cond;
  const char *guard; /* GC_COND_GUARD: the boolean EXPR text; else NULL */
  const gc_expr *guard_expr;
  size_t nops;
  const gc_op_entry *ops;
  const char *reason; /* why data or unknown; NULL when absent */
} gc_block;

typedef struct gc_coverage_gap {
  unsigned line;
  const char *reason;
} gc_coverage_gap;

/* ---- records ---- */

/* Parse one payload (JSON text of len bytes, not NUL-terminated necessarily).
 * origin names the record in messages
 * ("gemm.o", "gemm.o[1]"); it is copied. */
int gc_profile_parse(gc_profile **out, const char *json, size_t len,
                     const char *origin, gc_error *err);
/* Read a file holding one payload (a .json file, as in test data). */
int gc_profile_load_file(gc_profile **out, const char *path, gc_error *err);
void gc_profile_free(gc_profile *p);

const char *gc_profile_origin(const gc_profile *p);
int gc_profile_version(const gc_profile *p);
const char *gc_profile_producer(const gc_profile *p); /* NULL when absent */
const char *
gc_profile_source(const gc_profile *p); /* module.source, NULL when absent */
const char *gc_profile_opt(const gc_profile *p);    /* module.opt */
const char *gc_profile_target(const gc_profile *p); /* module.target */
/* Module params (compile-time sizes), in file order. */
size_t gc_profile_nparams(const gc_profile *p);
const gc_binding *
gc_profile_params(const gc_profile *p); /* array of gc_profile_nparams */
size_t gc_profile_nfunctions(const gc_profile *p);
const gc_function *gc_profile_function(const gc_profile *p, size_t i);
/* The function named name in this record, or NULL. */
const gc_function *gc_profile_find_function(const gc_profile *p,
                                            const char *name);

/* ---- functions ---- */
const char *gc_function_name(const gc_function *f);
const char *gc_function_file(const gc_function *f); /* NULL when absent */
unsigned gc_function_line(const gc_function *f);    /* 0 when absent */
const gc_profile *gc_function_profile(const gc_function *f);
size_t gc_function_nparams(const gc_function *f);
const gc_param *gc_function_param(const gc_function *f, size_t i);
size_t gc_function_nsymbols(const gc_function *f);
const gc_symbol *gc_function_symbol(const gc_function *f, size_t i);
const gc_symbol *gc_function_find_symbol(const gc_function *f,
                                         const char *name);
/* The view, or NULL when missing; then gc_function_view_missing() gives the
 * reason ("" if none was given). */
const gc_view *gc_function_view(const gc_function *f, gc_view_kind kind);
const char *gc_function_view_missing(const gc_function *f, gc_view_kind kind);

/* ---- views ---- */
size_t gc_view_nloops(const gc_view *v);
const gc_loop *gc_view_loop(const gc_view *v, size_t i); /* in file order */
const gc_loop *gc_view_find_loop(const gc_view *v,
                                 unsigned id); /* NULL if no such id */
size_t gc_view_nblocks(const gc_view *v);
const gc_block *gc_view_block(const gc_view *v, size_t i);
/* Coverage: instruction counts (-1 when absent) and the gaps. */
int64_t gc_view_insts(const gc_view *v);
int64_t gc_view_insts_exact(const gc_view *v);
size_t gc_view_ngaps(const gc_view *v);
const gc_coverage_gap *gc_view_gap(const gc_view *v, size_t i);
/* Loop nesting depth of loop id (1 for a top-level loop), 0 if no such loop. */
unsigned gc_view_loop_depth(const gc_view *v, unsigned id);

/* ---- sets of records (a program: several translation units) ---- */
int gc_profile_set_new(gc_profile_set **out);
/* Frees the set and every profile it owns. */
void gc_profile_set_free(gc_profile_set *s);
/* Add p; the set takes ownership of p (also on failure). */
int gc_profile_set_add(gc_profile_set *s, gc_profile *p);
/* Parse a payload and add it. */
int gc_profile_set_add_json(gc_profile_set *s, const char *json, size_t len,
                            const char *origin, gc_error *err);
size_t gc_profile_set_nprofiles(const gc_profile_set *s);
const gc_profile *gc_profile_set_profile(const gc_profile_set *s, size_t i);
/* The definition of name: in prefer's record first (static functions of that
 * TU), else the first record defining it. NULL when no record defines it (an
 * external function). */
const gc_function *gc_profile_set_find_function(const gc_profile_set *s,
                                                const char *name,
                                                const gc_profile *prefer);

#ifdef __cplusplus
}
#endif
#endif
