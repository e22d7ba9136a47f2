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
  drv_report_req fn_req = *req; /* only functions are compared */
  fn_req.functions_only = 1;
  int b = drv_build_report(&r, &hw, set, &fn_req, prog);
  if (b != 0) {
    rc = b == -2 ? EXIT_USAGE : EXIT_FAIL;
    goto done;
  }
  gc_error err = {0};
  if (gc_report_json_summaries(out, r, &err) != GC_OK) {
    fprintf(stderr, "%s: error: %s\n", prog, err.msg);
    goto done;
  }
  rc = EXIT_OK;
done:
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

/* A function's FLOPs formula, NULL when none. */
static const char *flops_formula(const json_t *fn) {
  const json_t *q = json_object_get(json_object_get(fn, "summary"), "flops");
  return json_string_value(json_object_get(q, "formula"));
}

static double bytes_of(const json_t *fn) {
  return figure(fn, "bytes_loaded") + figure(fn, "bytes_stored");
}

/* The functions of a report by name (the first of a name wins), so that
 * matching thousands of functions is not quadratic. NULL when out of memory;
 * the caller releases it with json_decref. */
static json_t *fn_index(const json_t *doc) {
  json_t *idx = json_object();
  const json_t *fs = json_object_get(doc, "functions");
  size_t i;
  json_t *f;
  json_array_foreach(fs, i, f) {
    const char *n = json_string_value(json_object_get(f, "name"));
    if (idx && n && !json_object_get(idx, n) && json_object_set(idx, n, f)) {
      json_decref(idx);
      return NULL;
    }
  }
  return idx;
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

/* Markdown cell text: pipes escaped, newlines removed. */
static void md_cell(FILE *out, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|')
      fputs("\\|", out);
    else if (*s == '\n')
      fputc(' ', out);
    else
      fputc(*s, out);
  }
}

/* A row's figure from the diff JSON: base and head (NAN when null). */
static void md_pair(const json_t *row, const char *key, double *a, double *b) {
  const json_t *d = json_object_get(row, key);
  const json_t *x = json_object_get(d, "base"), *y = json_object_get(d, "head");
  *a = json_is_number(x) ? json_number_value(x) : NAN;
  *b = json_is_number(y) ? json_number_value(y) : NAN;
}

static double md_key(const json_t *row) {
  double a, b;
  md_pair(row, "energy_j", &a, &b);
  double p = pct(a, b);
  return isnan(p) ? -1 : fabs(p);
}

static int md_by_change(const void *x, const void *y) {
  double a = md_key(*(json_t *const *)x), b = md_key(*(json_t *const *)y);
  return a < b ? 1 : a > b ? -1 : 0;
}

/* The comparison as Markdown for a pull-request comment: the functions by the
 * size of their energy change, with deltas and FLOPs formulas, added and
 * removed functions, the --fail-above verdict, and a Mermaid chart of energy
 * (head as bars, base as a line) for the functions known on both sides. */
static void write_md(FILE *out, const json_t *jout, const json_t *a,
                     double fail_above) {
  const json_t *rows = json_object_get(jout, "functions"), *row;
  size_t n = json_array_size(rows), i;
  json_t **order = calloc(n ? n : 1, sizeof *order);
  fputs("## greenc: energy changes\n\n", out);
  fprintf(out, "Base `%s`, head `%s`",
          json_string_value(json_object_get(jout, "base")),
          json_string_value(json_object_get(jout, "head")));
  const char *hw =
      json_string_value(json_object_get(json_object_get(a, "hw"), "name"));
  const char *view = json_string_value(json_object_get(a, "view"));
  fprintf(out, "; hardware %s, %s view", hw ? hw : "none (energy unknown)",
          view ? view : "?");
  const json_t *params = json_object_get(a, "params");
  if (json_object_size(params)) {
    const char *k;
    const json_t *v;
    fputs(", params", out);
    json_object_foreach((json_t *)params, k, v) fprintf(
        out, " `%s=%" JSON_INTEGER_FORMAT "`", k, json_integer_value(v));
  }
  fputs(".\n\n", out);
  if (!order) {
    fputs("(out of memory)\n", out);
    return;
  }
  json_array_foreach(rows, i, row) order[i] = (json_t *)row;
  qsort(order, n, sizeof *order, md_by_change);
  size_t above = 0;
  if (n) {
    fputs("| function | energy | change | FLOPs | FLOPs formula | bytes | time "
          "|\n|---|---|---|---|---|---|---|\n",
          out);
    for (i = 0; i < n; i++) {
      row = order[i];
      double ea, eb, fa, fb, ba, bb, ta, tb;
      char c[160];
      md_pair(row, "energy_j", &ea, &eb);
      md_pair(row, "flops", &fa, &fb);
      md_pair(row, "bytes", &ba, &bb);
      md_pair(row, "time_s", &ta, &tb);
      int over = json_is_true(json_object_get(row, "above_threshold"));
      above += over;
      fputs("| `", out);
      md_cell(out, json_string_value(json_object_get(row, "name")));
      fputs("` | ", out);
      cell(c, sizeof c, ea, eb, "J");
      md_cell(out, c);
      double p = pct(ea, eb);
      const char *on = "energy";
      if (isnan(p)) {
        p = pct(fa, fb);
        on = "FLOPs";
      }
      if (isnan(p))
        fputs(" | unknown", out);
      else if (isinf(p))
        fprintf(out, " | new %s", on);
      else
        fprintf(out, " | %s%+.1f%% %s%s", over ? "**" : "", p, on,
                over ? "** :warning:" : "");
      fputs(" | ", out);
      cell(c, sizeof c, fa, fb, "FLOP");
      md_cell(out, c);
      fputs(" | ", out);
      const json_t *fl =
          json_object_get(json_object_get(row, "flops"), "formula");
      const char *f1 = json_string_value(json_object_get(fl, "base")),
                 *f2 = json_string_value(json_object_get(fl, "head"));
      if (f1 && f2 && strcmp(f1, f2) == 0) {
        fputc('`', out);
        md_cell(out, f2);
        fputc('`', out);
      } else {
        fputs(f1 ? "`" : "unknown", out);
        md_cell(out, f1);
        fputs(f1 ? "` → " : " → ", out);
        fputs(f2 ? "`" : "unknown", out);
        md_cell(out, f2);
        fputs(f2 ? "`" : "", out);
      }
      fputs(" | ", out);
      cell(c, sizeof c, ba, bb, "B");
      md_cell(out, c);
      fputs(" | ", out);
      cell(c, sizeof c, ta, tb, "s");
      md_cell(out, c);
      fputs(" |\n", out);
    }
  } else {
    fputs("No function is in both builds.\n", out);
  }
  const char *lists[2] = {"added", "removed"};
  for (int k = 0; k < 2; k++) {
    const json_t *l = json_object_get(jout, lists[k]), *v;
    if (!json_array_size(l))
      continue;
    fprintf(out, "\n%s %s:", k ? "Removed" : "Added",
            json_array_size(l) == 1 ? "function" : "functions");
    json_array_foreach(l, i, v) {
      fputs(" `", out);
      md_cell(out, json_string_value(v));
      fputc('`', out);
    }
    fputc('\n', out);
  }
  if (fail_above >= 0)
    fprintf(out, "\n**Gate** (`--fail-above %g`): %s.\n", fail_above,
            above ? "a change above the threshold (exit status 3)"
                  : "no change above the threshold");
  /* The chart: functions known on both sides, the 12 largest head energies'
   * order kept from the table; one unit for all. */
  double emax = 0;
  size_t nchart = 0;
  for (i = 0; i < n && nchart < 12; i++) {
    double ea, eb;
    md_pair(order[i], "energy_j", &ea, &eb);
    if (isfinite(ea) && isfinite(eb)) {
      emax = fmax(emax, fmax(ea, eb));
      order[nchart++] = order[i];
    }
  }
  if (nchart && emax > 0) {
    static const struct {
      const char *name;
      double scale;
    } units[] = {{"J", 1}, {"mJ", 1e3}, {"uJ", 1e6}, {"nJ", 1e9}, {"pJ", 1e12}};
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof *units && emax * units[u].scale < 1)
      u++;
    fprintf(out,
            "\n```mermaid\nxychart-beta\n  title \"Energy by function (%s): "
            "bars head, line base\"\n  x-axis [",
            units[u].name);
    for (i = 0; i < nchart; i++) {
      fputs(i ? ", \"" : "\"", out);
      for (const char *p = json_string_value(json_object_get(order[i], "name"));
           p && *p; p++)
        if (*p != '"' && *p != '\n')
          fputc(*p, out);
      fputc('"', out);
    }
    fprintf(out, "]\n  y-axis \"energy (%s)\"\n", units[u].name);
    for (int side = 1; side >= 0; side--) {
      fputs(side ? "  bar [" : "  line [", out);
      for (i = 0; i < nchart; i++) {
        double ea, eb;
        md_pair(order[i], "energy_j", &ea, &eb);
        fprintf(out, "%s%.6f", i ? ", " : "",
                (side ? eb : ea) * units[u].scale);
      }
      fputs("]\n", out);
    }
    fputs("```\n", out);
  }
  free(order);
}

int drv_diff(const char *base, const char *head, const drv_report_req *req,
             double fail_above, const char *prog) {
  json_t *a = NULL, *b = NULL, *jout = NULL, *ia = NULL, *ib = NULL;
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
  int as_json = req->fmt == GC_REPORT_JSON, as_md = req->fmt == GC_REPORT_MD;
  if (!as_json && !as_md && req->fmt != GC_REPORT_TEXT) {
    fprintf(stderr, "%s: error: diff writes text, json or md, not %s\n", prog,
            gc_report_format_name(req->fmt));
    rc = EXIT_USAGE;
    goto done;
  }
  if (!(ia = fn_index(a)) || !(ib = fn_index(b))) {
    fprintf(stderr, "%s: error: out of memory\n", prog);
    rc = EXIT_FAIL;
    goto done;
  }
  json_t *rows = json_array(), *added = json_array(), *removed = json_array();
  jout = json_object();
  json_object_set_new(jout, "greenc_diff", json_integer(1));
  json_object_set_new(jout, "base", json_string(base));
  json_object_set_new(jout, "head", json_string(head));
  json_object_set_new(jout, "functions", rows);
  json_object_set_new(jout, "added", added);
  json_object_set_new(jout, "removed", removed);
  if (!as_json && !as_md)
    fprintf(out, "%-20s  %-34s  %-30s  %-28s  %s\n", "function", "FLOPs",
            "bytes", "energy", "time");
  const json_t *fs = json_object_get(a, "functions"), *f;
  size_t i;
  json_array_foreach(fs, i, f) {
    const char *name = json_string_value(json_object_get(f, "name"));
    if (!name)
      continue;
    const json_t *g = json_object_get(ib, name);
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
      if (k == 0) {
        const char *f1 = flops_formula(f), *f2 = flops_formula(g);
        json_t *fl = json_object();
        json_object_set_new(fl, "base", f1 ? json_string(f1) : json_null());
        json_object_set_new(fl, "head", f2 ? json_string(f2) : json_null());
        json_object_set_new(d, "formula", fl);
      }
      json_object_set_new(row, keys[k], d);
    }
    json_object_set_new(row, "gated_on", json_string(gate_on));
    json_object_set_new(row, "above_threshold", json_boolean(over));
    json_array_append_new(rows, row);
    if (!as_json && !as_md) {
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
    if (name && !json_object_get(ia, name))
      json_array_append_new(added, json_string(name));
  }
  if (as_md) {
    write_md(out, jout, a, fail_above);
  } else if (as_json) {
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
  json_decref(ia);
  json_decref(ib);
  json_decref(a);
  json_decref(b);
  return rc;
}
