/* analyze.c: inputs -> profile set -> report, shared by greenc and greencc (see
 * analyze.h). */
#define _POSIX_C_SOURCE 200809L
#include "analyze.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "greenc/carbon.h"
#include "greenc/hw.h"
#include "greenc/objread.h"

/* Reading inputs: the paths are listed first (directories expanded, in
 * order), then the files are read and their records parsed on a few threads,
 * each file into its own slot, then the slots are replayed in order: the
 * messages, the set and the failure count are those of reading serially. */

/* One record of a file: its profile, or why it could not be read. */
typedef struct ld_rec {
  gc_profile *p;
  char *msg; /* "error: ..." line, NULL when p */
} ld_rec;

/* One step of the replay: a message, the start or end of a directory (for its
 * failure count), or a file to read. */
typedef struct ld_op {
  enum { LD_MSG, LD_DIR_BEGIN, LD_DIR_END, LD_FILE } kind;
  char *text;   /* LD_MSG: the message (the whole line); LD_FILE: the path */
  int in_dir;   /* LD_FILE: listed from a directory */
  size_t nfail; /* LD_MSG: adds this to the failures; LD_DIR_END: the
                   number of files in the directory; LD_DIR_BEGIN: the
                   failures before it (at replay) */
  size_t begin; /* LD_DIR_END: its LD_DIR_BEGIN */
  /* LD_FILE, filled by a reader */
  char *notes;  /* lines printed before the records ("note: ...") */
  ld_rec *recs; /* in order */
  size_t nrecs;
  int oom;
} ld_op;

typedef struct ld_list {
  ld_op *ops;
  size_t n, cap;
  const char *prog;
  atomic_size_t next; /* the next op a reader takes */
} ld_list;

static ld_op *ld_push(ld_list *l, int kind) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    ld_op *t = realloc(l->ops, cap * sizeof *t);
    if (!t)
      return NULL;
    l->ops = t;
    l->cap = cap;
  }
  ld_op *o = &l->ops[l->n++];
  memset(o, 0, sizeof *o);
  o->kind = kind;
  return o;
}

/* The line "PROG: fmt...\n" appended to the malloc'd *buf; -1 when out of
 * memory. */
static int ld_say(char **buf, const char *prog, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  size_t old = *buf ? strlen(*buf) : 0, np = strlen(prog);
  char *t = n < 0 ? NULL : realloc(*buf, old + np + 2 + (size_t)n + 2);
  if (!t)
    return -1;
  *buf = t;
  memcpy(t + old, prog, np);
  memcpy(t + old + np, ": ", 2);
  va_start(ap, fmt);
  vsnprintf(t + old + np + 2, (size_t)n + 1, fmt, ap);
  va_end(ap);
  memcpy(t + old + np + 2 + n, "\n", 2);
  return 0;
}

static int ld_msg(ld_list *l, size_t nfail, const char *fmt, const char *a,
                  const char *b) {
  ld_op *o = ld_push(l, LD_MSG);
  if (!o || ld_say(&o->text, l->prog, fmt, a, b) != 0)
    return -1;
  o->nfail = nfail;
  return 0;
}

/* List path's steps (a directory: its .o, .a and .so files). */
static int ld_list_path(ld_list *l, const char *path, int in_dir) {
  struct stat sb;
  if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    char **files = NULL;
    size_t n = 0;
    int rc = 0;
    if (drv_dir_inputs(&files, &n, path) != 0)
      return ld_msg(l, 1, "error: %s: %s", path, strerror(errno));
    if (n == 0 &&
        ld_msg(l, 1, "error: %s: no .o, .a or .so files in this directory%s",
               path, "") != 0)
      rc = -1;
    size_t begin = l->n;
    ld_op *o = rc == 0 ? ld_push(l, LD_DIR_BEGIN) : NULL;
    rc = o ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++)
      rc = ld_list_path(l, files[i], 1);
    if (rc == 0 && !(o = ld_push(l, LD_DIR_END)))
      rc = -1;
    if (rc == 0) {
      o->nfail = n;
      o->begin = begin;
    }
    for (size_t i = 0; i < n; i++)
      free(files[i]);
    free(files);
    return rc;
  }
  ld_op *o = ld_push(l, LD_FILE);
  if (!o || !(o->text = strdup(path)))
    return -1;
  o->in_dir = in_dir;
  return 0;
}

static int ld_add_rec(ld_op *o, const char *prog, const char *json, size_t len,
                      const char *origin) {
  ld_rec *t = realloc(o->recs, (o->nrecs + 1) * sizeof *t);
  if (!t)
    return -1;
  o->recs = t;
  ld_rec *r = &o->recs[o->nrecs++];
  gc_error err = {0};
  memset(r, 0, sizeof *r);
  int rc = gc_profile_parse(&r->p, json, len, origin, &err);
  if (rc == GC_ENOMEM)
    return -1;
  return rc == GC_OK ? 0 : ld_say(&r->msg, prog, "error: %s", err.msg);
}

/* A JSON profile payload given directly (test data, `greenc report
 * gemm.json`): read it whole. */
static int load_json(ld_op *o, const char *prog, const char *path, FILE *f) {
  int rc = 0;
  char *text = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len + 4096 > cap) {
      cap = cap ? 2 * cap : 65536;
      char *t = realloc(text, cap);
      if (!t) {
        rc = -1;
        goto done;
      }
      text = t;
    }
    size_t n = fread(text + len, 1, cap - len, f);
    len += n;
    if (n == 0)
      break;
  }
  rc = ld_add_rec(o, prog, text, len, path);
done:
  free(text);
  return rc;
}

static int starts_with_brace(FILE *f) {
  int ch;
  while ((ch = fgetc(f)) != EOF && isspace(ch))
    ;
  rewind(f);
  return ch == '{';
}

static int has_suffix(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int drv_dir_inputs(char ***out, size_t *n, const char *dir) {
  DIR *d = opendir(dir);
  char **v = NULL;
  size_t cnt = 0, cap = 0;
  struct dirent *e;
  if (!d)
    return -1;
  while ((e = readdir(d)) != NULL) {
    if (!(has_suffix(e->d_name, ".o") || has_suffix(e->d_name, ".a") ||
          has_suffix(e->d_name, ".so")))
      continue;
    if (cnt == cap) {
      cap = cap ? 2 * cap : 16;
      char **t = realloc(v, cap * sizeof *t);
      if (!t)
        goto fail;
      v = t;
    }
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    if (!(v[cnt] = malloc(len)))
      goto fail;
    snprintf(v[cnt++], len, "%s/%s", dir, e->d_name);
  }
  closedir(d);
  if (cnt)
    qsort(v, cnt, sizeof *v, cmp_str);
  *out = v;
  *n = cnt;
  return 0;
fail:
  closedir(d);
  for (size_t i = 0; i < cnt; i++)
    free(v[i]);
  free(v);
  return -1;
}

/* Read one file into its op (on a reader thread). -1: out of memory. */
static int ld_read(ld_op *o, const char *prog) {
  const char *path = o->text;
  gc_error err = {0};
  gc_objset *objs = NULL;
  FILE *f = fopen(path, "rb");
  if (f && starts_with_brace(f)) {
    int rc = load_json(o, prog, path, f);
    fclose(f);
    return rc;
  }
  if (f)
    fclose(f);
  int rc = gc_objread_path(&objs, path, &err);
  if (rc == GC_ENOMEM)
    return -1;
  if (rc != GC_OK) {
    /* In a directory, objects built without greenc are expected: a note. */
    return ld_say(&o->notes, prog, "%s: %s",
                  o->in_dir && rc == GC_EFORMAT ? "note" : "error", err.msg);
  }
  for (size_t k = 0; k < gc_objset_nnotes(objs) && rc == GC_OK; k++) {
    const gc_objnote *note = gc_objset_note(objs, k);
    if (ld_say(&o->notes, prog, "%s: %s",
               note->code == GC_EFORMAT ? "note" : "warning", note->msg) != 0)
      rc = -1;
  }
  for (size_t k = 0; k < gc_objset_count(objs) && rc == GC_OK; k++) {
    const gc_objrec *r = gc_objset_record(objs, k);
    char origin[1024];
    if (gc_objset_count(objs) > 1)
      snprintf(origin, sizeof origin, "%s[%zu]", r->origin, k);
    else
      snprintf(origin, sizeof origin, "%s", r->origin);
    if (ld_add_rec(o, prog, r->payload, r->len, origin) != 0)
      rc = -1;
  }
  gc_objset_free(objs);
  return rc == GC_OK ? 0 : -1;
}

static void *ld_reader(void *arg) {
  ld_list *l = arg;
  size_t i;
  while ((i = atomic_fetch_add(&l->next, 1)) < l->n) {
    ld_op *o = &l->ops[i];
    if (o->kind == LD_FILE && ld_read(o, l->prog) != 0)
      o->oom = 1;
  }
  return NULL;
}

/* Replay the ops in order into set; -1 at the first out-of-memory. */
static int ld_replay(ld_list *l, gc_profile_set *set, size_t *nfailed) {
  int rc = 0;
  for (size_t i = 0; i < l->n && rc == 0; i++) {
    ld_op *o = &l->ops[i];
    switch (o->kind) {
    case LD_MSG:
      fputs(o->text, stderr);
      *nfailed += o->nfail;
      break;
    case LD_DIR_BEGIN:
      o->nfail = *nfailed;
      break;
    case LD_DIR_END: {
      size_t before = l->ops[o->begin].nfail;
      /* The directory counts as one input: failed only when none of its files
       * could be read. */
      if (o->nfail && *nfailed - before == o->nfail)
        *nfailed = before + 1;
      else if (o->nfail)
        *nfailed = before;
      break;
    }
    case LD_FILE: {
      size_t good = 0;
      if (o->notes)
        fputs(o->notes, stderr);
      for (size_t k = 0; k < o->nrecs; k++) {
        ld_rec *r = &o->recs[k];
        if (r->msg)
          fputs(r->msg, stderr);
        else if (gc_profile_set_add(set, r->p) == GC_OK)
          good++;
        else /* the set frees it */
          fprintf(stderr, "%s: error: out of memory\n", l->prog);
        r->p = NULL;
      }
      if (o->oom)
        rc = -1;
      else
        *nfailed += good == 0;
      break;
    }
    }
  }
  return rc;
}

int drv_load(gc_profile_set *set, size_t *nfailed, const char *prog,
             const char *const *paths, size_t n) {
  ld_list l = {.prog = prog};
  int rc = 0;
  *nfailed = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = ld_list_path(&l, paths[i], 0);
  if (rc == 0) {
    pthread_t tid[64];
    size_t started = 0, nt = drv_threads();
    for (size_t t = 1; t < nt && t <= sizeof tid / sizeof *tid && t < l.n; t++)
      if (pthread_create(&tid[started], NULL, ld_reader, &l) == 0)
        started++;
    ld_reader(&l);
    for (size_t t = 0; t < started; t++)
      pthread_join(tid[t], NULL);
    rc = ld_replay(&l, set, nfailed);
  }
  for (size_t i = 0; i < l.n; i++) {
    free(l.ops[i].text);
    free(l.ops[i].notes);
    for (size_t k = 0; k < l.ops[i].nrecs; k++) {
      gc_profile_free(l.ops[i].recs[k].p);
      free(l.ops[i].recs[k].msg);
    }
    free(l.ops[i].recs);
  }
  free(l.ops);
  return rc;
}

unsigned drv_threads(void) {
  const char *env = getenv("GREENC_THREADS");
  char *end = NULL;
  long n = env ? strtol(env, &end, 10) : 0;
  if (!env || end == env || *end || n < 1)
    n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int drv_use_color(FILE *f) {
  const char *nc = getenv("NO_COLOR");
  const char *term = getenv("TERM");
  if (nc && *nc)
    return 0;
  if (term && strcmp(term, "dumb") == 0)
    return 0;
  return isatty(fileno(f));
}

int drv_build_report(gc_report **out, gc_hw **hw_out, const gc_profile_set *set,
                     const drv_report_req *req, const char *prog) {
  int rc = -1;
  gc_hw *hw = NULL;
  gc_error err = {0};
  char why[GC_ERROR_MAX + 64] = "";
  const char *hwname = req->hw ? req->hw : gc_hw_default_name();
  *out = NULL;
  *hw_out = NULL;
  if (!hwname || !*hwname) {
    snprintf(why, sizeof why, "no hardware model (none given and no default)");
  } else if (gc_hw_load_named(&hw, hwname, NULL, &err) != GC_OK) {
    if (req->hw) { /* asked for by name: a usage error */
      fprintf(stderr, "%s: error: %s\n", prog, err.msg);
      rc = -2;
      goto done;
    }
    fprintf(stderr,
            "%s: warning: default hardware model unavailable, energy and time "
            "unknown: %s\n",
            prog, err.msg);
    snprintf(why, sizeof why, "no hardware model (%s)", err.msg);
    hw = NULL;
  }
  gc_report_opts opts = {.view = req->view,
                         .bindings = req->bindings,
                         .nbindings = req->nbindings,
                         .hw = hw,
                         .no_hw_reason = hw ? NULL : why,
                         .threads = drv_threads(),
                         .functions_only = req->functions_only,
                         /* only the JSON report shows rows' formulas */
                         .no_row_formulas =
                             req->functions_only || req->fmt != GC_REPORT_JSON};
  opts.est.all_cores = req->all_cores;
  if (req->grid_g_per_kwh > 0) {
    opts.est.grid_g_per_kwh = req->grid_g_per_kwh;
  } else if (req->region && gc_carbon_intensity(&opts.est.grid_g_per_kwh,
                                                req->region, &err) != GC_OK) {
    fprintf(stderr, "%s: error: --region: %s\n", prog, err.msg);
    rc = -2;
    goto done;
  }
  if (gc_report_build(out, set, &opts, &err) != GC_OK) {
    fprintf(stderr, "%s: error: %s\n", prog, err.msg);
    goto done;
  }
  rc = 0;
done:
  if (rc == 0)
    *hw_out = hw;
  else
    gc_hw_free(hw);
  return rc;
}

int drv_write_report(const gc_profile_set *set, const drv_report_req *req,
                     const char *prog) {
  gc_hw *hw = NULL;
  gc_report *r = NULL;
  FILE *out = NULL;
  gc_error err = {0};
  int rc = drv_build_report(&r, &hw, set, req, prog);
  if (rc != 0)
    goto done;
  rc = -1;
  int to_stream = !req->out_path || strcmp(req->out_path, "-") == 0;
  out = to_stream ? req->stream : fopen(req->out_path, "w");
  if (!out) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", prog, req->out_path,
            strerror(errno));
    goto done;
  }
  gc_report_style style = {.color = to_stream && req->fmt == GC_REPORT_TEXT &&
                                    drv_use_color(out),
                           .sarif_min_energy_j = req->min_energy_j};
  if (gc_report_write(out, r, req->fmt, &style, &err) != GC_OK) {
    fprintf(stderr, "%s: error: %s\n", prog, err.msg);
    goto done;
  }
  if (fflush(out) != 0 || ferror(out)) {
    fprintf(stderr, "%s: error: writing the report failed: %s\n", prog,
            strerror(errno));
    goto done;
  }
  rc = 0;
done:
  if (out && out != req->stream && fclose(out) != 0 && rc == 0) {
    fprintf(stderr, "%s: error: cannot write %s: %s\n", prog, req->out_path,
            strerror(errno));
    rc = -1;
  }
  gc_report_free(r);
  gc_hw_free(hw);
  return rc;
}

static int is_ident_start(int c) { return isalpha(c) || c == '_'; }
static int is_ident(int c) { return isalnum(c) || c == '_'; }

int drv_parse_binding(gc_binding *out, const char *text) {
  const char *eq = strchr(text, '=');
  if (!eq || eq == text || !is_ident_start((unsigned char)text[0]))
    return -1;
  /* NAME: identifier parts joined by "->" or "." */
  for (const char *p = text; p < eq;) {
    if (!is_ident_start((unsigned char)*p))
      return -1;
    while (p < eq && is_ident((unsigned char)*p))
      p++;
    if (p == eq)
      break;
    if (*p == '.')
      p++;
    else if (p[0] == '-' && p + 1 < eq && p[1] == '>')
      p += 2;
    else
      return -1;
    if (p == eq)
      return -1;
  }
  const char *v = eq + 1;
  char *end = NULL;
  errno = 0;
  long long val = strtoll(v, &end, 10);
  if (*v == '\0' || *end != '\0' || errno == ERANGE ||
      isspace((unsigned char)*v))
    return -1;
  char *name = strndup(text, (size_t)(eq - text));
  if (!name)
    return -1;
  out->name = name;
  out->value = (int64_t)val;
  return 0;
}

const char *drv_opt_value(int argc, char **argv, int *i, const char *name,
                          int *missing) {
  size_t n = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, n) != 0)
    return NULL;
  if (a[n] == '=')
    return a + n + 1;
  if (a[n] != '\0')
    return NULL;
  if (*i + 1 >= argc) {
    *missing = 1;
    return NULL;
  }
  return argv[++*i];
}
