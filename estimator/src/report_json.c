/* report_json.c: the JSON report (schema "greenc_report": 1, documented in
 * docs/report-json.md), built with jansson. Counts are exact JSON integers (a
 * decimal string when beyond 64 bits); energy and time are doubles. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/ops.h"
#include "greenc/version.h"
#include "json_arena.h"
#include "report_impl.h"

/* Exact decimal -> JSON integer when it fits in 64 bits, else the string
 * itself. */
static json_t *exact(const char *dec) {
  if (!dec)
    return json_null();
  char *end = NULL;
  errno = 0;
  long long v = strtoll(dec, &end, 10);
  if (*dec && *end == '\0' && errno != ERANGE)
    return json_integer(v);
  return json_string(dec);
}

static json_t *str_or_null(const char *s) {
  return s ? json_string(s) : json_null();
}

static json_t *qty(const rq *q) {
  json_t *o = json_object();
  json_object_set_new(o, "status",
                      json_string(gc_count_status_name(q->status)));
  json_object_set_new(o, "formula", str_or_null(q->formula));
  if (q->status == GC_COUNT_RANGE)
    json_object_set_new(o, "formula_lo", str_or_null(q->formula_lo));
  if (q->numeric && q->status != GC_COUNT_UNKNOWN) {
    if (q->status == GC_COUNT_EXACT) {
      json_object_set_new(o, "value", exact(q->lo_str));
    } else {
      json_object_set_new(o, "lo", exact(q->lo_str));
      json_object_set_new(o, "hi", exact(q->hi_str));
    }
  } else {
    json_object_set_new(o, "value", json_null());
  }
  if (q->reason && q->reason[0])
    json_object_set_new(o, "reason", json_string(q->reason));
  return o;
}

/* A double, or null when it is not finite. */
static json_t *num(double v) {
  return isfinite(v) ? json_real(v) : json_null();
}

static json_t *range(const gc_range *r) {
  json_t *o = json_object();
  /* JSON has no infinity or NaN: a known range that is not finite is written
   * as unknown (jansson would refuse the number). */
  int known = r->known && isfinite(r->lo) && isfinite(r->hi);
  json_object_set_new(o, "known", json_boolean(known));
  if (known) {
    json_object_set_new(o, "lo", json_real(r->lo));
    json_object_set_new(o, "hi", json_real(r->hi));
  }
  if (!known || r->reason[0])
    json_object_set_new(o, "reason",
                        json_string(r->reason[0] ? r->reason
                                    : !r->known  ? "unknown"
                                                 : "not a finite number"));
  return o;
}

static json_t *unknown_range(const char *why) {
  json_t *o = json_object();
  json_object_set_new(o, "known", json_false());
  json_object_set_new(o, "reason", json_string(why));
  return o;
}

static json_t *strings(char *const *s, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(s[i]));
  return a;
}

static json_t *estimate(const rsum *s) {
  json_t *o = json_object();
  if (!s->estimated) {
    const char *why = s->est_fail ? s->est_fail : "not estimated";
    json_object_set_new(o, "energy_j", unknown_range(why));
    json_object_set_new(o, "time_s", unknown_range(why));
    json_object_set_new(o, "carbon_g", unknown_range(why));
    return o;
  }
  const gc_estimate *e = &s->est;
  json_object_set_new(o, "energy_j", range(&e->energy_j));
  json_object_set_new(o, "energy_compute_j", range(&e->energy_compute_j));
  json_object_set_new(o, "energy_memory_j", range(&e->energy_memory_j));
  json_object_set_new(o, "energy_static_j", range(&e->energy_static_j));
  json_object_set_new(o, "time_s", range(&e->time_s));
  json_object_set_new(o, "time_compute_s", range(&e->time_compute_s));
  json_object_set_new(o, "time_memory_s", range(&e->time_memory_s));
  if (e->bound[0]) {
    json_object_set_new(o, "time_latency_s", range(&e->time_latency_s));
    json_object_set_new(o, "time_bound", json_string(e->bound));
  }
  json_object_set_new(o, "carbon_g", range(&e->carbon_g));
  json_object_set_new(o, "grid_g_per_kwh", num(e->grid_g_per_kwh));
  json_t *lv = json_array();
  for (size_t i = 0; i < e->nlevels && i < GC_EST_MAX_LEVELS; i++) {
    json_t *l = json_object();
    json_object_set_new(l, "name", str_or_null(e->level[i].name));
    json_object_set_new(l, "bytes", range(&e->level[i].bytes));
    json_object_set_new(l, "energy_j", range(&e->level[i].energy_j));
    json_array_append_new(lv, l);
  }
  json_object_set_new(o, "levels", lv);
  json_t *tags = json_object();
  for (int t = 0; t < 4; t++)
    json_object_set_new(tags, gc_tag_name((gc_tag)t), num(e->tag_share[t]));
  json_object_set_new(o, "tag_share", tags);
  if (e->missing[0])
    json_object_set_new(o, "missing", json_string(e->missing));
  return o;
}

static json_t *summary(const rsum *s, int with_rows) {
  json_t *o = json_object();
  json_object_set_new(o, "counted", json_boolean(s->counted));
  if (!s->counted) {
    json_object_set_new(o, "reason",
                        json_string(s->fail ? s->fail : "not counted"));
    return o;
  }
  json_object_set_new(o, "status",
                      json_string(gc_count_status_name(s->status)));
  for (int t = 0; t < GC_TOTAL_COUNT_; t++)
    json_object_set_new(o, gc_total_name((gc_total)t), qty(&s->tot[t]));
  json_object_update_new(o, estimate(s));
  json_object_set_new(o, "unbound", strings(s->unbound, s->nunbound));
  json_object_set_new(o, "notes", strings(s->notes, s->nnotes));
  if (with_rows) {
    json_t *rows = json_array();
    for (size_t i = 0; i < s->nrows; i++) {
      const rrow *r = &s->rows[i];
      json_t *row = json_object();
      json_object_set_new(row, "op", json_string(gc_op_name(r->op)));
      if (r->ty != GC_TY_NONE)
        json_object_set_new(row, "ty", json_string(gc_ty_name(r->ty)));
      json_object_set_new(row, "lanes", json_integer(r->lanes));
      if (gc_op_is_int(r->op))
        json_object_set_new(
            row, "role",
            json_string(r->role == GC_ROLE_ADDR ? "addr" : "data"));
      if (r->callee)
        json_object_set_new(row, r->op == GC_OP_OTHER ? "what" : "callee",
                            json_string(r->callee));
      json_object_set_new(row, "n", qty(&r->n));
      if (gc_op_is_memory(r->op))
        json_object_set_new(row, "bytes", qty(&r->bytes));
      json_array_append_new(rows, row);
    }
    json_object_set_new(o, "ops", rows);
  }
  return o;
}

static json_t *loop(const rloop *l) {
  json_t *o = json_object();
  json_object_set_new(o, "id", json_integer(l->id));
  json_object_set_new(o, "parent", json_integer(l->parent));
  json_object_set_new(o, "depth", json_integer(l->depth));
  json_object_set_new(o, "line", json_integer(l->line));
  json_object_set_new(o, "col", json_integer(l->col));
  json_object_set_new(o, "iv", str_or_null(l->iv));
  json_object_set_new(o, "trip", str_or_null(l->trip));
  json_object_set_new(o, "status", json_string(gc_loop_status_name(l->status)));
  if (l->trip_max)
    json_object_set_new(o, "trip_max", json_string(l->trip_max));
  if (l->reason)
    json_object_set_new(o, "reason", json_string(l->reason));
  if (l->has_sum)
    json_object_set_new(o, "nest", summary(&l->sum, 0));
  return o;
}

static json_t *function(const rfunc *f) {
  json_t *o = json_object();
  json_object_set_new(o, "name", json_string(f->name));
  json_object_set_new(o, "file", str_or_null(f->file));
  json_object_set_new(o, "line", json_integer(f->line));
  json_object_set_new(o, "origin", json_string(f->origin));
  if (f->view_missing)
    json_object_set_new(o, "view_missing", json_string(f->view_missing));
  json_object_set_new(o, "summary", summary(&f->sum, 1));
  json_t *loops = json_array();
  for (size_t i = 0; i < f->nloops; i++)
    json_array_append_new(loops, loop(&f->loops[i]));
  json_object_set_new(o, "loops", loops);
  json_t *cov = json_object();
  json_object_set_new(cov, "insts",
                      f->insts >= 0 ? json_integer(f->insts) : json_null());
  json_object_set_new(cov, "insts_exact",
                      f->insts_exact >= 0 ? json_integer(f->insts_exact)
                                          : json_null());
  json_t *gaps = json_array();
  for (size_t i = 0; i < f->ngaps; i++) {
    json_t *g = json_object();
    json_object_set_new(g, "line", json_integer(f->gaps[i].line));
    json_object_set_new(g, "reason", json_string(f->gaps[i].reason));
    json_array_append_new(gaps, g);
  }
  json_object_set_new(cov, "unknown", gaps);
  json_object_set_new(o, "coverage", cov);
  return o;
}

/* The document; with summaries_only, functions have their name, place and
 * summary without op rows, and there are no inputs or total. */
static json_t *document(const gc_report *r, int summaries_only) {
  json_t *o = json_object();
  json_object_set_new(o, "greenc_report", json_integer(GC_REPORT_SCHEMA));
  json_object_set_new(o, "producer", json_string("greenc " GC_VERSION_STRING));
  json_object_set_new(o, "view", json_string(gc_view_kind_name(r->view)));
  json_t *hw = json_object();
  json_object_set_new(hw, "name", str_or_null(r->hw_name));
  json_object_set_new(hw, "kind", str_or_null(r->hw_kind));
  if (!r->hw_name)
    json_object_set_new(
        hw, "reason",
        json_string(r->no_hw_reason ? r->no_hw_reason : "no hardware model"));
  json_object_set_new(o, "hw", hw);
  json_t *b = json_object();
  for (size_t i = 0; i < r->nbindings; i++)
    json_object_set_new(b, r->bindings[i].name,
                        json_integer(r->bindings[i].value));
  json_object_set_new(o, "params", b);
  if (summaries_only) {
    json_t *fs = json_array();
    for (size_t i = 0; i < r->nfuncs; i++) {
      const rfunc *f = &r->funcs[i];
      json_t *fo = json_object();
      json_object_set_new(fo, "name", json_string(f->name));
      json_object_set_new(fo, "file", str_or_null(f->file));
      json_object_set_new(fo, "line", json_integer(f->line));
      json_object_set_new(fo, "origin", json_string(f->origin));
      json_object_set_new(fo, "summary", summary(&f->sum, 0));
      json_array_append_new(fs, fo);
    }
    json_object_set_new(o, "functions", fs);
    return o;
  }
  json_t *ins = json_array();
  for (size_t i = 0; i < r->ninputs; i++) {
    json_t *in = json_object();
    json_object_set_new(in, "origin", str_or_null(r->inputs[i].origin));
    json_object_set_new(in, "source", str_or_null(r->inputs[i].source));
    json_object_set_new(in, "opt", str_or_null(r->inputs[i].opt));
    json_object_set_new(in, "target", str_or_null(r->inputs[i].target));
    json_object_set_new(in, "producer", str_or_null(r->inputs[i].producer));
    json_array_append_new(ins, in);
  }
  json_object_set_new(o, "inputs", ins);
  json_t *fs = json_array();
  for (size_t i = 0; i < r->nfuncs; i++)
    json_array_append_new(fs, function(&r->funcs[i]));
  json_object_set_new(o, "functions", fs);
  json_object_set_new(o, "total", summary(&r->total, 1));
  return o;
}

static int make_doc(json_t **out, const gc_report *r, int summaries_only,
                    gc_error *err) {
  if (!out || !r)
    return gc_error_set(err, GC_EINVAL, "gc_report_json: NULL");
  *out = document(r, summaries_only);
  return *out ? GC_OK
              : gc_error_set(err, GC_ENOMEM,
                             "out of memory building the JSON report");
}

int gc_report_json(json_t **out, const gc_report *r, gc_error *err) {
  return make_doc(out, r, 0, err);
}

int gc_report_json_summaries(json_t **out, const gc_report *r, gc_error *err) {
  return make_doc(out, r, 1, err);
}

int gc_report_json_text(char **out, const gc_report *r, gc_error *err) {
  *out = NULL;
  /* The document lives only to be printed: built in an arena, dropped with it
   * (json_arena.h), printed with the heap's allocations. */
  gc_json_arena *a = gc_json_arena_new((size_t)64 << 10);
  if (!a)
    return gc_error_set(err, GC_ENOMEM, "out of memory");
  json_t *doc = NULL;
  gc_json_arena *outer = gc_json_arena_use(a);
  int rc = gc_report_json(&doc, r, err);
  gc_json_arena_use(outer);
  if (rc == GC_OK &&
      !(*out = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12))))
    rc = gc_error_set(err, GC_ENOMEM, "out of memory writing the JSON report");
  gc_json_arena_free(a); /* doc with it */
  return rc;
}

int gc_rep_write_json(FILE *out, const gc_report *r, gc_error *err) {
  char *text = NULL;
  int rc = gc_report_json_text(&text, r, err);
  if (rc != GC_OK)
    return rc;
  fputs(text, out);
  fputc('\n', out);
  free(text);
  return ferror(out)
             ? gc_error_set(err, GC_EIO, "writing the JSON report failed")
             : GC_OK;
}
