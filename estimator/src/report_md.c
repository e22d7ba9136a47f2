/* report_md.c: the Markdown report (GitHub-flavoured, for pull requests): the
 * top functions by energy in a table with their formulas, a Mermaid pie chart
 * of energy by function (when energies are known), then one section per
 * function with its loop nests, folded in a <details> block. Text outside code
 * spans has Markdown's active characters escaped (a formula's `*` would
 * otherwise turn into emphasis). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"

/* Markdown text (a table cell, a list item): newlines removed, pipes escaped
 * (GitHub's tables need that even in code spans) and, outside code spans, the
 * characters that would start emphasis, code, links or HTML. */
static void mdputs(FILE *out, const char *s, int in_code) {
  for (; s && *s; s++) {
    if (*s == '|')
      fputs("\\|", out);
    else if (*s == '\n')
      fputc(' ', out);
    else if (!in_code && strchr("*_`[]<>\\", *s)) {
      fputc('\\', out);
      fputc(*s, out);
    } else
      fputc(*s, out);
  }
}

static void cellputs(FILE *out, const char *s) { mdputs(out, s, 0); }

static void code(FILE *out, const char *s) {
  fputc('`', out);
  mdputs(out, s, 1);
  fputc('`', out);
}

typedef struct key {
  double e; /* energy upper bound, -1 when unknown */
  size_t i; /* function index */
} key;

static int by_energy(const void *a, const void *b) {
  const key *x = a, *y = b;
  if (x->e != y->e)
    return x->e < y->e ? 1 : -1; /* unknown (-1) last */
  return x->i < y->i ? -1 : 1;
}

static void qty_cell(FILE *out, const rsum *s, const rq *q, const char *unit) {
  char buf[1024];
  if (!s->counted) {
    fputs("unknown", out);
    return;
  }
  gc_rep_qty_short(buf, sizeof buf, q, unit);
  cellputs(out, buf);
}

static void est_cell(FILE *out, const rsum *s, const gc_range *r,
                     const char *unit) {
  char buf[512];
  if (!s->counted || !s->estimated) {
    fputs("unknown", out);
    return;
  }
  gc_rep_range(buf, sizeof buf, r, unit);
  cellputs(out, buf);
}

static void sum_list(FILE *out, const rsum *s) {
  char buf[2048];
  if (!s->counted) {
    fputs("- counts: unknown (", out);
    cellputs(out, s->fail ? s->fail : "not counted");
    fputs(")\n", out);
    return;
  }
  static const struct {
    gc_total t;
    const char *label, *unit;
  } rows[] = {{GC_TOTAL_FLOPS, "FLOPs", "FLOP"},
              {GC_TOTAL_MACS, "MACs", "MAC"},
              {GC_TOTAL_BYTES_LOADED, "bytes loaded", "B"},
              {GC_TOTAL_BYTES_STORED, "bytes stored", "B"}};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    gc_rep_qty_long(buf, sizeof buf, &s->tot[rows[i].t], rows[i].unit);
    fprintf(out, "- %s: ", rows[i].label);
    cellputs(out, buf);
    fputc('\n', out);
  }
  if (!s->estimated) {
    fputs("- energy: unknown (", out);
    cellputs(out, s->est_fail ? s->est_fail : "not estimated");
    fputs(")\n", out);
    return;
  }
  static const struct {
    const char *label, *unit;
    size_t off;
  } est[] = {{"energy", "J", offsetof(gc_estimate, energy_j)},
             {"time", "s", offsetof(gc_estimate, time_s)},
             {"carbon", "gCO2e", offsetof(gc_estimate, carbon_g)}};
  for (size_t i = 0; i < sizeof est / sizeof *est; i++) {
    gc_rep_range(buf, sizeof buf,
                 (const gc_range *)((const char *)&s->est + est[i].off),
                 est[i].unit);
    fprintf(out, "- %s: ", est[i].label);
    cellputs(out, buf);
    fputc('\n', out);
  }
}

int gc_rep_write_md(FILE *out, const gc_report *r, const gc_report_style *st,
                    gc_error *err) {
  size_t top = st->md_top ? st->md_top : 10;
  key *order = NULL;
  if (r->nfuncs && !(order = malloc(r->nfuncs * sizeof *order)))
    return gc_error_set(err, GC_ENOMEM,
                        "out of memory writing the Markdown report");
  for (size_t i = 0; i < r->nfuncs; i++)
    order[i] = (key){gc_rep_energy_hi(&r->funcs[i].sum), i};
  if (r->nfuncs)
    qsort(order, r->nfuncs, sizeof *order, by_energy);

  fprintf(out, "# greenc energy report\n\n");
  fprintf(out, "- view: %s\n", gc_view_kind_name(r->view));
  if (r->hw_name)
    fprintf(out, "- hardware: %s (%s)\n", r->hw_name,
            r->hw_kind ? r->hw_kind : "?");
  else
    fprintf(out, "- hardware: %s\n", r->no_hw_reason);
  if (r->nbindings) {
    fprintf(out, "- params:");
    for (size_t i = 0; i < r->nbindings; i++)
      fprintf(out, " `%s=%lld`", r->bindings[i].name,
              (long long)r->bindings[i].value);
    fputc('\n', out);
  }
  for (size_t i = 0; i < r->ninputs; i++)
    fprintf(out, "- input: `%s`%s%s\n", r->inputs[i].origin,
            r->inputs[i].source ? " from " : "",
            r->inputs[i].source ? r->inputs[i].source : "");

  fprintf(out, "\n## Top functions by energy\n\n");
  fprintf(out, "| function | location | FLOPs | FLOPs formula | bytes | energy "
               "| time |\n");
  fprintf(out, "|---|---|---|---|---|---|---|\n");
  size_t shown = r->nfuncs < top ? r->nfuncs : top, known = 0;
  for (size_t k = 0; k < shown; k++) {
    const rfunc *f = &r->funcs[order[k].i];
    fputs("| ", out);
    code(out, f->name);
    char ln[16];
    fputs(" | ", out);
    cellputs(out, f->file ? f->file : "?");
    fprintf(out, ":%s | ", gc_rep_line(ln, f->line));
    qty_cell(out, &f->sum, &f->sum.tot[GC_TOTAL_FLOPS], "FLOP");
    fputs(" | ", out);
    if (f->sum.counted && f->sum.tot[GC_TOTAL_FLOPS].formula)
      code(out, f->sum.tot[GC_TOTAL_FLOPS].formula);
    else
      fputs("unknown", out);
    fputs(" | ", out);
    qty_cell(out, &f->sum, &f->sum.bytes, "B");
    fputs(" | ", out);
    est_cell(out, &f->sum, &f->sum.est.energy_j, "J");
    fputs(" | ", out);
    est_cell(out, &f->sum, &f->sum.est.time_s, "s");
    fputs(" |\n", out);
    known += gc_rep_energy_hi(&f->sum) >= 0;
  }
  if (r->nfuncs > shown)
    fprintf(out, "\n%zu more functions below.\n", r->nfuncs - shown);

  if (known) {
    /* Mermaid wants plain decimals: pick the unit that makes the largest
     * share at least 1. */
    static const struct {
      const char *name;
      double scale;
    } units[] = {
        {"J", 1}, {"mJ", 1e3}, {"\xc2\xb5J", 1e6}, {"nJ", 1e9}, {"pJ", 1e12}};
    double emax = gc_rep_energy_hi(&r->funcs[order[0].i].sum);
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof *units && emax * units[u].scale < 1)
      u++;
    fprintf(out,
            "\n```mermaid\npie showData title Energy by function (%s, upper "
            "bound)\n",
            units[u].name);
    for (size_t k = 0; k < shown; k++) {
      const rfunc *f = &r->funcs[order[k].i];
      double e = gc_rep_energy_hi(&f->sum);
      if (e < 0)
        continue;
      fputs("  \"", out);
      for (const char *p = f->name; *p; p++)
        if (*p != '"' && *p != '\n')
          fputc(*p, out);
      fprintf(out, "\" : %.6f\n", e * units[u].scale);
    }
    fprintf(out, "```\n");
    if (known < shown)
      fprintf(
          out,
          "\nThe chart leaves out %zu function(s) whose energy is unknown.\n",
          shown - known);
  } else {
    fprintf(out, "\nNo chart: no function has a known energy.\n");
  }

  if (r->nfuncs)
    fprintf(out,
            "\n<details><summary>Per-function details (%zu function%s: "
            "counts with formulas, loop nests)</summary>\n",
            r->nfuncs, r->nfuncs == 1 ? "" : "s");
  for (size_t k = 0; k < r->nfuncs; k++) {
    const rfunc *f = &r->funcs[order[k].i];
    fprintf(out, "\n### `%s`\n\n", f->name);
    char fl[16];
    fputs("Defined at ", out);
    cellputs(out, f->file ? f->file : "?");
    fprintf(out, ":%s, read from ", gc_rep_line(fl, f->line));
    code(out, f->origin);
    fputs(".\n\n", out);
    sum_list(out, &f->sum);
    if (f->sum.counted && f->sum.nunbound) {
      fprintf(out, "- unbound:");
      for (size_t i = 0; i < f->sum.nunbound; i++)
        fprintf(out, " `%s`", f->sum.unbound[i]);
      fprintf(out, " (give `--param NAME=VALUE`)\n");
    }
    for (size_t i = 0; f->sum.counted && i < f->sum.nnotes; i++) {
      fputs("- note: ", out);
      cellputs(out, f->sum.notes[i]);
      fputc('\n', out);
    }
    if (f->nloops) {
      fprintf(out, "\n| line | loop | depth | trip count | nest FLOPs | nest "
                   "energy |\n|---|---|---|---|---|---|\n");
      for (size_t i = 0; i < f->nloops; i++) {
        const rloop *l = &f->loops[i];
        char ll[16];
        fprintf(out, "| %s | `%s` | %u | ", gc_rep_line(ll, l->line),
                l->iv ? l->iv : "?", l->depth);
        if (l->trip && l->status == GC_LOOP_EXACT)
          code(out, l->trip);
        else if (l->status == GC_LOOP_BOUNDED)
          fprintf(out, "at most `%s`", l->trip_max ? l->trip_max : "?");
        else {
          fputs("unknown (", out);
          cellputs(out, l->reason ? l->reason : "not known");
          fputs(")", out);
        }
        fputs(" | ", out);
        if (l->has_sum) {
          qty_cell(out, &l->sum, &l->sum.tot[GC_TOTAL_FLOPS], "FLOP");
          fputs(" | ", out);
          est_cell(out, &l->sum, &l->sum.est.energy_j, "J");
        } else {
          fputs("(in the nest above) | ", out);
        }
        fputs(" |\n", out);
      }
    }
  }
  if (r->nfuncs)
    fprintf(out, "\n</details>\n");
  if (r->nfuncs > 1) {
    fprintf(out, "\n## Total (functions no other function calls)\n\n");
    sum_list(out, &r->total);
  }
  free(order);
  if (ferror(out))
    return gc_error_set(err, GC_EIO, "writing the Markdown report failed");
  return GC_OK;
}
