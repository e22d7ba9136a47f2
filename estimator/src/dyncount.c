/* dyncount.c: reading the counts of an instrumented run (greenc/dyncount.h).
 */
#include "greenc/dyncount.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gc_dyncount {
  json_t *root; /* keeps the strings alive */
  size_t nfns;
  gc_dyn_function *fns;
  /* per function: blocks, tuples, values, symbol pointers */
  void **owned;
  size_t nowned;
};

static void *own(gc_dyncount *d, size_t size) {
  void *p = calloc(1, size ? size : 1);
  if (!p)
    return NULL;
  d->owned[d->nowned++] = p;
  return p;
}

static int u64_of(const json_t *v, uint64_t *out) {
  if (!json_is_integer(v) || json_integer_value(v) < 0)
    return -1;
  *out = (uint64_t)json_integer_value(v);
  return 0;
}

int gc_dyncount_parse(gc_dyncount **out, const char *json, size_t len,
                      const char *origin, gc_error *err) {
  int rc = GC_ENOMEM;
  gc_dyncount *d = NULL;
  json_error_t je;
  *out = NULL;
  if (!origin)
    origin = "counts";
  json_t *root = json_loadb(json, len, 0, &je);
  if (!root)
    return gc_error_set(err, GC_EPARSE, "%s:%d:%d: %s", origin, je.line,
                        je.column, je.text);
  d = calloc(1, sizeof *d);
  if (!d) {
    json_decref(root);
    return gc_error_set(err, GC_ENOMEM, "out of memory");
  }
  d->root = root;
  json_t *ver = json_object_get(root, "greenc_counts");
  if (!json_is_integer(ver)) {
    rc = gc_error_set(err, GC_ESCHEMA, "%s: missing \"greenc_counts\"", origin);
    goto done;
  }
  if (json_integer_value(ver) > 1) {
    rc = gc_error_set(err, GC_EVERSION,
                      "%s: counts version %lld is newer than this reader (1)",
                      origin, (long long)json_integer_value(ver));
    goto done;
  }
  json_t *fns = json_object_get(root, "functions");
  if (!json_is_array(fns)) {
    rc = gc_error_set(err, GC_ESCHEMA, "%s: missing \"functions\" array",
                      origin);
    goto done;
  }
  d->nfns = json_array_size(fns);
  d->fns = calloc(d->nfns ? d->nfns : 1, sizeof *d->fns);
  d->owned = calloc(d->nfns * 4 + 1, sizeof *d->owned);
  if (!d->fns || !d->owned) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < d->nfns; i++) {
    json_t *f = json_array_get(fns, i);
    gc_dyn_function *df = &d->fns[i];
    json_t *name = json_object_get(f, "name");
    json_t *blocks = json_object_get(f, "blocks");
    json_t *syms = json_object_get(f, "symbols");
    json_t *tuples = json_object_get(f, "tuples");
    const char *bad = NULL;
    if (!json_is_string(name))
      bad = "name";
    else if (!json_is_array(blocks))
      bad = "blocks";
    else if (!json_is_array(syms))
      bad = "symbols";
    else if (!json_is_array(tuples))
      bad = "tuples";
    else if (u64_of(json_object_get(f, "calls"), &df->calls))
      bad = "calls";
    if (bad) {
      rc = gc_error_set(err, GC_ESCHEMA,
                        "%s: functions[%zu]: missing or mistyped \"%s\"",
                        origin, i, bad);
      goto done;
    }
    df->name = json_string_value(name);
    json_t *mod = json_object_get(f, "module");
    df->module = json_is_string(mod) ? json_string_value(mod) : "";
    json_t *view = json_object_get(f, "view");
    df->view = json_is_string(view) ? json_string_value(view) : "executed";
    if (u64_of(json_object_get(f, "ns"), &df->ns))
      df->ns = 0;
    if (u64_of(json_object_get(f, "dropped_calls"), &df->dropped_calls))
      df->dropped_calls = 0;
    df->has_bulk =
        !u64_of(json_object_get(f, "bulk_read"), &df->bulk_read) &&
        !u64_of(json_object_get(f, "bulk_written"), &df->bulk_written);
    df->nblocks = json_array_size(blocks);
    uint64_t *b = own(d, df->nblocks * sizeof *b);
    df->nsymbols = json_array_size(syms);
    const char **s = own(d, df->nsymbols * sizeof *s);
    df->ntuples = json_array_size(tuples);
    gc_dyn_tuple *t = own(d, df->ntuples * sizeof *t);
    int64_t *vals = own(d, df->ntuples * df->nsymbols * sizeof *vals);
    if (!b || !s || !t || !vals) {
      rc = gc_error_set(err, GC_ENOMEM, "out of memory");
      goto done;
    }
    for (size_t k = 0; k < df->nblocks; k++)
      if (u64_of(json_array_get(blocks, k), &b[k])) {
        rc = gc_error_set(err, GC_ESCHEMA, "%s: %s: blocks[%zu] is not a count",
                          origin, df->name, k);
        goto done;
      }
    for (size_t k = 0; k < df->nsymbols; k++) {
      s[k] = json_string_value(json_array_get(syms, k));
      if (!s[k]) {
        rc = gc_error_set(err, GC_ESCHEMA,
                          "%s: %s: symbols[%zu] is not a string", origin,
                          df->name, k);
        goto done;
      }
    }
    for (size_t k = 0; k < df->ntuples; k++) {
      json_t *tu = json_array_get(tuples, k);
      json_t *tv = json_object_get(tu, "values");
      if (u64_of(json_object_get(tu, "calls"), &t[k].calls) ||
          !json_is_array(tv) || json_array_size(tv) != df->nsymbols) {
        rc = gc_error_set(err, GC_ESCHEMA,
                          "%s: %s: tuples[%zu]: expected calls and %zu values",
                          origin, df->name, k, df->nsymbols);
        goto done;
      }
      t[k].values = vals + k * df->nsymbols;
      for (size_t j = 0; j < df->nsymbols; j++) {
        json_t *x = json_array_get(tv, j);
        if (!json_is_integer(x)) {
          rc = gc_error_set(err, GC_ESCHEMA,
                            "%s: %s: tuples[%zu].values[%zu] is not an "
                            "integer",
                            origin, df->name, k, j);
          goto done;
        }
        vals[k * df->nsymbols + j] = (int64_t)json_integer_value(x);
      }
    }
    df->blocks = b;
    df->symbols = s;
    df->tuples = t;
  }
  *out = d;
  d = NULL;
  rc = GC_OK;
done:
  gc_dyncount_free(d);
  return rc;
}

int gc_dyncount_load_file(gc_dyncount **out, const char *path, gc_error *err) {
  int rc = GC_OK;
  char *buf = NULL;
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return gc_error_set(err, GC_EIO, "%s: cannot open", path);
  size_t cap = 1 << 16, len = 0;
  buf = malloc(cap);
  while (buf) {
    size_t n = fread(buf + len, 1, cap - len, f);
    len += n;
    if (len < cap)
      break;
    char *nb = realloc(buf, cap * 2);
    if (!nb) {
      free(buf);
      buf = NULL;
      break;
    }
    buf = nb;
    cap *= 2;
  }
  if (!buf) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  if (ferror(f)) {
    rc = gc_error_set(err, GC_EIO, "%s: read error", path);
    goto done;
  }
  rc = gc_dyncount_parse(out, buf, len, path, err);
done:
  free(buf);
  fclose(f);
  return rc;
}

void gc_dyncount_free(gc_dyncount *d) {
  if (!d)
    return;
  for (size_t i = 0; i < d->nowned; i++)
    free(d->owned[i]);
  free(d->owned);
  free(d->fns);
  json_decref(d->root);
  free(d);
}

size_t gc_dyncount_nfunctions(const gc_dyncount *d) { return d->nfns; }

const gc_dyn_function *gc_dyncount_function(const gc_dyncount *d, size_t i) {
  return i < d->nfns ? &d->fns[i] : NULL;
}

const gc_dyn_function *gc_dyncount_find(const gc_dyncount *d, const char *name,
                                        const char *module) {
  for (size_t i = 0; i < d->nfns; i++)
    if (strcmp(d->fns[i].name, name) == 0 &&
        (!module || strcmp(d->fns[i].module, module) == 0))
      return &d->fns[i];
  return NULL;
}
