/* expr.c: the kernel model's integer expressions (greenc/expr.h): parsing the
 * EXPR grammar of docs/profile.md into a tree, canonical printing, substitution
 * and exact (checked int64) evaluation with C division semantics. */
#define _POSIX_C_SOURCE 200809L
#include "greenc/expr.h"
#include "sbuf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gc_expr {
  gc_expr_kind kind;
  int64_t ival;   /* INT */
  unsigned index; /* INDEX */
  char *name;     /* SYM */
  size_t nargs;
  gc_expr **args;
};

/* ---- construction ---- */

static gc_expr *node_new(gc_expr_kind kind) {
  gc_expr *e = calloc(1, sizeof *e);
  if (e)
    e->kind = kind;
  return e;
}

void gc_expr_free(gc_expr *e) {
  if (!e)
    return;
  for (size_t i = 0; i < e->nargs; i++)
    gc_expr_free(e->args[i]);
  free(e->args);
  free(e->name);
  free(e);
}

static int node_push(gc_expr *e, gc_expr *arg) {
  gc_expr **a = realloc(e->args, (e->nargs + 1) * sizeof *a);
  if (!a) {
    gc_expr_free(arg);
    return GC_ENOMEM;
  }
  e->args = a;
  e->args[e->nargs++] = arg;
  return GC_OK;
}

int gc_expr_new_int(gc_expr **out, int64_t v) {
  gc_expr *e = node_new(GC_EXPR_INT);
  if (!e)
    return GC_ENOMEM;
  e->ival = v;
  *out = e;
  return GC_OK;
}

int gc_expr_new_sym(gc_expr **out, const char *name) {
  gc_expr *e = node_new(GC_EXPR_SYM);
  if (!e || !(e->name = strdup(name))) {
    free(e);
    return GC_ENOMEM;
  }
  *out = e;
  return GC_OK;
}

int gc_expr_new_index(gc_expr **out, unsigned loop_id) {
  gc_expr *e = node_new(GC_EXPR_INDEX);
  if (!e)
    return GC_ENOMEM;
  e->index = loop_id;
  *out = e;
  return GC_OK;
}

int gc_expr_new_binary(gc_expr **out, gc_expr_kind kind, gc_expr *a,
                       gc_expr *b) {
  int rc = GC_OK;
  gc_expr *e = NULL;
  if (kind < GC_EXPR_ADD) {
    rc = GC_EINVAL;
    goto done;
  }
  e = node_new(kind);
  if (!e) {
    rc = GC_ENOMEM;
    goto done;
  }
  rc = node_push(e, a);
  a = NULL;
  if (rc == GC_OK)
    rc = node_push(e, b);
  b = NULL;
  if (rc == GC_OK) {
    *out = e;
    e = NULL;
  }
done:
  gc_expr_free(a);
  gc_expr_free(b);
  gc_expr_free(e);
  return rc;
}

int gc_expr_clone(gc_expr **out, const gc_expr *e) {
  int rc = GC_OK;
  gc_expr *c = node_new(e->kind);
  if (!c)
    return GC_ENOMEM;
  c->ival = e->ival;
  c->index = e->index;
  if (e->name && !(c->name = strdup(e->name))) {
    rc = GC_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < e->nargs; i++) {
    gc_expr *a = NULL;
    if ((rc = gc_expr_clone(&a, e->args[i])) != GC_OK ||
        (rc = node_push(c, a)) != GC_OK)
      goto done;
  }
  *out = c;
  c = NULL;
done:
  gc_expr_free(c);
  return rc;
}

/* ---- inspection ---- */

gc_expr_kind gc_expr_kind_of(const gc_expr *e) { return e->kind; }
int64_t gc_expr_int(const gc_expr *e) { return e->ival; }
const char *gc_expr_sym(const gc_expr *e) { return e->name; }
unsigned gc_expr_index(const gc_expr *e) { return e->index; }
size_t gc_expr_nargs(const gc_expr *e) { return e->nargs; }
const gc_expr *gc_expr_arg(const gc_expr *e, size_t i) {
  return i < e->nargs ? e->args[i] : NULL;
}

static const char *const kind_names[] = {
    "int",  "sym",  "@",    "-",   "+",   "-",    "*",    "udiv",
    "sdiv", "urem", "srem", "min", "max", "umin", "umax", "<",
    "<=",   ">",    ">=",   "==",  "!=",  "&&",   "||"};

const char *gc_expr_kind_name(gc_expr_kind kind) {
  return (unsigned)kind < sizeof kind_names / sizeof kind_names[0]
             ? kind_names[kind]
             : "?";
}

int gc_expr_uses_index(const gc_expr *e, unsigned loop_id) {
  if (e->kind == GC_EXPR_INDEX)
    return e->index == loop_id;
  for (size_t i = 0; i < e->nargs; i++)
    if (gc_expr_uses_index(e->args[i], loop_id))
      return 1;
  return 0;
}

int gc_expr_uses_any_index(const gc_expr *e) {
  if (e->kind == GC_EXPR_INDEX)
    return 1;
  for (size_t i = 0; i < e->nargs; i++)
    if (gc_expr_uses_any_index(e->args[i]))
      return 1;
  return 0;
}

int gc_expr_equal(const gc_expr *a, const gc_expr *b) {
  if (a->kind != b->kind || a->nargs != b->nargs)
    return 0;
  switch (a->kind) {
  case GC_EXPR_INT:
    return a->ival == b->ival;
  case GC_EXPR_SYM:
    return strcmp(a->name, b->name) == 0;
  case GC_EXPR_INDEX:
    return a->index == b->index;
  default:
    break;
  }
  for (size_t i = 0; i < a->nargs; i++)
    if (!gc_expr_equal(a->args[i], b->args[i]))
      return 0;
  return 1;
}

static int is_func(gc_expr_kind k) {
  return k >= GC_EXPR_UDIV && k <= GC_EXPR_UMAX;
}
static int is_cmp(gc_expr_kind k) { return k >= GC_EXPR_LT && k <= GC_EXPR_NE; }

/* ---- parsing ---- */

typedef struct parser {
  const char *s;
  size_t pos;
  gc_error *err;
} parser;

static void skip_ws(parser *p) {
  while (p->s[p->pos] && isspace((unsigned char)p->s[p->pos]))
    p->pos++;
}

static int perr(parser *p, const char *what) {
  return gc_error_set(p->err, GC_EPARSE, "col %zu: %s in \"%s\"", p->pos + 1,
                      what, p->s);
}

static int accept(parser *p, const char *tok) {
  skip_ws(p);
  size_t n = strlen(tok);
  if (strncmp(p->s + p->pos, tok, n) == 0) {
    p->pos += n;
    return 1;
  }
  return 0;
}

static int parse_expr(parser *p, gc_expr **out);

static int is_ident_start(char c) {
  return isalpha((unsigned char)c) || c == '_';
}
static int is_ident(char c) { return isalnum((unsigned char)c) || c == '_'; }

static int parse_uint(parser *p, int64_t *out) {
  int64_t v = 0;
  if (!isdigit((unsigned char)p->s[p->pos]))
    return perr(p, "expected a number");
  while (isdigit((unsigned char)p->s[p->pos])) {
    int d = p->s[p->pos] - '0';
    if (v > (INT64_MAX - d) / 10)
      return gc_error_set(p->err, GC_ERANGE,
                          "col %zu: integer too large in \"%s\"", p->pos + 1,
                          p->s);
    v = v * 10 + d;
    p->pos++;
  }
  *out = v;
  return GC_OK;
}

static int parse_atom(parser *p, gc_expr **out) {
  int rc = GC_OK;
  gc_expr *e = NULL;
  skip_ws(p);
  char c = p->s[p->pos];
  if (isdigit((unsigned char)c)) {
    int64_t v = 0;
    if ((rc = parse_uint(p, &v)) != GC_OK)
      goto done;
    rc = gc_expr_new_int(&e, v);
  } else if (c == '@') {
    p->pos++;
    int64_t v = 0;
    if ((rc = parse_uint(p, &v)) != GC_OK)
      goto done;
    if (v > 0xffffffffLL) {
      rc = perr(p, "loop index too large");
      goto done;
    }
    rc = gc_expr_new_index(&e, (unsigned)v);
  } else if (c == '(') {
    p->pos++;
    if ((rc = parse_expr(p, &e)) != GC_OK)
      goto done;
    if (!accept(p, ")")) {
      rc = perr(p, "expected ')'");
      goto done;
    }
  } else if (is_ident_start(c)) {
    size_t start = p->pos;
    while (is_ident(p->s[p->pos]))
      p->pos++;
    size_t idlen = p->pos - start;
    size_t save = p->pos;
    skip_ws(p);
    if (p->s[p->pos] == '(') {
      gc_expr_kind kind = GC_EXPR_INT;
      for (int k = GC_EXPR_UDIV; k <= GC_EXPR_UMAX; k++)
        if (strlen(kind_names[k]) == idlen &&
            strncmp(kind_names[k], p->s + start, idlen) == 0)
          kind = (gc_expr_kind)k;
      if (kind == GC_EXPR_INT) {
        p->pos = start;
        rc = perr(p, "unknown function");
        goto done;
      }
      p->pos++;
      if (!(e = node_new(kind))) {
        rc = GC_ENOMEM;
        goto done;
      }
      do {
        gc_expr *a = NULL;
        if ((rc = parse_expr(p, &a)) != GC_OK ||
            (rc = node_push(e, a)) != GC_OK)
          goto done;
      } while (accept(p, ","));
      if (!accept(p, ")")) {
        rc = perr(p, "expected ',' or ')'");
        goto done;
      }
      int binary = kind <= GC_EXPR_SREM;
      if ((binary && e->nargs != 2) || e->nargs < 2) {
        rc = perr(p, binary ? "this function takes 2 arguments"
                            : "this function takes 2 or more arguments");
        goto done;
      }
    } else {
      p->pos = save;
      /* ->name and .name parts */
      for (;;) {
        size_t at = p->pos;
        if (strncmp(p->s + p->pos, "->", 2) == 0)
          p->pos += 2;
        else if (p->s[p->pos] == '.')
          p->pos += 1;
        else
          break;
        if (!is_ident_start(p->s[p->pos])) {
          p->pos = at;
          rc = perr(p, "expected a field name");
          goto done;
        }
        while (is_ident(p->s[p->pos]))
          p->pos++;
      }
      char *name = strndup(p->s + start, p->pos - start);
      if (!name) {
        rc = GC_ENOMEM;
        goto done;
      }
      rc = gc_expr_new_sym(&e, name);
      free(name);
    }
  } else {
    rc = perr(p, c ? "unexpected character" : "unexpected end");
  }
done:
  if (rc == GC_OK)
    *out = e;
  else
    gc_expr_free(e);
  return rc;
}

static int parse_unary(parser *p, gc_expr **out) {
  skip_ws(p);
  if (p->s[p->pos] == '-') {
    p->pos++;
    gc_expr *a = NULL, *e = NULL;
    int rc = parse_unary(p, &a);
    if (rc != GC_OK)
      return rc;
    if (!(e = node_new(GC_EXPR_NEG))) {
      gc_expr_free(a);
      return GC_ENOMEM;
    }
    if ((rc = node_push(e, a)) != GC_OK) {
      gc_expr_free(e);
      return rc;
    }
    *out = e;
    return GC_OK;
  }
  return parse_atom(p, out);
}

static int parse_term(parser *p, gc_expr **out) {
  gc_expr *e = NULL;
  int rc = parse_unary(p, &e);
  while (rc == GC_OK && accept(p, "*")) {
    gc_expr *b = NULL;
    if ((rc = parse_unary(p, &b)) == GC_OK)
      rc = gc_expr_new_binary(&e, GC_EXPR_MUL, e, b);
    else
      gc_expr_free(e);
    if (rc != GC_OK)
      return rc;
  }
  if (rc == GC_OK)
    *out = e;
  return rc;
}

static int parse_expr(parser *p, gc_expr **out) {
  gc_expr *e = NULL;
  int rc = parse_term(p, &e);
  for (;;) {
    if (rc != GC_OK)
      return rc;
    skip_ws(p);
    char c = p->s[p->pos];
    if (c != '+' && c != '-')
      break;
    p->pos++;
    gc_expr *b = NULL;
    if ((rc = parse_term(p, &b)) == GC_OK)
      rc = gc_expr_new_binary(&e, c == '+' ? GC_EXPR_ADD : GC_EXPR_SUB, e, b);
    else
      gc_expr_free(e);
  }
  *out = e;
  return GC_OK;
}

static int parse_cmp(parser *p, gc_expr **out) {
  static const struct {
    const char *tok;
    gc_expr_kind kind;
  } ops[] = {{"<=", GC_EXPR_LE}, {">=", GC_EXPR_GE}, {"==", GC_EXPR_EQ},
             {"!=", GC_EXPR_NE}, {"<", GC_EXPR_LT},  {">", GC_EXPR_GT}};
  gc_expr *a = NULL, *b = NULL;
  int rc = parse_expr(p, &a);
  if (rc != GC_OK)
    return rc;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (accept(p, ops[i].tok)) {
      if ((rc = parse_expr(p, &b)) != GC_OK) {
        gc_expr_free(a);
        return rc;
      }
      return gc_expr_new_binary(out, ops[i].kind, a, b);
    }
  gc_expr_free(a);
  return perr(p, "expected a comparison (< <= > >= == !=)");
}

/* Comparisons joined by && (binds tighter than ||). */
static int parse_conj(parser *p, gc_expr **out) {
  gc_expr *e = NULL;
  int rc = parse_cmp(p, &e);
  while (rc == GC_OK && accept(p, "&&")) {
    gc_expr *b = NULL;
    if ((rc = parse_cmp(p, &b)) == GC_OK)
      rc = gc_expr_new_binary(&e, GC_EXPR_AND, e, b);
    else
      gc_expr_free(e);
  }
  if (rc == GC_OK)
    *out = e;
  return rc;
}

static int parse_all(gc_expr **out, const char *text, gc_error *err,
                     int boolean) {
  parser p = {text ? text : "", 0, err};
  gc_expr *e = NULL;
  int rc = boolean ? parse_conj(&p, &e) : parse_expr(&p, &e);
  while (rc == GC_OK && boolean && accept(&p, "||")) {
    gc_expr *b = NULL;
    if ((rc = parse_conj(&p, &b)) == GC_OK)
      rc = gc_expr_new_binary(&e, GC_EXPR_OR, e, b);
    else
      gc_expr_free(e);
  }
  if (rc != GC_OK)
    return rc;
  skip_ws(&p);
  if (p.s[p.pos]) {
    gc_expr_free(e);
    return perr(&p, "unexpected text after the expression");
  }
  *out = e;
  return GC_OK;
}

int gc_expr_parse(gc_expr **out, const char *text, gc_error *err) {
  return parse_all(out, text, err, 0);
}
int gc_expr_parse_bool(gc_expr **out, const char *text, gc_error *err) {
  return parse_all(out, text, err, 1);
}

/* ---- printing ---- */

/* Precedence: -1 ||, 0 &&, 1 comparison, 2 + -, 3 *, 4 unary, 5 atom. */
static int prec_of(const gc_expr *e) {
  switch (e->kind) {
  case GC_EXPR_OR:
    return -1;
  case GC_EXPR_AND:
    return 0;
  case GC_EXPR_ADD:
  case GC_EXPR_SUB:
    return 2;
  case GC_EXPR_MUL:
    return 3;
  case GC_EXPR_NEG:
    return 4;
  case GC_EXPR_INT:
    return e->ival < 0 ? 4 : 5;
  default:
    return is_cmp(e->kind) ? 1 : 5;
  }
}

static void print_rec(gc_sbuf *b, const gc_expr *e, int min_prec) {
  char tmp[32];
  int paren = prec_of(e) < min_prec;
  if (paren)
    gc_sb_put(b, "(");
  switch (e->kind) {
  case GC_EXPR_INT:
    snprintf(tmp, sizeof tmp, "%lld", (long long)e->ival);
    gc_sb_put(b, tmp);
    break;
  case GC_EXPR_SYM:
    gc_sb_put(b, e->name);
    break;
  case GC_EXPR_INDEX:
    snprintf(tmp, sizeof tmp, "@%u", e->index);
    gc_sb_put(b, tmp);
    break;
  case GC_EXPR_NEG:
    gc_sb_put(b, "-");
    print_rec(b, e->args[0], 4);
    break;
  case GC_EXPR_ADD:
  case GC_EXPR_SUB:
    print_rec(b, e->args[0], 2);
    gc_sb_put(b, e->kind == GC_EXPR_ADD ? " + " : " - ");
    print_rec(b, e->args[1], 3);
    break;
  case GC_EXPR_MUL:
    print_rec(b, e->args[0], 3);
    gc_sb_put(b, "*");
    print_rec(b, e->args[1], 4);
    break;
  case GC_EXPR_AND:
    print_rec(b, e->args[0], 0);
    gc_sb_put(b, " && ");
    print_rec(b, e->args[1], 1);
    break;
  case GC_EXPR_OR:
    print_rec(b, e->args[0], -1);
    gc_sb_put(b, " || ");
    print_rec(b, e->args[1], 0);
    break;
  default:
    if (is_cmp(e->kind)) {
      print_rec(b, e->args[0], 2);
      gc_sb_put(b, " ");
      gc_sb_put(b, kind_names[e->kind]);
      gc_sb_put(b, " ");
      print_rec(b, e->args[1], 2);
    } else if (is_func(e->kind)) {
      gc_sb_put(b, kind_names[e->kind]);
      gc_sb_put(b, "(");
      for (size_t i = 0; i < e->nargs; i++) {
        if (i)
          gc_sb_put(b, ", ");
        print_rec(b, e->args[i], 0);
      }
      gc_sb_put(b, ")");
    }
  }
  if (paren)
    gc_sb_put(b, ")");
}

int gc_expr_print(char **out, const gc_expr *e) {
  gc_sbuf b = {0};
  print_rec(&b, e, -1);
  if (b.oom || !b.s) {
    free(b.s);
    return GC_ENOMEM;
  }
  *out = b.s;
  return GC_OK;
}

/* ---- symbols and substitution ---- */

static int collect_syms(const char ***arr, size_t *n, size_t *cap,
                        const gc_expr *e) {
  if (e->kind == GC_EXPR_SYM) {
    for (size_t i = 0; i < *n; i++)
      if (strcmp((*arr)[i], e->name) == 0)
        return GC_OK;
    if (*n == *cap) {
      size_t nc = *cap ? *cap * 2 : 8;
      const char **t = realloc(*arr, nc * sizeof *t);
      if (!t)
        return GC_ENOMEM;
      *arr = t;
      *cap = nc;
    }
    (*arr)[(*n)++] = e->name;
  }
  for (size_t i = 0; i < e->nargs; i++) {
    int rc = collect_syms(arr, n, cap, e->args[i]);
    if (rc != GC_OK)
      return rc;
  }
  return GC_OK;
}

int gc_expr_symbols(const char ***out, size_t *n, const gc_expr *e) {
  const char **arr = NULL;
  size_t cnt = 0, cap = 0;
  int rc = collect_syms(&arr, &cnt, &cap, e);
  if (rc != GC_OK) {
    free(arr);
    return rc;
  }
  *out = arr;
  *n = cnt;
  return GC_OK;
}

typedef struct subst_spec {
  const char *const *names;
  const gc_expr *const *values;
  size_t n;
  int by_index;
  unsigned from;
  const gc_expr *ivalue;
} subst_spec;

static int subst_rec(gc_expr **out, const gc_expr *e, const subst_spec *s) {
  if (e->kind == GC_EXPR_SYM && !s->by_index) {
    for (size_t i = s->n; i-- > 0;)
      if (strcmp(s->names[i], e->name) == 0)
        return gc_expr_clone(out, s->values[i]);
  }
  if (e->kind == GC_EXPR_INDEX && s->by_index && e->index == s->from)
    return gc_expr_clone(out, s->ivalue);
  if (e->nargs == 0)
    return gc_expr_clone(out, e);
  int rc = GC_OK;
  gc_expr *c = node_new(e->kind);
  if (!c)
    return GC_ENOMEM;
  for (size_t i = 0; i < e->nargs; i++) {
    gc_expr *a = NULL;
    if ((rc = subst_rec(&a, e->args[i], s)) != GC_OK ||
        (rc = node_push(c, a)) != GC_OK)
      goto done;
  }
  *out = c;
  c = NULL;
done:
  gc_expr_free(c);
  return rc;
}

int gc_expr_subst(gc_expr **out, const gc_expr *e, const char *const *names,
                  const gc_expr *const *values, size_t n, gc_error *err) {
  subst_spec s = {names, values, n, 0, 0, NULL};
  int rc = subst_rec(out, e, &s);
  return rc == GC_OK ? rc
                     : gc_error_set(err, rc, "substitution failed: %s",
                                    gc_status_name(rc));
}

int gc_expr_subst_index(gc_expr **out, const gc_expr *e, unsigned from,
                        const gc_expr *value, gc_error *err) {
  subst_spec s = {NULL, NULL, 0, 1, from, value};
  int rc = subst_rec(out, e, &s);
  return rc == GC_OK ? rc
                     : gc_error_set(err, rc, "substitution failed: %s",
                                    gc_status_name(rc));
}

/* ---- evaluation ---- */

static int ovf(gc_error *err, const gc_expr *e) {
  char *t = NULL;
  gc_expr_print(&t, e);
  gc_error_set(err, GC_ERANGE, "integer overflow evaluating %s",
               t ? t : "an expression");
  free(t);
  return GC_ERANGE;
}

int gc_expr_eval(int64_t *out, const gc_expr *e, const gc_env *env,
                 gc_error *err) {
  int64_t a = 0, b = 0, r = 0;
  int rc;
  switch (e->kind) {
  case GC_EXPR_INT:
    *out = e->ival;
    return GC_OK;
  case GC_EXPR_SYM:
    if (env)
      for (size_t i = env->nsyms; i-- > 0;)
        if (strcmp(env->syms[i].name, e->name) == 0) {
          *out = env->syms[i].value;
          return GC_OK;
        }
    return gc_error_set(err, GC_ENOTFOUND, "unbound symbol %s", e->name);
  case GC_EXPR_INDEX:
    if (env && e->index < env->nidx &&
        (!env->idx_set || env->idx_set[e->index])) {
      *out = env->idx[e->index];
      return GC_OK;
    }
    return gc_error_set(err, GC_ENOTFOUND, "unbound loop index @%u", e->index);
  case GC_EXPR_NEG:
    if ((rc = gc_expr_eval(&a, e->args[0], env, err)) != GC_OK)
      return rc;
    if (a == INT64_MIN)
      return ovf(err, e);
    *out = -a;
    return GC_OK;
  default:
    break;
  }
  if ((rc = gc_expr_eval(&a, e->args[0], env, err)) != GC_OK)
    return rc;
  if ((e->kind == GC_EXPR_AND && !a) || (e->kind == GC_EXPR_OR && a)) {
    *out = e->kind == GC_EXPR_OR; /* short circuit */
    return GC_OK;
  }
  r = a;
  for (size_t i = 1; i < e->nargs; i++) {
    if ((rc = gc_expr_eval(&b, e->args[i], env, err)) != GC_OK)
      return rc;
    a = r;
    switch (e->kind) {
    case GC_EXPR_ADD:
      if (__builtin_add_overflow(a, b, &r))
        return ovf(err, e);
      break;
    case GC_EXPR_SUB:
      if (__builtin_sub_overflow(a, b, &r))
        return ovf(err, e);
      break;
    case GC_EXPR_MUL:
      if (__builtin_mul_overflow(a, b, &r))
        return ovf(err, e);
      break;
    case GC_EXPR_SDIV:
    case GC_EXPR_SREM:
    case GC_EXPR_UDIV:
    case GC_EXPR_UREM:
      if (b == 0)
        return gc_error_set(err, GC_ERANGE, "division by zero in %s",
                            kind_names[e->kind]);
      if ((e->kind == GC_EXPR_UDIV || e->kind == GC_EXPR_UREM) &&
          (a < 0 || b < 0))
        return gc_error_set(err, GC_ERANGE, "negative operand of %s",
                            kind_names[e->kind]);
      if (a == INT64_MIN && b == -1)
        return ovf(err, e);
      r = (e->kind == GC_EXPR_SDIV || e->kind == GC_EXPR_UDIV) ? a / b : a % b;
      break;
    case GC_EXPR_UMIN:
    case GC_EXPR_UMAX:
      if (a < 0 || b < 0)
        return gc_error_set(err, GC_ERANGE, "negative operand of %s",
                            kind_names[e->kind]);
      r = e->kind == GC_EXPR_UMIN ? (a < b ? a : b) : (a > b ? a : b);
      break;
    case GC_EXPR_MIN:
      r = a < b ? a : b;
      break;
    case GC_EXPR_MAX:
      r = a > b ? a : b;
      break;
    case GC_EXPR_LT:
      r = a < b;
      break;
    case GC_EXPR_LE:
      r = a <= b;
      break;
    case GC_EXPR_GT:
      r = a > b;
      break;
    case GC_EXPR_GE:
      r = a >= b;
      break;
    case GC_EXPR_EQ:
      r = a == b;
      break;
    case GC_EXPR_NE:
      r = a != b;
      break;
    case GC_EXPR_AND:
      r = a && b;
      break;
    case GC_EXPR_OR:
      r = a || b;
      break;
    default:
      return gc_error_set(err, GC_EINVAL, "cannot evaluate a %s node",
                          kind_names[e->kind]);
    }
  }
  *out = r;
  return GC_OK;
}
