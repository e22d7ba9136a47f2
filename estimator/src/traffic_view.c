/* traffic_view.c: expand the calls of a function's view at their sites for the
 * traffic model (traffic_view.h). */
#include "traffic_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CALL_DEPTH 4

void gc_tv_free(vview *vv) {
  for (size_t i = 0; i < vv->nmem; i++)
    free(vv->mem[i]);
  for (size_t i = 0; i < vv->nex; i++)
    gc_expr_free(vv->ex[i]);
  free(vv->mem);
  free(vv->ex);
  free(vv->loops);
  free(vv->blocks);
  free(vv->extra);
  memset(vv, 0, sizeof *vv);
}

static int grow(void **p, size_t *cap, size_t n, size_t elt) {
  if (n < *cap)
    return GC_OK;
  size_t c = *cap ? *cap * 2 : 16;
  void *np = realloc(*p, c * elt);
  if (!np)
    return GC_ENOMEM;
  *p = np;
  *cap = c;
  return GC_OK;
}

static void *vv_alloc(vview *vv, size_t bytes) {
  if (grow((void **)&vv->mem, &vv->capmem, vv->nmem, sizeof *vv->mem))
    return NULL;
  void *p = calloc(1, bytes ? bytes : 1);
  if (p)
    vv->mem[vv->nmem++] = p;
  return p;
}

static int vv_keep(vview *vv, gc_expr *e) {
  if (grow((void **)&vv->ex, &vv->capex, vv->nex, sizeof *vv->ex)) {
    gc_expr_free(e);
    return GC_ENOMEM;
  }
  vv->ex[vv->nex++] = e;
  return GC_OK;
}

/* A call being expanded: parameter values and pointer bases in the top
 * function's terms, and where its code goes. */
typedef struct frame {
  const gc_function *fn;
  size_t np;
  const char **names;     /* parameter names */
  const gc_expr **values; /* integer parameters: value (owned by vv) */
  const char **bases;     /* pointer parameters: the base it is */
  unsigned char *fresh;   /* pointer parameters: not expressible */
  unsigned id_base;       /* callee loop k becomes id_base + k */
  unsigned parent;        /* the call site's loop (0 at the top) */
  unsigned site_depth;
  const gc_block *site; /* the call's block (NULL at the top) */
  const struct frame *up;
  unsigned level;
} frame;

/* e in the top function's terms (a new expression kept by vv), or e itself at
 * the top. NULL e gives NULL. */
static int vv_expr(const gc_expr **out, vview *vv, const frame *fr,
                   const gc_view *v, const gc_expr *e, gc_error *err) {
  *out = e;
  if (!e || !fr->up)
    return GC_OK;
  gc_expr *cur = NULL;
  int rc = gc_expr_subst(&cur, e, fr->names, fr->values, fr->np, err);
  for (size_t i = 0; rc == GC_OK && i < gc_view_nloops(v); i++) {
    unsigned k = gc_view_loop(v, i)->id;
    if (!gc_expr_uses_index(cur, k))
      continue;
    gc_expr *idx = NULL, *next = NULL;
    rc = gc_expr_new_index(&idx, fr->id_base + k);
    if (rc == GC_OK)
      rc = gc_expr_subst_index(&next, cur, k, idx, err);
    gc_expr_free(idx);
    gc_expr_free(cur);
    cur = next;
  }
  if (rc != GC_OK) {
    gc_expr_free(cur);
    return rc;
  }
  if ((rc = vv_keep(vv, cur)) == GC_OK)
    *out = cur;
  return rc;
}

static int expand(vview *vv, const frame *fr, gc_view_kind kind, gc_error *err);

/* The frame of a call op in block b of fr (b already in the top's terms). */
static int call_frame(vview *vv, const frame *fr, const gc_view *v,
                      const gc_block *vb, const gc_op_entry *o,
                      const gc_function *callee, gc_view_kind kind,
                      unsigned site_depth, gc_error *err) {
  frame cf = {0};
  size_t np = gc_function_nparams(callee);
  cf.fn = callee;
  cf.np = np;
  cf.names = vv_alloc(vv, np * sizeof *cf.names);
  cf.values = vv_alloc(vv, np * sizeof *cf.values);
  cf.bases = vv_alloc(vv, np * sizeof *cf.bases);
  cf.fresh = vv_alloc(vv, np);
  if (!cf.names || !cf.values || !cf.bases || !cf.fresh)
    return GC_ENOMEM;
  for (size_t i = 0; i < np; i++) {
    const gc_param *pp = gc_function_param(callee, i);
    const gc_expr *a = i < o->nargs ? o->args_expr[i] : NULL;
    cf.names[i] = pp->name;
    if (pp->type && strcmp(pp->type, "ptr") == 0) {
      cf.fresh[i] = 1;
      if (a && gc_expr_kind_of(a) == GC_EXPR_SYM) {
        const char *s = gc_expr_sym(a);
        cf.bases[i] = s;
        cf.fresh[i] = 0;
        for (size_t k = 0; k < fr->np; k++) /* the caller's own parameter */
          if (fr->bases[k] && strcmp(fr->names[k], s) == 0) {
            cf.bases[i] = fr->bases[k];
            cf.fresh[i] = fr->fresh[k];
          }
      }
      if (cf.fresh[i]) { /* a region of its own: a name of its own */
        char *nm = vv_alloc(vv, strlen(gc_function_name(callee)) +
                                    strlen(pp->name) + 24);
        if (!nm)
          return GC_ENOMEM;
        sprintf(nm, "%s:%s#%u", gc_function_name(callee), pp->name,
                ++vv->nfresh);
        cf.bases[i] = nm;
      }
    }
    const gc_expr *val = NULL;
    int rc = a ? vv_expr(&val, vv, fr, v, a, err) : GC_OK;
    if (rc != GC_OK)
      return rc;
    if (!val) { /* not expressible: a symbol nothing binds */
      char *nm = vv_alloc(vv, strlen(gc_function_name(callee)) +
                                  strlen(pp->name) + 16);
      gc_expr *sym = NULL;
      if (!nm)
        return GC_ENOMEM;
      sprintf(nm, "%s:%s", gc_function_name(callee), pp->name);
      if ((rc = gc_expr_new_sym(&sym, nm)) != GC_OK ||
          (rc = vv_keep(vv, sym)) != GC_OK)
        return rc;
      val = sym;
    }
    cf.values[i] = val;
  }
  const gc_view *cv = gc_function_view(callee, kind);
  unsigned cmax = 0;
  for (size_t i = 0; cv && i < gc_view_nloops(cv); i++)
    if (gc_view_loop(cv, i)->id > cmax)
      cmax = gc_view_loop(cv, i)->id;
  cf.id_base = vv->maxid > cmax ? vv->maxid : cmax;
  cf.parent = vb->loop;
  cf.site_depth = site_depth;
  cf.site = vb;
  cf.up = fr;
  cf.level = fr->level + 1;
  return expand(vv, &cf, kind, err);
}

const gc_loop *gc_tv_find(const vview *vv, unsigned id) {
  for (size_t i = 0; i < vv->nloops; i++)
    if (vv->loops[i].id == id)
      return &vv->loops[i];
  return NULL;
}

unsigned gc_tv_depth(const vview *vv, unsigned id) {
  unsigned d = 0;
  while (id && d <= 64 * (MAX_CALL_DEPTH + 1)) {
    size_t i = 0;
    while (i < vv->nloops && vv->loops[i].id != id)
      i++;
    if (i == vv->nloops)
      return 0;
    id = vv->loops[i].parent;
    d++;
  }
  return d;
}

static int expand(vview *vv, const frame *fr, gc_view_kind kind,
                  gc_error *err) {
  const gc_view *v = gc_function_view(fr->fn, kind);
  int rc;
  if (!v)
    return GC_OK; /* a callee without this view: its call stays, noted */
  for (size_t i = 0; i < gc_view_nloops(v); i++) {
    const gc_loop *l = gc_view_loop(v, i);
    if ((rc = grow((void **)&vv->loops, &vv->caploops, vv->nloops,
                   sizeof *vv->loops)) != GC_OK)
      return rc;
    gc_loop nl = *l;
    nl.id = fr->id_base + l->id;
    nl.parent = l->parent ? fr->id_base + l->parent : fr->parent;
    if ((rc = vv_expr(&nl.trip_expr, vv, fr, v, l->trip_expr, err)) != GC_OK)
      return rc;
    vv->loops[vv->nloops++] = nl;
    if (nl.id > vv->maxid)
      vv->maxid = nl.id;
  }
  for (size_t i = 0; i < gc_view_nblocks(v); i++) {
    const gc_block *b = gc_view_block(v, i);
    gc_block nb = *b;
    nb.loop = b->loop ? fr->id_base + b->loop : fr->parent;
    if ((rc = vv_expr(&nb.guard_expr, vv, fr, v, b->guard_expr, err)) != GC_OK)
      return rc;
    if (fr->site) { /* the call's own condition */
      const gc_block *st = fr->site;
      if (st->cond == GC_COND_UNKNOWN || nb.cond == GC_COND_UNKNOWN) {
        nb.cond = GC_COND_UNKNOWN;
      } else if (st->cond == GC_COND_DATA) {
        nb.cond = GC_COND_DATA;
      } else if (st->cond == GC_COND_GUARD && nb.cond == GC_COND_ALWAYS) {
        nb.cond = GC_COND_GUARD;
        nb.guard_expr = st->guard_expr;
      } else if (st->cond == GC_COND_GUARD && nb.cond == GC_COND_GUARD) {
        gc_expr *a = NULL, *c = NULL, *both = NULL;
        if (st->guard_expr && nb.guard_expr &&
            (rc = gc_expr_clone(&a, st->guard_expr)) == GC_OK &&
            (rc = gc_expr_clone(&c, nb.guard_expr)) == GC_OK) {
          rc = gc_expr_new_binary(&both, GC_EXPR_AND, a, c);
          a = c = NULL;
          if (rc == GC_OK && (rc = vv_keep(vv, both)) == GC_OK)
            nb.guard_expr = both;
        }
        gc_expr_free(a);
        gc_expr_free(c);
        if (rc != GC_OK)
          return rc;
      }
    }
    gc_op_entry *ops = vv_alloc(vv, b->nops * sizeof *ops);
    unsigned char *fresh = vv_alloc(vv, b->nops);
    if (!ops || !fresh)
      return GC_ENOMEM;
    size_t nops = 0;
    unsigned site_depth = gc_tv_depth(vv, nb.loop);
    for (size_t k = 0; k < b->nops; k++) {
      gc_op_entry o = b->ops[k];
      if (o.op == GC_OP_CALL && o.has_args && o.callee) {
        const gc_function *cal =
            gc_profile_find_function(gc_function_profile(fr->fn), o.callee);
        int onstack = 0;
        for (const frame *f = fr; f; f = f->up)
          onstack |= f->fn == cal;
        if (cal && !onstack && fr->level < MAX_CALL_DEPTH && o.n == 1 &&
            gc_function_view(cal, kind)) {
          if ((rc = call_frame(vv, fr, v, &nb, &o, cal, kind, site_depth,
                               err)) != GC_OK)
            return rc;
          continue;
        }
      }
      if ((o.op == GC_OP_LOAD || o.op == GC_OP_STORE) && fr->up) {
        if ((rc = vv_expr(&o.index_expr, vv, fr, v, b->ops[k].index_expr,
                          err)) != GC_OK ||
            (rc = vv_expr(&o.bytes_expr, vv, fr, v, b->ops[k].bytes_expr,
                          err)) != GC_OK)
          return rc;
        for (size_t p = 0; o.base && p < fr->np; p++)
          if (fr->bases[p] && strcmp(fr->names[p], o.base) == 0) {
            fresh[nops] = fr->fresh[p];
            o.base = fr->bases[p];
            break;
          }
      }
      ops[nops++] = o;
    }
    nb.ops = ops;
    nb.nops = nops;
    if ((rc = grow((void **)&vv->blocks, &vv->capblocks, vv->nblocks,
                   sizeof *vv->blocks)) != GC_OK)
      return rc;
    if ((rc = grow((void **)&vv->extra, &vv->capextra, vv->nblocks,
                   sizeof *vv->extra)) != GC_OK)
      return rc;
    vv->extra[vv->nblocks].fresh = fresh;
    vv->extra[vv->nblocks].site_depth = fr->site_depth;
    vv->blocks[vv->nblocks++] = nb;
  }
  return GC_OK;
}

int gc_tv_build(vview *out, const gc_function *fn, gc_view_kind kind,
                gc_error *err) {
  frame top = {.fn = fn};
  memset(out, 0, sizeof *out);
  int rc = expand(out, &top, kind, err);
  if (rc != GC_OK)
    gc_tv_free(out);
  return rc;
}
