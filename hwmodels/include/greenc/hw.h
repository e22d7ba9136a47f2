/* greenc/hw.h: hardware cost models loaded from TOML (hwmodels/NAME.toml,
 * schema in hwmodels/README.md).
 *
 * A gc_hw is immutable once loaded and owned by the caller of gc_hw_load*, who
 * frees it with gc_hw_free. Strings returned by accessors point into the gc_hw
 * and live as long as it. Loading either returns a complete model or fails with
 * a precise message (file:line:col for syntax, the key path for a
 * missing/unknown/out-of-range field): nothing half-loaded is ever returned.
 * The implementation is C++ over toml++ behind this C API. */
#ifndef GREENC_HW_H
#define GREENC_HW_H

#include <stddef.h>
#include <stdio.h>

#include "greenc/ops.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_hw gc_hw;

/* Figure provenance tags, kept per number. */
typedef enum gc_tag {
  GC_TAG_PUBLISHED,
  GC_TAG_DERIVED,
  GC_TAG_ESTIMATE,
  GC_TAG_CALIBRATED
} gc_tag;
const char *gc_tag_name(gc_tag tag);

/* A number from the model with its provenance. present == 0 when the model does
 * not give it (then the other fields are 0/NULL). */
typedef struct gc_figure {
  int present;
  double value;
  gc_tag tag;
  const char *source;  /* citation text from the model's [sources] table */
  const char *src_key; /* the key of that citation ("horowitz2014") */
  const char *note; /* how the figure was obtained (derivation, assumption); ""
                       when the model gives none */
} gc_figure;

/* Load the model at path (a .toml file). */
int gc_hw_load(gc_hw **out, const char *path, gc_error *err);
/* Load by name ("epyc-9654") from dir, or by path when name_or_path ends in
 * ".toml" or contains '/'. dir NULL means gc_hw_default_dir(). */
int gc_hw_load_named(gc_hw **out, const char *name_or_path, const char *dir,
                     gc_error *err);
void gc_hw_free(gc_hw *hw);

/* The directory of shipped models (GREENC_HWMODELS_DIR env var, else the
 * compiled-in source path). */
const char *gc_hw_default_dir(void);
/* The default model's name. */
const char *gc_hw_default_name(void);
/* Names of the models in dir (sorted); *out is an array of *n malloc'd strings
 * the caller frees, then the array. */
int gc_hw_list(char ***out, size_t *n, const char *dir, gc_error *err);

const char *gc_hw_name(const gc_hw *hw);
const char *gc_hw_kind(const gc_hw *hw); /* cpu gpu mcu tech */
/* Human-readable description of every field with its source, for `greenc hw
 * show`. */
int gc_hw_describe(const gc_hw *hw, FILE *out);

const char *gc_hw_vendor(const gc_hw *hw); /* "" for technology references */
const char *
gc_hw_path(const gc_hw *hw); /* the file the model was loaded from */
const char *
gc_hw_inherits(const gc_hw *hw); /* the parent's name, "" when none */
const char *gc_hw_dram_type(
    const gc_hw *hw); /* "DDR5", "HBM3" ...; "" when the model has no DRAM */
/* 1 when the model's per-instruction energy already includes the operation
 * itself (energy.op_energy = "in_instruction", e.g. an MCU characterised by run
 * current per cycle): per-op pJ are then not charged. */
int gc_hw_op_energy_in_instruction(const gc_hw *hw);

/* Any figure by its dotted path in the merged model: "chip.cores",
 * "chip.boost_ghz", "power.tdp_w", "energy.instruction_pj", "energy.f32.fadd",
 * "dram.pj_per_bit", "memory[0].read_pj_per_byte",
 * "throughput[1].ops_per_cycle". Absent -> present == 0. */
gc_figure gc_hw_figure(const gc_hw *hw, const char *path);
/* Every figure of the model in path order: *path_out (may be NULL) gets its
 * path; returns 0 and fills *out, or GC_ENOTFOUND when i >= count. */
size_t gc_hw_nfigures(const gc_hw *hw);
int gc_hw_figure_at(gc_figure *out, const char **path_out, const gc_hw *hw,
                    size_t i);

/* The figure <table>.<ty>.<op> of a per-op table ("energy", "latency_cycles",
 * "issue_cycles"); a ptr operand uses the i64 entry. */
gc_figure gc_hw_op_figure(const gc_hw *hw, const char *table, gc_op op,
                          gc_ty ty);
/* Energy of one element operation (one lane) of op on ty, in pJ:
 * energy.<ty>.<op>. A ptr operand uses the i64 entry (pointer arithmetic is
 * 64-bit integer arithmetic). */
gc_figure gc_hw_op_pj(const gc_hw *hw, gc_op op, gc_ty ty);
/* Latency of op on ty in core cycles (latency_cycles.<ty>.<op>): from an
 * operand to the result a dependent operation can use. ptr uses i64. */
gc_figure gc_hw_op_latency(const gc_hw *hw, gc_op op, gc_ty ty);

/* Memory hierarchy, nearest level first; the model's [dram] table, when
 * present, is the last level (its pJ per byte is 8 x dram.pj_per_bit, same
 * tag). */
typedef struct gc_hw_level {
  const char *name;    /* "L1d", "L2", "DRAM" ... */
  const char *sharing; /* "core", "cluster", "chip" */
  int is_dram;
  gc_figure size_kib, line_bytes;
  gc_figure read_gbs, write_gbs; /* GB/s (1e9 B/s): per core for sharing "core",
                                    else per level */
  gc_figure read_pj_per_byte,
      write_pj_per_byte; /* pJ per byte read from / written to this level */
} gc_hw_level;
size_t gc_hw_nlevels(const gc_hw *hw);
int gc_hw_level_at(gc_hw_level *out, const gc_hw *hw, size_t i);

/* Peak throughput of one execution unit class ("vector": SIMD/scalar pipes,
 * "matrix": AMX, tensor cores) on one type: ops_per_cycle per core (FLOPs for
 * FP types, FMA/MAC counted as 2) reached at `lanes` lanes per instruction (the
 * datapath width). Returns a figure with present == 0 when the model has none.
 */
typedef struct gc_hw_throughput {
  const char *unit;
  gc_ty ty;
  gc_figure lanes;
  gc_figure ops_per_cycle;
} gc_hw_throughput;
size_t gc_hw_nthroughputs(const gc_hw *hw);
int gc_hw_throughput_at(gc_hw_throughput *out, const gc_hw *hw, size_t i);
/* The entry for (unit, ty); GC_ENOTFOUND when absent. */
int gc_hw_throughput_find(gc_hw_throughput *out, const gc_hw *hw,
                          const char *unit, gc_ty ty);

#ifdef __cplusplus
}
#endif
#endif
