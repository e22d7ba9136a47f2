/* report_html.c: a self-contained HTML report (inline CSS and SVG, no scripts,
 * nothing fetched): a summary table, an SVG roofline (arithmetic intensity vs
 * attained FLOP/s, log-log) and per-function details with loop nests.
 *
 * The roof is the one the estimate itself assumed: peak = FLOPs / compute-time
 * bound and bandwidth = bytes / memory-time bound of the function with the
 * largest energy; each function is a point at (FLOPs / bytes, FLOPs / time).
 * Functions without numeric FLOPs, bytes and times are listed as left out. */
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
static int point(const rsum *s, double *flops, double *bytes, double *tc,
                 double *tm, double *t) {
  const rq *f = &s->tot[GC_TOTAL_FLOPS];
  if (!s->counted || !s->estimated || !f->numeric || !s->bytes.numeric ||
      f->status == GC_COUNT_UNKNOWN)
    return 0;
  if (!s->est.time_s.known || !s->est.time_compute_s.known ||
      !s->est.time_memory_s.known)
    return 0;
  *flops = f->hi;
  *bytes = s->bytes.hi;
  *tc = s->est.time_compute_s.hi;
  *tm = s->est.time_memory_s.hi;
  *t = s->est.time_s.hi;
  return *flops > 0 && *bytes > 0 && *t > 0;
}

static void roofline(FILE *out, const gc_report *r) {
  const double W = 640, H = 400, L = 70, R = 20, T = 20, B = 50;
  double peak = 0, bw = 0, best = -1;
  const char *roof_from = NULL;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  size_t npts = 0;
  for (size_t i = 0; i < r->nfuncs; i++) {
    double f, b, tc, tm, t;
    if (!point(&r->funcs[i].sum, &f, &b, &tc, &tm, &t))
      continue;
    npts++;
    double e = gc_rep_energy_hi(&r->funcs[i].sum);
    if (e > best && tc > 0 && tm > 0) {
      best = e;
      peak = f / tc;
      bw = b / tm;
      roof_from = r->funcs[i].name;
    }
    xmin = fmin(xmin, f / b);
    xmax = fmax(xmax, f / b);
    ymin = fmin(ymin, f / t);
    ymax = fmax(ymax, f / t);
  }
  fputs("<h2>Roofline</h2>\n", out);
  if (!npts || !roof_from) {
    fputs("<p>No roofline: no function has numeric FLOPs, bytes and time "
          "bounds (bind the sizes with "
          "<code>--param</code> and use a hardware model).</p>\n",
          out);
    return;
  }
  if (peak > 0)
    ymax = fmax(ymax, peak);
  double ridge = peak / bw;
  xmin = fmin(xmin, ridge);
  xmax = fmax(xmax, ridge);
  double lx0 = floor(log10(xmin)) - 1, lx1 = ceil(log10(xmax)) + 1;
  double ly0 = floor(log10(ymin)) - 1, ly1 = ceil(log10(ymax)) + 1;
#define SX(v) (L + (log10(v) - lx0) / (lx1 - lx0) * (W - L - R))
#define SY(v) (H - B - (log10(v) - ly0) / (ly1 - ly0) * (H - T - B))
  fprintf(out,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
          "height=\"%.0f\" role=\"img\">\n",
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
          "text-anchor=\"middle\">arithmetic intensity "
          "(FLOP/byte)</text>\n",
          (L + W - R) / 2, H - 10);
  fprintf(out,
          "<text x=\"15\" y=\"%.0f\" font-size=\"12\" text-anchor=\"middle\" "
          "transform=\"rotate(-90 15 %.0f)\">"
          "FLOP/s</text>\n",
          (T + H - B) / 2, (T + H - B) / 2);
  /* The roof: bandwidth slope up to the ridge, then flat at peak. */
  double x0 = pow(10, lx0), x1 = pow(10, lx1);
  double y0 = x0 * bw;
  fprintf(out,
          "<polyline fill=\"none\" stroke=\"#c33\" stroke-width=\"2\" "
          "points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
          SX(x0), SY(fmax(y0, pow(10, ly0))), SX(ridge), SY(peak), SX(x1),
          SY(peak));
  for (size_t i = 0; i < r->nfuncs; i++) {
    double f, b, tc, tm, t;
    if (!point(&r->funcs[i].sum, &f, &b, &tc, &tm, &t))
      continue;
    fprintf(out,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#26a\"><title>",
            SX(f / b), SY(f / t));
    esc(out, r->funcs[i].name);
    fprintf(out,
            "</title></circle>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">",
            SX(f / b) + 6, SY(f / t) - 6);
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
  fputs(" and bandwidth ", out);
  esc(out, w);
  fputs(", as the estimate assumed them for <code>", out);
  esc(out, roof_from);
  fprintf(out,
          "</code>. %zu of %zu functions plotted; the others lack numeric "
          "counts or time bounds.</p>\n",
          npts, r->nfuncs);
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
