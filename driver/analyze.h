/* analyze.h: what greenc and greencc share: profiles read from files into a
 * set, a report written from it, and the parsing of --param / --hw / --format
 * values. Messages go to stderr prefixed with the program's name. */
#ifndef GREENC_DRIVER_ANALYZE_H
#define GREENC_DRIVER_ANALYZE_H

#include <stddef.h>
#include <stdio.h>

#include "greenc/expr.h"
#include "greenc/hw.h"
#include "greenc/profile.h"
#include "greenc/report.h"

typedef struct drv_report_req {
  gc_report_format fmt;
  const char *hw; /* model name or .toml path; NULL: the default model */
  const gc_binding *bindings; /* --param values (names point into argv) */
  size_t nbindings;
  gc_view_kind view;
  const char *out_path; /* NULL or "-": write to stream */
  FILE *stream;         /* where the report goes when out_path is NULL or "-" */
  double min_energy_j;  /* SARIF: loop nests below this energy are left out */
  const char *region; /* --region: carbon intensity of this grid (NULL: none) */
  double
      grid_g_per_kwh; /* --grid-intensity (> 0), overrides region and model */
  int all_cores;      /* --all-cores: time and static energy over all cores */
  int functions_only; /* per-function figures only (greenc diff) */
} drv_report_req;

/* Read every profile record of paths[0..n) (ELF objects, archives, executables,
 * shared libraries, a .json profile payload, or a directory of .o/.a/.so
 * files) into set. A path that yields
 * nothing gets one message naming it and counts in *nfailed; the others are
 * still read. Returns 0, or -1 on a fatal error (out of memory). */
int drv_load(gc_profile_set *set, size_t *nfailed, const char *prog,
             const char *const *paths, size_t n);

/* Threads to read and count on: $GREENC_THREADS when it is a number >= 1,
 * else the online CPUs (at most 64). */
unsigned drv_threads(void);

/* The .o, .a and .so files of directory dir, sorted, as malloc'd paths
 * (*out and each string belong to the caller). Returns 0, or -1 (errno set). */
int drv_dir_inputs(char ***out, size_t *n, const char *dir);

/* Load the hardware model req asks for (the default one when req->hw is NULL:
 * if that fails, the report says energy is unknown and why) and build the
 * report of set. *out and *hw_out belong to the caller, who frees the report
 * before the model. Returns 0, -2 when the named model could not be loaded, -1
 * otherwise, after printing why. */
int drv_build_report(gc_report **out, gc_hw **hw_out, const gc_profile_set *set,
                     const drv_report_req *req, const char *prog);

/* Build the report of set and write it where req says. Returns 0, or -2 / -1
 * as drv_build_report, after printing why. */
int drv_write_report(const gc_profile_set *set, const drv_report_req *req,
                     const char *prog);

/* "NAME=VALUE" with NAME an identifier (optionally with ->field / .field parts)
 * and VALUE a decimal int64. out->name is malloc'd (the caller frees it).
 * Returns 0, or -1 when text is not of that form. */
int drv_parse_binding(gc_binding *out, const char *text);

/* The value of option name at argv[*i] ("--name=V" or "--name V", advancing
 * *i past V); NULL when argv[*i] is not that option, or when V is missing
 * (then *missing is set). The result points into argv. */
const char *drv_opt_value(int argc, char **argv, int *i, const char *name,
                          int *missing);

/* 1 when stderr/stdout stream f should be coloured (a TTY, NO_COLOR unset, TERM
 * not "dumb"). */
int drv_use_color(FILE *f);

#endif
