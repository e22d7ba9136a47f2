/* greenc.c: the greenc command: energy reports of compiled code, hardware
 * models, and diffs between two builds.
 *
 *   greenc report [--format text|json|md|sarif|html] [--hw NAME] [--param
 * NAME=VALUE]... [--view source|executed]
 *                 [-o FILE] FILE...
 *   greenc hw list | greenc hw show NAME
 *   greenc diff [--fail-above PCT] [--hw NAME] [--param NAME=VALUE]... BASE
 * HEAD
 *
 * A thin main over the estimator library (greenc/report.h); exit codes in
 * usage() and docs/cli.md. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "analyze_cdb.h"
#include "calibrate.h"
#include "diff.h"
#include "greenc/hw.h"
#include "greenc/version.h"
#include "validate.h"

#define PROG "greenc"

static void usage(FILE *f) {
  fputs(
      "usage: greenc report [options] FILE...     energy report of objects, "
      "archives, executables, .so\n"
      "       greenc diff [options] BASE HEAD     per-function deltas between "
      "two builds\n"
      "       greenc analyze -p BUILD_DIR [-j N] [options] [FILES...]\n"
      "                                           the C/C++ units of "
      "BUILD_DIR/compile_commands.json,\n"
      "                                           compiled with the plugin in "
      "parallel: one project report\n"
      "       greenc hw list                      the shipped hardware models\n"
      "       greenc hw show NAME|PATH.toml       one model, every figure with "
      "its source\n"
      "       greenc calibrate [--out F.toml] [--from MODEL] [--quick]  fit a "
      "model to this machine\n"
      "       greenc validate [--hw MODEL] [--format text|json] [--traffic] "
      "-- PROGRAM [ARGS...]\n"
      "                                           run a greencc "
      "--energy=instrument build: static == dynamic\n"
      "       greenc --version | --help\n"
      "\n"
      "report options:\n"
      "  --format FMT         text (default), json, md, sarif, html\n"
      "  --hw NAME|PATH.toml  hardware model (default: the default model, see "
      "`greenc hw list`)\n"
      "  --param NAME=VALUE   bind a size used by the formulas (repeatable); "
      "overrides compile-time params\n"
      "  --view VIEW          source (default: the code as written) or "
      "executed (after optimisation)\n"
      "  --min-energy J       sarif: leave out loop nests below J joules\n"
      "  --region CODE        carbon at this grid's intensity (FR, US, DE, "
      "world, "
      "coal, ...)\n"
      "  --grid-intensity G   carbon at G gCO2e/kWh (default: the model's)\n"
      "  --all-cores          time and static energy with the work spread over "
      "all cores\n"
      "  -o FILE              write the report to FILE instead of stdout\n"
      "diff options: --hw, --param, --view as above, and\n"
      "  --fail-above PCT     exit 3 when a function's energy (FLOPs when "
      "energy is unknown) grows by more than\n"
      "                       PCT percent\n"
      "  BASE, HEAD           an object, archive, executable, a directory of "
      "them, or a JSON report\n"
      "analyze options: the report options, and\n"
      "  -p BUILD_DIR         where compile_commands.json is (or the file "
      "itself); the build's outputs are untouched\n"
      "  -j N                 parallel compiles (default: the online CPUs)\n"
      "  -v                   print each clang command and its messages\n"
      "  FILES                only the units matching these paths (a file, a "
      "trailing part such as src/a.c, a dir)\n"
      "\n"
      "exit status:\n"
      "  0  success\n"
      "  1  some input could not be read or has no greenc profile (the others "
      "are still reported);\n"
      "     analyze: a unit failed to compile, compile_commands.json is "
      "missing or malformed\n"
      "  2  usage error (unknown option, format, view or hardware model)\n"
      "  3  diff: a change above --fail-above; validate: a static count "
      "differs "
      "from the executed one\n"
      "  4  the report could not be built or written\n"
      "\n"
      "Environment: GREENC_HWMODELS_DIR (where models are looked up), NO_COLOR "
      "(no colour in text reports),\n"
      "GREENC_THREADS (threads to read and count on; default: the online "
      "CPUs).\n",
      f);
}

enum {
  EXIT_OK = 0,
  EXIT_INPUT = 1,
  EXIT_USAGE = 2,
  EXIT_THRESHOLD = 3,
  EXIT_FAIL = 4
};

typedef struct opts {
  drv_report_req req;
  gc_binding *bindings;
  const char **files;
  size_t nfiles;
  double fail_above; /* < 0: none */
} opts;

static int parse_opts(opts *o, int argc, char **argv, int allow_threshold) {
  o->bindings = calloc((size_t)argc + 1, sizeof *o->bindings);
  o->files = calloc((size_t)argc + 1, sizeof *o->files);
  o->fail_above = -1;
  o->req.fmt = GC_REPORT_TEXT;
  o->req.view = GC_VIEW_SOURCE;
  o->req.stream = stdout;
  o->req.bindings = o->bindings;
  if (!o->bindings || !o->files) {
    fprintf(stderr, PROG ": error: out of memory\n");
    return EXIT_FAIL;
  }
  int only_files = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i], *v;
    int missing = 0;
    if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
      o->files[o->nfiles++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      only_files = 1;
    } else if ((v = drv_opt_value(argc, argv, &i, "--format", &missing))) {
      if (gc_report_format_parse(&o->req.fmt, v) != GC_OK) {
        fprintf(stderr,
                PROG
                ": error: unknown format '%s' (text, json, md, sarif, html)\n",
                v);
        return EXIT_USAGE;
      }
    } else if ((v = drv_opt_value(argc, argv, &i, "--hw", &missing))) {
      o->req.hw = v;
    } else if ((v = drv_opt_value(argc, argv, &i, "--view", &missing))) {
      if (strcmp(v, "source") == 0)
        o->req.view = GC_VIEW_SOURCE;
      else if (strcmp(v, "executed") == 0)
        o->req.view = GC_VIEW_EXECUTED;
      else {
        fprintf(stderr, PROG ": error: unknown view '%s' (source, executed)\n",
                v);
        return EXIT_USAGE;
      }
    } else if ((v = drv_opt_value(argc, argv, &i, "--param", &missing))) {
      if (drv_parse_binding(&o->bindings[o->req.nbindings], v) != 0) {
        fprintf(stderr,
                PROG ": error: --param wants NAME=VALUE with an integer VALUE, "
                     "got '%s'\n",
                v);
        return EXIT_USAGE;
      }
      o->req.nbindings++;
    } else if ((v = drv_opt_value(argc, argv, &i, "--min-energy", &missing))) {
      char *end = NULL;
      o->req.min_energy_j = strtod(v, &end);
      if (end == v || *end != '\0' || o->req.min_energy_j < 0) {
        fprintf(stderr,
                PROG ": error: --min-energy wants joules (>= 0), got '%s'\n",
                v);
        return EXIT_USAGE;
      }
    } else if ((v = drv_opt_value(argc, argv, &i, "--region", &missing))) {
      o->req.region = v;
    } else if ((v = drv_opt_value(argc, argv, &i, "--grid-intensity",
                                  &missing))) {
      char *end = NULL;
      o->req.grid_g_per_kwh = strtod(v, &end);
      if (end == v || *end != '\0' || !(o->req.grid_g_per_kwh > 0)) {
        fprintf(stderr,
                PROG ": error: --grid-intensity wants gCO2e/kWh (> 0), got "
                     "'%s'\n",
                v);
        return EXIT_USAGE;
      }
    } else if (strcmp(a, "--all-cores") == 0) {
      o->req.all_cores = 1;
    } else if ((v = drv_opt_value(argc, argv, &i, "-o", &missing))) {
      o->req.out_path = v;
    } else if (strncmp(a, "-o", 2) == 0 && a[2]) {
      o->req.out_path = a + 2;
    } else if (allow_threshold &&
               (v = drv_opt_value(argc, argv, &i, "--fail-above", &missing))) {
      char *end = NULL;
      o->fail_above = strtod(v, &end);
      if (end == v || *end != '\0' || o->fail_above < 0) {
        fprintf(
            stderr,
            PROG
            ": error: --fail-above wants a non-negative percentage, got '%s'\n",
            v);
        return EXIT_USAGE;
      }
    } else {
      if (missing)
        fprintf(stderr, PROG ": error: %s needs a value\n", a);
      else
        fprintf(stderr,
                PROG ": error: unknown option '%s' (see greenc --help)\n", a);
      return EXIT_USAGE;
    }
    if (missing) {
      fprintf(stderr, PROG ": error: %s needs a value\n", a);
      return EXIT_USAGE;
    }
  }
  return EXIT_OK;
}

static void opts_free(opts *o) {
  for (size_t i = 0; i < o->req.nbindings; i++)
    free((char *)o->bindings[i].name);
  free(o->bindings);
  free(o->files);
}

static int cmd_report(int argc, char **argv) {
  opts o = {0};
  gc_profile_set *set = NULL;
  size_t nfailed = 0;
  int rc = parse_opts(&o, argc, argv, 0);
  if (rc != EXIT_OK)
    goto done;
  if (o.nfiles == 0) {
    fprintf(stderr, PROG ": error: report needs at least one file (an object, "
                         "archive, executable or .so)\n");
    rc = EXIT_USAGE;
    goto done;
  }
  if (gc_profile_set_new(&set) != GC_OK ||
      drv_load(set, &nfailed, PROG, (const char *const *)o.files, o.nfiles) !=
          0) {
    fprintf(stderr, PROG ": error: out of memory\n");
    rc = EXIT_FAIL;
    goto done;
  }
  if (nfailed == o.nfiles) {
    fprintf(stderr, PROG ": error: no profile to report\n");
    rc = EXIT_INPUT;
    goto done;
  }
  if ((rc = drv_write_report(set, &o.req, PROG)) != 0) {
    rc = rc == -2 ? EXIT_USAGE : EXIT_FAIL;
    goto done;
  }
  rc = nfailed ? EXIT_INPUT : EXIT_OK;
done:
  gc_profile_set_free(set);
  opts_free(&o);
  return rc;
}

/* greenc analyze -p BUILD_DIR: analyze_cdb.c takes -p/-j/-v, the rest are
 * report options and FILES. */
static int cmd_analyze(int argc, char **argv) {
  opts o = {0};
  drv_cdb_opts c;
  int rc = drv_cdb_take_opts(&c, &argc, argv, PROG);
  if (rc == EXIT_OK)
    rc = parse_opts(&o, argc, argv, 0);
  if (rc == EXIT_OK)
    rc = drv_cdb_analyze(&c, o.files, o.nfiles, &o.req, PROG);
  opts_free(&o);
  return rc;
}

static int cmd_hw(int argc, char **argv) {
  gc_error err = {0};
  if (argc >= 1 && strcmp(argv[0], "list") == 0 && argc == 1) {
    char **names = NULL;
    size_t n = 0;
    if (gc_hw_list(&names, &n, NULL, &err) != GC_OK) {
      fprintf(stderr, PROG ": error: %s\n", err.msg);
      return EXIT_FAIL;
    }
    const char *def = gc_hw_default_name();
    for (size_t i = 0; i < n; i++) {
      gc_hw *hw = NULL;
      const char *kind = "?";
      if (gc_hw_load_named(&hw, names[i], NULL, &err) == GC_OK)
        kind = gc_hw_kind(hw);
      else
        kind = "unloadable";
      if (def && strcmp(def, names[i]) == 0)
        printf("%-24s %-5s (default)\n", names[i], kind);
      else
        printf("%-24s %s\n", names[i], kind);
      if (!hw)
        fprintf(stderr, PROG ": warning: %s\n", err.msg);
      gc_hw_free(hw);
      free(names[i]);
    }
    free(names);
    return EXIT_OK;
  }
  if (argc == 2 && strcmp(argv[0], "show") == 0) {
    gc_hw *hw = NULL;
    if (gc_hw_load_named(&hw, argv[1], NULL, &err) != GC_OK) {
      fprintf(stderr, PROG ": error: %s\n", err.msg);
      return err.code == GC_ENOTFOUND ? EXIT_USAGE : EXIT_INPUT;
    }
    int rc = gc_hw_describe(hw, stdout) == GC_OK ? EXIT_OK : EXIT_FAIL;
    gc_hw_free(hw);
    return rc;
  }
  fprintf(stderr,
          PROG ": error: usage: greenc hw list | greenc hw show NAME\n");
  return EXIT_USAGE;
}

static int cmd_diff(int argc, char **argv) {
  opts o = {0};
  int rc = parse_opts(&o, argc, argv, 1);
  if (rc == EXIT_OK && o.nfiles != 2) {
    fprintf(stderr, PROG ": error: diff needs two inputs, BASE and HEAD\n");
    rc = EXIT_USAGE;
  }
  if (rc == EXIT_OK)
    rc = drv_diff(o.files[0], o.files[1], &o.req, o.fail_above, PROG);
  opts_free(&o);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
      strcmp(cmd, "help") == 0) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0) {
    printf("greenc %s (profile schema %d, report schema %d)\n",
           GC_VERSION_STRING, GC_PROFILE_SCHEMA, GC_REPORT_SCHEMA);
    return EXIT_OK;
  }
  if (strcmp(cmd, "report") == 0)
    return cmd_report(argc - 2, argv + 2);
  if (strcmp(cmd, "hw") == 0)
    return cmd_hw(argc - 2, argv + 2);
  if (strcmp(cmd, "calibrate") == 0)
    return drv_calibrate(argc - 2, argv + 2);
  if (strcmp(cmd, "diff") == 0)
    return cmd_diff(argc - 2, argv + 2);
  if (strcmp(cmd, "analyze") == 0)
    return cmd_analyze(argc - 2, argv + 2);
  if (strcmp(cmd, "validate") == 0)
    return drv_validate(argc - 2, argv + 2);
  fprintf(stderr,
          PROG ": error: unknown command '%s' (report, diff, analyze, hw, "
               "calibrate; see "
               "greenc --help)\n",
          cmd);
  return EXIT_USAGE;
}
