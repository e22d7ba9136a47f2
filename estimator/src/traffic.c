/* traffic.c: memory traffic per cache level from a profile's access patterns
 * (greenc/traffic.h, docs/traffic-model.md).
 *
 * Per top-level nest: every load/store with a base and an affine index becomes
 * an access (byte strides per loop of its chain, byte offset); accesses of one
 * base, one loop and one stride vector form a group whose distinct lines over a
 * box of loops are counted in closed form (contiguous runs x separate runs).
 * For each cache level, a group's reuse is captured by the outermost loop of
 * its chain one of whose iterations touches a working set (all groups under
 * that loop) that fits in the cache; its misses are the lines of one execution
 * of that loop x the times the loop is entered. Everything is numeric (sizes
 * bound); what cannot be modelled is named in the notes. */
#define _POSIX_C_SOURCE 200809L
#include "greenc/traffic.h"

#include "traffic_view.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16

/* ---- growable note strings: sentences joined by "; ", deduplicated ---- */

typedef struct note {
  char *s;
  size_t len, cap;
} note;

static int note_add(note *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static int note_add(note *n, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n->s) { /* already said? */
    const char *p = n->s;
    size_t bl = strlen(buf);
    while ((p = strstr(p, buf)) != NULL) {
      if ((p == n->s || p[-1] == ' ') && (p[bl] == '\0' || p[bl] == ';'))
        return GC_OK;
      p += bl;
    }
  }
  size_t need = n->len + strlen(buf) + 3;
  if (need > n->cap) {
    size_t cap = need * 2;
    char *s = realloc(n->s, cap);
    if (!s)
      return GC_ENOMEM;
    n->s = s;
    n->cap = cap;
  }
  n->len += (size_t)sprintf(n->s + n->len, "%s%s", n->len ? "; " : "", buf);
  return GC_OK;
}

/* ---- the result ---- */

struct gc_traffic {
  size_t nlevels;
  char names[GC_TRAFFIC_MAX_LEVELS][32];
  double read[GC_TRAFFIC_MAX_LEVELS], write[GC_TRAFFIC_MAX_LEVELS];
  double misses[GC_TRAFFIC_MAX_LEVELS];
  double covered_read, covered_write;
  gc_traffic_nest *nests;
  size_t nnests;
  note *nest_notes; /* one per nest */
  note all;
};

void gc_traffic_free(gc_traffic *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->nnests; i++)
    free(t->nest_notes[i].s);
  free(t->nest_notes);
  free(t->nests);
  free(t->all.s);
  free(t);
}

size_t gc_traffic_nlevels(const gc_traffic *t) { return t ? t->nlevels : 0; }
const char *gc_traffic_level_name(const gc_traffic *t, size_t i) {
  return t && i < t->nlevels ? t->names[i] : NULL;
}
double gc_traffic_read(const gc_traffic *t, size_t i) {
  return t && i < t->nlevels ? t->read[i] : 0;
}
double gc_traffic_write(const gc_traffic *t, size_t i) {
  return t && i < t->nlevels ? t->write[i] : 0;
}
double gc_traffic_misses(const gc_traffic *t, size_t i) {
  return t && i + 1 < t->nlevels ? t->misses[i] : 0;
}
size_t gc_traffic_nnests(const gc_traffic *t) { return t ? t->nnests : 0; }
const gc_traffic_nest *gc_traffic_nest_at(const gc_traffic *t, size_t i) {
  return t && i < t->nnests ? &t->nests[i] : NULL;
}
int gc_traffic_complete(const gc_traffic *t) { return t && t->all.len == 0; }
const char *gc_traffic_note(const gc_traffic *t) {
  return t && t->all.s ? t->all.s : "";
}

void gc_traffic_to_est(gc_est_traffic *out, const gc_traffic *t) {
  memset(out, 0, sizeof *out);
  if (!t)
    return;
  out->nlevels = t->nlevels;
  for (size_t i = 0; i < t->nlevels; i++) {
    out->read_bytes[i] = t->read[i];
    out->write_bytes[i] = t->write[i];
  }
  out->covered_read_bytes = t->covered_read;
  out->covered_write_bytes = t->covered_write;
  snprintf(out->note, sizeof out->note, "%s", gc_traffic_note(t));
}

double gc_traffic_covered(const gc_traffic *t, int write) {
  return !t ? 0 : write ? t->covered_write : t->covered_read;
}

int gc_traffic_caches_from_hw(gc_traffic_cache *out, size_t *n, size_t cap,
                              const gc_hw *hw, gc_error *err) {
  size_t nl = gc_hw_nlevels(hw);
  double line = 0;
  *n = 0;
  if (nl == 0)
    return gc_error_set(err, GC_ENOTFOUND, "the model has no memory levels");
  if (nl > cap)
    return gc_error_set(err, GC_ERANGE,
                        "the model has %zu memory levels, %zu "
                        "at most are modelled",
                        nl, cap);
  for (size_t i = 0; i < nl; i++) {
    gc_hw_level l;
    gc_hw_level_at(&l, hw, i);
    out[i].name = l.name;
    out[i].size_bytes = 0;
    out[i].line_bytes = 0;
    if (i + 1 == nl) /* the memory */
      break;
    if (!l.size_kib.present || l.size_kib.value <= 0)
      return gc_error_set(err, GC_ENOTFOUND, "the model has no size for %s",
                          l.name);
    if (l.line_bytes.present && l.line_bytes.value > 0)
      line = l.line_bytes.value;
    if (line <= 0)
      return gc_error_set(err, GC_ENOTFOUND,
                          "the model has no line size for %s", l.name);
    out[i].size_bytes = l.size_kib.value * 1024.0;
    out[i].line_bytes = line;
  }
  *n = nl;
  return GC_OK;
}

/* Byte stride given to a callee's pointer argument the profile cannot express
 * (W + r*cols) along the caller's loops: a region of its own per iteration. */
#define FRESH_STRIDE 1099511627776.0

/* ---- the kernel model, numerically ---- */

typedef struct tloop {
  const gc_loop *l;
  unsigned depth;            /* 1: top level */
  unsigned chain[MAX_DEPTH]; /* ancestor ids, outermost first, self last */
  double t0;                 /* trip with every enclosing index at 0 */
  double c[MAX_DEPTH];       /* trip's coefficient of chain[k]'s index */
  double mean_trip;          /* mean trip per entry */
  double entries;            /* times entered per call */
  int ok;                    /* trip known, exact, affine, numeric */
  char why[200];             /* !ok: why (this loop's or an ancestor's) */
} tloop;

typedef struct access {
  const char *base;
  double e; /* bytes per access (lanes x element) */
  int store;
  double off; /* byte offset at every index 0 */
  double execs;
} access;

typedef struct group {
  const char *base;
  unsigned loop; /* the block's loop (0: function body) */
  double e;
  double coef[MAX_DEPTH]; /* byte stride per iteration of chain[k] */
  access *m;
  size_t nm, capm;
} group;

typedef struct pending { /* an access that runs depending on data */
  access a;
  unsigned loop, line;
  double coef[MAX_DEPTH];
} pending;

typedef struct model {
  const vview *vv;
  tloop *loops; /* by id; loops[id].l == NULL when absent */
  unsigned maxid;
  gc_binding *syms;
  size_t nsyms;
  int64_t *idx;
  unsigned char *idx_set;
  group *g;
  size_t ng, capg;
  char err[128]; /* the last evaluation error */
  pending *pend;
  size_t npend, cappend;
  double *ws_memo, *ws_line; /* by loop id: ws_iter without override, for
                                lines of ws_line bytes (0: not computed) */
  unsigned ovr; /* a loop whose index is restricted to [ovr_lo, ovr_hi) */
  double ovr_lo, ovr_hi;
} model;

static int eval_at(double *out, model *md, const gc_expr *e) {
  gc_env env = {md->syms, md->nsyms, md->idx, md->idx_set, md->maxid + 1};
  gc_error err = {0};
  int64_t v;
  int rc = gc_expr_eval(&v, e, &env, &err);
  if (rc == GC_OK)
    *out = (double)v;
  else
    snprintf(md->err, sizeof md->err, "%.120s", err.msg);
  return rc;
}

static void idx_clear(model *md) {
  memset(md->idx, 0, (md->maxid + 1) * sizeof *md->idx);
  memset(md->idx_set, 0, md->maxid + 1);
}

/* Affine form of e over the indices of chain[0..d): *c0 + sum coef[k]
 * @chain[k]. Returns 0 when e is not affine there (or does not evaluate). */
static int affine(double *c0, double *coef, model *md, const gc_expr *e,
                  const unsigned *chain, unsigned d) {
  idx_clear(md);
  for (unsigned k = 0; k < d; k++)
    md->idx_set[chain[k]] = 1;
  if (eval_at(c0, md, e) != GC_OK)
    return 0;
  double sum = *c0, v;
  for (unsigned k = 0; k < d; k++) {
    coef[k] = 0;
    if (!gc_expr_uses_index(e, chain[k]))
      continue;
    md->idx[chain[k]] = 1;
    if (eval_at(&v, md, e) != GC_OK)
      return 0;
    coef[k] = v - *c0;
    md->idx[chain[k]] = 7;
    if (eval_at(&v, md, e) != GC_OK || v != *c0 + 7 * coef[k])
      return 0;
    md->idx[chain[k]] = 0;
    sum += 3 * coef[k];
  }
  for (unsigned k = 0; k < d; k++)
    md->idx[chain[k]] = 3;
  if (d > 1 && (eval_at(&v, md, e) != GC_OK || v != sum))
    return 0;
  return 1;
}

/* Loop table: chains, trips, mean trips and entries. A loop is ok when its
 * trip is exact and affine in its enclosing indices, and its parent is ok. */
/* Mean index of loop id, and its iterations per entry seen by a child (skip:
 * the child skips the last), under the override. */
static double mean_idx(const model *md, unsigned id) {
  if (md->ovr == id)
    return (md->ovr_lo + md->ovr_hi - 1) / 2;
  return (md->loops[id].mean_trip - 1) / 2;
}

/* Mean trips and entries of the ok loops, parents first. */
static void numeric_loops(model *md) {
  for (unsigned pass = 1; pass <= MAX_DEPTH; pass++)
    for (size_t i = 0; i < md->vv->nloops; i++) {
      const gc_loop *l = &md->vv->loops[i];
      tloop *t = &md->loops[l->id];
      if (t->depth != pass || !t->ok)
        continue;
      const tloop *p = l->parent ? &md->loops[l->parent] : NULL;
      double mean = t->t0;
      for (unsigned k = 0; k + 1 < t->depth; k++)
        mean += t->c[k] * mean_idx(md, t->chain[k]);
      t->mean_trip = mean > 0 ? mean : 0;
      double iters = !p                     ? 1
                     : md->ovr == l->parent ? md->ovr_hi - md->ovr_lo
                                            : p->mean_trip - l->skip_last;
      t->entries = p ? p->entries * fmax(0, iters) : 1;
    }
}

static void build_loops(model *md) {
  size_t nl = md->vv->nloops;
  for (size_t i = 0; i < nl; i++) {
    const gc_loop *l = &md->vv->loops[i];
    md->loops[l->id].l = l;
  }
  for (size_t i = 0; i < nl; i++) /* (a loop deeper than MAX_DEPTH: 0) */
    md->loops[md->vv->loops[i].id].depth =
        gc_tv_depth(md->vv, md->vv->loops[i].id);
  /* parents before children: by depth */
  for (unsigned pass = 1; pass <= MAX_DEPTH; pass++) {
    for (size_t i = 0; i < nl; i++) {
      const gc_loop *l = &md->vv->loops[i];
      tloop *t = &md->loops[l->id];
      unsigned depth = t->depth;
      if (depth != pass)
        continue;
      const tloop *p = l->parent ? &md->loops[l->parent] : NULL;
      if (p && !p->l)
        continue;
      if (p)
        memcpy(t->chain, p->chain, sizeof t->chain);
      t->chain[depth - 1] = l->id;
      t->ok = !p || p->ok;
      if (!t->ok) {
        memcpy(t->why, p->why, sizeof t->why);
        continue;
      }
      if (l->status != GC_LOOP_EXACT || !l->trip_expr) {
        t->ok = 0;
        snprintf(t->why, sizeof t->why, "loop %u (line %u): trip %s%s%.120s",
                 l->id, l->line, gc_loop_status_name(l->status),
                 l->reason ? ": " : "", l->reason ? l->reason : "");
        continue;
      }
      md->err[0] = '\0';
      if (!affine(&t->t0, t->c, md, l->trip_expr, t->chain, depth - 1)) {
        t->ok = 0;
        snprintf(t->why, sizeof t->why, "loop %u (line %u): trip %.60s: %.100s",
                 l->id, l->line, l->trip,
                 md->err[0] ? md->err : "not affine in the enclosing indices");
        continue;
      }
    }
  }
  numeric_loops(md);
}

/* Trips of chain[start..d) when chain[start] runs once with the enclosing
 * indices at their means: a trip depending on an index inside the box takes
 * its largest value over the box (the box bounds the footprint). */
static void box_trips(double *T, const model *md, const unsigned *chain,
                      unsigned d, unsigned start) {
  for (unsigned k = start; k < d; k++) {
    const tloop *t = &md->loops[chain[k]];
    if (chain[k] == md->ovr) {
      T[k] = md->ovr_hi - md->ovr_lo;
      continue;
    }
    double v = t->t0;
    for (unsigned m = 0; m < k; m++) {
      double c = t->c[m];
      if (c == 0)
        continue;
      if (m >= start && chain[m] == md->ovr)
        v += c > 0 ? c * (md->ovr_hi - 1) : c * md->ovr_lo;
      else if (m >= start)
        v += fmax(0, c * (T[m] - 1));
      else
        v += c * mean_idx(md, chain[m]);
    }
    T[k] = v > 0 ? floor(v + 0.5) : 0;
  }
}

static int64_t gcd64(int64_t a, int64_t b) {
  if (a < 0)
    a = -a;
  if (b < 0)
    b = -b;
  while (b) {
    int64_t r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/* Lines of B bytes touched by a run of X bytes whose start is a multiple of g
 * (g divides B), averaged over the starts in a line: the run crosses a line
 * boundary for g * floor((X - 1) / g) / B of them on average. */
static double run_lines(double X, int64_t g, double B) {
  if (X <= 0)
    return 0;
  if (g <= 0)
    g = 1;
  return 1 + (double)g * floor((X - 1) / (double)g) / B;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef struct dim {
  double s, T;
} dim;

static int cmp_dim(const void *a, const void *b) {
  return cmp_double(&((const dim *)a)->s, &((const dim *)b)->s);
}

/* Distinct lines of line size B that group g touches while chain[start..d)
 * runs once (stores_only: its stored lines only). */
static double group_lines(const model *md, const group *g, unsigned start,
                          double B, int stores_only) {
  const tloop *own = g->loop ? &md->loops[g->loop] : NULL;
  unsigned d = own ? own->depth : 0;
  double T[MAX_DEPTH] = {0};
  if (own)
    box_trips(T, md, own->chain, d, start);
  dim dims[MAX_DEPTH];
  size_t nd = 0;
  for (unsigned k = start; k < d; k++) {
    if (T[k] <= 0)
      return 0;
    if (g->coef[k] != 0 && T[k] > 1)
      dims[nd++] = (dim){fabs(g->coef[k]), T[k]};
  }
  qsort(dims, nd, sizeof *dims, cmp_dim);
  double X = g->e;
  size_t i = 0;
  while (i < nd && dims[i].s <= fmax(X, B)) {
    X += dims[i].s * (dims[i].T - 1);
    i++;
  }
  size_t first_sep = i;
  double R = 1, span_sep = 0;
  int64_t gsep = (int64_t)B;
  for (; i < nd; i++) {
    R *= dims[i].T;
    span_sep += dims[i].s * (dims[i].T - 1);
    gsep = gcd64(gsep, (int64_t)llround(dims[i].s));
  }
  double offs[64];
  size_t no = 0;
  for (size_t k = 0; k < g->nm && no < 64; k++)
    if (!stores_only || g->m[k].store)
      offs[no++] = g->m[k].off;
  if (no == 0)
    return 0;
  qsort(offs, no, sizeof *offs, cmp_double);
  double total = 0, first_start = offs[0];
  size_t k = 0;
  while (k < no) {
    double cs = offs[k], ce = offs[k] + X;
    while (k + 1 < no && offs[k + 1] <= ce + B) {
      ce = offs[k + 1] + X > ce ? offs[k + 1] + X : ce;
      k++;
    }
    k++;
    int64_t gg = gcd64(gsep, (int64_t)llround(cs));
    double runs = R;
    if (cs != first_start) { /* a shift along a separate dimension adds only
                                the runs it uncovers */
      double shift = cs - first_start;
      for (size_t j = first_sep; j < nd; j++) {
        double m = shift / dims[j].s;
        if (m == floor(m) && m < dims[j].T) {
          runs = m * R / dims[j].T;
          break;
        }
      }
    }
    total += runs * run_lines(ce - cs, gg, B);
  }
  /* never more than the lines spanned */
  double span = X + span_sep + (offs[no - 1] - offs[0]);
  double cap = ceil(span / B) + 1;
  return total < cap ? total : cap;
}

static int groups_add(model *md, const access *a, unsigned loop,
                      const double *coef, unsigned d) {
  group *g = NULL;
  for (size_t i = 0; i < md->ng && !g; i++) {
    group *c = &md->g[i];
    if (c->loop != loop || c->e != a->e || strcmp(c->base, a->base) != 0)
      continue;
    int same = 1;
    for (unsigned k = 0; k < d; k++)
      same &= c->coef[k] == coef[k];
    if (same)
      g = c;
  }
  if (!g) {
    if (md->ng == md->capg) {
      size_t cap = md->capg ? md->capg * 2 : 16;
      group *ng = realloc(md->g, cap * sizeof *ng);
      if (!ng)
        return GC_ENOMEM;
      md->g = ng;
      md->capg = cap;
    }
    g = &md->g[md->ng++];
    memset(g, 0, sizeof *g);
    g->base = a->base;
    g->loop = loop;
    g->e = a->e;
    for (unsigned k = 0; k < d; k++)
      g->coef[k] = coef[k];
  }
  for (size_t i = 0; i < g->nm; i++) /* same offset, same kind: one member */
    if (g->m[i].off == a->off && g->m[i].store == a->store) {
      g->m[i].execs += a->execs;
      return GC_OK;
    }
  if (g->nm == g->capm) {
    size_t cap = g->capm ? g->capm * 2 : 4;
    access *nm = realloc(g->m, cap * sizeof *nm);
    if (!nm)
      return GC_ENOMEM;
    g->m = nm;
    g->capm = cap;
  }
  g->m[g->nm++] = *a;
  return GC_OK;
}

/* Root loop id of loop id (0 for the function body). */
static unsigned root_of(const model *md, unsigned id) {
  if (id == 0 || id > md->maxid || !md->loops[id].l)
    return 0;
  return md->loops[id].chain[0];
}

static const char *op_what(const gc_op_entry *o) {
  return o->base ? o->base : gc_op_name(o->op);
}

/* Collect the accesses of nest `root` (0: the function body's own blocks) into
 * md->g; what cannot be modelled goes to why, counted in the nest. */
static int collect(model *md, unsigned root, gc_traffic_nest *nest, note *why) {
  size_t nb = md->vv->nblocks;
  int rc = GC_OK;
  for (size_t i = 0; i < nb; i++) {
    const gc_block *b = &md->vv->blocks[i];
    const vextra *bx = &md->vv->extra[i];
    if (root_of(md, b->loop) != root || (b->loop && !md->loops[b->loop].l))
      continue;
    const tloop *t = b->loop ? &md->loops[b->loop] : NULL;
    unsigned d = t ? t->depth : 0;
    for (size_t k = 0; k < b->nops; k++) {
      const gc_op_entry *o = &b->ops[k];
      int mem = o->op == GC_OP_LOAD || o->op == GC_OP_STORE;
      if (o->op == GC_OP_CALL) {
        /* a call left here was not composed: one without arguments (an
         * indirect call, an OpenMP team's body) as much as an external one */
        rc = note_add(why, "call to %s (line %u): its accesses not modelled",
                      o->callee ? o->callee : "?", b->line);
        nest->complete = 0;
      } else if (o->op == GC_OP_MEMCPY || o->op == GC_OP_MEMMOVE ||
                 o->op == GC_OP_MEMSET) {
        rc = note_add(why, "%s (line %u) not modelled", gc_op_name(o->op),
                      b->line);
        nest->complete = 0;
      }
      if (rc != GC_OK)
        return rc;
      if (!mem)
        continue;
      const char *fail = NULL;
      md->err[0] = '\0';
      double execs = (double)o->n;
      double c0 = 0, coef[MAX_DEPTH] = {0}, bytes = 0;
      if (t && !t->ok)
        fail = t->why;
      else if (!o->base || !o->index_expr)
        fail = "address not affine (no index)";
      else if (!o->bytes_expr || eval_at(&bytes, md, o->bytes_expr) != GC_OK ||
               bytes <= 0 || o->lanes == 0)
        fail = "no numeric access size";
      if (!fail && b->cond == GC_COND_UNKNOWN)
        fail = "count unknown (irreducible control flow)";
      if (!fail && b->cond == GC_COND_GUARD) {
        double gv = 0;
        idx_clear(md);
        if (!b->guard_expr || gc_expr_uses_any_index(b->guard_expr) ||
            eval_at(&gv, md, b->guard_expr) != GC_OK)
          fail = "runs under a guard on loop indices or unbound sizes";
        else if (gv == 0)
          execs = 0;
      }
      if (!fail &&
          !affine(&c0, coef, md, o->index_expr, t ? t->chain : NULL, d))
        fail = md->err[0] ? md->err : "index not affine in its loops";
      if (fail) {
        nest->complete = 0;
        if (t && t->ok && b->cond != GC_COND_DATA && b->cond != GC_COND_UNKNOWN)
          nest->accesses_left +=
              execs * t->entries * fmax(0, t->mean_trip - b->skip_last);
        if ((rc = note_add(why, "%s %s (line %u): %s", gc_op_name(o->op),
                           op_what(o), b->line, fail)) != GC_OK)
          return rc;
        continue;
      }
      if (t)
        execs *= t->entries * fmax(0, t->mean_trip - b->skip_last);
      if (execs == 0)
        continue;
      double elt = bytes / o->lanes;
      access a = {o->base, bytes, o->op == GC_OP_STORE, c0 * elt, execs};
      for (unsigned j = 0; j < d; j++)
        coef[j] *= elt;
      if (bx->fresh[k]) /* a region of its own per iteration of the caller */
        for (unsigned j = 0; j < bx->site_depth && j < d; j++)
          coef[j] += FRESH_STRIDE;
      if (b->cond == GC_COND_DATA) { /* resolved once the nest is collected */
        if (md->npend == md->cappend) {
          size_t cap = md->cappend ? md->cappend * 2 : 8;
          pending *np = realloc(md->pend, cap * sizeof *np);
          if (!np)
            return GC_ENOMEM;
          md->pend = np;
          md->cappend = cap;
        }
        pending *pd = &md->pend[md->npend++];
        pd->a = a;
        pd->loop = b->loop;
        pd->line = b->line;
        memcpy(pd->coef, coef, sizeof pd->coef);
        continue;
      }
      nest->accesses_modelled += execs;
      if ((rc = groups_add(md, &a, b->loop, coef, d)) != GC_OK)
        return rc;
    }
  }
  /* An access that runs depending on data touches lines another access of the
   * same group always touches (same base, loop, strides and offset; a store
   * needs a store there): no traffic of its own, its bytes only at level 0
   * (between 0 and every execution). Otherwise it is left out. */
  for (size_t i = 0; i < md->npend; i++) {
    const pending *pd = &md->pend[i];
    unsigned d = pd->loop ? md->loops[pd->loop].depth : 0;
    int covered = 0;
    for (size_t k = 0; k < md->ng && !covered; k++) {
      const group *g = &md->g[k];
      if (g->loop != pd->loop || g->e != pd->a.e ||
          strcmp(g->base, pd->a.base) != 0)
        continue;
      int same = 1;
      for (unsigned j = 0; j < d; j++)
        same &= g->coef[j] == pd->coef[j];
      for (size_t m = 0; same && m < g->nm && !covered; m++)
        covered = g->m[m].off == pd->a.off && (!pd->a.store || g->m[m].store);
    }
    if (covered) {
      if (pd->a.store)
        nest->covered_write += pd->a.execs * pd->a.e;
      else
        nest->covered_read += pd->a.execs * pd->a.e;
      continue;
    }
    nest->complete = 0;
    if ((rc = note_add(why, "%s %s (line %u): runs depending on data",
                       pd->a.store ? "store" : "load", pd->a.base, pd->line)) !=
        GC_OK)
      return rc;
  }
  md->npend = 0;
  return GC_OK;
}

/* Working set, in bytes of line size B, of one iteration of loop id: the lines
 * every group under it touches while the loops inside it run once. */
static double ws_iter(const model *md, unsigned id, double B) {
  const tloop *L = &md->loops[id];
  if (!md->ovr && md->ws_line[id] == B)
    return md->ws_memo[id];
  double ws = 0;
  for (size_t i = 0; i < md->ng; i++) {
    const group *g = &md->g[i];
    if (!g->loop)
      continue;
    const tloop *own = &md->loops[g->loop];
    if (own->depth < L->depth || own->chain[L->depth - 1] != id)
      continue;
    ws += group_lines(md, g, L->depth, B, 0) * B;
  }
  if (!md->ovr) { /* the groups of one nest do not change while it is costed */
    md->ws_memo[id] = ws;
    md->ws_line[id] = B;
  }
  return ws;
}

/* Misses (lines) of group g in a cache of S bytes with lines of B bytes. */
/* The working set of one iteration of loop id with its index at i. */
static double ws_at(model *md, unsigned id, double i, double B) {
  md->ovr = id;
  md->ovr_lo = i;
  md->ovr_hi = i + 1;
  numeric_loops(md);
  double ws = ws_iter(md, id, B);
  md->ovr = 0;
  numeric_loops(md);
  return ws;
}

static double group_misses(model *md, const group *g, double S, double B,
                           int stores_only, unsigned pstart) {
  if (!g->loop) /* the function body: each line once */
    return group_lines(md, g, 0, B, stores_only);
  const tloop *own = &md->loops[g->loop];
  for (unsigned p = pstart; p < own->depth; p++) {
    unsigned id = own->chain[p];
    const tloop *L = &md->loops[id];
    int fits = ws_iter(md, id, B) <= S;
    /* A loop whose inner trips depend on its own index (triangular nests):
     * the working set of one iteration grows (or shrinks) with the index; when
     * it fits for some iterations and not for others, the two ranges of the
     * index are modelled apart. */
    int dep = 0;
    for (size_t i = 0; i < md->vv->nloops && !md->ovr; i++) {
      const tloop *t = &md->loops[md->vv->loops[i].id];
      dep |= t->ok && t->depth > L->depth && t->chain[L->depth - 1] == id &&
             t->c[L->depth - 1] != 0;
    }
    double T = floor(L->mean_trip + 0.5);
    if (dep && T > 1) {
      double w0 = ws_at(md, id, 0, B), w1 = ws_at(md, id, T - 1, B);
      if ((w0 <= S) != (w1 <= S) && w1 != w0) {
        double cut = floor((S - w0) * (T - 1) / (w1 - w0)) + 1;
        cut = fmin(fmax(cut, 1), T - 1);
        double m = 0;
        for (int r = 0; r < 2; r++) {
          md->ovr = id;
          md->ovr_lo = r ? cut : 0;
          md->ovr_hi = r ? T : cut;
          numeric_loops(md);
          m += group_misses(md, g, S, B, stores_only, p);
        }
        md->ovr = 0;
        numeric_loops(md);
        return m;
      }
    }
    if (fits)
      return L->entries * group_lines(md, g, p, B, stores_only);
  }
  /* not even one iteration of the innermost loop fits: every execution */
  double execs = own->entries * own->mean_trip;
  return execs * group_lines(md, g, own->depth, B, stores_only);
}

static void groups_free(model *md) {
  for (size_t i = 0; i < md->ng; i++)
    free(md->g[i].m);
  md->ng = 0;
}

/* Lines per base a cache holds when a nest ends (for the next nest). */
#define MAX_RESIDENT 64
typedef struct resident {
  size_t n;
  struct {
    const char *base;
    double lines;
  } b[MAX_RESIDENT];
} resident;

static double *res_find(resident *r, const char *base, int add) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->b[i].base, base) == 0)
      return &r->b[i].lines;
  if (!add || r->n == MAX_RESIDENT)
    return NULL;
  r->b[r->n].base = base;
  r->b[r->n].lines = 0;
  return &r->b[r->n++].lines;
}

static double res_lines(const resident *r) {
  double s = 0;
  for (size_t i = 0; i < r->n; i++)
    s += r->b[i].lines;
  return s;
}

/* After a nest whose footprint per base is fp: what a cache of S bytes keeps.
 * The nest's data if it fits (with the older data when all of it fits),
 * nothing when the nest alone overflows the cache. */
static void res_update(resident *r, const resident *fp, double S, double B) {
  if (res_lines(fp) * B > S) {
    r->n = 0;
    return;
  }
  resident merged = *r;
  int ok = 1;
  for (size_t i = 0; i < fp->n && ok; i++) {
    double *l = res_find(&merged, fp->b[i].base, 1);
    if (!l)
      ok = 0;
    else if (*l < fp->b[i].lines)
      *l = fp->b[i].lines;
  }
  *r = ok && res_lines(&merged) * B <= S ? merged : *fp;
}

/* res: per cache level, what earlier nests left in it (NULL: cold caches). */
static int nest_model(model *md, gc_traffic_nest *nest,
                      const gc_traffic_cache *lv, size_t nl, double fill,
                      resident *res, note *why) {
  int rc;
  nest->complete = 1;
  if ((rc = collect(md, nest->loop, nest, why)) != GC_OK)
    return rc;
  resident avail[GC_TRAFFIC_MAX_LEVELS], fp[GC_TRAFFIC_MAX_LEVELS];
  for (size_t c = 0; res && c + 1 < nl; c++) {
    avail[c] = res[c];
    fp[c].n = 0;
  }
  for (size_t i = 0; i < md->ng; i++) {
    const group *g = &md->g[i];
    for (size_t k = 0; k < g->nm; k++) {
      if (g->m[k].store)
        nest->write[0] += g->m[k].execs * g->e;
      else
        nest->read[0] += g->m[k].execs * g->e;
    }
    double prev_miss = INFINITY, prev_wb = INFINITY, prev_B = 0;
    for (size_t c = 0; c + 1 < nl; c++) {
      double B = lv[c].line_bytes, S = lv[c].size_bytes * fill;
      double miss = group_misses(md, g, S, B, 0, 0);
      double wb = group_misses(md, g, S, B, 1, 0);
      if (res) { /* lines an earlier nest left in the cache are hits once */
        double f0 = group_lines(md, g, 0, B, 0);
        double *have = res_find(&avail[c], g->base, 0);
        if (have && *have > 0) {
          double saved = fmin(fmin(f0, *have), miss);
          miss -= saved;
          *have -= saved;
        }
        double *l = res_find(&fp[c], g->base, 1);
        if (l)
          *l += f0;
      }
      if (B == prev_B) { /* a level below never misses more than above */
        miss = fmin(miss, prev_miss);
        wb = fmin(wb, prev_wb);
      }
      prev_miss = miss, prev_wb = wb, prev_B = B;
      nest->read[c + 1] += miss * B;
      nest->write[c + 1] += wb * B;
    }
  }
  for (size_t c = 0; res && c + 1 < nl; c++)
    res_update(&res[c], &fp[c], lv[c].size_bytes * fill, lv[c].line_bytes);
  groups_free(md);
  memset(md->ws_line, 0, (md->maxid + 1) * sizeof *md->ws_line);
  return GC_OK;
}

int gc_traffic_compute(gc_traffic **out, const gc_function *fn,
                       const gc_traffic_cache *levels, size_t nlevels,
                       const gc_traffic_opts *opts, gc_error *err) {
  gc_traffic *t = NULL;
  resident *res = NULL;
  model md = {0};
  vview vv = {0};
  int rc = GC_ENOMEM;
  gc_traffic_opts dflt = {0};
  *out = NULL;
  if (!opts)
    opts = &dflt;
  if (!fn || !levels || nlevels == 0 || nlevels > GC_TRAFFIC_MAX_LEVELS) {
    rc = gc_error_set(err, GC_EINVAL, "gc_traffic_compute: invalid arguments");
    goto done;
  }
  for (size_t i = 0; i + 1 < nlevels; i++)
    if (!(levels[i].size_bytes > 0) || !(levels[i].line_bytes >= 1)) {
      rc = gc_error_set(err, GC_EINVAL,
                        "gc_traffic_compute: level %zu has no size or line", i);
      goto done;
    }
  if (!gc_function_view(fn, opts->view)) {
    rc = gc_error_set(err, GC_ENOTFOUND, "%s: no %s view", gc_function_name(fn),
                      gc_view_kind_name(opts->view));
    goto done;
  }
  if ((rc = gc_tv_build(&vv, fn, opts->view, err)) != GC_OK)
    goto done;
  rc = GC_ENOMEM;
  md.vv = &vv;
  if (opts->loop) {
    const gc_loop *l = gc_tv_find(&vv, opts->loop);
    if (!l || l->parent != 0) {
      rc = gc_error_set(
          err, GC_ENOTFOUND, "%s: no top-level loop %u in the %s view",
          gc_function_name(fn), opts->loop, gc_view_kind_name(opts->view));
      goto done;
    }
  }
  /* symbols: module params, then the user's (the last binding wins) */
  const gc_profile *prof = gc_function_profile(fn);
  size_t np = prof ? gc_profile_nparams(prof) : 0;
  md.nsyms = np + opts->nbindings;
  if (md.nsyms && !(md.syms = calloc(md.nsyms, sizeof *md.syms)))
    goto done;
  if (np)
    memcpy(md.syms, gc_profile_params(prof), np * sizeof *md.syms);
  if (opts->nbindings)
    memcpy(md.syms + np, opts->bindings, opts->nbindings * sizeof *md.syms);
  md.maxid = vv.maxid;
  if (!(md.loops = calloc(md.maxid + 1, sizeof *md.loops)) ||
      !(md.idx = calloc(md.maxid + 1, sizeof *md.idx)) ||
      !(md.idx_set = calloc(md.maxid + 1, 1)) ||
      !(md.ws_memo = calloc(md.maxid + 1, sizeof *md.ws_memo)) ||
      !(md.ws_line = calloc(md.maxid + 1, sizeof *md.ws_line)))
    goto done;
  for (size_t i = 0; i < vv.nloops; i++)
    if (gc_tv_depth(&vv, vv.loops[i].id) > MAX_DEPTH) {
      rc = gc_error_set(err, GC_ERANGE, "%s: loops nested deeper than %d",
                        gc_function_name(fn), MAX_DEPTH);
      goto done;
    }
  if (!(t = calloc(1, sizeof *t)))
    goto done;
  t->nlevels = nlevels;
  for (size_t i = 0; i < nlevels; i++)
    snprintf(t->names[i], sizeof t->names[i], "%s",
             levels[i].name ? levels[i].name : "?");
  build_loops(&md);
  /* nests: the function body (when the whole function), then each root */
  size_t nn = 1;
  if (!opts->loop)
    for (size_t i = 0; i < vv.nloops; i++)
      nn += vv.loops[i].parent == 0;
  if (!(t->nests = calloc(nn, sizeof *t->nests)) ||
      !(t->nest_notes = calloc(nn, sizeof *t->nest_notes)))
    goto done;
  if (opts->loop) {
    t->nests[t->nnests++].loop = opts->loop;
  } else {
    t->nests[t->nnests++].loop = 0;
    for (size_t i = 0; i < vv.nloops; i++)
      if (vv.loops[i].parent == 0)
        t->nests[t->nnests++].loop = vv.loops[i].id;
  }
  double fill = opts->fill > 0 ? opts->fill : 1.0;
  res = calloc(GC_TRAFFIC_MAX_LEVELS, sizeof *res);
  if (!res)
    goto done;
  for (size_t i = 0; i < t->nnests; i++) {
    gc_traffic_nest *n = &t->nests[i];
    note *why = &t->nest_notes[i];
    const gc_loop *l = n->loop ? gc_tv_find(&vv, n->loop) : NULL;
    n->line = l ? l->line : 0;
    if ((rc = nest_model(&md, n, levels, nlevels, fill, opts->loop ? NULL : res,
                         why)) != GC_OK)
      goto done;
    n->note = why->s ? why->s : "";
    if (why->s && note_add(&t->all, "%s", why->s) != GC_OK) {
      rc = GC_ENOMEM;
      goto done;
    }
    if (why->s)
      n->complete = 0;
    t->covered_read += n->covered_read;
    t->covered_write += n->covered_write;
    for (size_t k = 0; k < nlevels; k++) {
      t->read[k] += n->read[k];
      t->write[k] += n->write[k];
      if (k + 1 < nlevels)
        t->misses[k] += n->read[k + 1] / levels[k].line_bytes;
    }
  }
  rc = GC_OK;
done:
  free(res);
  gc_tv_free(&vv);
  groups_free(&md);
  free(md.g);
  free(md.pend);
  free(md.syms);
  free(md.loops);
  free(md.idx);
  free(md.idx_set);
  free(md.ws_memo);
  free(md.ws_line);
  if (rc == GC_ENOMEM)
    gc_error_set(err, rc, "out of memory modelling traffic");
  if (rc == GC_OK)
    *out = t;
  else
    gc_traffic_free(t);
  return rc;
}
