/* diff.c: `greenc diff`: both sides become JSON reports (read as such, or built
 * from objects with the same hardware model and params), then functions are
 * matched by name and their figures compared. */
#define _POSIX_C_SOURCE 200809L
#include "diff.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
  EXIT_OK = 0,
  EXIT_INPUT = 1,
  EXIT_USAGE = 2,
  EXIT_THRESHOLD = 3,
  EXIT_FAIL = 4
};

/* s and blanks up to w display columns (UTF-8 continuation bytes take none),
 * then two more. */
static void pad(FILE *out, const char *s, int w) {
  int n = 0;
  for (const char *p = s; *p; p++)
    n += ((unsigned char)*p & 0xC0) != 0x80;
  fputs(s, out);
  for (; n < w + 2; n++)
    fputc(' ', out);
}

/* One side as a JSON report. Returns an exit code; *out owned by the caller. */
static int side(json_t **out, const char *path, const drv_report_req *req,
                const char *prog) {
  int rc = EXIT_FAIL;
  gc_profile_set *set = NULL;
  gc_report *r = NULL;
  gc_hw *hw = NULL;
  char *text = NULL;
  size_t nfailed = 0;
  struct stat sb;
  *out = NULL;
  if (stat(path, &sb) != 0) {
    fprintf(stderr, "%s: error: %s: %s\n", prog, path, strerror(errno));
    return EXIT_INPUT;
  }
  if (S_ISREG(sb.st_mode)) {
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (doc && json_is_object(doc) && json_object_get(doc, "greenc_report")) {
      json_t *v = json_object_get(doc, "greenc_report");
      if (!json_is_integer(v) || json_integer_value(v) > GC_REPORT_SCHEMA) {
        fprintf(stderr,
                "%s: error: %s: a JSON report of schema version %s, this "
                "greenc reads %d\n",
                prog, path, json_is_integer(v) ? "newer" : "unknown",
                GC_REPORT_SCHEMA);
        json_decref(doc);
        return EXIT_INPUT;
      }
      *out = doc;
      return EXIT_OK;
    }
    json_decref(doc);
  }
  /* Objects, archives, executables or a directory of them. */
  if (gc_profile_set_new(&set) != GC_OK ||
      drv_load(set, &nfailed, prog, &path, 1) != 0)
    goto done;
  if (nfailed) {
    rc = EXIT_INPUT;
    goto done;
  }
  int b = drv_build_report(&r, &hw, set, req, prog);
  if (b != 0) {
    rc = b == -2 ? EXIT_USAGE : EXIT_FAIL;
    goto done;
  }
  gc_error err = {0};
  if (gc_report_json_text(&text, r, &err) != GC_OK) {
    fprintf(stderr, "%s: error: %s\n", prog, err.msg);
    goto done;
  }
  json_error_t jerr;
  if (!(*out = json_loads(text, 0, &jerr))) {
    fprintf(stderr, "%s: error: internal: report JSON unreadable: %s\n", prog,
            jerr.text);
    goto done;
  }
  rc = EXIT_OK;
done:
  free(text);
  gc_report_free(r);
  gc_hw_free(hw);
  gc_profile_set_free(set);
  return rc;
}

/* A figure of a function's summary: counts ("flops", "bytes_loaded" ...) by
 * exact value, estimates ("energy_j", "time_s") by the middle of their range.
 * NAN when unknown. */
static double figure(const json_t *fn, const char *key) {
  const json_t *s = json_object_get(fn, "summary");
  const json_t *q = json_object_get(s, key);
  if (!q)
    return NAN;
  if (json_object_get(q, "known")) {
    if (!json_is_true(json_object_get(q, "known")))
      return NAN;
    return (json_number_value(json_object_get(q, "lo")) +
            json_number_value(json_object_get(q, "hi"))) /
           2;
  }
  const json_t *v = json_object_get(q, "value");
  if (json_is_integer(v))
    return (double)json_integer_value(v);
  if (json_is_string(v))
    return strtod(json_string_value(v), NULL);
  return NAN;
}

static double bytes_of(const json_t *fn) {
  return figure(fn, "bytes_loaded") + figure(fn, "bytes_stored");
}

static const json_t *find_fn(const json_t *doc, const char *name) {
  const json_t *fs = json_object_get(doc, "functions");
  size_t i;
  const json_t *f;
  json_array_foreach(fs, i, f) {
    const char *n = json_string_value(json_object_get(f, "name"));
    if (n && strcmp(n, name) == 0)
      return f;
  }
  return NULL;
}

static double pct(double a, double b) {
  if (isnan(a) || isnan(b))
    return NAN;
  if (a == 0)
    return b == 0 ? 0 : INFINITY;
  return (b - a) / a * 100;
}

static void cell(char *buf, size_t cap, double a, double b, const char *unit) {
  char sa[64], sb[64];
  if (isnan(a) && isnan(b)) {
    snprintf(buf, cap, "unknown");
    return;
  }
  if (isnan(a))
    snprintf(sa, sizeof sa, "unknown");
  else
    gc_report_si(sa, sizeof sa, a, unit);
  if (isnan(b))
    snprintf(sb, sizeof sb, "unknown");
  else
    gc_report_si(sb, sizeof sb, b, unit);
  double p = pct(a, b);
  if (isnan(p))
    snprintf(buf, cap, "%s -> %s", sa, sb);
  else if (isinf(p))
    snprintf(buf, cap, "%s -> %s (new)", sa, sb);
  else
    snprintf(buf, cap, "%s -> %s (%+.1f%%)", sa, sb, p);
}

int drv_diff(const char *base, const char *head, const drv_report_req *req,
             double fail_above, const char *prog) {
  json_t *a = NULL, *b = NULL, *jout = NULL;
  FILE *out = NULL;
  int rc = side(&a, base, req, prog), worst_input = EXIT_OK, exceeded = 0;
  if (rc == EXIT_INPUT && a)
    worst_input = EXIT_INPUT;
  else if (rc != EXIT_OK)
    goto done;
  rc = side(&b, head, req, prog);
  if (rc == EXIT_INPUT && b)
    worst_input = EXIT_INPUT;
  else if (rc != EXIT_OK)
    goto done;
  int to_stream = !req->out_path || strcmp(req->out_path, "-") == 0;
  out = to_stream ? req->stream : fopen(req->out_path, "w");
  if (!out) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", prog, req->out_path,
            strerror(errno));
    rc = EXIT_FAIL;
    goto done;
  }
  int as_json = req->fmt == GC_REPORT_JSON;
  json_t *rows = json_array(), *added = json_array(), *removed = json_array();
  jout = json_object();
  json_object_set_new(jout, "greenc_diff", json_integer(1));
  json_object_set_new(jout, "base", json_string(base));
  json_object_set_new(jout, "head", json_string(head));
  json_object_set_new(jout, "functions", rows);
  json_object_set_new(jout, "added", added);
  json_object_set_new(jout, "removed", removed);
  if (!as_json)
    fprintf(out, "%-20s  %-34s  %-30s  %-28s  %s\n", "function", "FLOPs",
            "bytes", "energy", "time");
  const json_t *fs = json_object_get(a, "functions"), *f;
  size_t i;
  json_array_foreach(fs, i, f) {
    const char *name = json_string_value(json_object_get(f, "name"));
    if (!name)
      continue;
    const json_t *g = find_fn(b, name);
    if (!g) {
      json_array_append_new(removed, json_string(name));
      continue;
    }
    double fa = figure(f, "flops"), fb = figure(g, "flops"), ba = bytes_of(f),
           bb = bytes_of(g);
    double ea = figure(f, "energy_j"), eb = figure(g, "energy_j"),
           ta = figure(f, "time_s"), tb = figure(g, "time_s");
    double gate = pct(ea, eb);
    const char *gate_on = "energy";
    if (isnan(gate)) {
      gate = pct(fa, fb);
      gate_on = "flops";
    }
    int over = fail_above >= 0 && !isnan(gate) && gate > fail_above;
    exceeded |= over;
    json_t *row = json_object();
    json_object_set_new(row, "name", json_string(name));
    const char *keys[4] = {"flops", "bytes", "energy_j", "time_s"};
    double va[4] = {fa, ba, ea, ta}, vb[4] = {fb, bb, eb, tb};
    for (int k = 0; k < 4; k++) {
      json_t *d = json_object();
      json_object_set_new(d, "base",
                          isfinite(va[k]) ? json_real(va[k]) : json_null());
      json_object_set_new(d, "head",
                          isfinite(vb[k]) ? json_real(vb[k]) : json_null());
      double p = pct(va[k], vb[k]);
      json_object_set_new(d, "change_pct",
                          isnan(p) || isinf(p) ? json_null() : json_real(p));
      json_object_set_new(row, keys[k], d);
    }
    json_object_set_new(row, "gated_on", json_string(gate_on));
    json_object_set_new(row, "above_threshold", json_boolean(over));
    json_array_append_new(rows, row);
    if (!as_json) {
      char c1[160], c2[160], c3[160], c4[160];
      cell(c1, sizeof c1, fa, fb, "FLOP");
      cell(c2, sizeof c2, ba, bb, "B");
      cell(c3, sizeof c3, ea, eb, "J");
      cell(c4, sizeof c4, ta, tb, "s");
      const char *cells[] = {name, c1, c2, c3};
      const int widths[] = {20, 34, 30, 28};
      for (int k = 0; k < 4; k++)
        pad(out, cells[k], widths[k]);
      fprintf(out, "%s%s\n", c4, over ? "  ABOVE THRESHOLD" : "");
    }
  }
  fs = json_object_get(b, "functions");
  json_array_foreach(fs, i, f) {
    const char *name = json_string_value(json_object_get(f, "name"));
    if (name && !find_fn(a, name))
      json_array_append_new(added, json_string(name));
  }
  if (as_json) {
    json_object_set_new(jout, "threshold_pct",
                        fail_above >= 0 ? json_real(fail_above) : json_null());
    json_object_set_new(jout, "exceeded", json_boolean(exceeded));
    json_dumpf(jout, out, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
    fputc('\n', out);
  } else {
    json_array_foreach(added, i, f)
        fprintf(out, "added    %s\n", json_string_value(f));
    json_array_foreach(removed, i, f)
        fprintf(out, "removed  %s\n", json_string_value(f));
  }
  if (exceeded)
    fprintf(stderr, "%s: a change above %g%% (--fail-above)\n", prog,
            fail_above);
  rc = exceeded ? EXIT_THRESHOLD : worst_input;
done:
  if (out && out != req->stream)
    fclose(out);
  json_decref(jout);
  json_decref(a);
  json_decref(b);
  return rc;
}
