/* report_html.c: a self-contained HTML report (inline CSS and SVG, no scripts,
 * nothing fetched): a summary table, an SVG roofline (arithmetic intensity vs
 * attained FLOP/s, log-log), an SVG energy breakdown (compute, memory, static
 * per function) and per-function details with loop nests.
 *
 * The roof is the one the estimates themselves assumed on the chosen hardware:
 * each function's compute-time bound implies a peak (FLOPs / compute time) and
 * its memory-time bound a bandwidth (bytes / memory time), bytes being those of
 * the farthest memory level charged (DRAM, with the traffic model; the code's
 * loads and stores without levels); the roof drawn is the highest of each over
 * the plotted functions, so every point (FLOPs / bytes, FLOPs / time) lies on
 * or under it. Functions without numeric FLOPs,
 * bytes and times are counted as left out. test/lit/review/ renders the page in
 * headless Chromium and checks one point per kernel, under the roof. */
#include <math.h>
#include <string.h>

#include "greenc/version.h"
#include "report_impl.h"

static void esc(FILE *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '&':
      fputs("&amp;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    default:
      fputc(*s, out);
    }
  }
}

static void td_qty(FILE *out, const rsum *s, const rq *q, const char *unit) {
  char buf[1024];
  if (!s->counted)
    snprintf(buf, sizeof buf, "unknown (%s)",
             s->fail ? s->fail : "not counted");
  else
    gc_rep_qty_long(buf, sizeof buf, q, unit);
  fputs("<td>", out);
  esc(out, buf);
  fputs("</td>", out);
}

static void td_range(FILE *out, const rsum *s, const gc_range *r,
                     const char *unit) {
  char buf[512];
  if (!s->counted || !s->estimated)
    snprintf(buf, sizeof buf, "unknown (%s)",
             !s->counted   ? "not counted"
             : s->est_fail ? s->est_fail
                           : "?");
  else
    gc_rep_range(buf, sizeof buf, r, unit);
  fprintf(out, "<td class=\"%s\">",
          strncmp(buf, "unknown", 7) == 0 ? "unk" : "num");
  esc(out, buf);
  fputs("</td>", out);
}

/* The numbers a roofline point needs; 0 when some is missing. */
/* The bytes of the roofline's intensity: those of the farthest memory level
 * the estimate charged (DRAM with a traffic model; the level's name in *level),
 * else the code's loads and stores ("code"). */
static double roof_bytes(const rsum *s, const char **level) {
  size_t n = s->est.nlevels;
  if (n && n <= GC_EST_MAX_LEVELS && s->est.level[n - 1].bytes.known &&
      s->est.level[n - 1].name) {
    *level = s->est.level[n - 1].name;
    return s->est.level[n - 1].bytes.hi;
  }
  *level = "code";
  return s->bytes.numeric ? s->bytes.hi : 0;
}

static int point(const rsum *s, double *flops, double *bytes, double *tc,
                 double *tm, double *t, const char **level) {
  const rq *f = &s->tot[GC_TOTAL_FLOPS];
  if (!s->counted || !s->estimated || !f->numeric || !s->bytes.numeric ||
      f->status == GC_COUNT_UNKNOWN)
    return 0;
  if (!s->est.time_s.known || !s->est.time_compute_s.known ||
      !s->est.time_memory_s.known)
    return 0;
  *flops = f->hi;
  *bytes = roof_bytes(s, level);
  *tc = s->est.time_compute_s.hi;
  *tm = s->est.time_memory_s.hi;
  *t = s->est.time_s.hi;
  return *flops > 0 && *bytes > 0 && *t > 0;
}

#define ROOF_LABELS 12

static void roofline(FILE *out, const gc_report *r) {
  const double W = 640, H = 400, L = 70, R = 20, T = 20, B = 50;
  double peak = 0, bw = 0;
  const char *lv = NULL, *axis_level = NULL;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  size_t npts = 0;
  for (size_t i = 0; i < r->nfuncs; i++) {
    double f, b, tc, tm, t;
    if (!point(&r->funcs[i].sum, &f, &b, &tc, &tm, &t, &lv))
      continue;
    npts++;
    if (!axis_level)
      axis_level = lv;
    if (tc > 0 && f / tc > peak)
      peak = f / tc;
    if (tm > 0 && b / tm > bw)
      bw = b / tm;
    xmin = fmin(xmin, f / b);
    xmax = fmax(xmax, f / b);
    ymin = fmin(ymin, f / t);
    ymax = fmax(ymax, f / t);
  }
  fputs("<h2>Roofline</h2>\n", out);
  if (!npts || !(peak > 0) || !(bw > 0)) {
    fputs("<p>No roofline: no function has numeric FLOPs, bytes and time "
          "bounds (bind the sizes with "
          "<code>--param</code> and use a hardware model).</p>\n",
          out);
    return;
  }
  ymax = fmax(ymax, peak);
  double ridge = peak / bw;
  xmin = fmin(xmin, ridge);
  xmax = fmax(xmax, ridge);
  double lx0 = floor(log10(xmin)) - 1, lx1 = ceil(log10(xmax)) + 1;
  double ly0 = floor(log10(ymin)) - 1, ly1 = ceil(log10(ymax)) + 1;
#define SX(v) (L + (log10(v) - lx0) / (lx1 - lx0) * (W - L - R))
#define SY(v) (H - B - (log10(v) - ly0) / (ly1 - ly0) * (H - T - B))
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"roofline\" "
          "width=\"%.0f\" height=\"%.0f\" role=\"img\" "
          "aria-label=\"roofline\">\n",
          W, H);
  fprintf(out,
          "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" "
          "fill=\"none\" stroke=\"#888\"/>\n",
          L, T, W - L - R, H - T - B);
  for (double d = lx0; d <= lx1; d++)
    fprintf(out,
            "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" "
            "text-anchor=\"middle\">1e%.0f</text>\n"
            "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.0f\" y2=\"%.0f\" "
            "stroke=\"#eee\"/>\n",
            SX(pow(10, d)), H - B + 15, d, SX(pow(10, d)), SX(pow(10, d)), T,
            H - B);
  for (double d = ly0; d <= ly1; d++)
    fprintf(out,
            "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" "
            "text-anchor=\"end\">1e%.0f</text>\n"
            "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#eee\"/>\n",
            L - 5, SY(pow(10, d)) + 4, d, L, W - R, SY(pow(10, d)),
            SY(pow(10, d)));
  fprintf(out,
          "<text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" "
          "text-anchor=\"middle\">arithmetic intensity (FLOP per ",
          (L + W - R) / 2, H - 10);
  esc(out, axis_level);
  fputs(" byte)</text>\n", out);
  fprintf(out,
          "<text x=\"15\" y=\"%.0f\" font-size=\"12\" text-anchor=\"middle\" "
          "transform=\"rotate(-90 15 %.0f)\">"
          "FLOP/s</text>\n",
          (T + H - B) / 2, (T + H - B) / 2);
  /* The roof: bandwidth slope up to the ridge, then flat at peak. */
  /* The slope starts where it enters the plot (left edge or bottom). */
  double x0 = fmax(pow(10, lx0), pow(10, ly0) / bw), x1 = pow(10, lx1);
  fprintf(out,
          "<polyline class=\"roof\" fill=\"none\" stroke=\"#c33\" "
          "stroke-width=\"2\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
          SX(x0), SY(x0 * bw), SX(ridge), SY(peak), SX(x1), SY(peak));
  for (size_t i = 0; i < r->nfuncs; i++) {
    double f, b, tc, tm, t;
    if (!point(&r->funcs[i].sum, &f, &b, &tc, &tm, &t, &lv))
      continue;
    fprintf(out,
            "<circle class=\"kernel\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" "
            "fill=\"#26a\"><title>",
            SX(f / b), SY(f / t));
    esc(out, r->funcs[i].name);
    fputs("</title></circle>\n", out);
    /* Labels for the ROOF_LABELS most energetic points only (the others
     * keep their name as a tooltip): hundreds of labels are unreadable. */
    double e = gc_rep_energy_hi(&r->funcs[i].sum);
    size_t above = 0;
    for (size_t k = 0; k < r->nfuncs && above < ROOF_LABELS; k++)
      above += k != i && gc_rep_energy_hi(&r->funcs[k].sum) > e;
    if (above >= ROOF_LABELS)
      continue;
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", SX(f / b) + 6,
            SY(f / t) - 6);
    esc(out, r->funcs[i].name);
    fputs("</text>\n", out);
  }
  fputs("</svg>\n", out);
#undef SX
#undef SY
  char p[64], w[64];
  gc_report_si(p, sizeof p, peak, "FLOP/s");
  gc_report_si(w, sizeof w, bw, "B/s");
  fputs("<p class=\"note\">Roof: peak ", out);
  esc(out, p);
  fputs(" and ", out);
  esc(out, axis_level);
  fputs(" bandwidth ", out);
  esc(out, w);
  fprintf(out,
          ": the highest the estimates assumed on this hardware (compute and "
          "memory time bounds). %zu of %zu functions plotted",
          npts, r->nfuncs);
  fputs(npts < r->nfuncs
            ? "; the others lack numeric counts, time bounds or bytes at "
              "that level.</p>\n"
            : ".</p>\n",
        out);
}

/* Energy breakdown: one stacked bar per function of known energy, its compute,
 * memory and static energy (upper bounds, to one scale), with the figures
 * (ranges) beside it. */
static void breakdown(FILE *out, const gc_report *r) {
  static const char *const part[3] = {"compute", "memory", "static"};
  static const char *const colour[3] = {"#2a7", "#58c", "#db3"};
  const double L = 200, BARW = 420, ROW = 26, T = 30;
  double emax = 0;
  size_t n = 0;
  for (size_t i = 0; i < r->nfuncs; i++) {
    const rsum *s = &r->funcs[i].sum;
    if (gc_rep_energy_hi(s) < 0 || !s->est.energy_compute_j.known ||
        !s->est.energy_memory_j.known || !s->est.energy_static_j.known)
      continue;
    double e = s->est.energy_compute_j.hi + s->est.energy_memory_j.hi +
               s->est.energy_static_j.hi;
    emax = fmax(emax, e);
    n++;
  }
  fputs("<h2>Energy breakdown</h2>\n", out);
  if (!n || !(emax > 0) || !isfinite(emax)) {
    fputs("<p>No breakdown: no function has a known energy (bind the sizes "
          "with <code>--param</code> and use a hardware model).</p>\n",
          out);
    return;
  }
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"breakdown\" "
          "width=\"%.0f\" height=\"%.0f\" role=\"img\" "
          "aria-label=\"energy breakdown\">\n",
          L + BARW + 20, T + ROW * (double)n + 10);
  for (int k = 0; k < 3; k++)
    fprintf(out,
            "<rect x=\"%.0f\" y=\"6\" width=\"12\" height=\"12\" "
            "fill=\"%s\"/><text x=\"%.0f\" y=\"17\" "
            "font-size=\"12\">%s</text>\n",
            L + 110.0 * k, colour[k], L + 110.0 * k + 16, part[k]);
  size_t row = 0;
  for (size_t i = 0; i < r->nfuncs; i++) {
    const rsum *s = &r->funcs[i].sum;
    if (gc_rep_energy_hi(s) < 0 || !s->est.energy_compute_j.known ||
        !s->est.energy_memory_j.known || !s->est.energy_static_j.known)
      continue;
    const gc_range *pr[3] = {&s->est.energy_compute_j, &s->est.energy_memory_j,
                             &s->est.energy_static_j};
    double y = T + ROW * (double)row++, x = L;
    fprintf(out,
            "<g class=\"bar\"><text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" "
            "text-anchor=\"end\">",
            L - 8, y + 15);
    esc(out, r->funcs[i].name);
    fputs("</text>\n", out);
    for (int k = 0; k < 3; k++) {
      double w = pr[k]->hi / emax * BARW;
      char buf[512];
      gc_rep_range(buf, sizeof buf, pr[k], "J");
      fprintf(out,
              "<rect class=\"%s\" x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" "
              "height=\"18\" fill=\"%s\"><title>%s: ",
              part[k], x, y, w, colour[k], part[k]);
      esc(out, buf);
      fputs("</title></rect>\n", out);
      x += w;
    }
    fputs("</g>\n", out);
  }
  fputs("</svg>\n<p class=\"note\">Bars: upper bounds of each part, to one "
        "scale; the ranges are in the tables below (memory energy spans every "
        "byte from the nearest cache to every byte from DRAM).</p>\n",
        out);
  fputs("<table>\n<tr><th>function</th><th>compute</th><th>memory</th>"
        "<th>static</th><th>energy</th></tr>\n",
        out);
  for (size_t i = 0; i < r->nfuncs; i++) {
    const rsum *s = &r->funcs[i].sum;
    fputs("<tr><td><code>", out);
    esc(out, r->funcs[i].name);
    fputs("</code></td>", out);
    td_range(out, s, &s->est.energy_compute_j, "J");
    td_range(out, s, &s->est.energy_memory_j, "J");
    td_range(out, s, &s->est.energy_static_j, "J");
    td_range(out, s, &s->est.energy_j, "J");
    fputs("</tr>\n", out);
  }
  fputs("</table>\n", out);
}

static void summary_row(FILE *out, const char *name, const rsum *s) {
  fputs("<tr><td><code>", out);
  esc(out, name);
  fputs("</code></td>", out);
  td_qty(out, s, &s->tot[GC_TOTAL_FLOPS], "FLOP");
  td_qty(out, s, &s->bytes, "B");
  td_range(out, s, &s->est.energy_j, "J");
  td_range(out, s, &s->est.time_s, "s");
  td_range(out, s, &s->est.carbon_g, "gCO2e");
  fputs("</tr>\n", out);
}

int gc_rep_write_html(FILE *out, const gc_report *r, const gc_report_style *st,
                      gc_error *err) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n<title>greenc energy report</title>\n"
        "<style>\nbody{font-family:system-ui,sans-serif;margin:2em;max-width:"
        "70em}\n"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid "
        "#ccc;padding:.3em .6em;"
        "text-align:left;vertical-align:top}\nth{background:#f4f4f4}.unk{color:"
        "#a60}.note{color:#555}\n"
        "code{font-family:ui-monospace,monospace}\n</style>\n</"
        "head>\n<body>\n<h1>greenc energy report</h1>\n",
        out);
  fprintf(out, "<p>View: %s. Hardware: ", gc_view_kind_name(r->view));
  if (r->hw_name) {
    esc(out, r->hw_name);
    fputs(" (", out);
    esc(out, r->hw_kind);
    fputs(")", out);
  } else {
    esc(out, r->no_hw_reason);
  }
  fputs(".", out);
  if (r->nbindings) {
    fputs(" Params:", out);
    for (size_t i = 0; i < r->nbindings; i++) {
      fputs(" <code>", out);
      esc(out, r->bindings[i].name);
      fprintf(out, "=%lld</code>", (long long)r->bindings[i].value);
    }
  }
  fprintf(out, " Produced by greenc %s.</p>\n", GC_VERSION_STRING);
  fputs("<table>\n<tr><th>function</th><th>FLOPs</th><th>bytes</th><th>energy</"
        "th><th>time</th><th>carbon</th>"
        "</tr>\n",
        out);
  for (size_t i = 0; i < r->nfuncs; i++)
    summary_row(out, r->funcs[i].name, &r->funcs[i].sum);
  if (r->nfuncs > 1)
    summary_row(out, "total", &r->total);
  fputs("</table>\n", out);
  roofline(out, r);
  breakdown(out, r);
  for (size_t i = 0; i < r->nfuncs; i++) {
    const rfunc *f = &r->funcs[i];
    fputs("<h2><code>", out);
    esc(out, f->name);
    fputs("</code></h2>\n<p class=\"note\">", out);
    esc(out, f->file ? f->file : "?");
    char fl[16];
    fprintf(out, ":%s, read from ", gc_rep_line(fl, f->line));
    esc(out, f->origin);
    fputs("</p>\n", out);
    if (f->nloops) {
      fputs("<table>\n<tr><th>line</th><th>loop</th><th>trip "
            "count</th><th>nest FLOPs</th><th>nest energy</th>"
            "</tr>\n",
            out);
      for (size_t k = 0; k < f->nloops; k++) {
        const rloop *l = &f->loops[k];
        char ll[16];
        fprintf(out, "<tr><td>%s</td><td style=\"padding-left:%uem\"><code>",
                gc_rep_line(ll, l->line), l->depth ? l->depth - 1 : 0);
        esc(out, l->iv ? l->iv : "?");
        fputs("</code></td><td>", out);
        if (l->trip && l->status == GC_LOOP_EXACT) {
          fputs("<code>", out);
          esc(out, l->trip);
          fputs("</code>", out);
        } else {
          fputs("<span class=\"unk\">", out);
          esc(out,
              l->status == GC_LOOP_BOUNDED ? "bounded: at most " : "unknown: ");
          esc(out, l->status == GC_LOOP_BOUNDED
                       ? (l->trip_max ? l->trip_max : "?")
                   : l->reason ? l->reason
                               : "");
          fputs("</span>", out);
        }
        fputs("</td>", out);
        if (l->has_sum) {
          td_qty(out, &l->sum, &l->sum.tot[GC_TOTAL_FLOPS], "FLOP");
          td_range(out, &l->sum, &l->sum.est.energy_j, "J");
        } else {
          fputs("<td colspan=\"2\" class=\"note\">in the nest above</td>", out);
        }
        fputs("</tr>\n", out);
      }
      fputs("</table>\n", out);
    }
    if (f->sum.counted && (f->sum.nunbound || f->sum.nnotes)) {
      fputs("<ul class=\"note\">\n", out);
      if (f->sum.nunbound) {
        fputs("<li>unbound:", out);
        for (size_t k = 0; k < f->sum.nunbound; k++) {
          fputs(" <code>", out);
          esc(out, f->sum.unbound[k]);
          fputs("</code>", out);
        }
        fputs("</li>\n", out);
      }
      for (size_t k = 0; k < f->sum.nnotes; k++) {
        fputs("<li>", out);
        esc(out, f->sum.notes[k]);
        fputs("</li>\n", out);
      }
      fputs("</ul>\n", out);
    }
  }
  fputs("</body>\n</html>\n", out);
  (void)st;
  if (ferror(out))
    return gc_error_set(err, GC_EIO, "writing the HTML report failed");
  return GC_OK;
}
