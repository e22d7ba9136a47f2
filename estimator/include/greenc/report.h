/* greenc/report.h: a report of a set of profiles (counts, energy, time, carbon
 * per function and per loop nest) and its writers: text, JSON
 * (docs/report-json.md), Markdown, SARIF 2.1.0, HTML.
 *
 * gc_report_build() counts every function of the set (greenc/count.h) and, when
 * a hardware model is given, estimates it (greenc/estimate.h); the gc_report it
 * hands back is owned by the caller (gc_report_free) and does not reference the
 * set afterwards, but it does keep pointers into the gc_hw, which must outlive
 * it. Writers only read the report. A figure that cannot be computed is written
 * as unknown with its reason, never as a number. */
#ifndef GREENC_REPORT_H
#define GREENC_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "greenc/estimate.h"
#include "greenc/expr.h"
#include "greenc/hw.h"
#include "greenc/profile.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_report gc_report;

typedef enum gc_report_format {
  GC_REPORT_TEXT,
  GC_REPORT_JSON,
  GC_REPORT_MD,
  GC_REPORT_SARIF,
  GC_REPORT_HTML
} gc_report_format;

/* "text" "json" "md" (also "markdown") "sarif" "html"; GC_EINVAL for another
 * name. */
int gc_report_format_parse(gc_report_format *out, const char *name);
const char *gc_report_format_name(gc_report_format fmt);

#define GC_REPORT_SCHEMA                                                       \
  1 /* version of the JSON report (docs/report-json.md) */

typedef struct gc_report_opts {
  gc_view_kind view; /* counted view */
  const gc_binding
      *bindings; /* user bindings, override module params; may be NULL */
  size_t nbindings;
  const gc_hw *hw; /* NULL: counts only, every energy/time figure unknown ("no
                      hardware model") */
  const char
      *no_hw_reason;    /* with hw NULL: why there is none (copied), or NULL */
  gc_estimate_opts est; /* passed to gc_estimate_compute */
  unsigned threads;     /* count on up to this many threads (0 or 1: the
                           calling thread only); the report is the same */
  int functions_only;   /* 1: per-function figures only (no loop nest's or
                           whole set's figures: has_sum 0, total not counted),
                           for readers that compare functions (greenc diff) */
  int no_row_formulas;  /* 1: rows' quantities without formula text (only the
                           JSON report shows them; see gc_count_opts) */
} gc_report_opts;

/* Count (and estimate) every function of set. Fails only on invalid arguments
 * or memory (or when no thread can be started); a function whose counts fail
 * is kept with the reason. The set and the model are only read, from several
 * threads when opts->threads > 1. */
int gc_report_build(gc_report **out, const gc_profile_set *set,
                    const gc_report_opts *opts, gc_error *err);
void gc_report_free(gc_report *r);

typedef struct gc_report_style {
  int color; /* text: ANSI colour (the caller decides: a TTY and no NO_COLOR) */
  double sarif_min_energy_j; /* SARIF: report loop nests whose energy upper
                                bound is at least this (0: all) */
  size_t md_top; /* Markdown: how many functions in the top table (0: 10) */
} gc_report_style;

/* Write r to out in fmt. style may be NULL (defaults). */
int gc_report_write(FILE *out, const gc_report *r, gc_report_format fmt,
                    const gc_report_style *style, gc_error *err);

/* The JSON report as a malloc'd NUL-terminated string (caller frees). */
int gc_report_json_text(char **out, const gc_report *r, gc_error *err);

/* The JSON report as a jansson document (a json_t object, <jansson.h>; the
 * caller releases it with json_decref): the same tree the text is written
 * from, for readers in the same process (greenc diff) without writing and
 * parsing text. */
struct json_t;
int gc_report_json(struct json_t **out, const gc_report *r, gc_error *err);
/* Its head (greenc_report, producer, view, hw, params) and its functions'
 * name, file, line, origin and summary (without "ops"): what a reader that
 * compares functions (greenc diff) uses, at a fraction of the cost. */
int gc_report_json_summaries(struct json_t **out, const gc_report *r,
                             gc_error *err);

/* v in human units into buf: "268 MFLOP", "1.07 GB", "2.3 mJ", "1.2 ms" (SI
 * prefix, 3 significant digits). */
void gc_report_si(char *buf, size_t cap, double v, const char *unit);

/* Number of functions, and how many of them could not be counted (for exit
 * codes). */
size_t gc_report_nfunctions(const gc_report *r);
size_t gc_report_nfailed(const gc_report *r);

#ifdef __cplusplus
}
#endif
#endif
