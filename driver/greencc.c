/* greencc.c: a drop-in for clang-19 that can also print an energy report of
 * what it compiled.
 *
 *   greencc [clang arguments] [--energy[=text|json|md|sarif|html|instrument]]
 * [--energy-out=FILE]
 *           [--hw=NAME|PATH.toml] [--param NAME=VALUE]...
 *
 * Without --energy every argument goes to clang unchanged and greencc becomes
 * clang (exec: same output, same exit code). With --energy, clang also loads
 * the greenc plugin (-fplugin=), is told the optimisation level and the
 * --param sizes, and after a successful compile the profile is read back from
 * the produced object(s), archive member or executable and reported (stderr by
 * default). If clang fails, greencc exits with its code and prints no report.
 * See docs/cli.md. */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "clang_args.h"
#include "drv_spawn.h"
#include "greenc/profile.h"
#include "greenc/version.h"

#define PROG "greencc"

/* Exit codes of greencc's own failures (clang's code passes through otherwise).
 */
enum { EXIT_REPORT = 1, EXIT_USAGE = 2 };

typedef enum mode {
  MODE_LINK,
  MODE_COMPILE,
  MODE_ASM,
  MODE_PREPROCESS,
  MODE_NONE
} mode;

typedef struct cc {
  int energy;     /* --energy given */
  int instrument; /* --energy=instrument */
  gc_report_format fmt;
  const char *energy_out;
  const char *hw;
  const char *region;    /* --region=CODE */
  double grid_g_per_kwh; /* --grid-intensity=G */
  int all_cores;         /* --all-cores */
  gc_binding *bindings;
  size_t nbindings;
  char **clang_args; /* passthrough, NULL-terminated after argv[0] */
  size_t nclang;
  /* What the compile will produce, from the passthrough arguments. */
  mode mode;
  const char *why_none; /* MODE_NONE: why no object comes out */
  const char *output;   /* -o */
  const char *opt;      /* "O0" ... from the last -O flag */
  const char **inputs;  /* source inputs */
  size_t ninputs;
  size_t npositional; /* every input (sources, objects, archives) */
} cc;

static const char *clang_path(void) {
  const char *e = getenv("GREENC_CLANG");
  return e && *e ? e : GREENC_CLANG;
}

static const char *plugin_path(void) {
  const char *e = getenv("GREENC_PLUGIN");
  return e && *e ? e : GREENC_PLUGIN;
}

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* A C-family source the plugin sees (as opposed to objects, archives, assembly
 * given to the linker). */
static int is_compiled_source(const char *a) {
  static const char *const sufs[] = {".c",   ".i", ".cc", ".cpp", ".cxx",
                                     ".c++", ".C", ".ii", ".m",   ".mm"};
  for (size_t i = 0; i < sizeof sufs / sizeof *sufs; i++)
    if (has_suffix(a, sufs[i]))
      return 1;
  return 0;
}

static int starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void usage(FILE *f) {
  fputs("usage: greencc [clang arguments] [--energy[=FORMAT]] "
        "[--energy-out=FILE] [--hw=NAME|PATH.toml]\n"
        "               [--param NAME=VALUE]...\n"
        "\n"
        "A drop-in for clang-19. Without --energy it is clang (same arguments, "
        "output and exit code).\n"
        "\n"
        "  --energy[=FORMAT]   load the greenc plugin and, after a successful "
        "compile, print the energy report of\n"
        "                      the produced object(s) or executable to stderr. "
        "FORMAT: text (default), json, md,\n"
        "                      sarif, html; or instrument (forwarded to the "
        "plugin as -fplugin-arg-greenc-instrument)\n"
        "  --energy-out=FILE   write the report to FILE instead of stderr\n"
        "  --hw=NAME|PATH      hardware model (see `greenc hw list`); default: "
        "the default model\n"
        "  --param NAME=VALUE  bind a size in the formulas (repeatable); also "
        "given to the plugin\n"
        "  --region=CODE       carbon at this grid's intensity (FR, US, world, "
        "...)\n"
        "  --grid-intensity=G  carbon at G gCO2e/kWh (default: the model's)\n"
        "  --all-cores         time and static energy over all the model's "
        "cores\n"
        "\n"
        "Environment: GREENC_CLANG (the clang to run), GREENC_PLUGIN (the "
        "plugin to load), NO_COLOR.\n"
        "Exit status: clang's when clang fails or without --energy; with "
        "--energy after a successful compile:\n"
        "0 report written, 1 no report could be produced (no profile, "
        "unreadable output), 2 usage error.\n",
        f);
}

/* Split greencc's own options from clang's and work out what clang will
 * produce. Returns 0 or EXIT_USAGE. */
static int parse_args(cc *c, int argc, char **argv) {
  c->clang_args = calloc((size_t)argc + 8, sizeof *c->clang_args);
  c->bindings = calloc((size_t)argc, sizeof *c->bindings);
  c->inputs = calloc((size_t)argc, sizeof *c->inputs);
  if (!c->clang_args || !c->bindings || !c->inputs) {
    fprintf(stderr, PROG ": out of memory\n");
    return EXIT_USAGE;
  }
  c->clang_args[c->nclang++] = (char *)clang_path();
  c->fmt = GC_REPORT_TEXT;
  c->mode = MODE_LINK;
  c->opt = "O0";
  int after_dashdash = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *param = NULL;
    if (!after_dashdash && strcmp(a, "--energy") == 0) {
      c->energy = 1;
      continue;
    }
    if (!after_dashdash && starts(a, "--energy=")) {
      const char *v = a + strlen("--energy=");
      c->energy = 1;
      if (strcmp(v, "instrument") == 0)
        c->instrument = 1;
      else if (gc_report_format_parse(&c->fmt, v) != GC_OK) {
        fprintf(stderr,
                PROG ": error: unknown --energy format '%s' (text, json, md, "
                     "sarif, html, instrument)\n",
                v);
        return EXIT_USAGE;
      }
      continue;
    }
    if (!after_dashdash && starts(a, "--energy-out=")) {
      c->energy_out = a + strlen("--energy-out=");
      continue;
    }
    if (!after_dashdash && starts(a, "--hw=")) {
      c->hw = a + strlen("--hw=");
      continue;
    }
    if (!after_dashdash && starts(a, "--region=")) {
      c->region = a + strlen("--region=");
      continue;
    }
    if (!after_dashdash && starts(a, "--grid-intensity=")) {
      const char *v = a + strlen("--grid-intensity=");
      char *end = NULL;
      c->grid_g_per_kwh = strtod(v, &end);
      if (end == v || *end != '\0' || !(c->grid_g_per_kwh > 0)) {
        fprintf(stderr,
                PROG ": error: --grid-intensity wants gCO2e/kWh (> 0), got "
                     "'%s'\n",
                v);
        return EXIT_USAGE;
      }
      continue;
    }
    if (!after_dashdash && strcmp(a, "--all-cores") == 0) {
      c->all_cores = 1;
      continue;
    }
    if (!after_dashdash && strcmp(a, "--hw") == 0) {
      if (i + 1 >= argc) {
        fprintf(stderr,
                PROG ": error: --hw needs a model name or a .toml path\n");
        return EXIT_USAGE;
      }
      c->hw = argv[++i];
      continue;
    }
    /* --param NAME=VALUE is greencc's when NAME is an identifier; clang's own
     * --param (ssp-buffer-size=4, names with '-') passes through. */
    if (!after_dashdash && strcmp(a, "--param") == 0 && i + 1 < argc)
      param = argv[i + 1];
    else if (!after_dashdash && starts(a, "--param="))
      param = a + strlen("--param=");
    if (param) {
      gc_binding b;
      if (drv_parse_binding(&b, param) == 0) {
        c->bindings[c->nbindings++] = b;
        if (strcmp(a, "--param") == 0)
          i++;
        continue;
      }
      if (!strchr(param, '-')) {
        fprintf(stderr,
                PROG ": error: --param wants NAME=VALUE with an integer VALUE, "
                     "got '%s'\n",
                param);
        return EXIT_USAGE;
      }
    }
    if (!after_dashdash && (strcmp(a, "--greencc-help") == 0)) {
      usage(stdout);
      exit(0);
    }

    /* Passthrough; classify. */
    c->clang_args[c->nclang++] = (char *)a;
    if (after_dashdash) {
      c->npositional++;
      if (is_compiled_source(a))
        c->inputs[c->ninputs++] = a;
      continue;
    }
    if (strcmp(a, "--") == 0) {
      after_dashdash = 1;
      continue;
    }
    if (strcmp(a, "-c") == 0 && c->mode == MODE_LINK)
      c->mode = MODE_COMPILE;
    else if (strcmp(a, "-S") == 0 && c->mode != MODE_PREPROCESS &&
             c->mode != MODE_NONE)
      c->mode = MODE_ASM;
    else if (strcmp(a, "-E") == 0 || strcmp(a, "-M") == 0 ||
             strcmp(a, "-MM") == 0)
      c->mode = MODE_PREPROCESS;
    else if (strcmp(a, "-fsyntax-only") == 0 || strcmp(a, "-###") == 0) {
      c->mode = MODE_NONE;
      c->why_none = "it produces no object file";
    } else if (strcmp(a, "-emit-llvm") == 0 || starts(a, "-flto")) {
      if (strcmp(a, "-fno-lto") != 0) {
        c->mode = MODE_NONE;
        c->why_none =
            "LLVM bitcode output (-emit-llvm/-flto) has no ELF profile section";
      }
    } else if (a[0] == '-' && a[1] == 'O') {
      static const char *const levels[] = {"0", "1", "2",    "3",
                                           "s", "z", "fast", "g"};
      const char *v = a + 2;
      if (*v == '\0')
        c->opt = "O1";
      for (size_t k = 0; k < sizeof levels / sizeof *levels; k++)
        if (strcmp(v, levels[k]) == 0)
          c->opt = a + 1;
    }
    if (strcmp(a, "-o") == 0 && i + 1 < argc) {
      c->output = argv[i + 1];
    } else if (starts(a, "-o") && a[2] != '\0' && !starts(a, "-objc") &&
               !starts(a, "-ob")) {
      c->output = a + 2;
    }
    if (drv_clang_takes_value(a) && i + 1 < argc) {
      c->clang_args[c->nclang++] = argv[++i];
      continue;
    }
    if (a[0] != '-')
      c->npositional++;
    if (a[0] != '-' && is_compiled_source(a))
      c->inputs[c->ninputs++] = a;
  }
  return 0;
}

/* The object clang -c writes for input when no -o is given: the base name with
 * its suffix replaced by .o, in the current directory. malloc'd. */
static char *default_object(const char *input) {
  const char *base = strrchr(input, '/');
  base = base ? base + 1 : input;
  const char *dot = strrchr(base, '.');
  size_t stem = dot ? (size_t)(dot - base) : strlen(base);
  char *o = malloc(stem + 3);
  if (o) {
    memcpy(o, base, stem);
    memcpy(o + stem, ".o", 3);
  }
  return o;
}

static int report(cc *c) {
  int rc = EXIT_REPORT;
  gc_profile_set *set = NULL;
  char **paths = NULL;
  size_t npaths = 0, nfailed = 0;

  if (c->mode == MODE_ASM || c->mode == MODE_PREPROCESS ||
      c->mode == MODE_NONE) {
    const char *why = c->mode == MODE_ASM
                          ? "-S writes assembly, not an object file"
                      : c->mode == MODE_PREPROCESS
                          ? "-E/-M only preprocess; nothing is compiled"
                          : c->why_none;
    fprintf(stderr, PROG ": note: no energy report: %s\n", why);
    return 0;
  }
  if (c->npositional == 0) {
    fprintf(stderr, PROG ": note: no energy report: no input files\n");
    return 0;
  }
  paths = calloc(c->ninputs + 1, sizeof *paths);
  if (!paths)
    goto done;
  if (c->mode == MODE_COMPILE && !c->output) {
    for (size_t i = 0; i < c->ninputs; i++)
      if (!(paths[npaths++] = default_object(c->inputs[i])))
        goto done;
  } else {
    const char *o = c->output ? c->output : "a.out";
    if (strcmp(o, "-") == 0) {
      fprintf(stderr, PROG
              ": note: no energy report: the output went to stdout (-o -)\n");
      rc = 0;
      goto done;
    }
    if (!(paths[npaths++] = strdup(o)))
      goto done;
  }
  if (npaths == 0) {
    fprintf(stderr,
            PROG ": note: no energy report: no C source among the inputs\n");
    rc = 0;
    goto done;
  }
  if (gc_profile_set_new(&set) != GC_OK)
    goto done;
  if (drv_load(set, &nfailed, PROG, (const char *const *)paths, npaths) != 0)
    goto done;
  if (nfailed == npaths) {
    fprintf(stderr,
            PROG ": error: no energy report: the compile left no greenc "
                 "profile (is %s the greenc plugin?)\n",
            plugin_path());
    goto done;
  }
  drv_report_req req = {.fmt = c->fmt,
                        .hw = c->hw,
                        .region = c->region,
                        .grid_g_per_kwh = c->grid_g_per_kwh,
                        .all_cores = c->all_cores,
                        .bindings = c->bindings,
                        .nbindings = c->nbindings,
                        .view = GC_VIEW_SOURCE,
                        .out_path = c->energy_out,
                        .stream = stderr};
  if (drv_write_report(set, &req, PROG) != 0)
    goto done;
  rc = nfailed ? EXIT_REPORT : 0;
done:
  gc_profile_set_free(set);
  for (size_t i = 0; i < npaths; i++)
    free(paths[i]);
  free(paths);
  return rc;
}

/* Add a formatted argument to extra; 0, or -1 when out of memory. */
static int add_arg(char **extra, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int add_arg(char **extra, size_t *n, const char *fmt, ...) {
  va_list ap;
  char *a = NULL;
  va_start(ap, fmt);
  int rc = vasprintf(&a, fmt, ap);
  va_end(ap);
  if (rc < 0)
    return -1;
  extra[(*n)++] = a;
  return 0;
}

/* Append the plugin arguments (none when nothing is compiled: -E, -M,
 * -fsyntax-only ...) and run clang. Returns 0 with clang's exit status in
 * *clang_status, or a greencc failure code. */
static int compile_with_plugin(cc *c, int *clang_status) {
  int needs_plugin = c->mode != MODE_PREPROCESS && c->mode != MODE_NONE;
  const char *plugin = plugin_path();
  char *extra[64];
  size_t nextra = 0;
  int rc = EXIT_USAGE;
  if (needs_plugin && access(plugin, R_OK) != 0) {
    fprintf(stderr,
            PROG ": error: the greenc plugin is not at %s (%s): build the "
                 "GreencPlugin target or set GREENC_PLUGIN\n",
            plugin, strerror(errno));
    return EXIT_REPORT;
  }
  if (c->nbindings + 4 > sizeof extra / sizeof *extra) {
    fprintf(stderr, PROG ": error: too many --param (at most %zu)\n",
            sizeof extra / sizeof *extra - 4);
    return EXIT_USAGE;
  }
  if (needs_plugin) {
    if (add_arg(extra, &nextra, "-fplugin=%s", plugin) ||
        add_arg(extra, &nextra, "-fplugin-arg-greenc-opt=%s", c->opt))
      goto done;
    for (size_t i = 0; i < c->nbindings; i++)
      if (add_arg(extra, &nextra, "-fplugin-arg-greenc-param=%s=%lld",
                  c->bindings[i].name, (long long)c->bindings[i].value))
        goto done;
    if (c->instrument &&
        add_arg(extra, &nextra, "-fplugin-arg-greenc-instrument"))
      goto done;
  }
  /* Insert before the first "--" (inputs after it must stay last). */
  size_t at = c->nclang;
  for (size_t i = 1; i < c->nclang; i++)
    if (strcmp(c->clang_args[i], "--") == 0) {
      at = i;
      break;
    }
  char **args = calloc(c->nclang + nextra + 2, sizeof *args);
  if (!args)
    goto done;
  size_t k = 0;
  for (size_t i = 0; i < at; i++)
    args[k++] = c->clang_args[i];
  for (size_t i = 0; i < nextra; i++)
    args[k++] = extra[i];
  for (size_t i = at; i < c->nclang; i++)
    args[k++] = c->clang_args[i];
  /* An instrumented program links the counters' runtime (next to the
   * plugin; a path, so that it may follow "--"). */
  char *rt = NULL;
  if (c->instrument && c->mode == MODE_LINK) {
    const char *slash = strrchr(plugin, '/');
    if (asprintf(&rt, "%.*s/libgreenc_rt.a", slash ? (int)(slash - plugin) : 1,
                 slash ? plugin : ".") < 0)
      rt = NULL;
    else
      args[k++] = rt;
  }
  args[k] = NULL;
  int serr = 0;
  int spawned = drv_spawn_wait(clang_status, &serr, args[0], args);
  free(rt);
  if (spawned != 0) {
    fprintf(stderr, PROG ": error: cannot run %s: %s\n", args[0],
            strerror(serr));
    free(args);
    rc = 127;
    *clang_status = 127;
    goto done;
  }
  free(args);
  rc = 0;
done:
  for (size_t i = 0; i < nextra; i++)
    free(extra[i]);
  if (rc == EXIT_USAGE)
    fprintf(stderr, PROG ": out of memory\n");
  return rc;
}

int main(int argc, char **argv) {
  cc c = {0};
  int rc = parse_args(&c, argc, argv);
  if (rc != 0)
    goto done;
  if (!c.energy) {
    if (c.energy_out || c.hw || c.nbindings)
      fprintf(stderr, PROG ": warning: --energy-out, --hw and --param have no "
                           "effect without --energy\n");
    c.clang_args[c.nclang] = NULL;
    execv(c.clang_args[0], c.clang_args);
    fprintf(stderr, PROG ": error: cannot run %s: %s\n", c.clang_args[0],
            strerror(errno));
    rc = 127;
    goto done;
  }
  int status = 0;
  rc = compile_with_plugin(&c, &status);
  if (rc != 0)
    goto done;
  if (status != 0) {
    rc = status; /* clang failed: its code, no report */
    if (c.instrument)
      fprintf(stderr,
              PROG ": note: --energy=instrument needs a greenc plugin that "
                   "accepts -fplugin-arg-greenc-instrument (%s)\n",
              plugin_path());
    goto done;
  }
  rc = report(&c);
done:
  for (size_t i = 0; i < c.nbindings; i++)
    free((char *)c.bindings[i].name);
  free(c.bindings);
  free(c.clang_args);
  free(c.inputs);
  return rc;
}
