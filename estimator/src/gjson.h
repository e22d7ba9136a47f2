/* gjson.h: a small read-only JSON document for the profile reader
 * (profile.c), parsed into one arena: a profile's thousands of values cost a
 * few allocations, not one each (jansson's), and are freed at once.
 *
 * It accepts exactly what jansson's json_loadb(JSON_REJECT_DUPLICATES) accepts
 * and gives the same values: the fast path takes plain input (no duplicate
 * key, no unusual number or escape); anything else is read by jansson, whose
 * tree is copied, or whose error message is handed back. Not installed. */
#ifndef GREENC_GJSON_H
#define GREENC_GJSON_H

#include <stddef.h>

typedef enum gj_type_t {
  GJ_OBJECT,
  GJ_ARRAY,
  GJ_STRING,
  GJ_INTEGER,
  GJ_REAL,
  GJ_TRUE,
  GJ_FALSE,
  GJ_NULL
} gj_type_t;

typedef struct gj gj;
struct gj {
  gj_type_t type;
  size_t n; /* ARRAY: elements; OBJECT: members; STRING: bytes */
  union {
    long long i;     /* INTEGER */
    const char *s;   /* STRING (NUL-terminated) */
    gj *items;       /* ARRAY: n values */
    struct gj_member /* OBJECT: n members in document order */
        *members;
  } u;
};
typedef struct gj_member {
  const char *key;
  gj value;
} gj_member;

typedef struct gj_doc gj_doc;

/* Parse text[0..len) into *out (owned by the caller: gj_doc_free). Returns 0;
 * -1 on invalid JSON, with jansson's message in line/column/msg (msg of at
 * least 160 bytes); -2 out of memory. */
int gj_parse(gj_doc **out, const char *text, size_t len, int *line, int *column,
             char *msg, size_t nmsg);
void gj_doc_free(gj_doc *d);
gj *gj_root(const gj_doc *d);

/* jansson's accessors, with its answers for a NULL or mistyped value. */
static inline gj_type_t gj_type(const gj *v) { return v->type; }
static inline int gj_is_object(const gj *v) {
  return v && v->type == GJ_OBJECT;
}
static inline int gj_is_string(const gj *v) {
  return v && v->type == GJ_STRING;
}
static inline int gj_is_integer(const gj *v) {
  return v && v->type == GJ_INTEGER;
}
static inline int gj_is_true(const gj *v) { return v && v->type == GJ_TRUE; }
static inline int gj_is_boolean(const gj *v) {
  return v && (v->type == GJ_TRUE || v->type == GJ_FALSE);
}
static inline int gj_is_null(const gj *v) { return v && v->type == GJ_NULL; }
static inline const char *gj_string_value(const gj *v) {
  return gj_is_string(v) ? v->u.s : NULL;
}
static inline long long gj_integer_value(const gj *v) {
  return gj_is_integer(v) ? v->u.i : 0;
}
static inline size_t gj_array_size(const gj *v) {
  return v && v->type == GJ_ARRAY ? v->n : 0;
}
static inline gj *gj_array_get(const gj *v, size_t i) {
  return v && v->type == GJ_ARRAY && i < v->n ? &v->u.items[i] : NULL;
}
static inline size_t gj_object_size(const gj *v) {
  return gj_is_object(v) ? v->n : 0;
}
/* The member key of obj; NULL when absent or obj is not an object. */
gj *gj_object_get(const gj *obj, const char *key);

#endif
