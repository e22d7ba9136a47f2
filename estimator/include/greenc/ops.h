/* greenc/ops.h: the operation vocabulary of the kernel model (docs/profile.md,
 * OP table).
 *
 * Shared by the profile reader, the counter, the energy estimator and the
 * report writers. The string forms are the ones the profile uses. Pure
 * functions, no ownership. */
#ifndef GREENC_OPS_H
#define GREENC_OPS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gc_op {
  GC_OP_FADD,
  GC_OP_FSUB,
  GC_OP_FMUL,
  GC_OP_FDIV,
  GC_OP_FREM,
  GC_OP_FNEG,
  GC_OP_FABS,
  GC_OP_FMA,
  GC_OP_FCMP,
  GC_OP_FMINMAX,
  GC_OP_FSQRT,
  GC_OP_FEXP,
  GC_OP_FLOG,
  GC_OP_FPOW,
  GC_OP_FTRIG,
  GC_OP_FTANH,
  GC_OP_FMATH,
  GC_OP_FCVT,
  GC_OP_IADD,
  GC_OP_ISUB,
  GC_OP_IMUL,
  GC_OP_IDIV,
  GC_OP_IREM,
  GC_OP_ISHIFT,
  GC_OP_ILOGIC,
  GC_OP_ICMP,
  GC_OP_IMINMAX,
  GC_OP_LOAD,
  GC_OP_STORE,
  GC_OP_MEMCPY,
  GC_OP_MEMMOVE,
  GC_OP_MEMSET,
  GC_OP_CALL,
  GC_OP_OTHER,
  /* Data movement and choice, no arithmetic (0 FLOPs; neither float, int nor
   * memory): select, shufflevector, insertelement, extractelement. After
   * GC_OP_OTHER so that the ranges above keep their values. */
  GC_OP_SELECT,
  GC_OP_SHUFFLE,
  GC_OP_INSERT,
  GC_OP_EXTRACT,
  GC_OP_COUNT_ /* number of ops, not an op */
} gc_op;

typedef enum gc_ty {
  GC_TY_F64,
  GC_TY_F32,
  GC_TY_F16,
  GC_TY_BF16,
  GC_TY_I1,
  GC_TY_I8,
  GC_TY_I16,
  GC_TY_I32,
  GC_TY_I64,
  GC_TY_I128,
  GC_TY_PTR,
  GC_TY_NONE, /* ops with no element type (call, memcpy) */
  GC_TY_COUNT_
} gc_ty;

typedef enum gc_role { GC_ROLE_DATA, GC_ROLE_ADDR } gc_role;

/* Profile spelling <-> enum. The parse functions return 0 and set *out, or
 * GC_EPARSE for an unknown name. */
const char *gc_op_name(gc_op op);
int gc_op_parse(gc_op *out, const char *name);
const char *gc_ty_name(gc_ty ty);
int gc_ty_parse(gc_ty *out, const char *name);

/* Element size in bits (f64 64, bf16 16, i1 1, ptr 64); 0 for GC_TY_NONE. */
unsigned gc_ty_bits(gc_ty ty);
int gc_ty_is_float(gc_ty ty);

/* FLOPs per lane under greenc's convention (FMA = 2, math calls 1, neg/abs/cvt
 * 0); 0 for non-FP ops. */
unsigned gc_op_flops(gc_op op);
/* Multiply-accumulates per lane: 1 for GC_OP_FMA, else 0. */
unsigned gc_op_macs(gc_op op);
/* Multiply-accumulates per lane of one occurrence of a profile OP entry with
 * its optional "what" (NULL when absent): gc_op_macs(op), and 1 for an fmul
 * or imul marked "what": "mac" (a multiply whose only use is an add: the
 * pairing rule of docs/profile.md). Counters that total MACs from entries
 * should use this one. */
unsigned gc_op_entry_macs(gc_op op, const char *what);
int gc_op_is_float(gc_op op);
int gc_op_is_int(gc_op op);
int gc_op_is_memory(gc_op op); /* load store memcpy memmove memset */

#ifdef __cplusplus
}
#endif
#endif
