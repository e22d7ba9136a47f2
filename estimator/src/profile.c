/* profile.c: reading profile payloads (docs/profile.md) with jansson into
 * immutable gc_profile records, strict schema validation with JSON-path error
 * messages, accessors, and sets of records for whole programs
 * (greenc/profile.h). */
#define _POSIX_C_SOURCE 200809L
#include "greenc/profile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "greenc/version.h"
#include "json_arena.h"

struct gc_view {
  gc_loop *loops;
  size_t nloops;
  gc_block *blocks;
  size_t nblocks;
  int64_t insts, insts_exact;
  gc_coverage_gap *gaps;
  size_t ngaps;
};

struct gc_function {
  const gc_profile *profile;
  const char *name, *file;
  unsigned line;
  gc_param *params;
  size_t nparams;
  gc_symbol *symbols;
  size_t nsymbols;
  gc_view *views[2];
  const char *missing[2];
};

struct gc_profile {
  json_t *root;         /* keeps every string we point to alive */
  gc_json_arena *arena; /* root's values (json_arena.h) */
  char *origin;
  int version;
  const char *producer, *source, *opt, *target;
  gc_binding *params;
  size_t nparams;
  gc_function *functions;
  size_t nfunctions;
  /* every parsed expression and every int-to-text conversion, freed with the
   * profile */
  gc_expr **exprs;
  size_t nexprs, capexprs;
  char **texts;
  size_t ntexts, captexts;
};

struct gc_profile_set {
  gc_profile **items;
  size_t n, cap;
  /* functions by name, the first of a name in set order (open addressing,
   * NULL: empty slot; cap a power of two, at most half full) */
  const gc_function **index;
  size_t nindex, capindex;
};

const char *gc_view_kind_name(gc_view_kind kind) {
  return kind == GC_VIEW_SOURCE ? "source" : "executed";
}

const char *gc_loop_status_name(gc_loop_status s) {
  switch (s) {
  case GC_LOOP_EXACT:
    return "exact";
  case GC_LOOP_BOUNDED:
    return "bounded";
  default:
    return "unknown";
  }
}

/* ---- parse context: error path ---- */

typedef struct pctx {
  gc_profile *p;
  gc_error *err;
  char path[512];
  size_t plen;
} pctx;

static size_t path_push(pctx *c, const char *fmt, ...) {
  size_t old = c->plen;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(c->path + c->plen, sizeof c->path - c->plen, fmt, ap);
  va_end(ap);
  if (n > 0)
    c->plen += (size_t)n < sizeof c->path - c->plen
                   ? (size_t)n
                   : sizeof c->path - c->plen - 1;
  return old;
}

static void path_pop(pctx *c, size_t old) {
  c->plen = old;
  c->path[old] = 0;
}

static int fail(pctx *c, int code, const char *fmt, ...) {
  char msg[GC_ERROR_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return gc_error_set(c->err, code, "%s: %s%s%s", c->p->origin, c->path,
                      c->plen ? ": " : "", msg);
}

static const char *type_name(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT:
    return "an object";
  case JSON_ARRAY:
    return "an array";
  case JSON_STRING:
    return "a string";
  case JSON_INTEGER:
    return "an integer";
  case JSON_REAL:
    return "a real number";
  case JSON_TRUE:
  case JSON_FALSE:
    return "a boolean";
  default:
    return "null";
  }
}

/* Field getters: *out = NULL when absent and not required. */
static int get(pctx *c, json_t **out, json_t *obj, const char *key,
               json_type type, int required) {
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (!v) {
    if (required)
      return fail(c, GC_ESCHEMA, "missing \"%s\"", key);
    return GC_OK;
  }
  int ok = json_typeof(v) == type || (type == JSON_TRUE && json_is_boolean(v));
  if (!ok) {
    const char *want = type == JSON_OBJECT   ? "an object"
                       : type == JSON_ARRAY  ? "an array"
                       : type == JSON_STRING ? "a string"
                       : type == JSON_TRUE   ? "a boolean"
                                             : "an integer";
    return fail(c, GC_ESCHEMA, "\"%s\" must be %s, not %s", key, want,
                type_name(v));
  }
  *out = v;
  return GC_OK;
}

static int get_str(pctx *c, const char **out, json_t *obj, const char *key,
                   int required) {
  json_t *v = NULL;
  int rc = get(c, &v, obj, key, JSON_STRING, required);
  *out = v ? json_string_value(v) : NULL;
  return rc;
}

static int get_int(pctx *c, int64_t *out, json_t *obj, const char *key,
                   int required, int64_t dflt, int64_t min) {
  json_t *v = NULL;
  int rc = get(c, &v, obj, key, JSON_INTEGER, required);
  *out = v ? (int64_t)json_integer_value(v) : dflt;
  if (rc == GC_OK && v && *out < min)
    rc = fail(c, GC_ESCHEMA, "\"%s\" must be >= %lld, not %lld", key,
              (long long)min, (long long)*out);
  return rc;
}

static int get_bool(pctx *c, int *out, json_t *obj, const char *key) {
  json_t *v = NULL;
  int rc = get(c, &v, obj, key, JSON_TRUE, 0);
  *out = v ? json_is_true(v) : 0;
  return rc;
}

static int keep_expr(pctx *c, gc_expr *e) {
  gc_profile *p = c->p;
  if (p->nexprs == p->capexprs) {
    size_t n = p->capexprs ? p->capexprs * 2 : 64;
    gc_expr **t = realloc(p->exprs, n * sizeof *t);
    if (!t) {
      gc_expr_free(e);
      return fail(c, GC_ENOMEM, "out of memory");
    }
    p->exprs = t;
    p->capexprs = n;
  }
  p->exprs[p->nexprs++] = e;
  return GC_OK;
}

static int keep_text(pctx *c, char *s) {
  gc_profile *p = c->p;
  if (!s)
    return fail(c, GC_ENOMEM, "out of memory");
  if (p->ntexts == p->captexts) {
    size_t n = p->captexts ? p->captexts * 2 : 16;
    char **t = realloc(p->texts, n * sizeof *t);
    if (!t) {
      free(s);
      return fail(c, GC_ENOMEM, "out of memory");
    }
    p->texts = t;
    p->captexts = n;
  }
  p->texts[p->ntexts++] = s;
  return GC_OK;
}

/* An EXPR value v (a string, or a JSON integer unless boolean); key names it in
 * messages (NULL: the path does). */
static int expr_value(pctx *c, const char **text, const gc_expr **expr,
                      json_t *v, const char *key, int boolean) {
  const char *s;
  char what[80] = "";
  if (key)
    snprintf(what, sizeof what, "\"%s\" ", key);
  if (json_is_integer(v) && !boolean) {
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
    int rc = keep_text(c, strdup(buf));
    if (rc != GC_OK)
      return rc;
    s = c->p->texts[c->p->ntexts - 1];
  } else if (json_is_string(v)) {
    s = json_string_value(v);
  } else {
    return fail(c, GC_ESCHEMA, "%smust be %s, not %s", what,
                boolean ? "a string" : "a string or an integer", type_name(v));
  }
  gc_expr *e = NULL;
  gc_error e2 = {0};
  int rc = boolean ? gc_expr_parse_bool(&e, s, &e2) : gc_expr_parse(&e, s, &e2);
  if (rc != GC_OK)
    return key ? fail(c, rc, "\"%s\": %s", key, e2.msg)
               : fail(c, rc, "%s", e2.msg);
  if ((rc = keep_expr(c, e)) != GC_OK)
    return rc;
  *text = s;
  *expr = e;
  return GC_OK;
}

/* An EXPR field of obj. The text and expr outputs are NULL when absent. */
static int get_expr(pctx *c, const char **text, const gc_expr **expr,
                    json_t *obj, const char *key, int required, int boolean) {
  json_t *v = json_object_get(obj, key);
  *text = NULL;
  *expr = NULL;
  if (!v)
    return required ? fail(c, GC_ESCHEMA, "missing \"%s\"", key) : GC_OK;
  return expr_value(c, text, expr, v, key, boolean);
}

/* ---- sections ---- */

/* The optional "recurrence": [{op, ty, lanes, n}] of a loop. */
static int parse_recurrence(pctx *c, gc_loop *l, json_t *o) {
  json_t *rec = NULL;
  int rc = get(c, &rec, o, "recurrence", JSON_ARRAY, 0);
  if (rc != GC_OK || !rec || json_array_size(rec) == 0)
    return rc;
  size_t n = json_array_size(rec);
  gc_rec_op *arr = calloc(n, sizeof *arr);
  if (!arr || (rc = keep_text(c, (char *)arr)) != GC_OK)
    return arr ? rc : fail(c, GC_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_array_get(rec, i);
    const char *s = NULL;
    int64_t v = 0;
    size_t old = path_push(c, ".recurrence[%zu]", i);
    if (!json_is_object(e))
      rc = fail(c, GC_ESCHEMA, "must be an object");
    if (rc == GC_OK && (rc = get_str(c, &s, e, "op", 1)) == GC_OK &&
        gc_op_parse(&arr[i].op, s) != GC_OK)
      rc = fail(c, GC_ESCHEMA, "unknown op \"%s\"", s);
    if (rc == GC_OK && (rc = get_str(c, &s, e, "ty", 1)) == GC_OK &&
        gc_ty_parse(&arr[i].ty, s) != GC_OK)
      rc = fail(c, GC_ESCHEMA, "unknown ty \"%s\"", s);
    if (rc == GC_OK && (rc = get_int(c, &v, e, "lanes", 0, 1, 1)) == GC_OK)
      arr[i].lanes = (unsigned)v;
    if (rc == GC_OK)
      rc = get_int(c, &arr[i].n, e, "n", 1, 1, 1);
    path_pop(c, old);
    if (rc != GC_OK)
      return rc;
  }
  l->nrec = n;
  l->rec = arr;
  return get_bool(c, &l->rec_reassoc, o, "recurrence_reassoc");
}

static int parse_loop(pctx *c, gc_loop *l, json_t *o) {
  int64_t v = 0;
  int rc;
  const char *st = NULL;
  if ((rc = get_int(c, &v, o, "id", 1, 0, 1)) != GC_OK)
    return rc;
  l->id = (unsigned)v;
  if ((rc = get_int(c, &v, o, "parent", 1, 0, 0)) != GC_OK)
    return rc;
  l->parent = (unsigned)v;
  if ((rc = get_int(c, &v, o, "line", 0, 0, 0)) != GC_OK)
    return rc;
  l->line = (unsigned)v;
  if ((rc = get_int(c, &v, o, "col", 0, 0, 0)) != GC_OK)
    return rc;
  l->col = (unsigned)v;
  if ((rc = get_str(c, &l->iv, o, "iv", 0)) != GC_OK ||
      (rc = get_str(c, &l->reason, o, "reason", 0)) != GC_OK ||
      (rc = get_bool(c, &l->skip_last, o, "skip_last")) != GC_OK ||
      (rc = get_str(c, &st, o, "status", 1)) != GC_OK)
    return rc;
  if (strcmp(st, "exact") == 0)
    l->status = GC_LOOP_EXACT;
  else if (strcmp(st, "bounded") == 0)
    l->status = GC_LOOP_BOUNDED;
  else if (strcmp(st, "unknown") == 0)
    l->status = GC_LOOP_UNKNOWN;
  else
    return fail(c, GC_ESCHEMA,
                "\"status\" must be exact, bounded or unknown, not \"%s\"", st);
  if ((rc = get_expr(c, &l->trip, &l->trip_expr, o, "trip",
                     l->status == GC_LOOP_EXACT, 0)) != GC_OK ||
      (rc = get_expr(c, &l->trip_max, &l->trip_max_expr, o, "trip_max", 0,
                     0)) != GC_OK)
    return rc;
  if (l->trip_expr && gc_expr_uses_index(l->trip_expr, l->id))
    return fail(c, GC_ESCHEMA, "\"trip\" uses the loop's own index @%u", l->id);
  return parse_recurrence(c, l, o);
}

static int parse_op(pctx *c, gc_op_entry *op, json_t *o) {
  int64_t v = 0;
  int rc;
  const char *s = NULL;
  json_t *args = NULL;
  if ((rc = get_str(c, &s, o, "op", 1)) != GC_OK)
    return rc;
  if (gc_op_parse(&op->op, s) != GC_OK)
    return fail(c, GC_ESCHEMA, "unknown op \"%s\"", s);
  if ((rc = get_str(c, &s, o, "ty", 0)) != GC_OK)
    return rc;
  op->ty = GC_TY_NONE;
  if (s && gc_ty_parse(&op->ty, s) != GC_OK)
    return fail(c, GC_ESCHEMA, "unknown ty \"%s\"", s);
  if ((rc = get_int(c, &v, o, "lanes", 0, 1, 1)) != GC_OK)
    return rc;
  op->lanes = (unsigned)v;
  if ((rc = get_int(c, &op->n, o, "n", 1, 0, 0)) != GC_OK)
    return rc;
  if ((rc = get_str(c, &s, o, "role", 0)) != GC_OK)
    return rc;
  op->role = GC_ROLE_DATA;
  if (s && strcmp(s, "addr") == 0)
    op->role = GC_ROLE_ADDR;
  else if (s && strcmp(s, "data") != 0)
    return fail(c, GC_ESCHEMA, "\"role\" must be data or addr, not \"%s\"", s);
  if ((rc = get_expr(c, &op->bytes, &op->bytes_expr, o, "bytes", 0, 0)) !=
          GC_OK ||
      (rc = get_str(c, &op->base, o, "base", 0)) != GC_OK ||
      (rc = get_expr(c, &op->index, &op->index_expr, o, "index", 0, 0)) !=
          GC_OK ||
      (rc = get_str(c, &op->what, o, "what", 0)) != GC_OK ||
      (rc = get_str(c, &op->callee, o, "callee", op->op == GC_OP_CALL)) !=
          GC_OK ||
      (rc = get(c, &args, o, "args", JSON_ARRAY, 0)) != GC_OK)
    return rc;
  if ((op->op == GC_OP_LOAD || op->op == GC_OP_STORE ||
       op->op == GC_OP_MEMCPY || op->op == GC_OP_MEMMOVE ||
       op->op == GC_OP_MEMSET) &&
      !op->bytes)
    return fail(c, GC_ESCHEMA, "missing \"bytes\" (required for %s)",
                gc_op_name(op->op));
  if (args) {
    size_t n = json_array_size(args);
    const char **texts = calloc(n + 1, sizeof *texts);
    const gc_expr **exprs = calloc(n + 1, sizeof *exprs);
    if (!texts || !exprs) {
      free(texts);
      free(exprs);
      return fail(c, GC_ENOMEM, "out of memory");
    }
    /* hand both arrays to the profile right away so they are freed with it */
    if ((rc = keep_text(c, (char *)texts)) != GC_OK) {
      free(exprs);
      return rc;
    }
    if ((rc = keep_text(c, (char *)exprs)) != GC_OK)
      return rc;
    op->args = texts;
    op->args_expr = exprs;
    op->nargs = n;
    op->has_args = 1;
    for (size_t i = 0; i < n; i++) {
      size_t old = path_push(c, ".args[%zu]", i);
      json_t *av = json_array_get(args, i);
      /* null: an argument the writer cannot express (counts that depend on it
       * are unknown) */
      rc = json_is_null(av) ? GC_OK
                            : expr_value(c, &texts[i], &exprs[i], av, NULL, 0);
      path_pop(c, old);
      if (rc != GC_OK)
        return rc;
    }
  }
  return GC_OK;
}

/* 1 when loop id is `inner` or one of its ancestors in v. */
static int encloses(const gc_view *v, unsigned id, unsigned inner) {
  size_t steps = 0;
  for (const gc_loop *l = inner ? gc_view_find_loop(v, inner) : NULL;
       l && steps++ <= v->nloops;
       l = l->parent ? gc_view_find_loop(v, l->parent) : NULL)
    if (l->id == id)
      return 1;
  return 0;
}

/* 1 when e uses an @N that is not `inner` or one of its enclosing loops; *bad
 * gets N. */
static int stray_index(unsigned *bad, const gc_view *v, const gc_expr *e,
                       unsigned inner) {
  if (!e)
    return 0;
  if (gc_expr_kind_of(e) == GC_EXPR_INDEX &&
      !encloses(v, gc_expr_index(e), inner)) {
    *bad = gc_expr_index(e);
    return 1;
  }
  for (size_t i = 0; i < gc_expr_nargs(e); i++)
    if (stray_index(bad, v, gc_expr_arg(e, i), inner))
      return 1;
  return 0;
}

static int check_indices(pctx *c, const gc_view *v, const gc_expr *e,
                         unsigned inner, const char *what) {
  unsigned bad = 0;
  if (!stray_index(&bad, v, e, inner))
    return GC_OK;
  return fail(c, GC_ESCHEMA, "\"%s\" uses @%u, which is not an enclosing loop",
              what, bad);
}

static int parse_block(pctx *c, gc_block *b, json_t *o, const gc_view *v) {
  int64_t x = 0;
  int rc;
  const char *s = NULL;
  json_t *ops = NULL;
  if ((rc = get_int(c, &x, o, "id", 1, 0, 0)) != GC_OK)
    return rc;
  b->id = (unsigned)x;
  if ((rc = get_int(c, &x, o, "loop", 1, 0, 0)) != GC_OK)
    return rc;
  b->loop = (unsigned)x;
  if (b->loop && !gc_view_find_loop(v, b->loop))
    return fail(c, GC_ESCHEMA, "\"loop\" %u is not a loop of this view",
                b->loop);
  if ((rc = get_int(c, &x, o, "line", 0, 0, 0)) != GC_OK)
    return rc;
  b->line = (unsigned)x;
  if ((rc = get_bool(c, &b->skip_last, o, "skip_last")) != GC_OK ||
      (rc = get_str(c, &s, o, "cond", 1)) != GC_OK)
    return rc;
  if (strcmp(s, "always") == 0)
    b->cond = GC_COND_ALWAYS;
  else if (strcmp(s, "guard") == 0)
    b->cond = GC_COND_GUARD;
  else if (strcmp(s, "data") == 0)
    b->cond = GC_COND_DATA;
  else if (strcmp(s, "unknown") == 0)
    b->cond = GC_COND_UNKNOWN;
  else
    return fail(c, GC_ESCHEMA,
                "\"cond\" must be always, guard, data or unknown, not \"%s\"",
                s);
  if ((rc = get_str(c, &b->reason, o, "reason", 0)) != GC_OK)
    return rc;
  if ((rc = get_expr(c, &b->guard, &b->guard_expr, o, "guard",
                     b->cond == GC_COND_GUARD, 1)) != GC_OK ||
      (rc = get(c, &ops, o, "ops", JSON_ARRAY, 1)) != GC_OK)
    return rc;
  if ((rc = check_indices(c, v, b->guard_expr, b->loop, "guard")) != GC_OK)
    return rc;
  b->nops = json_array_size(ops);
  gc_op_entry *arr = calloc(b->nops + 1, sizeof *arr);
  if (!arr || (rc = keep_text(c, (char *)arr)) != GC_OK)
    return arr ? rc : fail(c, GC_ENOMEM, "out of memory");
  b->ops = arr;
  for (size_t i = 0; i < b->nops; i++) {
    json_t *oo = json_array_get(ops, i);
    size_t old = path_push(c, ".ops[%zu]", i);
    rc = json_is_object(oo) ? parse_op(c, &arr[i], oo)
                            : fail(c, GC_ESCHEMA, "must be an object");
    if (rc == GC_OK)
      rc = check_indices(c, v, arr[i].bytes_expr, b->loop, "bytes");
    if (rc == GC_OK)
      rc = check_indices(c, v, arr[i].index_expr, b->loop, "index");
    for (size_t a = 0; rc == GC_OK && a < arr[i].nargs; a++)
      rc = check_indices(c, v, arr[i].args_expr[a], b->loop, "args");
    path_pop(c, old);
    if (rc != GC_OK)
      return rc;
  }
  return GC_OK;
}

static void view_free(gc_view *v) {
  if (!v)
    return;
  free(v->loops);
  free(v->blocks);
  free(v->gaps);
  free(v);
}

static int parse_view(pctx *c, gc_view **out, json_t *o) {
  int rc = GC_OK;
  json_t *loops = NULL, *blocks = NULL, *cov = NULL;
  gc_view *v = calloc(1, sizeof *v);
  if (!v)
    return fail(c, GC_ENOMEM, "out of memory");
  v->insts = v->insts_exact = -1;
  if ((rc = get(c, &loops, o, "loops", JSON_ARRAY, 1)) != GC_OK ||
      (rc = get(c, &blocks, o, "blocks", JSON_ARRAY, 1)) != GC_OK ||
      (rc = get(c, &cov, o, "coverage", JSON_OBJECT, 0)) != GC_OK)
    goto done;
  v->nloops = json_array_size(loops);
  v->nblocks = json_array_size(blocks);
  if (!(v->loops = calloc(v->nloops + 1, sizeof *v->loops)) ||
      !(v->blocks = calloc(v->nblocks + 1, sizeof *v->blocks))) {
    rc = fail(c, GC_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < v->nloops; i++) {
    json_t *lo = json_array_get(loops, i);
    size_t old = path_push(c, ".loops[%zu]", i);
    rc = json_is_object(lo) ? parse_loop(c, &v->loops[i], lo)
                            : fail(c, GC_ESCHEMA, "must be an object");
    for (size_t k = 0; rc == GC_OK && k < i; k++)
      if (v->loops[k].id == v->loops[i].id)
        rc = fail(c, GC_ESCHEMA, "duplicate loop id %u", v->loops[i].id);
    path_pop(c, old);
    if (rc != GC_OK)
      goto done;
  }
  /* parents exist and form a tree; trips use only enclosing loops' indices */
  for (size_t i = 0; i < v->nloops; i++) {
    size_t old = path_push(c, ".loops[%zu]", i);
    unsigned p = v->loops[i].parent;
    size_t steps = 0;
    while (p && rc == GC_OK) {
      const gc_loop *pl = gc_view_find_loop(v, p);
      if (!pl)
        rc = fail(c, GC_ESCHEMA, "parent %u is not a loop of this view", p);
      else if (++steps > v->nloops)
        rc = fail(c, GC_ESCHEMA, "loop parents form a cycle");
      else
        p = pl->parent;
    }
    if (rc == GC_OK)
      rc = check_indices(c, v, v->loops[i].trip_expr, v->loops[i].parent,
                         "trip");
    if (rc == GC_OK)
      rc = check_indices(c, v, v->loops[i].trip_max_expr, v->loops[i].parent,
                         "trip_max");
    path_pop(c, old);
    if (rc != GC_OK)
      goto done;
  }
  for (size_t i = 0; i < v->nblocks; i++) {
    json_t *bo = json_array_get(blocks, i);
    size_t old = path_push(c, ".blocks[%zu]", i);
    rc = json_is_object(bo) ? parse_block(c, &v->blocks[i], bo, v)
                            : fail(c, GC_ESCHEMA, "must be an object");
    path_pop(c, old);
    if (rc != GC_OK)
      goto done;
  }
  if (cov) {
    json_t *unk = NULL;
    size_t old = path_push(c, ".coverage");
    if ((rc = get_int(c, &v->insts, cov, "insts", 0, -1, 0)) == GC_OK &&
        (rc = get_int(c, &v->insts_exact, cov, "insts_exact", 0, -1, 0)) ==
            GC_OK &&
        (rc = get(c, &unk, cov, "unknown", JSON_ARRAY, 0)) == GC_OK && unk) {
      v->ngaps = json_array_size(unk);
      if (!(v->gaps = calloc(v->ngaps + 1, sizeof *v->gaps)))
        rc = fail(c, GC_ENOMEM, "out of memory");
      for (size_t i = 0; rc == GC_OK && i < v->ngaps; i++) {
        json_t *g = json_array_get(unk, i);
        int64_t line = 0;
        size_t o2 = path_push(c, ".unknown[%zu]", i);
        if (!json_is_object(g))
          rc = fail(c, GC_ESCHEMA, "must be an object");
        else if ((rc = get_int(c, &line, g, "line", 0, 0, 0)) == GC_OK)
          rc = get_str(c, &v->gaps[i].reason, g, "reason", 0);
        v->gaps[i].line = (unsigned)line;
        if (!v->gaps[i].reason)
          v->gaps[i].reason = "";
        path_pop(c, o2);
      }
    }
    path_pop(c, old);
  }
done:
  if (rc == GC_OK)
    *out = v;
  else
    view_free(v);
  return rc;
}

static int parse_function(pctx *c, gc_function *f, json_t *o) {
  int rc;
  int64_t v = 0;
  json_t *params = NULL, *syms = NULL, *views = NULL, *missing = NULL;
  f->profile = c->p;
  if ((rc = get_str(c, &f->name, o, "name", 1)) != GC_OK ||
      (rc = get_str(c, &f->file, o, "file", 0)) != GC_OK ||
      (rc = get_int(c, &v, o, "line", 0, 0, 0)) != GC_OK)
    return rc;
  f->line = (unsigned)v;
  if ((rc = get(c, &params, o, "params", JSON_ARRAY, 0)) != GC_OK ||
      (rc = get(c, &syms, o, "symbols", JSON_ARRAY, 0)) != GC_OK ||
      (rc = get(c, &views, o, "views", JSON_OBJECT, 1)) != GC_OK ||
      (rc = get(c, &missing, o, "views_missing", JSON_OBJECT, 0)) != GC_OK)
    return rc;
  f->nparams = json_array_size(params);
  f->nsymbols = json_array_size(syms);
  if (!(f->params = calloc(f->nparams + 1, sizeof *f->params)) ||
      !(f->symbols = calloc(f->nsymbols + 1, sizeof *f->symbols)))
    return fail(c, GC_ENOMEM, "out of memory");
  for (size_t i = 0; i < f->nparams; i++) {
    json_t *po = json_array_get(params, i);
    size_t old = path_push(c, ".params[%zu]", i);
    if (!json_is_object(po))
      rc = fail(c, GC_ESCHEMA, "must be an object");
    else if ((rc = get_str(c, &f->params[i].name, po, "name", 1)) == GC_OK)
      rc = get_str(c, &f->params[i].type, po, "type", 0);
    path_pop(c, old);
    if (rc != GC_OK)
      return rc;
  }
  for (size_t i = 0; i < f->nsymbols; i++) {
    json_t *so = json_array_get(syms, i);
    gc_symbol *s = &f->symbols[i];
    size_t old = path_push(c, ".symbols[%zu]", i);
    if (!json_is_object(so))
      rc = fail(c, GC_ESCHEMA, "must be an object");
    else if ((rc = get_str(c, &s->name, so, "name", 1)) == GC_OK &&
             (rc = get_str(c, &s->kind_name, so, "kind", 1)) == GC_OK &&
             (rc = get_int(c, &s->index, so, "index", 0, -1, 0)) == GC_OK &&
             (rc = get_str(c, &s->base, so, "base", 0)) == GC_OK &&
             (rc = get_int(c, &s->offset, so, "offset", 0, 0, INT64_MIN)) ==
                 GC_OK &&
             (rc = get_str(c, &s->type, so, "type", 0)) == GC_OK) {
      s->kind = strcmp(s->kind_name, "param") == 0   ? GC_SYM_PARAM
                : strcmp(s->kind_name, "field") == 0 ? GC_SYM_FIELD
                                                     : GC_SYM_OTHER;
      if (s->kind == GC_SYM_PARAM && s->index < 0)
        rc = fail(c, GC_ESCHEMA,
                  "missing \"index\" (required for a param symbol)");
      else if (s->kind == GC_SYM_FIELD && !s->base)
        rc = fail(c, GC_ESCHEMA,
                  "missing \"base\" (required for a field symbol)");
    }
    path_pop(c, old);
    if (rc != GC_OK)
      return rc;
  }
  for (int k = 0; k < 2; k++) {
    json_t *vo = NULL;
    const char *kn = gc_view_kind_name((gc_view_kind)k);
    size_t old = path_push(c, ".views");
    rc = get(c, &vo, views, kn, JSON_OBJECT, 0);
    path_pop(c, old);
    if (rc != GC_OK)
      return rc;
    if (vo) {
      old = path_push(c, ".views.%s", kn);
      rc = parse_view(c, &f->views[k], vo);
      path_pop(c, old);
      if (rc != GC_OK)
        return rc;
    } else {
      const char *why = NULL;
      if (missing) {
        old = path_push(c, ".views_missing");
        rc = get_str(c, &why, missing, kn, 0);
        path_pop(c, old);
        if (rc != GC_OK)
          return rc;
      }
      f->missing[k] = why ? why : "";
    }
  }
  return GC_OK;
}

/* ---- records ---- */

void gc_profile_free(gc_profile *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->nfunctions; i++) {
    gc_function *f = &p->functions[i];
    free(f->params);
    free(f->symbols);
    view_free(f->views[0]);
    view_free(f->views[1]);
  }
  free(p->functions);
  free(p->params);
  for (size_t i = 0; i < p->nexprs; i++)
    gc_expr_free(p->exprs[i]);
  free(p->exprs);
  for (size_t i = 0; i < p->ntexts; i++)
    free(p->texts[i]);
  free(p->texts);
  free(p->origin);
  if (p->arena) /* root lives in it, read-only (json_arena.h) */
    gc_json_arena_free(p->arena);
  else
    json_decref(p->root);
  free(p);
}

int gc_profile_parse(gc_profile **out, const char *json, size_t len,
                     const char *origin, gc_error *err) {
  int rc = GC_OK;
  json_error_t jerr;
  json_t *fns = NULL, *mod = NULL, *params = NULL;
  int64_t version = 0;
  pctx c = {0};
  gc_profile *p = calloc(1, sizeof *p);
  if (!p)
    return gc_error_set(err, GC_ENOMEM, "out of memory");
  c.p = p;
  c.err = err;
  if (!(p->origin = strdup(origin ? origin : "<profile>"))) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  /* first chunk: 4 times the text; more chunks as the tree needs them */
  if (!(p->arena = gc_json_arena_new(4 * len))) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  gc_json_arena *outer = gc_json_arena_use(p->arena);
  p->root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
  gc_json_arena_use(outer);
  if (!p->root) {
    rc = gc_error_set(err, GC_EPARSE, "%s:%d:%d: invalid JSON: %s", p->origin,
                      jerr.line, jerr.column, jerr.text);
    goto done;
  }
  if (!json_is_object(p->root)) {
    rc = fail(&c, GC_ESCHEMA, "the payload must be a JSON object");
    goto done;
  }
  if ((rc = get_int(&c, &version, p->root, "greenc_profile", 1, 0, 1)) != GC_OK)
    goto done;
  if (version > GC_PROFILE_SCHEMA) {
    rc = gc_error_set(
        err, GC_EVERSION,
        "%s: profile schema version %lld is newer than this reader's (%d)",
        p->origin, (long long)version, GC_PROFILE_SCHEMA);
    goto done;
  }
  p->version = (int)version;
  if ((rc = get_str(&c, &p->producer, p->root, "producer", 0)) != GC_OK ||
      (rc = get(&c, &mod, p->root, "module", JSON_OBJECT, 0)) != GC_OK ||
      (rc = get(&c, &params, p->root, "params", JSON_OBJECT, 0)) != GC_OK ||
      (rc = get(&c, &fns, p->root, "functions", JSON_ARRAY, 1)) != GC_OK)
    goto done;
  if (mod) {
    size_t old = path_push(&c, "module");
    if ((rc = get_str(&c, &p->source, mod, "source", 0)) == GC_OK &&
        (rc = get_str(&c, &p->opt, mod, "opt", 0)) == GC_OK)
      rc = get_str(&c, &p->target, mod, "target", 0);
    path_pop(&c, old);
    if (rc != GC_OK)
      goto done;
  }
  if (params) {
    size_t n = json_object_size(params), i = 0;
    const char *key;
    json_t *val;
    if (!(p->params = calloc(n + 1, sizeof *p->params))) {
      rc = fail(&c, GC_ENOMEM, "out of memory");
      goto done;
    }
    size_t old = path_push(&c, "params");
    json_object_foreach(params, key, val) {
      if (!json_is_integer(val)) {
        rc = fail(&c, GC_ESCHEMA, "\"%s\" must be an integer, not %s", key,
                  type_name(val));
        break;
      }
      p->params[i].name = key;
      p->params[i].value = (int64_t)json_integer_value(val);
      i++;
    }
    path_pop(&c, old);
    p->nparams = i;
    if (rc != GC_OK)
      goto done;
  }
  p->nfunctions = json_array_size(fns);
  if (!(p->functions = calloc(p->nfunctions + 1, sizeof *p->functions))) {
    rc = fail(&c, GC_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < p->nfunctions; i++) {
    json_t *fo = json_array_get(fns, i);
    size_t old = path_push(&c, "functions[%zu]", i);
    rc = json_is_object(fo) ? parse_function(&c, &p->functions[i], fo)
                            : fail(&c, GC_ESCHEMA, "must be an object");
    path_pop(&c, old);
    if (rc != GC_OK)
      goto done;
  }
done:
  if (rc != GC_OK) {
    gc_profile_free(p);
    return rc;
  }
  *out = p;
  return GC_OK;
}

int gc_profile_load_file(gc_profile **out, const char *path, gc_error *err) {
  int rc = GC_OK;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  FILE *f = fopen(path, "rb");
  if (!f)
    return gc_error_set(err, GC_EIO, "%s: %s", path, strerror(errno));
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 65536;
      char *t = realloc(buf, cap);
      if (!t) {
        rc = gc_error_set(err, GC_ENOMEM, "out of memory");
        goto done;
      }
      buf = t;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (n == 0)
      break;
  }
  if (ferror(f)) {
    rc = gc_error_set(err, GC_EIO, "%s: read error", path);
    goto done;
  }
  rc = gc_profile_parse(out, buf, len, path, err);
done:
  free(buf);
  fclose(f);
  return rc;
}

const char *gc_profile_origin(const gc_profile *p) { return p->origin; }
int gc_profile_version(const gc_profile *p) { return p->version; }
const char *gc_profile_producer(const gc_profile *p) { return p->producer; }
const char *gc_profile_source(const gc_profile *p) { return p->source; }
const char *gc_profile_opt(const gc_profile *p) { return p->opt; }
const char *gc_profile_target(const gc_profile *p) { return p->target; }
size_t gc_profile_nparams(const gc_profile *p) { return p->nparams; }
const gc_binding *gc_profile_params(const gc_profile *p) { return p->params; }
size_t gc_profile_nfunctions(const gc_profile *p) { return p->nfunctions; }
const gc_function *gc_profile_function(const gc_profile *p, size_t i) {
  return i < p->nfunctions ? &p->functions[i] : NULL;
}
const gc_function *gc_profile_find_function(const gc_profile *p,
                                            const char *name) {
  for (size_t i = 0; i < p->nfunctions; i++)
    if (strcmp(p->functions[i].name, name) == 0)
      return &p->functions[i];
  return NULL;
}

/* ---- functions and views ---- */

const char *gc_function_name(const gc_function *f) { return f->name; }
const char *gc_function_file(const gc_function *f) { return f->file; }
unsigned gc_function_line(const gc_function *f) { return f->line; }
const gc_profile *gc_function_profile(const gc_function *f) {
  return f->profile;
}
size_t gc_function_nparams(const gc_function *f) { return f->nparams; }
const gc_param *gc_function_param(const gc_function *f, size_t i) {
  return i < f->nparams ? &f->params[i] : NULL;
}
size_t gc_function_nsymbols(const gc_function *f) { return f->nsymbols; }
const gc_symbol *gc_function_symbol(const gc_function *f, size_t i) {
  return i < f->nsymbols ? &f->symbols[i] : NULL;
}
const gc_symbol *gc_function_find_symbol(const gc_function *f,
                                         const char *name) {
  for (size_t i = 0; i < f->nsymbols; i++)
    if (strcmp(f->symbols[i].name, name) == 0)
      return &f->symbols[i];
  return NULL;
}
const gc_view *gc_function_view(const gc_function *f, gc_view_kind kind) {
  return (unsigned)kind < 2 ? f->views[kind] : NULL;
}
const char *gc_function_view_missing(const gc_function *f, gc_view_kind kind) {
  return (unsigned)kind < 2 && f->missing[kind] ? f->missing[kind] : "";
}

size_t gc_view_nloops(const gc_view *v) { return v->nloops; }
const gc_loop *gc_view_loop(const gc_view *v, size_t i) {
  return i < v->nloops ? &v->loops[i] : NULL;
}
const gc_loop *gc_view_find_loop(const gc_view *v, unsigned id) {
  for (size_t i = 0; i < v->nloops; i++)
    if (v->loops[i].id == id)
      return &v->loops[i];
  return NULL;
}
size_t gc_view_nblocks(const gc_view *v) { return v->nblocks; }
const gc_block *gc_view_block(const gc_view *v, size_t i) {
  return i < v->nblocks ? &v->blocks[i] : NULL;
}
int64_t gc_view_insts(const gc_view *v) { return v->insts; }
int64_t gc_view_insts_exact(const gc_view *v) { return v->insts_exact; }
size_t gc_view_ngaps(const gc_view *v) { return v->ngaps; }
const gc_coverage_gap *gc_view_gap(const gc_view *v, size_t i) {
  return i < v->ngaps ? &v->gaps[i] : NULL;
}
unsigned gc_view_loop_depth(const gc_view *v, unsigned id) {
  unsigned d = 0;
  const gc_loop *l = gc_view_find_loop(v, id);
  while (l && d <= v->nloops) {
    d++;
    l = l->parent ? gc_view_find_loop(v, l->parent) : NULL;
  }
  return d;
}

/* ---- sets ---- */

int gc_profile_set_new(gc_profile_set **out) {
  gc_profile_set *s = calloc(1, sizeof *s);
  if (!s)
    return GC_ENOMEM;
  *out = s;
  return GC_OK;
}

void gc_profile_set_free(gc_profile_set *s) {
  if (!s)
    return;
  for (size_t i = 0; i < s->n; i++)
    gc_profile_free(s->items[i]);
  free(s->items);
  free(s->index);
  free(s);
}

static size_t name_hash(const char *name) {
  size_t h = 14695981039346656037u; /* FNV-1a */
  for (const unsigned char *q = (const unsigned char *)name; *q; q++)
    h = (h ^ *q) * 1099511628211u;
  return h;
}

/* The slot of name in s's index: its function's, or the empty one where it
 * goes. */
static const gc_function **index_slot(const gc_profile_set *s,
                                      const char *name) {
  size_t mask = s->capindex - 1;
  for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask)
    if (!s->index[i] || strcmp(s->index[i]->name, name) == 0)
      return &s->index[i];
}

/* Index p's functions (those whose name is not yet in the set). */
static int index_add(gc_profile_set *s, const gc_profile *p) {
  if (2 * (s->nindex + p->nfunctions) >= s->capindex) {
    size_t cap = s->capindex ? s->capindex : 64;
    while (2 * (s->nindex + p->nfunctions) >= cap)
      cap *= 2;
    const gc_function **old = s->index;
    size_t oldcap = s->capindex;
    if (!(s->index = calloc(cap, sizeof *s->index))) {
      s->index = old;
      return GC_ENOMEM;
    }
    s->capindex = cap;
    for (size_t i = 0; i < oldcap; i++)
      if (old[i])
        *index_slot(s, old[i]->name) = old[i];
    free(old);
  }
  for (size_t i = 0; i < p->nfunctions; i++) {
    const gc_function **slot = index_slot(s, p->functions[i].name);
    if (!*slot) {
      *slot = &p->functions[i];
      s->nindex++;
    }
  }
  return GC_OK;
}

int gc_profile_set_add(gc_profile_set *s, gc_profile *p) {
  if (index_add(s, p) != GC_OK) {
    gc_profile_free(p);
    return GC_ENOMEM;
  }
  if (s->n == s->cap) {
    size_t n = s->cap ? s->cap * 2 : 8;
    gc_profile **t = realloc(s->items, n * sizeof *t);
    if (!t) {
      gc_profile_free(p);
      return GC_ENOMEM;
    }
    s->items = t;
    s->cap = n;
  }
  s->items[s->n++] = p;
  return GC_OK;
}

int gc_profile_set_add_json(gc_profile_set *s, const char *json, size_t len,
                            const char *origin, gc_error *err) {
  gc_profile *p = NULL;
  int rc = gc_profile_parse(&p, json, len, origin, err);
  if (rc == GC_OK && (rc = gc_profile_set_add(s, p)) != GC_OK)
    gc_error_set(err, rc, "out of memory");
  return rc;
}

size_t gc_profile_set_nprofiles(const gc_profile_set *s) { return s->n; }
const gc_profile *gc_profile_set_profile(const gc_profile_set *s, size_t i) {
  return i < s->n ? s->items[i] : NULL;
}

const gc_function *gc_profile_set_find_function(const gc_profile_set *s,
                                                const char *name,
                                                const gc_profile *prefer) {
  const gc_function *f = NULL;
  if (prefer && (f = gc_profile_find_function(prefer, name)))
    return f;
  return s && s->capindex ? *index_slot(s, name) : NULL;
}
