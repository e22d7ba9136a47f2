/* analyze.c: inputs -> profile set -> report, shared by greenc and greencc (see
 * analyze.h). */
#define _POSIX_C_SOURCE 200809L
#include "analyze.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "greenc/carbon.h"
#include "greenc/hw.h"
#include "greenc/objread.h"

/* A JSON profile payload given directly (test data, `greenc report gemm.json`):
 * read it whole. */
static int load_json(gc_profile_set *set, size_t *nfailed, const char *prog,
                     const char *path, FILE *f) {
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
  gc_error err = {0};
  if (gc_profile_set_add_json(set, text, len, path, &err) != GC_OK) {
    fprintf(stderr, "%s: error: %s\n", prog, err.msg);
    (*nfailed)++;
  }
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

/* One path: a directory is its .o, .a and .so files. */
static int load_path(gc_profile_set *set, size_t *nfailed, const char *prog,
                     const char *path, int in_dir) {
  struct stat sb;
  if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    char **files = NULL;
    size_t n = 0;
    int rc = 0;
    if (drv_dir_inputs(&files, &n, path) != 0) {
      fprintf(stderr, "%s: error: %s: %s\n", prog, path, strerror(errno));
      (*nfailed)++;
      return 0;
    }
    if (n == 0) {
      fprintf(stderr,
              "%s: error: %s: no .o, .a or .so files in this directory\n", prog,
              path);
      (*nfailed)++;
    }
    size_t before = *nfailed;
    for (size_t i = 0; i < n && rc == 0; i++)
      rc = load_path(set, nfailed, prog, files[i], 1);
    /* The directory counts as one input: failed only when none of its files
     * could be read. */
    if (n && *nfailed - before == n)
      *nfailed = before + 1;
    else if (n)
      *nfailed = before;
    for (size_t i = 0; i < n; i++)
      free(files[i]);
    free(files);
    return rc;
  }
  gc_error err = {0};
  gc_objset *objs = NULL;
  FILE *f = fopen(path, "rb");
  if (f && starts_with_brace(f)) {
    int rc = load_json(set, nfailed, prog, path, f);
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
    fprintf(stderr, "%s: %s: %s\n", prog,
            in_dir && rc == GC_EFORMAT ? "note" : "error", err.msg);
    (*nfailed)++;
    return 0;
  }
  for (size_t k = 0; k < gc_objset_nnotes(objs); k++) {
    const gc_objnote *note = gc_objset_note(objs, k);
    fprintf(stderr, "%s: %s: %s\n", prog,
            note->code == GC_EFORMAT ? "note" : "warning", note->msg);
  }
  size_t good = 0;
  for (size_t k = 0; k < gc_objset_count(objs); k++) {
    const gc_objrec *r = gc_objset_record(objs, k);
    char origin[1024];
    if (gc_objset_count(objs) > 1)
      snprintf(origin, sizeof origin, "%s[%zu]", r->origin, k);
    else
      snprintf(origin, sizeof origin, "%s", r->origin);
    if (gc_profile_set_add_json(set, r->payload, r->len, origin, &err) != GC_OK)
      fprintf(stderr, "%s: error: %s\n", prog, err.msg);
    else
      good++;
  }
  gc_objset_free(objs);
  if (good == 0)
    (*nfailed)++;
  return 0;
}

int drv_load(gc_profile_set *set, size_t *nfailed, const char *prog,
             const char *const *paths, size_t n) {
  *nfailed = 0;
  for (size_t i = 0; i < n; i++)
    if (load_path(set, nfailed, prog, paths[i], 0) != 0)
      return -1;
  return 0;
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
