/* greenc/expr.h: symbolic integer expressions of the kernel model
 * (docs/profile.md, "EXPR").
 *
 * A gc_expr is an immutable tree. Every function that returns a gc_expr through
 * **out gives the caller a new tree that the caller frees with gc_expr_free;
 * input trees are never modified nor retained. Strings returned by accessors
 * point into the tree and live as long as it. Values are mathematical integers;
 * evaluation is exact (checked int64: an overflow is an error, never a wrapped
 * number), division and remainder round toward zero as in C (sdiv/srem),
 * udiv/urem/umin/umax require non-negative operands. */
#ifndef GREENC_EXPR_H
#define GREENC_EXPR_H

#include <stddef.h>
#include <stdint.h>

#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_expr gc_expr;

typedef enum gc_expr_kind {
  GC_EXPR_INT,   /* integer literal: gc_expr_int */
  GC_EXPR_SYM,   /* symbol "M", "p->dim": gc_expr_sym */
  GC_EXPR_INDEX, /* "@N", iteration index of loop N: gc_expr_index */
  GC_EXPR_NEG,   /* -a */
  GC_EXPR_ADD,   /* a + b */
  GC_EXPR_SUB,   /* a - b */
  GC_EXPR_MUL,   /* a * b */
  GC_EXPR_UDIV,
  GC_EXPR_SDIV,
  GC_EXPR_UREM,
  GC_EXPR_SREM, /* FUNC(a, b) */
  GC_EXPR_MIN,
  GC_EXPR_MAX,
  GC_EXPR_UMIN,
  GC_EXPR_UMAX, /* FUNC(a, b, ...): two or more arguments */
  GC_EXPR_LT,
  GC_EXPR_LE,
  GC_EXPR_GT,
  GC_EXPR_GE,
  GC_EXPR_EQ,
  GC_EXPR_NE,  /* comparisons (guards): 1 or 0 */
  GC_EXPR_AND, /* a && b */
  GC_EXPR_OR   /* a || b (binds looser than &&) */
} gc_expr_kind;

/* Parse an arithmetic EXPR (`expr` in the grammar). Errors: GC_EPARSE with "col
 * N: what" in err (1-based column), GC_ERANGE for a literal outside int64. */
int gc_expr_parse(gc_expr **out, const char *text, gc_error *err);
/* Parse a boolean guard (`bool` in the grammar: conjunctions of comparisons
 * joined by &&, themselves joined by ||, evaluated with short circuit). */
int gc_expr_parse_bool(gc_expr **out, const char *text, gc_error *err);
void gc_expr_free(gc_expr *e);
int gc_expr_clone(gc_expr **out, const gc_expr *e);

/* Builders (each takes ownership of its gc_expr arguments, also on failure). */
int gc_expr_new_int(gc_expr **out, int64_t v);
int gc_expr_new_sym(gc_expr **out, const char *name);
int gc_expr_new_index(gc_expr **out, unsigned loop_id);
/* Binary node of kind (ADD SUB MUL, the FUNCs, comparisons, AND). */
int gc_expr_new_binary(gc_expr **out, gc_expr_kind kind, gc_expr *a,
                       gc_expr *b);

/* Inspection. */
gc_expr_kind gc_expr_kind_of(const gc_expr *e);
int64_t gc_expr_int(const gc_expr *e);     /* GC_EXPR_INT */
const char *gc_expr_sym(const gc_expr *e); /* GC_EXPR_SYM */
unsigned gc_expr_index(const gc_expr *e);  /* GC_EXPR_INDEX */
size_t gc_expr_nargs(
    const gc_expr *e); /* operands of NEG (1), binary ops (2), FUNCs (>= 2) */
const gc_expr *gc_expr_arg(const gc_expr *e, size_t i);
/* Name of a FUNC kind ("udiv" ...), or of an operator ("+", "<=", "&&"). */
const char *gc_expr_kind_name(gc_expr_kind kind);
/* 1 when e mentions @loop_id anywhere. */
int gc_expr_uses_index(const gc_expr *e, unsigned loop_id);
/* 1 when e mentions any @N. */
int gc_expr_uses_any_index(const gc_expr *e);
/* Structural equality. */
int gc_expr_equal(const gc_expr *a, const gc_expr *b);

/* Canonical text, re-parseable: "2*M*N*K", "udiv(M, 4) + 1", "M > 0 && N > 0".
 * *out is malloc'd (caller frees). */
int gc_expr_print(char **out, const gc_expr *e);

/* Distinct symbol names used by e, in order of first appearance. *out is a
 * malloc'd array of *n pointers INTO e (free the array only, with free()). */
int gc_expr_symbols(const char ***out, size_t *n, const gc_expr *e);

/* Substitution: every symbol names[i] (i < n) is replaced by a copy of
 * values[i]; other symbols and indices stay. Used to compose a callee's formula
 * at a call site (callee params -> the caller's argument expressions). */
int gc_expr_subst(gc_expr **out, const gc_expr *e, const char *const *names,
                  const gc_expr *const *values, size_t n, gc_error *err);
/* Replace every @from by a copy of value (also @-renumbering). */
int gc_expr_subst_index(gc_expr **out, const gc_expr *e, unsigned from,
                        const gc_expr *value, gc_error *err);

/* A symbol's value. */
typedef struct gc_binding {
  const char *name;
  int64_t value;
} gc_binding;

/* Evaluation environment: symbol values, and values of the indices @0 ..
 * @(nidx-1) (idx_set[i] != 0 when @i is bound; idx_set may be NULL when all
 * nidx are bound). When a name is bound twice, the LAST binding wins, so user
 * bindings appended after module params override them. */
typedef struct gc_env {
  const gc_binding *syms;
  size_t nsyms;
  const int64_t *idx;
  const unsigned char *idx_set;
  size_t nidx;
} gc_env;

/* Evaluate e exactly. Errors: GC_ENOTFOUND (an unbound symbol or index, named
 * in err), GC_ERANGE (overflow, division by zero, a negative operand of an
 * unsigned FUNC). Comparisons and && give 1 or 0. */
int gc_expr_eval(int64_t *out, const gc_expr *e, const gc_env *env,
                 gc_error *err);

#ifdef __cplusplus
}
#endif
#endif
