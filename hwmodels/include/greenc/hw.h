/* greenc/hw.h: hardware cost models loaded from TOML (hwmodels/*.toml, schema in hwmodels/README.md).
 *
 * A gc_hw is immutable once loaded and owned by the caller of gc_hw_load*, who frees it with gc_hw_free. Strings
 * returned by accessors point into the gc_hw and live as long as it. Loading either returns a complete model or
 * fails with a precise message (file:line:col for syntax, the key path for a missing/unknown/out-of-range field):
 * nothing half-loaded is ever returned. The implementation is C++ over toml++ behind this C API. */
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
typedef enum gc_tag { GC_TAG_PUBLISHED, GC_TAG_DERIVED, GC_TAG_ESTIMATE, GC_TAG_CALIBRATED } gc_tag;
const char *gc_tag_name(gc_tag tag);

/* A number from the model with its provenance. present == 0 when the model does not give it. */
typedef struct gc_figure {
  int present;
  double value;
  gc_tag tag;
  const char *source; /* citation text from the model */
} gc_figure;

/* Load the model at path (a .toml file). */
int gc_hw_load(gc_hw **out, const char *path, gc_error *err);
/* Load by name ("epyc-9654") from dir, or by path when name_or_path ends in ".toml" or contains '/'.
 * dir NULL means gc_hw_default_dir(). */
int gc_hw_load_named(gc_hw **out, const char *name_or_path, const char *dir, gc_error *err);
void gc_hw_free(gc_hw *hw);

/* The directory of shipped models (GREENC_HWMODELS_DIR env var, else the compiled-in source path). */
const char *gc_hw_default_dir(void);
/* The default model's name. */
const char *gc_hw_default_name(void);
/* Names of the models in dir (sorted); *out is an array of *n malloc'd strings the caller frees, then the array. */
int gc_hw_list(char ***out, size_t *n, const char *dir, gc_error *err);

const char *gc_hw_name(const gc_hw *hw);
const char *gc_hw_kind(const gc_hw *hw); /* cpu gpu mcu tech */
/* Human-readable description of every field with its source, for `greenc hw show`. */
int gc_hw_describe(const gc_hw *hw, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
