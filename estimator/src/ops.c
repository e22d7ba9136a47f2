/* ops.c: names and properties of the kernel model's operations (greenc/ops.h,
 * docs/profile.md). */
#include "greenc/ops.h"

#include <string.h>

#include "greenc/status.h"

static const char *const op_names[GC_OP_COUNT_] = {
    "fadd",    "fsub",   "fmul",    "fdiv",   "frem", "fneg",    "fabs",
    "fma",     "fcmp",   "fminmax", "fsqrt",  "fexp", "flog",    "fpow",
    "ftrig",   "ftanh",  "fmath",   "fcvt",   "iadd", "isub",    "imul",
    "idiv",    "irem",   "ishift",  "ilogic", "icmp", "iminmax", "load",
    "store",   "memcpy", "memmove", "memset", "call", "other",   "select",
    "shuffle", "insert", "extract"};

static const char *const ty_names[GC_TY_COUNT_] = {
    "f64", "f32", "f16", "bf16", "i1",  "i8",
    "i16", "i32", "i64", "i128", "ptr", "none"};
static const unsigned ty_bits[GC_TY_COUNT_] = {64, 32, 16, 16,  1,  8,
                                               16, 32, 64, 128, 64, 0};

const char *gc_op_name(gc_op op) {
  return (unsigned)op < GC_OP_COUNT_ ? op_names[op] : "?";
}

int gc_op_parse(gc_op *out, const char *name) {
  for (int i = 0; i < GC_OP_COUNT_; i++)
    if (strcmp(op_names[i], name) == 0) {
      *out = (gc_op)i;
      return GC_OK;
    }
  return GC_EPARSE;
}

const char *gc_ty_name(gc_ty ty) {
  return (unsigned)ty < GC_TY_COUNT_ ? ty_names[ty] : "?";
}

int gc_ty_parse(gc_ty *out, const char *name) {
  for (int i = 0; i < GC_TY_COUNT_; i++)
    if (strcmp(ty_names[i], name) == 0) {
      *out = (gc_ty)i;
      return GC_OK;
    }
  return GC_EPARSE;
}

unsigned gc_ty_bits(gc_ty ty) {
  return (unsigned)ty < GC_TY_COUNT_ ? ty_bits[ty] : 0;
}
int gc_ty_is_float(gc_ty ty) { return ty <= GC_TY_BF16; }

unsigned gc_op_flops(gc_op op) {
  switch (op) {
  case GC_OP_FMA:
    return 2;
  case GC_OP_FNEG:
  case GC_OP_FABS:
  case GC_OP_FCVT:
    return 0;
  default:
    return op <= GC_OP_FMATH ? 1 : 0;
  }
}

unsigned gc_op_macs(gc_op op) { return op == GC_OP_FMA; }

unsigned gc_op_entry_macs(gc_op op, const char *what) {
  if ((op == GC_OP_FMUL || op == GC_OP_IMUL) && what &&
      strcmp(what, "mac") == 0)
    return 1;
  return gc_op_macs(op);
}
int gc_op_is_float(gc_op op) { return op <= GC_OP_FCVT; }
int gc_op_is_int(gc_op op) { return op >= GC_OP_IADD && op <= GC_OP_IMINMAX; }
int gc_op_is_memory(gc_op op) { return op >= GC_OP_LOAD && op <= GC_OP_MEMSET; }
