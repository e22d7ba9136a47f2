/* gjson.c: see gjson.h. A recursive-descent reader of plain JSON into an arena;
 * what it does not take (an escape other than the one-letter ones, non-ASCII
 * text, a duplicate key, an out-of-range number, deep nesting, an error) is
 * handed to jansson, so the answer is always jansson's. */
#define _POSIX_C_SOURCE 200809L
#include "gjson.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define MAX_DEPTH 1024 /* below jansson's own limit (2048) */

typedef struct block {
  struct block *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
} block;

struct gj_doc {
  block *blocks;
  gj root;
};

static void *arena_alloc(gj_doc *d, size_t n) {
  n = (n + 15) & ~(size_t)15;
  block *b = d->blocks;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > 65536 - sizeof *b ? n : 65536 - sizeof *b;
    if (!(b = malloc(sizeof *b + cap)))
      return NULL;
    b->used = 0;
    b->cap = cap;
    b->next = d->blocks;
    d->blocks = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  return p;
}

void gj_doc_free(gj_doc *d) {
  if (!d)
    return;
  for (block *b = d->blocks, *n; b; b = n) {
    n = b->next;
    free(b);
  }
  free(d);
}

gj *gj_root(const gj_doc *d) { return (gj *)&d->root; }

gj *gj_object_get(const gj *obj, const char *key) {
  if (!gj_is_object(obj) || !key)
    return NULL;
  for (size_t i = 0; i < obj->n; i++)
    if (strcmp(obj->u.members[i].key, key) == 0)
      return &obj->u.members[i].value;
  return NULL;
}

/* ---- the fast reader ---- */

typedef struct reader {
  gj_doc *d;
  const char *p, *end;
  int oom;
  /* scratch stacks for the elements and members of open containers */
  gj *items;
  size_t nitems, capitems;
  gj_member *mem;
  size_t nmem, capmem;
} reader;

static void skip_ws(reader *r) {
  while (r->p < r->end &&
         (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

/* A string at r->p (after its opening quote) into the arena. 0 or -1. */
static int read_string(reader *r, const char **out, size_t *len) {
  const char *s = r->p;
  size_t n = 0, esc = 0;
  for (;; s++) {
    if (s >= r->end)
      return -1;
    unsigned char ch = (unsigned char)*s;
    if (ch == '"')
      break;
    if (ch < 0x20 || ch >= 0x80)
      return -1; /* control characters are invalid; UTF-8 is jansson's */
    if (ch == '\\') {
      if (++s >= r->end || !strchr("\"\\/bfnrt", *s) || !*s)
        return -1; /* \u escapes are jansson's */
      esc++;
    }
    n++;
  }
  char *t = arena_alloc(r->d, n + 1);
  if (!t) {
    r->oom = 1;
    return -1;
  }
  if (!esc) {
    memcpy(t, r->p, n);
  } else {
    size_t k = 0;
    for (const char *q = r->p; q < s; q++) {
      if (*q != '\\') {
        t[k++] = *q;
        continue;
      }
      static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
      const char *e = strchr(from, *++q);
      t[k++] = e ? to[e - from] : *q; /* else " \ / */
    }
  }
  t[n] = '\0';
  *out = t;
  *len = n;
  r->p = s + 1;
  return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int read_number(reader *r, gj *v) {
  const char *s = r->p, *q = s;
  int real = 0;
  if (q < r->end && *q == '-')
    q++;
  if (q >= r->end || !is_digit(*q))
    return -1;
  if (*q == '0') {
    q++;
  } else {
    while (q < r->end && is_digit(*q))
      q++;
  }
  if (q < r->end && *q == '.') {
    real = 1;
    if (++q >= r->end || !is_digit(*q))
      return -1;
    while (q < r->end && is_digit(*q))
      q++;
  }
  if (q < r->end && (*q == 'e' || *q == 'E')) {
    real = 1;
    if (++q < r->end && (*q == '+' || *q == '-'))
      q++;
    if (q >= r->end || !is_digit(*q))
      return -1;
    while (q < r->end && is_digit(*q))
      q++;
  }
  char buf[64];
  size_t n = (size_t)(q - s);
  if (n >= sizeof buf)
    return -1; /* long numbers are jansson's */
  memcpy(buf, s, n);
  buf[n] = '\0';
  errno = 0;
  if (real) {
    double x = strtod(buf, NULL);
    if (errno == ERANGE && isinf(x))
      return -1;
    v->type = GJ_REAL;
  } else {
    long long x = strtoll(buf, NULL, 10);
    if (errno == ERANGE)
      return -1;
    v->type = GJ_INTEGER;
    v->u.i = x;
  }
  r->p = q;
  return 0;
}

static int cmp_key(const void *a, const void *b) {
  return strcmp(((const gj_member *)a)->key, ((const gj_member *)b)->key);
}

/* 1 when two of the n members have the same key. */
static int has_duplicate(const gj_member *m, size_t n) {
  if (n <= 16) {
    for (size_t i = 1; i < n; i++)
      for (size_t j = 0; j < i; j++)
        if (strcmp(m[i].key, m[j].key) == 0)
          return 1;
    return 0;
  }
  gj_member *t = malloc(n * sizeof *t);
  int dup = 0;
  if (!t)
    return 1; /* jansson decides */
  memcpy(t, m, n * sizeof *t);
  qsort(t, n, sizeof *t, cmp_key);
  for (size_t i = 1; i < n && !dup; i++)
    dup = strcmp(t[i - 1].key, t[i].key) == 0;
  free(t);
  return dup;
}

/* arr (n elements of size elt, room for *cap) with room for one more: arr
 * itself or its reallocation; NULL when out of memory (arr is kept). */
static void *grow(reader *r, void *arr, size_t *cap, size_t n, size_t elt) {
  if (n < *cap)
    return arr;
  size_t c = *cap ? 2 * *cap : 256;
  void *t = realloc(arr, c * elt);
  if (!t) {
    r->oom = 1;
    return NULL;
  }
  *cap = c;
  return t;
}

/* A copy of src[0..bytes) in the arena; NULL when bytes is 0 or out of memory
 * (r->oom). */
static void *arena_copy(reader *r, const void *src, size_t bytes) {
  void *t = bytes ? arena_alloc(r->d, bytes) : NULL;
  if (bytes && !t)
    r->oom = 1;
  else if (bytes)
    memcpy(t, src, bytes);
  return t;
}

static int read_value(reader *r, gj *v, int depth);

static int one_item(reader *r, int depth) {
  gj e;
  gj *t = NULL;
  if (read_value(r, &e, depth + 1) != 0 ||
      !(t = grow(r, r->items, &r->capitems, r->nitems, sizeof e)))
    return -1;
  r->items = t;
  r->items[r->nitems++] = e;
  return 0;
}

static int one_member(reader *r, int depth) {
  const char *key;
  size_t klen;
  gj e;
  gj_member *t = NULL;
  skip_ws(r);
  if (r->p >= r->end || *r->p++ != '"' || read_string(r, &key, &klen))
    return -1;
  skip_ws(r);
  if (r->p >= r->end || *r->p++ != ':' || read_value(r, &e, depth + 1) != 0 ||
      !(t = grow(r, r->mem, &r->capmem, r->nmem, sizeof *t)))
    return -1;
  r->mem = t;
  r->mem[r->nmem].key = key;
  r->mem[r->nmem++].value = e;
  return 0;
}

/* The ","-separated elements of a container up to its closing character. */
static int read_elements(reader *r, char close, int depth,
                         int (*one)(reader *, int)) {
  skip_ws(r);
  if (r->p < r->end && *r->p == close) {
    r->p++;
    return 0;
  }
  for (;;) {
    if (one(r, depth) != 0)
      return -1;
    skip_ws(r);
    if (r->p >= r->end)
      return -1;
    char ch = *r->p++;
    if (ch != ',')
      return ch == close ? 0 : -1;
  }
}

static int read_array(reader *r, gj *v, int depth) {
  size_t base = r->nitems;
  if (read_elements(r, ']', depth, one_item) != 0)
    return -1;
  v->type = GJ_ARRAY;
  v->n = r->nitems - base;
  r->nitems = base;
  v->u.items = arena_copy(r, r->items + base, v->n * sizeof *v->u.items);
  return r->oom ? -1 : 0;
}

static int read_object(reader *r, gj *v, int depth) {
  size_t base = r->nmem;
  if (read_elements(r, '}', depth, one_member) != 0 ||
      has_duplicate(r->mem + base, r->nmem - base))
    return -1;
  v->type = GJ_OBJECT;
  v->n = r->nmem - base;
  r->nmem = base;
  v->u.members = arena_copy(r, r->mem + base, v->n * sizeof *v->u.members);
  return r->oom ? -1 : 0;
}

static int literal(reader *r, const char *word, gj_type_t t, gj *v) {
  size_t n = strlen(word);
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
    return -1;
  r->p += n;
  v->type = t;
  return 0;
}

static int read_value(reader *r, gj *v, int depth) {
  memset(v, 0, sizeof *v);
  if (depth > MAX_DEPTH)
    return -1;
  skip_ws(r);
  if (r->p >= r->end)
    return -1;
  switch (*r->p) {
  case '{':
    r->p++;
    return read_object(r, v, depth);
  case '[':
    r->p++;
    return read_array(r, v, depth);
  case '"':
    r->p++;
    v->type = GJ_STRING;
    return read_string(r, &v->u.s, &v->n);
  case 't':
    return literal(r, "true", GJ_TRUE, v);
  case 'f':
    return literal(r, "false", GJ_FALSE, v);
  case 'n':
    return literal(r, "null", GJ_NULL, v);
  default:
    return read_number(r, v);
  }
}

/* ---- jansson's reading, copied into the arena ---- */

static const char *copy_str(gj_doc *d, const char *s, size_t n) {
  char *t = arena_alloc(d, n + 1);
  if (t) {
    memcpy(t, s, n);
    t[n] = '\0';
  }
  return t;
}

static int copy_json(gj_doc *d, gj *v, json_t *j) {
  memset(v, 0, sizeof *v);
  switch (json_typeof(j)) {
  case JSON_OBJECT: {
    const char *k;
    json_t *e;
    size_t i = 0;
    v->type = GJ_OBJECT;
    v->n = json_object_size(j);
    if (v->n && !(v->u.members = arena_alloc(d, v->n * sizeof *v->u.members)))
      return -2;
    json_object_foreach(j, k, e) {
      if (!(v->u.members[i].key = copy_str(d, k, strlen(k))) ||
          copy_json(d, &v->u.members[i].value, e) != 0)
        return -2;
      i++;
    }
    return 0;
  }
  case JSON_ARRAY:
    v->type = GJ_ARRAY;
    v->n = json_array_size(j);
    if (v->n && !(v->u.items = arena_alloc(d, v->n * sizeof *v->u.items)))
      return -2;
    for (size_t i = 0; i < v->n; i++)
      if (copy_json(d, &v->u.items[i], json_array_get(j, i)) != 0)
        return -2;
    return 0;
  case JSON_STRING:
    v->type = GJ_STRING;
    v->n = json_string_length(j);
    return (v->u.s = copy_str(d, json_string_value(j), v->n)) ? 0 : -2;
  case JSON_INTEGER:
    v->type = GJ_INTEGER;
    v->u.i = json_integer_value(j);
    return 0;
  case JSON_REAL:
    v->type = GJ_REAL;
    return 0;
  case JSON_TRUE:
    v->type = GJ_TRUE;
    return 0;
  case JSON_FALSE:
    v->type = GJ_FALSE;
    return 0;
  default:
    v->type = GJ_NULL;
    return 0;
  }
}

int gj_parse(gj_doc **out, const char *text, size_t len, int *line, int *column,
             char *msg, size_t nmsg) {
  gj_doc *d = calloc(1, sizeof *d);
  reader r = {0};
  int rc = -2;
  *out = NULL;
  if (!d)
    return -2;
  r.d = d;
  r.p = text;
  r.end = text + len;
  skip_ws(&r);
  int ok = r.p < r.end && (*r.p == '{' || *r.p == '[') &&
           read_value(&r, &d->root, 0) == 0;
  if (ok) {
    skip_ws(&r);
    ok = r.p == r.end;
  }
  free(r.items);
  free(r.mem);
  if (ok) {
    *out = d;
    return 0;
  }
  if (r.oom)
    goto fail;
  /* not plain: jansson reads it (and says what is wrong) */
  for (block *b = d->blocks, *n; b; b = n) {
    n = b->next;
    free(b);
  }
  d->blocks = NULL;
  json_error_t jerr;
  json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!j) {
    *line = jerr.line;
    *column = jerr.column;
    snprintf(msg, nmsg, "%s", jerr.text);
    rc = -1;
    goto fail;
  }
  rc = copy_json(d, &d->root, j);
  json_decref(j);
  if (rc != 0)
    goto fail;
  *out = d;
  return 0;
fail:
  gj_doc_free(d);
  return rc;
}
