/* analyze_cdb.c: `greenc analyze -p BUILD_DIR [-j N] [FILES...]` (see
 * analyze_cdb.h and docs/cli.md).
 *
 * compile_commands.json -> one job per C/C++ translation unit (its own
 * arguments, or its `command` split like a shell would, minus its output and
 * dependency-file flags, plus the greenc plugin and -o TMP/N.o) -> at most -j
 * clang processes at a time (posix_spawn, each in its entry's directory, its
 * output captured in TMP/N.err) -> the profiles of the objects, named after the
 * sources, in database order -> one report (text: plus a table per file). The
 * temporary directory goes away at the end, also on SIGINT/SIGTERM/SIGHUP. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np, asprintf */
#include "analyze_cdb.h"
#include "clang_args.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "greenc/hw.h"
#include "greenc/objread.h"
#include "greenc/report.h"

#ifndef GREENC_CLANG
#define GREENC_CLANG "/usr/lib/llvm-19/bin/clang"
#endif
#ifndef GREENC_PLUGIN
#define GREENC_PLUGIN "GreencPlugin.so"
#endif

extern char **environ;

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_FAIL = 4 };

typedef enum lang { LANG_C, LANG_CXX, LANG_ASM, LANG_HEADER, LANG_OTHER } lang;

typedef struct job {
  size_t entry;  /* index in the database */
  char *dir;     /* the entry's directory */
  char *path;    /* the source, absolute (resolved when it exists) */
  char *display; /* the source as shown: relative to the cwd when under it */
  char **argv;   /* the clang command, NULL-terminated; owned */
  size_t argc;
  char *obj, *err; /* temporary object and captured output */
  pid_t pid;
  int started;         /* the process ran (status is valid) */
  int status;          /* exit code, or 128 + signal */
  int spawn_err;       /* errno of a failed posix_spawn */
  gc_profile_set *own; /* this unit's profiles alone (the per-file table) */
} job;

/* ---- options ---- */

int drv_cdb_take_opts(drv_cdb_opts *out, int *argc, char **argv,
                      const char *prog) {
  /* report options whose value may be the next argument */
  static const char *const valued[] = {
      "--format",     "--hw", "--view",   "--param",
      "--min-energy", "-o",   "--region", "--grid-intensity"};
  int n = *argc, kept = 0, after_dashdash = 0;
  memset(out, 0, sizeof *out);
  for (int i = 0; i < n; i++) {
    const char *a = argv[i], *v = NULL;
    int missing = 0;
    if (after_dashdash || a[0] != '-' || strcmp(a, "-") == 0) {
      argv[kept++] = argv[i];
      continue;
    }
    if (strcmp(a, "--") == 0) {
      after_dashdash = 1;
      argv[kept++] = argv[i];
      continue;
    }
    if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
      out->verbose = 1;
      continue;
    }
    if ((v = drv_opt_value(n, argv, &i, "-p", &missing)) ||
        (strncmp(a, "-p", 2) == 0 && a[2] && !missing && (v = a + 2))) {
      out->build_dir = v;
      continue;
    }
    if ((v = drv_opt_value(n, argv, &i, "-j", &missing)) ||
        (v = drv_opt_value(n, argv, &i, "--jobs", &missing)) ||
        (strncmp(a, "-j", 2) == 0 && a[2] && !missing && (v = a + 2))) {
      char *end = NULL;
      errno = 0;
      long j = strtol(v, &end, 10);
      if (end == v || *end || errno || j < 1 || j > 4096) {
        fprintf(stderr,
                "%s: error: -j wants a number of parallel compiles (1 to "
                "4096), got '%s'\n",
                prog, v);
        return EXIT_USAGE;
      }
      out->jobs = (unsigned)j;
      continue;
    }
    if (missing) {
      fprintf(stderr, "%s: error: %s needs a value\n", prog, a);
      return EXIT_USAGE;
    }
    argv[kept++] = argv[i];
    for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
      if (strcmp(a, valued[k]) == 0 && i + 1 < n) {
        argv[kept++] = argv[++i];
        break;
      }
  }
  *argc = kept;
  if (!out->build_dir) {
    fprintf(stderr,
            "%s: error: analyze needs -p BUILD_DIR (the directory holding "
            "compile_commands.json)\n",
            prog);
    return EXIT_USAGE;
  }
  return EXIT_OK;
}

/* ---- strings and paths ---- */

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int starts(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* dir/rel, or rel when it is absolute; malloc'd. */
static char *join_path(const char *dir, const char *rel) {
  char *p = NULL;
  if (rel[0] == '/' || !dir || !*dir)
    return strdup(rel);
  if (asprintf(&p, "%s%s%s", dir, has_suffix(dir, "/") ? "" : "/", rel) < 0)
    return NULL;
  return p;
}

/* The canonical form of path when it exists, else path itself; malloc'd. */
static char *resolve(const char *path) {
  char *r = realpath(path, NULL);
  return r ? r : strdup(path);
}

/* path relative to cwd when it lies under it, else path; malloc'd. */
static char *display_name(const char *path, const char *cwd) {
  size_t n = cwd ? strlen(cwd) : 0;
  if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/' && path[n + 1])
    return strdup(path + n + 1);
  return strdup(path);
}

/* ---- splitting a `command` string ---- */

typedef struct strvec {
  char **v;
  size_t n, cap;
} strvec;

static int vec_push(strvec *s, char *owned) {
  if (!owned)
    return -1;
  if (s->n + 2 > s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 32;
    char **t = realloc(s->v, cap * sizeof *t);
    if (!t) {
      free(owned);
      return -1;
    }
    s->v = t;
    s->cap = cap;
  }
  s->v[s->n++] = owned;
  s->v[s->n] = NULL;
  return 0;
}

static void vec_free(strvec *s) {
  for (size_t i = 0; i < s->n; i++)
    free(s->v[i]);
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

/* Split cmd into words as a POSIX shell would, without expansions: blanks
 * separate words, '...' is literal, "..." keeps \ before $ ` " \ and newline
 * only, a \ outside quotes escapes the next character (and drops a newline).
 * Returns 0, -1 out of memory, -2 an unterminated quote. */
static int shell_split(strvec *out, const char *cmd) {
  size_t len = strlen(cmd);
  char *word = malloc(len + 1);
  int rc = -1;
  if (!word)
    return -1;
  const char *p = cmd;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n')
      p++;
    if (!*p)
      break;
    size_t w = 0;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
      if (*p == '\'') {
        const char *q = strchr(p + 1, '\'');
        if (!q) {
          rc = -2;
          goto done;
        }
        memcpy(word + w, p + 1, (size_t)(q - p - 1));
        w += (size_t)(q - p - 1);
        p = q + 1;
      } else if (*p == '"') {
        p++;
        while (*p && *p != '"') {
          if (*p == '\\' && p[1] == '\n') {
            p += 2;
            continue;
          }
          if (*p == '\\' && p[1] && strchr("$`\"\\", p[1]))
            p++;
          word[w++] = *p++;
        }
        if (*p != '"') {
          rc = -2;
          goto done;
        }
        p++;
      } else if (*p == '\\' && p[1] == '\n') {
        p += 2; /* a line continuation */
      } else if (*p == '\\' && p[1]) {
        word[w++] = p[1];
        p += 2;
      } else {
        word[w++] = *p++;
      }
    }
    word[w] = '\0';
    if (vec_push(out, strdup(word)) != 0)
      goto done;
  }
  rc = 0;
done:
  free(word);
  return rc;
}

/* ---- classifying and rewriting one compile command ---- */

static lang lang_of_name(const char *x) {
  if (strcmp(x, "c") == 0 || strcmp(x, "cpp-output") == 0)
    return LANG_C;
  if (strcmp(x, "c++") == 0 || strcmp(x, "c++-cpp-output") == 0)
    return LANG_CXX;
  if (starts(x, "assembler"))
    return LANG_ASM;
  if (has_suffix(x, "-header"))
    return LANG_HEADER;
  return LANG_OTHER;
}

static lang lang_of_file(const char *f) {
  static const char *const c[] = {".c", ".i"};
  static const char *const cxx[] = {".cc", ".cpp", ".cxx", ".c++",
                                    ".C",  ".cp",  ".CPP", ".ii"};
  static const char *const as[] = {".s", ".S", ".sx", ".asm"};
  static const char *const hd[] = {".h", ".hh", ".hpp", ".hxx", ".H"};
  for (size_t i = 0; i < sizeof c / sizeof *c; i++)
    if (has_suffix(f, c[i]))
      return LANG_C;
  for (size_t i = 0; i < sizeof cxx / sizeof *cxx; i++)
    if (has_suffix(f, cxx[i]))
      return LANG_CXX;
  for (size_t i = 0; i < sizeof as / sizeof *as; i++)
    if (has_suffix(f, as[i]))
      return LANG_ASM;
  for (size_t i = 0; i < sizeof hd / sizeof *hd; i++)
    if (has_suffix(f, hd[i]))
      return LANG_HEADER;
  return LANG_OTHER;
}

/* Flags dropped with the argument after them: the output, dependency files,
 * diagnostics files. */
static int drop_with_value(const char *a) {
  static const char *const v[] = {"-o",
                                  "--output",
                                  "-MF",
                                  "-MT",
                                  "-MQ",
                                  "-MJ",
                                  "-dependency-file",
                                  "--serialize-diagnostics"};
  return drv_str_in(a, v, sizeof v / sizeof *v);
}

/* Flags dropped alone: dependency generation, what replaces the object with
 * something else (-S, -E, bitcode), the compile-only flag greenc adds itself,
 * and temporaries written next to the build's files. */
static int drop_alone(const char *a) {
  static const char *const v[] = {
      "-MD", "-MMD", "-MP",           "-MG",        "-M",    "-MM",        "-c",
      "-S",  "-E",   "-fsyntax-only", "-emit-llvm", "-flto", "-save-temps"};
  if (drv_str_in(a, v, sizeof v / sizeof *v))
    return 1;
  if (strcmp(a, "-fno-lto") != 0 && starts(a, "-flto="))
    return 1;
  if (starts(a, "-save-temps=") || starts(a, "--output="))
    return 1;
  if (starts(a, "-Wp,-MD,") || starts(a, "-Wp,-MMD,"))
    return 1;
  /* joined forms: -ofile, -MFfile, -MTtarget, -MQtarget, -MJfile */
  if (starts(a, "-o") && a[2] && !starts(a, "-objc") && !starts(a, "-object"))
    return 1;
  return starts(a, "-MF") || starts(a, "-MT") || starts(a, "-MQ") ||
         starts(a, "-MJ");
}

/* greencc's own options (not clang's): 1 for a, 2 for a and next, else 0. */
static int greencc_option(const char *a, const char *next) {
  gc_binding b;
  if (strcmp(a, "--energy") == 0 || starts(a, "--energy=") ||
      starts(a, "--energy-out=") || starts(a, "--hw=") ||
      starts(a, "--region=") || starts(a, "--grid-intensity=") ||
      strcmp(a, "--all-cores") == 0)
    return 1;
  if (strcmp(a, "--hw") == 0 && next)
    return 2;
  const char *param = strcmp(a, "--param") == 0 ? next
                      : starts(a, "--param=")   ? a + strlen("--param=")
                                                : NULL;
  if (param && drv_parse_binding(&b, param) == 0) {
    free((char *)b.name);
    return strcmp(a, "--param") == 0 ? 2 : 1;
  }
  return 0;
}

/* The optimisation level of flag a ("O2"), or NULL when a is not one. */
static const char *opt_level(const char *a) {
  static const char *const levels[] = {"-O0", "-O1", "-O2",    "-O3",
                                       "-Os", "-Oz", "-Ofast", "-Og"};
  if (strcmp(a, "-O") == 0)
    return "O1";
  for (size_t k = 0; k < sizeof levels / sizeof *levels; k++)
    if (strcmp(a, levels[k]) == 0)
      return a + 1;
  return NULL;
}

/* Append plugin flags and the private output to out. 0, or -1 out of memory. */
static int add_greenc_flags(strvec *out, const char *plugin, const char *opt,
                            const char *obj, const drv_report_req *req) {
  char *s = NULL;
  if (vec_push(out, strdup("-c")) || vec_push(out, strdup("-o")) ||
      vec_push(out, strdup(obj)))
    return -1;
  if (asprintf(&s, "-fplugin=%s", plugin) < 0 || vec_push(out, s))
    return -1;
  if (asprintf(&s, "-fplugin-arg-greenc-opt=%s", opt) < 0 || vec_push(out, s))
    return -1;
  for (size_t i = 0; i < req->nbindings; i++)
    if (asprintf(&s, "-fplugin-arg-greenc-param=%s=%lld", req->bindings[i].name,
                 (long long)req->bindings[i].value) < 0 ||
        vec_push(out, s))
      return -1;
  return 0;
}

/* Build the clang command of one entry from its words (words->v[0] is the
 * compiler) into out; the language of the source in *lg. Returns 0, or -1 out
 * of memory. */
static int rewrite(strvec *out, lang *lg, const strvec *words, const char *file,
                   const char *clang, const char *plugin, const char *obj,
                   const drv_report_req *req) {
  const char *opt = "O0";
  const char *comp = words->n ? words->v[0] : "";
  const char *base = strrchr(comp, '/');
  size_t i = 1;
  base = base ? base + 1 : comp;
  *lg = lang_of_file(file);
  if (vec_push(out, strdup(clang)) != 0)
    return -1;
  /* A C++ driver (g++, c++, clang++) compiles .c files as C++ too. */
  if (strstr(base, "++")) {
    if (vec_push(out, strdup("--driver-mode=g++")) != 0)
      return -1;
    if (*lg == LANG_C && !has_suffix(file, ".i"))
      *lg = LANG_CXX;
  }
  int greencc = strcmp(base, "greencc") == 0;
  for (; i < words->n && strcmp(words->v[i], "--") != 0; i++) {
    const char *a = words->v[i];
    const char *o;
    int own = greencc_option(a, i + 1 < words->n ? words->v[i + 1] : NULL);
    if (greencc && own) {
      i += (size_t)(own - 1); /* a build with CC=greencc: its own options */
      continue;
    }
    if (drop_with_value(a)) {
      i++;
      continue;
    }
    if (drop_alone(a))
      continue;
    if ((o = opt_level(a)))
      opt = o;
    if (strcmp(a, "-x") == 0 && i + 1 < words->n)
      *lg = lang_of_name(words->v[i + 1]);
    else if (starts(a, "-x") && a[2])
      *lg = lang_of_name(a + 2);
    if (vec_push(out, strdup(a)) != 0)
      return -1;
    if (drv_clang_takes_value(a) && i + 1 < words->n &&
        vec_push(out, strdup(words->v[++i])) != 0)
      return -1;
  }
  /* greenc's flags go before a "--" (what follows it are inputs). */
  if (add_greenc_flags(out, plugin, opt, obj, req) != 0)
    return -1;
  for (; i < words->n; i++)
    if (vec_push(out, strdup(words->v[i])) != 0)
      return -1;
  return 0;
}

/* ---- the compilation database ---- */

static void job_free(job *j) {
  gc_profile_set_free(j->own);
  free(j->dir);
  free(j->path);
  free(j->display);
  for (size_t i = 0; i < j->argc; i++)
    free(j->argv[i]);
  free(j->argv);
  free(j->obj);
  free(j->err);
}

/* Does source path (resolved) match FILES argument f? f resolved to a file
 * equal to it or a directory above it, or f a trailing part of it. */
static int matches(const char *path, const char *f) {
  int ok = 0;
  char *r = realpath(f, NULL);
  struct stat sb;
  if (r) {
    size_t n = strlen(r);
    if (strcmp(r, path) == 0)
      ok = 1;
    else if (stat(r, &sb) == 0 && S_ISDIR(sb.st_mode) &&
             strncmp(path, r, n) == 0 && (path[n] == '/' || n == 1))
      ok = 1;
    free(r);
    if (ok)
      return 1;
  }
  while (starts(f, "./"))
    f += 2;
  size_t n = strlen(path), m = strlen(f);
  return m && m <= n && strcmp(path + n - m, f) == 0 &&
         (m == n || path[n - m - 1] == '/');
}

typedef struct ctx {
  const char *prog;
  const char *cdb_path;
  const char *clang;
  const char *plugin;
  const char *tmpdir;
  const char *cwd;
  const drv_report_req *req;
  const char *const *files;
  size_t nfiles;
  size_t *file_hits; /* per FILES argument */
  job *jobs;
  size_t njobs;
  size_t nbad; /* entries that could not be used */
} ctx;

/* One entry of the database into c->jobs (or a note on why it is skipped).
 * Returns 0, or -1 out of memory. */
static int add_entry(ctx *c, size_t idx, json_t *e) {
  const char *dir = json_string_value(json_object_get(e, "directory"));
  const char *file = json_string_value(json_object_get(e, "file"));
  json_t *args = json_object_get(e, "arguments");
  const char *command = json_string_value(json_object_get(e, "command"));
  strvec words = {0}, cmd = {0};
  char *base = NULL, *path = NULL, *obj = NULL;
  int rc = -1;
  lang lg = LANG_OTHER;
  if (!json_is_object(e) || !dir || !file ||
      !(json_is_array(args) || command)) {
    fprintf(stderr,
            "%s: error: %s: entry %zu: not an object with \"directory\", "
            "\"file\" and \"arguments\" or \"command\"; skipped\n",
            c->prog, c->cdb_path, idx);
    c->nbad++;
    return 0;
  }
  if (json_is_array(args)) {
    size_t k;
    json_t *w;
    json_array_foreach(args, k, w) {
      if (!json_is_string(w)) {
        fprintf(stderr,
                "%s: error: %s: entry %zu: arguments[%zu] is not a string; "
                "skipped\n",
                c->prog, c->cdb_path, idx, k);
        c->nbad++;
        rc = 0;
        goto done;
      }
      if (vec_push(&words, strdup(json_string_value(w))) != 0)
        goto done;
    }
  } else {
    int s = shell_split(&words, command);
    if (s == -1)
      goto done;
    if (s == -2) {
      fprintf(stderr,
              "%s: error: %s: entry %zu: \"command\" has an unterminated "
              "quote; skipped\n",
              c->prog, c->cdb_path, idx);
      c->nbad++;
      rc = 0;
      goto done;
    }
  }
  if (words.n == 0) {
    fprintf(stderr, "%s: error: %s: entry %zu: empty command; skipped\n",
            c->prog, c->cdb_path, idx);
    c->nbad++;
    rc = 0;
    goto done;
  }
  /* A relative directory is taken relative to the database's own. */
  if (dir[0] != '/') {
    char *cdir = strdup(c->cdb_path);
    if (!cdir)
      goto done;
    char *slash = strrchr(cdir, '/');
    if (slash)
      *slash = '\0';
    base = join_path(slash ? cdir : ".", dir);
    free(cdir);
  } else {
    base = strdup(dir);
  }
  if (!base)
    goto done;
  char *joined = join_path(base, file);
  if (!joined)
    goto done;
  path = resolve(joined);
  free(joined);
  if (!path)
    goto done;
  if (c->nfiles) {
    int hit = 0;
    for (size_t k = 0; k < c->nfiles; k++)
      if (matches(path, c->files[k])) {
        c->file_hits[k]++;
        hit = 1;
      }
    if (!hit) {
      rc = 0;
      goto done;
    }
  }
  for (size_t k = 0; k < c->njobs; k++)
    if (strcmp(c->jobs[k].path, path) == 0) {
      fprintf(stderr,
              "%s: note: %s: compiled by more than one entry of %s; analysed "
              "once, with the first (entry %zu)\n",
              c->prog, c->jobs[k].display, c->cdb_path, c->jobs[k].entry);
      rc = 0;
      goto done;
    }
  if (asprintf(&obj, "%s/%zu.o", c->tmpdir, c->njobs) < 0) {
    obj = NULL;
    goto done;
  }
  if (rewrite(&cmd, &lg, &words, file, c->clang, c->plugin, obj, c->req) != 0)
    goto done;
  if (lg != LANG_C && lg != LANG_CXX) {
    char *shown = display_name(path, c->cwd);
    if (!shown)
      goto done;
    fprintf(stderr, "%s: note: %s: skipped: %s\n", c->prog, shown,
            lg == LANG_ASM      ? "assembler (greenc counts C and C++)"
            : lg == LANG_HEADER ? "a header (greenc counts C and C++ "
                                  "translation units)"
                                : "not C or C++ (greenc counts C and C++)");
    free(shown);
    rc = 0;
    goto done;
  }
  job *j = &c->jobs[c->njobs];
  memset(j, 0, sizeof *j);
  j->entry = idx;
  j->dir = base;
  j->path = path;
  j->obj = obj;
  j->argv = cmd.v;
  j->argc = cmd.n;
  base = path = obj = NULL;
  cmd.v = NULL;
  cmd.n = 0;
  c->njobs++;
  if (!(j->display = display_name(j->path, c->cwd)) ||
      asprintf(&j->err, "%s/%zu.err", c->tmpdir, c->njobs - 1) < 0) {
    j->err = NULL;
    goto done;
  }
  rc = 0;
done:
  vec_free(&words);
  vec_free(&cmd);
  free(base);
  free(path);
  free(obj);
  return rc;
}

/* ---- running the compiles ---- */

/* a to stderr, quoted for a POSIX shell when it needs to be. */
static void put_word(const char *a) {
  if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789_./=+,:@%-") == strlen(a)) {
    fputs(a, stderr);
    return;
  }
  fputc('\'', stderr);
  for (; *a; a++)
    if (*a == '\'')
      fputs("'\\''", stderr);
    else
      fputc(*a, stderr);
  fputc('\'', stderr);
}

/* The command of j as a shell line: "greenc: WHATcd DIR && clang ...". */
static void print_command(const ctx *c, const job *j, const char *what) {
  fprintf(stderr, "%s: %scd ", c->prog, what);
  put_word(j->dir);
  fputs(" &&", stderr);
  for (size_t i = 0; i < j->argc; i++) {
    fputc(' ', stderr);
    put_word(j->argv[i]);
  }
  fputc('\n', stderr);
}

/* Start j: in its directory, stdin from /dev/null, stdout and stderr into
 * j->err. A failure to start is kept in j->spawn_err. */
static void start(const ctx *c, job *j, int verbose) {
  posix_spawn_file_actions_t fa;
  int e;
  if (verbose)
    print_command(c, j, "");
  if ((e = posix_spawn_file_actions_init(&fa)) != 0) {
    j->spawn_err = e;
    return;
  }
  if ((e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
                                            0)) == 0 &&
      (e = posix_spawn_file_actions_addopen(
           &fa, 1, j->err, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == 0 &&
      (e = posix_spawn_file_actions_adddup2(&fa, 1, 2)) == 0 &&
      (e = posix_spawn_file_actions_addchdir_np(&fa, j->dir)) == 0)
    e = posix_spawnp(&j->pid, j->argv[0], &fa, NULL, j->argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (e != 0)
    j->spawn_err = e;
  else
    j->started = 1;
}

/* The signal that interrupted the run (SIGINT, SIGTERM, SIGHUP), or 0. */
static volatile sig_atomic_t g_stop;
static void on_stop(int sig) { g_stop = sig; }

/* Run every job, at most par at a time. On SIGINT/SIGTERM/SIGHUP no new job
 * starts, the running ones get SIGTERM and are waited for (so the temporary
 * directory can be removed), and *stopped is the signal. Returns 0, or -1 when
 * waiting failed. */
static int run_all(ctx *c, unsigned par, int verbose, int *stopped) {
  size_t next = 0, running = 0, done = 0;
  int killed = 0;
  /* on a terminal (and without -v), a progress line */
  int progress = !verbose && isatty(fileno(stderr));
  struct sigaction sa = {0}, old[3];
  static const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
  sa.sa_handler = on_stop; /* no SA_RESTART: waitpid returns EINTR */
  sigemptyset(&sa.sa_mask);
  g_stop = 0;
  for (int k = 0; k < 3; k++)
    sigaction(sigs[k], &sa, &old[k]);
  int rc = 0;
  while ((next < c->njobs && !g_stop) || running > 0) {
    while (running < par && next < c->njobs && !g_stop) {
      job *j = &c->jobs[next++];
      start(c, j, verbose);
      if (j->started) {
        j->status = -1; /* still running */
        running++;
      }
    }
    if (g_stop && !killed) {
      for (size_t k = 0; k < next; k++)
        if (c->jobs[k].started && c->jobs[k].status == -1)
          kill(c->jobs[k].pid, SIGTERM);
      killed = 1;
    }
    if (running == 0)
      continue;
    if (progress)
      fprintf(stderr, "\r%s: compiling %zu/%zu", c->prog, done, c->njobs);
    int ws;
    pid_t pid = waitpid(-1, &ws, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      fprintf(stderr, "%s: error: waiting for clang: %s\n", c->prog,
              strerror(errno));
      rc = -1;
      break;
    }
    for (size_t k = 0; k < next; k++) {
      job *j = &c->jobs[k];
      if (j->started && j->status == -1 && j->pid == pid) {
        j->status = WIFEXITED(ws)     ? WEXITSTATUS(ws)
                    : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws)
                                      : 1;
        running--;
        done++;
        break;
      }
    }
  }
  if (progress) /* erase the progress line */
    fprintf(stderr, "\r%*s\r", (int)(strlen(c->prog) + 40), "");
  for (int k = 0; k < 3; k++)
    sigaction(sigs[k], &old[k], NULL);
  *stopped = g_stop;
  return rc;
}

/* Copy file path to stderr (clang's messages of a failed compile). */
static void dump_file(const char *path) {
  FILE *f = fopen(path, "r");
  char buf[4096];
  size_t n, last = 0;
  int endnl = 1;
  if (!f)
    return;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
    fwrite(buf, 1, n, stderr);
    last = n;
    endnl = buf[n - 1] == '\n';
  }
  if (last && !endnl)
    fputc('\n', stderr);
  fclose(f);
}

/* The profile of a compiled job into set, its origin the source's name.
 * Returns 0 (a failure counted in *nfailed), or -1 out of memory. */
static int load_job(gc_profile_set *set, size_t *nfailed, const ctx *c,
                    job *j) {
  gc_objset *objs = NULL;
  gc_error err = {0};
  int rc = gc_objread_path(&objs, j->obj, &err);
  if (rc == GC_ENOMEM)
    return -1;
  if (rc != GC_OK) {
    fprintf(stderr,
            "%s: error: %s: compiled, but no greenc profile came out (is %s "
            "the greenc plugin?): %s\n",
            c->prog, j->display, c->plugin, err.msg);
    (*nfailed)++;
    return 0;
  }
  size_t good = 0, n = gc_objset_count(objs);
  for (size_t k = 0; k < gc_objset_nnotes(objs); k++)
    fprintf(stderr, "%s: warning: %s: %s\n", c->prog, j->display,
            gc_objset_note(objs, k)->msg);
  for (size_t k = 0; k < n; k++) {
    const gc_objrec *r = gc_objset_record(objs, k);
    char origin[PATH_MAX + 32];
    if (n > 1)
      snprintf(origin, sizeof origin, "%s[%zu]", j->display, k);
    else
      snprintf(origin, sizeof origin, "%s", j->display);
    rc = gc_profile_set_add_json(set, r->payload, r->len, origin, &err);
    if (rc == GC_OK && (j->own || gc_profile_set_new(&j->own) == GC_OK))
      rc = gc_profile_set_add_json(j->own, r->payload, r->len, origin, &err);
    if (rc == GC_ENOMEM || (rc == GC_OK && !j->own)) {
      gc_objset_free(objs);
      return -1;
    }
    if (rc != GC_OK)
      fprintf(stderr, "%s: error: %s\n", c->prog, err.msg);
    else
      good++;
  }
  gc_objset_free(objs);
  if (good == 0)
    (*nfailed)++;
  return 0;
}

/* One figure of a JSON report summary, in human units: a QTY (its value, else
 * its formula, else "unknown") or a RANGE ("lo .. hi", else "unknown"). */
static void figure(char *buf, size_t cap, json_t *q, const char *unit) {
  json_t *v = json_object_get(q, "value");
  const char *formula = json_string_value(json_object_get(q, "formula"));
  json_t *lo = json_object_get(q, "lo"), *hi = json_object_get(q, "hi");
  snprintf(buf, cap, "unknown");
  if (json_is_string(v)) {
    snprintf(buf, cap, "%s %s", json_string_value(v), unit);
  } else if (json_is_number(v)) {
    gc_report_si(buf, cap, json_number_value(v), unit);
  } else if (json_is_number(lo) && json_is_number(hi) &&
             (json_object_get(q, "known") == NULL ||
              json_is_true(json_object_get(q, "known")))) {
    char a[64], b[64];
    gc_report_si(a, sizeof a, json_number_value(lo), unit);
    gc_report_si(b, sizeof b, json_number_value(hi), unit);
    if (json_number_value(lo) == json_number_value(hi))
      snprintf(buf, cap, "%s", a);
    else
      snprintf(buf, cap, "%s .. %s", a, b);
  } else if (formula) {
    snprintf(buf, cap, "%s", formula);
  }
}

#define NCOLS 5
typedef struct row {
  char cell[NCOLS][256];
} row;

/* Text reports end with one row per source file: its functions and the total
 * of that file's own report (its functions no other function of the file
 * calls; calls into other files are not composed there). Appended to where
 * the report went. Returns 0, or -1 after printing why. */
/* Append to cell the callees of total's "call" rows that another unit of the
 * project defines (their counts are not in this file's figures). */
static void note_calls_out(char *cell, size_t cap, json_t *total,
                           const gc_profile_set *all) {
  size_t k, used = strlen(cell);
  json_t *op;
  int first = 1;
  json_array_foreach(json_object_get(total, "ops"), k, op) {
    const char *callee = json_string_value(json_object_get(op, "callee"));
    const char *kind = json_string_value(json_object_get(op, "op"));
    if (!callee || !kind || strcmp(kind, "call") != 0 ||
        !gc_profile_set_find_function(all, callee, NULL) || used + 8 >= cap)
      continue;
    int n = snprintf(cell + used, cap - used, "%s%s()", first ? " + " : ", ",
                     callee);
    if (n < 0 || (size_t)n >= cap - used) {
      cell[used] = '\0';
      break;
    }
    used += (size_t)n;
    first = 0;
  }
}

/* Columns of display width (UTF-8: "µ" is one column). */
static size_t display_width(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

static int write_per_file(const ctx *c, const drv_report_req *req,
                          const gc_profile_set *all) {
  row *rows = calloc(c->njobs + 1, sizeof *rows);
  size_t nrows = 0, width[NCOLS] = {0};
  FILE *out = NULL;
  int rc = -1;
  if (!rows)
    goto done;
  snprintf(rows[0].cell[0], 256, "file");
  snprintf(rows[0].cell[1], 256, "functions");
  snprintf(rows[0].cell[2], 256, "FLOPs");
  snprintf(rows[0].cell[3], 256, "energy");
  snprintf(rows[0].cell[4], 256, "time");
  nrows = 1;
  for (size_t k = 0; k < c->njobs; k++) {
    const job *j = &c->jobs[k];
    gc_report *r = NULL;
    gc_hw *hw = NULL;
    gc_error err = {0};
    char *text = NULL;
    json_t *root = NULL;
    if (!j->own)
      continue;
    if (drv_build_report(&r, &hw, j->own, req, c->prog) != 0)
      goto done;
    if (gc_report_json_text(&text, r, &err) == GC_OK)
      root = json_loads(text, 0, NULL);
    row *w = &rows[nrows++];
    json_t *total = json_object_get(root, "total");
    snprintf(w->cell[0], 256, "%s", j->display);
    snprintf(w->cell[1], 256, "%zu", gc_report_nfunctions(r));
    figure(w->cell[2], 256, json_object_get(total, "flops"), "FLOP");
    note_calls_out(w->cell[2], 256, total, all);
    figure(w->cell[3], 256, json_object_get(total, "energy_j"), "J");
    figure(w->cell[4], 256, json_object_get(total, "time_s"), "s");
    json_decref(root);
    free(text);
    gc_report_free(r);
    gc_hw_free(hw);
  }
  for (size_t i = 0; i < nrows; i++)
    for (size_t k = 0; k < NCOLS; k++) {
      size_t n = display_width(rows[i].cell[k]);
      width[k] = n > width[k] ? n : width[k];
    }
  int to_stream = !req->out_path || strcmp(req->out_path, "-") == 0;
  out = to_stream ? req->stream : fopen(req->out_path, "a");
  if (!out) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", c->prog, req->out_path,
            strerror(errno));
    goto done;
  }
  fprintf(out, "\nper file (each file alone: the functions no other "
               "function of the file calls; + f(): calls into another "
               "file, not counted here)\n");
  for (size_t i = 0; i < nrows; i++) {
    for (size_t k = 0; k < NCOLS; k++) {
      if (k + 1 < NCOLS)
        fprintf(out, "%s%*s", rows[i].cell[k],
                (int)(width[k] - display_width(rows[i].cell[k]) + 2), "");
      else
        fprintf(out, "%s\n", rows[i].cell[k]);
    }
  }
  if (fflush(out) != 0 || ferror(out)) {
    fprintf(stderr, "%s: error: writing the report failed: %s\n", c->prog,
            strerror(errno));
    goto done;
  }
  rc = 0;
done:
  if (out && out != req->stream && fclose(out) != 0 && rc == 0) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", c->prog, req->out_path,
            strerror(errno));
    rc = -1;
  }
  if (!rows)
    fprintf(stderr, "%s: error: out of memory\n", c->prog);
  free(rows);
  return rc;
}

/* Remove dir and the files in it (the temporary objects, captured output, and
 * whatever clang wrote next to the object: .dwo, .gcno, .su ...). */
static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  if (d) {
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
        continue;
      char *p = NULL;
      if (asprintf(&p, "%s/%s", dir, e->d_name) >= 0) {
        unlink(p);
        free(p);
      }
    }
    closedir(d);
  }
  rmdir(dir);
}

static const char *env_or(const char *name, const char *dflt) {
  const char *e = getenv(name);
  return e && *e ? e : dflt;
}

int drv_cdb_analyze(const drv_cdb_opts *o, const char *const *files,
                    size_t nfiles, const drv_report_req *req,
                    const char *prog) {
  int rc = EXIT_FAIL;
  ctx c = {.prog = prog, .req = req, .files = files, .nfiles = nfiles};
  char *cdb_path = NULL, *plugin = NULL, *cwd = NULL, tmpl[PATH_MAX] = "";
  json_t *root = NULL;
  gc_profile_set *set = NULL;
  FILE *f = NULL;
  struct stat sb;
  size_t nfailed = 0;

  /* -p names the build directory, or the database itself */
  if ((stat(o->build_dir, &sb) == 0 && S_ISDIR(sb.st_mode)) ||
      !has_suffix(o->build_dir, ".json"))
    cdb_path = join_path(o->build_dir, "compile_commands.json");
  else
    cdb_path = strdup(o->build_dir);
  cwd = getcwd(NULL, 0);
  if (!cdb_path || !(c.file_hits = calloc(nfiles + 1, sizeof *c.file_hits)))
    goto oom;
  c.cdb_path = cdb_path;
  c.cwd = cwd;
  if (!(f = fopen(cdb_path, "r"))) {
    fprintf(stderr,
            "%s: error: %s: %s (generate it with cmake "
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON, or build under bear)\n",
            prog, cdb_path, strerror(errno));
    rc = EXIT_INPUT;
    goto done;
  }
  json_error_t jerr;
  root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    fprintf(stderr, "%s: error: %s:%d:%d: malformed JSON: %s\n", prog, cdb_path,
            jerr.line, jerr.column, jerr.text);
    rc = EXIT_INPUT;
    goto done;
  }
  if (!json_is_array(root)) {
    fprintf(stderr,
            "%s: error: %s: not a compilation database (the top level must "
            "be an array of {\"directory\", \"file\", \"arguments\" or "
            "\"command\"})\n",
            prog, cdb_path);
    rc = EXIT_INPUT;
    goto done;
  }

  /* a hardware model asked for by name must exist before anything is
   * compiled (a usage error) */
  if (req->hw) {
    gc_hw *hw = NULL;
    gc_error err = {0};
    if (gc_hw_load_named(&hw, req->hw, NULL, &err) != GC_OK) {
      fprintf(stderr, "%s: error: %s\n", prog, err.msg);
      rc = err.code == GC_ENOMEM ? EXIT_FAIL : EXIT_USAGE;
      goto done;
    }
    gc_hw_free(hw);
  }

  /* the plugin and clang */
  c.clang = env_or("GREENC_CLANG", GREENC_CLANG);
  const char *pl = env_or("GREENC_PLUGIN", GREENC_PLUGIN);
  if (access(pl, R_OK) != 0) {
    fprintf(stderr,
            "%s: error: the greenc plugin is not at %s (%s): build the "
            "GreencPlugin target or set GREENC_PLUGIN\n",
            prog, pl, strerror(errno));
    rc = EXIT_INPUT;
    goto done;
  }
  if (!(plugin = realpath(pl, NULL)))
    goto oom;
  c.plugin = plugin;

  /* private temporary directory for the objects */
  const char *tmp = env_or("TMPDIR", "/tmp");
  snprintf(tmpl, sizeof tmpl, "%s/greenc-analyze-XXXXXX",
           tmp[0] == '/' ? tmp : "/tmp");
  if (!mkdtemp(tmpl)) {
    fprintf(stderr, "%s: error: cannot make a temporary directory %s: %s\n",
            prog, tmpl, strerror(errno));
    tmpl[0] = '\0';
    goto done;
  }
  c.tmpdir = tmpl;

  size_t n = json_array_size(root);
  if (!(c.jobs = calloc(n + 1, sizeof *c.jobs)))
    goto oom;
  for (size_t i = 0; i < n; i++)
    if (add_entry(&c, i, json_array_get(root, i)) != 0)
      goto oom;
  for (size_t k = 0; k < nfiles; k++)
    if (c.file_hits[k] == 0) {
      fprintf(stderr, "%s: error: %s: no entry of %s compiles it\n", prog,
              files[k], cdb_path);
      c.nbad++;
    }
  if (c.njobs == 0) {
    fprintf(stderr, "%s: error: %s: no C or C++ translation unit to analyse\n",
            prog, cdb_path);
    rc = EXIT_INPUT;
    goto done;
  }

  unsigned par = o->jobs;
  if (par == 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    par = cpus > 0 ? (unsigned)cpus : 1;
  }
  int stopped = 0;
  if (run_all(&c, par, o->verbose, &stopped) != 0)
    goto done;
  if (stopped) {
    fprintf(stderr, "%s: error: interrupted (signal %d)\n", prog, stopped);
    rc = 128 + stopped;
    goto done;
  }

  if (gc_profile_set_new(&set) != GC_OK)
    goto oom;
  for (size_t k = 0; k < c.njobs; k++) {
    job *j = &c.jobs[k];
    if (!j->started) {
      fprintf(stderr, "%s: error: %s: cannot run %s: %s\n", prog, j->display,
              j->argv[0], strerror(j->spawn_err));
      nfailed++;
      continue;
    }
    if (j->status != 0) {
      fprintf(stderr,
              "%s: error: %s: the compile failed (clang exit code %d):\n", prog,
              j->display, j->status);
      if (!o->verbose)
        print_command(&c, j, "note: the command was: ");
      dump_file(j->err);
      nfailed++;
      continue;
    }
    if (o->verbose)
      dump_file(j->err);
    if (load_job(set, &nfailed, &c, j) != 0)
      goto oom;
  }
  /* Everything is in memory now: the temporary files go before the report is
   * written (a reader that stops early, `| head`, ends greenc by SIGPIPE). */
  remove_tree(tmpl);
  tmpl[0] = '\0';
  if (nfailed == c.njobs) {
    fprintf(stderr,
            "%s: error: no profile to report (%zu translation unit%s "
            "failed)\n",
            prog, nfailed, nfailed == 1 ? "" : "s");
    rc = EXIT_INPUT;
    goto done;
  }
  int w = drv_write_report(set, req, prog);
  if (w != 0) {
    rc = w == -2 ? EXIT_USAGE : EXIT_FAIL;
    goto done;
  }
  if (req->fmt == GC_REPORT_TEXT && write_per_file(&c, req, set) != 0) {
    rc = EXIT_FAIL;
    goto done;
  }
  rc = nfailed || c.nbad ? EXIT_INPUT : EXIT_OK;
  goto done;
oom:
  fprintf(stderr, "%s: error: out of memory\n", prog);
  rc = EXIT_FAIL;
done:
  if (f)
    fclose(f);
  if (tmpl[0])
    remove_tree(tmpl);
  for (size_t k = 0; k < c.njobs; k++)
    job_free(&c.jobs[k]);
  free(c.jobs);
  free(c.file_hits);
  gc_profile_set_free(set);
  json_decref(root);
  free(plugin);
  free(cdb_path);
  free(cwd);
  return rc;
}
