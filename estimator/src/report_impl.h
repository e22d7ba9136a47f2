/* report_impl.h: the report's internal model, shared by report.c (building) and
 * the writers (report_*.c). Not installed; every string here is owned by the
 * gc_report. */
#ifndef GREENC_REPORT_IMPL_H
#define GREENC_REPORT_IMPL_H

#include <stdio.h>

#include "greenc/count.h"
#include "greenc/estimate.h"
#include "greenc/report.h"

/* A copy of a gc_quantity. */
typedef struct rq {
  gc_count_status status;
  char *formula;    /* NULL when none */
  char *formula_lo; /* NULL when none */
  int numeric;
  char *lo_str, *hi_str; /* NULL when !numeric */
  double lo, hi;
  char *reason; /* "" when none */
} rq;

typedef struct rrow {
  gc_op op;
  gc_ty ty;
  unsigned lanes;
  gc_role role;
  char *callee; /* NULL unless call/other */
  rq n, bytes;
} rrow;

/* Counts and estimate of a function, a loop nest or the whole set. */
typedef struct rsum {
  int counted; /* 0: counting failed, fail says why */
  char *fail;
  gc_count_status status; /* worst over rows */
  rq tot[GC_TOTAL_COUNT_];
  rq bytes; /* loaded + stored (gc_counts_bytes) */
  rrow *rows;
  size_t nrows;
  char **unbound;
  size_t nunbound;
  char **notes;
  size_t nnotes;
  int estimated; /* 1: est valid; 0: est_fail says why */
  char *est_fail;
  gc_estimate est;
} rsum;

typedef struct rloop {
  unsigned id, parent, line, col, depth;
  char *iv;   /* NULL when unknown */
  char *trip; /* NULL when unknown */
  gc_loop_status status;
  char *trip_max; /* bounded: bound, else NULL */
  char *reason;   /* NULL when none */
  int has_sum;    /* top-level loops: the nest's own counts */
  rsum sum;
} rloop;

typedef struct rfunc {
  char *name, *file, *origin;
  unsigned line;
  char *view_missing; /* non-NULL: the view was not taken, why */
  rsum sum;
  rloop *loops;
  size_t nloops;
  int64_t insts, insts_exact;
  struct {
    unsigned line;
    char *reason;
  } *gaps;
  size_t ngaps;
} rfunc;

typedef struct rinput {
  char *origin, *source, *opt, *target, *producer; /* NULL when absent */
} rinput;

struct gc_report {
  gc_view_kind view;
  char *hw_name, *hw_kind; /* NULL without a model */
  char *no_hw_reason;
  gc_binding *bindings; /* effective user bindings (names owned) */
  size_t nbindings;
  rinput *inputs;
  size_t ninputs;
  rfunc *funcs;
  size_t nfuncs;
  rsum total;
};

/* Human units (report_units.c). buf gets "268 MFLOP", "1.07 GB", "2.3 mJ", "1.2
 * ms" (3 significant digits). */
void gc_report_si(char *buf, size_t cap, double v, const char *unit);
/* A gc_range in unit: "2.3 mJ", "0 J .. 2.3 mJ", or "unknown (reason)". */
void gc_rep_range(char *buf, size_t cap, const gc_range *r, const char *unit);
/* A count quantity, short: "268 MFLOP", "0 .. 268 MFLOP", "2*M*N*K" (symbolic),
 * "unknown (reason)". */
void gc_rep_qty_short(char *buf, size_t cap, const rq *q, const char *unit);
/* A count quantity, long: "2*M*N*K = 268435456 (268 MFLOP)". */
void gc_rep_qty_long(char *buf, size_t cap, const rq *q, const char *unit);

/* A source line for display: its number, or "?" when the profile has none (0).
 * buf holds at least 16 bytes. */
const char *gc_rep_line(char *buf, unsigned line);

/* Energy upper bound of a summary for sorting and thresholds; -1 when unknown.
 */
double gc_rep_energy_hi(const rsum *s);

int gc_rep_write_text(FILE *out, const gc_report *r, const gc_report_style *st,
                      gc_error *err);
int gc_rep_write_json(FILE *out, const gc_report *r, gc_error *err);
int gc_rep_write_md(FILE *out, const gc_report *r, const gc_report_style *st,
                    gc_error *err);
int gc_rep_write_sarif(FILE *out, const gc_report *r, const gc_report_style *st,
                       gc_error *err);
int gc_rep_write_html(FILE *out, const gc_report *r, const gc_report_style *st,
                      gc_error *err);

#endif
