/* report_text.c: the text report: a summary table (one row per function,
 * aligned, human units) and then, per function, its counts with their formulas,
 * energy, time, carbon, and its loop nests with line and trip count. Colour
 * (ANSI) only when the caller asks for it. */
#include <stdio.h>
#include <string.h>

#include "report_impl.h"

typedef struct pen {
  FILE *out;
  int color;
} pen;

static const char *on(const pen *p, const char *code) {
  return p->color ? code : "";
}
static const char *off(const pen *p) { return p->color ? "\x1b[0m" : ""; }
#define BOLD "\x1b[1m"
#define DIM "\x1b[2m"
#define YELLOW "\x1b[33m"
#define GREEN "\x1b[32m"

/* Display width of UTF-8 text (continuation bytes take no column). */
static size_t width(const char *s) {
  size_t w = 0;
  for (; *s; s++)
    w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

static void pad(FILE *out, const char *s, size_t w) {
  fputs(s, out);
  for (size_t n = width(s); n < w; n++)
    fputc(' ', out);
}

static int is_unknown(const char *s) { return strncmp(s, "unknown", 7) == 0; }

/* A cell: "unknown" without its reason (the details below give it). */
static void cell_qty(char *buf, size_t cap, const rsum *s, const rq *q,
                     const char *unit) {
  if (!s->counted) {
    snprintf(buf, cap, "unknown");
    return;
  }
  gc_rep_qty_short(buf, cap, q, unit);
  if (is_unknown(buf))
    snprintf(buf, cap, "unknown");
}

static void cell_range(char *buf, size_t cap, const rsum *s, const gc_range *r,
                       const char *unit) {
  if (!s->counted || !s->estimated || !r->known) {
    snprintf(buf, cap, "unknown");
    return;
  }
  gc_rep_range(buf, cap, r, unit);
}

enum { NCOL = 5 };

static void row_cells(char cells[NCOL][160], const char *name, const rsum *s) {
  snprintf(cells[0], 160, "%s", name);
  cell_qty(cells[1], 160, s, &s->tot[GC_TOTAL_FLOPS], "FLOP");
  cell_qty(cells[2], 160, s, &s->bytes, "B");
  cell_range(cells[3], 160, s, &s->est.energy_j, "J");
  cell_range(cells[4], 160, s, &s->est.time_s, "s");
}

static void table(const pen *p, const gc_report *r) {
  static const char *const head[NCOL] = {"function", "FLOPs", "bytes", "energy",
                                         "time"};
  size_t w[NCOL];
  char cells[NCOL][160];
  for (int c = 0; c < NCOL; c++)
    w[c] = strlen(head[c]);
  for (size_t i = 0; i <= r->nfuncs; i++) {
    if (i < r->nfuncs)
      row_cells(cells, r->funcs[i].name, &r->funcs[i].sum);
    else
      row_cells(cells, "total", &r->total);
    for (int c = 0; c < NCOL; c++)
      if (width(cells[c]) > w[c])
        w[c] = width(cells[c]);
  }
  fputs(on(p, BOLD), p->out);
  for (int c = 0; c < NCOL; c++) {
    if (c)
      fputs("  ", p->out);
    pad(p->out, head[c], c + 1 < NCOL ? w[c] : 0);
  }
  fprintf(p->out, "%s\n", off(p));
  for (size_t i = 0; i <= r->nfuncs; i++) {
    if (i < r->nfuncs)
      row_cells(cells, r->funcs[i].name, &r->funcs[i].sum);
    else if (r->nfuncs > 1)
      row_cells(cells, "total", &r->total);
    else
      break;
    for (int c = 0; c < NCOL; c++) {
      if (c)
        fputs("  ", p->out);
      int u = is_unknown(cells[c]);
      fputs(u ? on(p, YELLOW) : "", p->out);
      pad(p->out, cells[c], c + 1 < NCOL ? w[c] : 0);
      fputs(u ? off(p) : "", p->out);
    }
    fputc('\n', p->out);
  }
}

static void line(const pen *p, const char *indent, const char *label,
                 const char *value) {
  int u = is_unknown(value);
  fprintf(p->out, "%s%-8s %s%s%s\n", indent, label, u ? on(p, YELLOW) : "",
          value, u ? off(p) : "");
}

static void estimate_lines(const pen *p, const char *indent, const rsum *s) {
  char buf[1024], a[128], b[128], c[128];
  if (!s->estimated) {
    snprintf(buf, sizeof buf, "unknown (%s)",
             s->est_fail ? s->est_fail : "not estimated");
    line(p, indent, "energy", buf);
    return;
  }
  const gc_estimate *e = &s->est;
  gc_rep_range(buf, sizeof buf, &e->energy_j, "J");
  if (e->energy_j.known) {
    gc_rep_range(a, sizeof a, &e->energy_compute_j, "J");
    gc_rep_range(b, sizeof b, &e->energy_memory_j, "J");
    gc_rep_range(c, sizeof c, &e->energy_static_j, "J");
    size_t n = strlen(buf);
    snprintf(buf + n, sizeof buf - n, "  (compute %s, memory %s, static %s)", a,
             b, c);
  }
  line(p, indent, "energy", buf);
  gc_rep_range(buf, sizeof buf, &e->time_s, "s");
  if (e->time_s.known) {
    gc_rep_range(a, sizeof a, &e->time_compute_s, "s");
    gc_rep_range(b, sizeof b, &e->time_memory_s, "s");
    size_t n = strlen(buf);
    snprintf(buf + n, sizeof buf - n, "  (compute %s, memory %s)", a, b);
  }
  line(p, indent, "time", buf);
  if (e->bound[0])
    line(p, indent, "bound", e->bound);
  size_t tn = 0; /* bytes moved at each memory level */
  for (size_t i = 0; i < e->nlevels && e->level[i].bytes.known; i++) {
    gc_rep_range(a, sizeof a, &e->level[i].bytes, "B");
    tn += (size_t)snprintf(buf + tn, sizeof buf - tn, "%s%s %s", i ? ", " : "",
                           e->level[i].name, a);
    if (tn >= sizeof buf)
      break;
  }
  if (tn && tn < sizeof buf)
    line(p, indent, "traffic", buf);
  gc_rep_range(buf, sizeof buf, &e->carbon_g, "gCO2e");
  if (e->carbon_g.known) {
    size_t n = strlen(buf);
    snprintf(buf + n, sizeof buf - n, "  (at %.0f gCO2e/kWh)",
             e->grid_g_per_kwh);
  }
  line(p, indent, "carbon", buf);
  if (e->missing[0]) {
    snprintf(buf, sizeof buf, "the model lacks %s", e->missing);
    line(p, indent, "missing", buf);
  }
}

static void sum_lines(const pen *p, const char *indent, const rsum *s) {
  char buf[2048];
  if (!s->counted) {
    snprintf(buf, sizeof buf, "unknown (%s)",
             s->fail ? s->fail : "not counted");
    line(p, indent, "counts", buf);
    return;
  }
  gc_rep_qty_long(buf, sizeof buf, &s->tot[GC_TOTAL_FLOPS], "FLOP");
  line(p, indent, "FLOPs", buf);
  gc_rep_qty_long(buf, sizeof buf, &s->tot[GC_TOTAL_MACS], "MAC");
  line(p, indent, "MACs", buf);
  gc_rep_qty_long(buf, sizeof buf, &s->tot[GC_TOTAL_BYTES_LOADED], "B");
  line(p, indent, "loaded", buf);
  gc_rep_qty_long(buf, sizeof buf, &s->tot[GC_TOTAL_BYTES_STORED], "B");
  line(p, indent, "stored", buf);
  estimate_lines(p, indent, s);
}

static void loop_lines(const pen *p, const rfunc *f) {
  if (!f->nloops)
    return;
  fprintf(p->out, "  loop nests\n");
  for (size_t i = 0; i < f->nloops; i++) {
    const rloop *l = &f->loops[i];
    char trip[512], head[128];
    if (l->status == GC_LOOP_EXACT && l->trip)
      snprintf(trip, sizeof trip, "%s iterations", l->trip);
    else if (l->status == GC_LOOP_BOUNDED)
      snprintf(trip, sizeof trip, "at most %s iterations%s%s%s",
               l->trip_max ? l->trip_max : "?", l->reason ? " (" : "",
               l->reason ? l->reason : "", l->reason ? ")" : "");
    else
      snprintf(trip, sizeof trip, "unknown (%s)",
               l->reason ? l->reason : "trip count not known");
    char ln[16];
    snprintf(head, sizeof head, "line %s", gc_rep_line(ln, l->line));
    fprintf(p->out, "    %*s", (int)(2 * (l->depth > 0 ? l->depth - 1 : 0)),
            "");
    pad(p->out, head, 10);
    fprintf(p->out, "for %s: %s%s%s\n", l->iv ? l->iv : "?",
            is_unknown(trip) ? on(p, YELLOW) : "", trip,
            is_unknown(trip) ? off(p) : "");
    if (l->has_sum && f->nloops > 1 && l->sum.counted) {
      char fl[512], en[128];
      gc_rep_qty_long(fl, sizeof fl, &l->sum.tot[GC_TOTAL_FLOPS], "FLOP");
      if (l->sum.estimated)
        gc_rep_range(en, sizeof en, &l->sum.est.energy_j, "J");
      else
        snprintf(en, sizeof en, "unknown");
      char mem[160] = "";
      const gc_estimate *e = &l->sum.est;
      if (l->sum.estimated && e->nlevels > 0 &&
          e->level[e->nlevels - 1].bytes.known) { /* the farthest level */
        char b[128];
        gc_rep_range(b, sizeof b, &e->level[e->nlevels - 1].bytes, "B");
        snprintf(mem, sizeof mem, ", %s %s", e->level[e->nlevels - 1].name, b);
      }
      fprintf(p->out, "    %*s%s  nest: FLOPs %s, energy %s%s%s\n",
              (int)(2 * (l->depth ? l->depth - 1 : 0)), "", on(p, DIM), fl, en,
              mem, off(p));
    }
  }
}

static void list_lines(const pen *p, const char *label, char *const *items,
                       size_t n, const char *suffix) {
  if (!n)
    return;
  fprintf(p->out, "  %-8s ", label);
  for (size_t i = 0; i < n; i++)
    fprintf(p->out, "%s%s", i ? ", " : "", items[i]);
  fprintf(p->out, "%s\n", suffix);
}

static void function_block(const pen *p, const rfunc *f) {
  fprintf(p->out, "\n%s%s%s", on(p, BOLD), f->name, off(p));
  if (f->file)
    fprintf(p->out, f->line ? "  %s:%u" : "  %s", f->file, f->line);
  fprintf(p->out, "  %s[%s]%s\n", on(p, DIM), f->origin, off(p));
  sum_lines(p, "  ", &f->sum);
  loop_lines(p, f);
  if (f->sum.counted) {
    list_lines(p, "unbound", f->sum.unbound, f->sum.nunbound,
               "  (give --param NAME=VALUE)");
    for (size_t i = 0; i < f->sum.nnotes; i++)
      if (!f->sum.nunbound || strncmp(f->sum.notes[i], "unbound", 7) != 0)
        fprintf(p->out, "  %snote     %s%s\n", on(p, DIM), f->sum.notes[i],
                off(p)); /* unbound sizes: the unbound line says it */
  }
  /* The share the exact counts cover, when they do not cover everything. */
  if (f->insts > 0 && f->insts_exact >= 0 && f->insts_exact < f->insts)
    fprintf(p->out, "  exact    %lld of %lld instructions (%.0f%%)\n",
            (long long)f->insts_exact, (long long)f->insts,
            100.0 * (double)f->insts_exact / (double)f->insts);
  for (size_t i = 0; i < f->ngaps; i++)
    fprintf(p->out, "  %snot modelled, line %u: %s%s\n", on(p, DIM),
            f->gaps[i].line, f->gaps[i].reason, off(p));
}

int gc_rep_write_text(FILE *out, const gc_report *r, const gc_report_style *st,
                      gc_error *err) {
  pen p = {out, st->color};
  fprintf(out, "%sgreenc report%s: %s view, ", on(&p, BOLD), off(&p),
          gc_view_kind_name(r->view));
  if (r->hw_name)
    fprintf(out, "hardware %s (%s)", r->hw_name, r->hw_kind ? r->hw_kind : "?");
  else
    fprintf(out, "%s", r->no_hw_reason);
  if (r->nbindings) {
    fprintf(out, ", params");
    for (size_t i = 0; i < r->nbindings; i++)
      fprintf(out, " %s=%lld", r->bindings[i].name,
              (long long)r->bindings[i].value);
  }
  fputc('\n', out);
  for (size_t i = 0; i < r->ninputs; i++) {
    const rinput *in = &r->inputs[i];
    fprintf(out, "%sinput %s", on(&p, DIM), in->origin);
    if (in->source || in->opt)
      fprintf(out, " (%s%s%s)", in->source ? in->source : "",
              in->source && in->opt ? ", -" : "", in->opt ? in->opt : "");
    fprintf(out, "%s\n", off(&p));
  }
  if (!r->nfuncs) {
    fprintf(out, "no functions in the profile\n");
    return GC_OK;
  }
  fputc('\n', out);
  table(&p, r);
  for (size_t i = 0; i < r->nfuncs; i++)
    function_block(&p, &r->funcs[i]);
  if (r->nfuncs > 1) {
    fprintf(out, "\n%stotal%s (functions no other function calls)\n",
            on(&p, BOLD), off(&p));
    sum_lines(&p, "  ", &r->total);
  }
  if (ferror(out))
    return gc_error_set(err, GC_EIO, "writing the text report failed");
  return GC_OK;
}
