/* analyze_cdb.h: `greenc analyze -p BUILD_DIR`: re-run every C and C++
 * translation unit of a compilation database (compile_commands.json, from
 * CMake's CMAKE_EXPORT_COMPILE_COMMANDS or bear) through clang-19 with the
 * greenc plugin, in parallel, into private temporary objects, and write one
 * report of the whole project. See docs/cli.md, "analyze". */
#ifndef GREENC_DRIVER_ANALYZE_CDB_H
#define GREENC_DRIVER_ANALYZE_CDB_H

#include <stddef.h>

#include "analyze.h"

typedef struct drv_cdb_opts {
  const char *build_dir; /* -p: the directory holding compile_commands.json,
                            or the file itself (points into argv) */
  unsigned jobs;         /* -j: parallel compiles; 0: the online CPUs */
  int verbose;           /* -v: print each command and every compile's output */
} drv_cdb_opts;

/* Take analyze's own options (-p DIR, -j N, --jobs N, -v) out of argv[0..*argc)
 * in place, shrinking *argc, so that what remains (the report options and
 * FILES) can go through greenc's report option parser. Values of the report
 * options that take one are skipped, and nothing after "--" is taken. Returns
 * 0, or 2 (usage) after printing why. */
int drv_cdb_take_opts(drv_cdb_opts *out, int *argc, char **argv,
                      const char *prog);

/* Analyse the translation units of o->build_dir's compilation database (only
 * those matching files[0..nfiles) when nfiles > 0: a path, a trailing part of
 * one such as "src/a.c", or a directory holding them) and write the report
 * req asks for; req->bindings are also given to the plugin as sizes. Temporary
 * files are removed before returning. Returns greenc's exit status: 0; 1 when
 * the database is missing or malformed, a translation unit failed to compile
 * or left no profile, or a FILE matched nothing (the others are still
 * reported); 2 a usage error (an unknown hardware model); 4 the report could
 * not be built or written. */
int drv_cdb_analyze(const drv_cdb_opts *o, const char *const *files,
                    size_t nfiles, const drv_report_req *req, const char *prog);

#endif
