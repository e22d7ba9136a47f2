/* report_units.c: human-readable numbers for the report writers: SI prefixes
 * with three significant digits
 * ("1.07 GFLOP", "2.3 mJ", "1.2 ms"), ranges, and counts shown with their
 * formulas. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report_impl.h"

void gc_report_si(char *buf, size_t cap, double v, const char *unit) {
  static const char *const up[] = {"", "k", "M", "G", "T", "P", "E", "Z"};
  static const char *const down[] = {"", "m", "\xc2\xb5", "n", "p", "f", "a"};
  if (isnan(v)) {
    snprintf(buf, cap, "unknown");
    return;
  }
  if (isinf(v)) {
    snprintf(buf, cap, "%sinf %s", v < 0 ? "-" : "", unit);
    return;
  }
  if (v == 0) {
    snprintf(buf, cap, "0 %s", unit);
    return;
  }
  double a = fabs(v);
  const char *prefix = "";
  if (a >= 1) {
    size_t i = 0;
    while (a >= 999.5 && i + 1 < sizeof up / sizeof *up) {
      a /= 1000;
      i++;
    }
    prefix = up[i];
    if (i == 0 && a == floor(a)) {
      snprintf(buf, cap, "%s%.0f %s", v < 0 ? "-" : "", a, unit);
      return;
    }
  } else {
    size_t i = 0;
    while (a < 0.9995 && i + 1 < sizeof down / sizeof *down) {
      a *= 1000;
      i++;
    }
    prefix = down[i];
  }
  snprintf(buf, cap, "%s%.3g %s%s", v < 0 ? "-" : "", a, prefix, unit);
}

void gc_rep_range(char *buf, size_t cap, const gc_range *r, const char *unit) {
  if (!r->known) {
    snprintf(buf, cap, "unknown (%s)",
             r->reason[0] ? r->reason : "no reason given");
    return;
  }
  char lo[64], hi[64];
  gc_report_si(lo, sizeof lo, r->lo, unit);
  if (r->lo == r->hi) {
    snprintf(buf, cap, "%s", lo);
    return;
  }
  gc_report_si(hi, sizeof hi, r->hi, unit);
  snprintf(buf, cap, "%s .. %s", lo, hi);
}

static const char *why(const rq *q) {
  return q->reason && q->reason[0] ? q->reason : "no reason given";
}

void gc_rep_qty_short(char *buf, size_t cap, const rq *q, const char *unit) {
  char lo[64], hi[64];
  if (q->status == GC_COUNT_UNKNOWN) {
    snprintf(buf, cap, "unknown (%s)", why(q));
  } else if (q->numeric) {
    gc_report_si(lo, sizeof lo, q->lo, unit);
    gc_report_si(hi, sizeof hi, q->hi, unit);
    if (q->status == GC_COUNT_EXACT || q->lo == q->hi)
      snprintf(buf, cap, "%s", lo);
    else
      snprintf(buf, cap, "%s .. %s", lo, hi);
  } else if (q->formula) {
    if (q->status == GC_COUNT_RANGE)
      snprintf(buf, cap, "%s .. %s", q->formula_lo ? q->formula_lo : "?",
               q->formula);
    else
      snprintf(buf, cap, "%s", q->formula);
  } else {
    snprintf(buf, cap, "unknown (%s)", why(q));
  }
}

/* 1 when the formula is just the number (nothing symbolic to show). */
static int formula_is_value(const char *formula, const char *value) {
  return !formula || (value && strcmp(formula, value) == 0);
}

void gc_rep_qty_long(char *buf, size_t cap, const rq *q, const char *unit) {
  char lo[64], hi[64];
  if (q->status == GC_COUNT_UNKNOWN) {
    if (q->formula)
      snprintf(buf, cap, "unknown (%s); at most %s", why(q), q->formula);
    else
      snprintf(buf, cap, "unknown (%s)", why(q));
    return;
  }
  if (q->status == GC_COUNT_EXACT) {
    if (q->numeric) {
      gc_report_si(lo, sizeof lo, q->lo, unit);
      /* "26 FLOP", not "26 (26 FLOP)": the exact digits only when the unit
       * form rounds them. */
      const char *digits = q->lo_str ? q->lo_str : "?";
      size_t nd = strlen(digits);
      int same = strncmp(lo, digits, nd) == 0 && lo[nd] == ' ';
      int value = formula_is_value(q->formula, q->lo_str);
      if (same)
        snprintf(buf, cap, "%s%s%s", value ? "" : q->formula,
                 value ? "" : " = ", lo);
      else if (value)
        snprintf(buf, cap, "%s (%s)", digits, lo);
      else
        snprintf(buf, cap, "%s = %s (%s)", q->formula, digits, lo);
    } else if (q->formula) {
      snprintf(buf, cap, "%s%s%s%s", q->formula, q->reason[0] ? " (" : "",
               q->reason, q->reason[0] ? ")" : "");
    } else {
      snprintf(buf, cap, "unknown (%s)", why(q));
    }
    return;
  }
  /* range */
  char f[512] = "";
  if (q->formula)
    snprintf(f, sizeof f, "%s .. %s", q->formula_lo ? q->formula_lo : "?",
             q->formula);
  if (q->numeric) {
    gc_report_si(lo, sizeof lo, q->lo, unit);
    gc_report_si(hi, sizeof hi, q->hi, unit);
    snprintf(buf, cap, "%s%s%s .. %s (%s .. %s)%s%s%s", f, f[0] ? " = " : "",
             q->lo_str ? q->lo_str : "?", q->hi_str ? q->hi_str : "?", lo, hi,
             q->reason[0] ? " (" : "", q->reason, q->reason[0] ? ")" : "");
  } else {
    snprintf(buf, cap, "%s%s%s%s", f[0] ? f : "unknown",
             q->reason[0] ? " (" : "", q->reason, q->reason[0] ? ")" : "");
  }
}

const char *gc_rep_line(char *buf, unsigned line) {
  if (!line)
    return "?";
  snprintf(buf, 16, "%u", line);
  return buf;
}
