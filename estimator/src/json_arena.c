/* json_arena.c: jansson values allocated in bulk (see json_arena.h). */
#include "json_arena.h"

#include <jansson.h>
#include <stdlib.h>

#define CHUNK_MIN ((size_t)4 << 10)
#define CHUNK_MAX ((size_t)1 << 20)

typedef struct chunk {
  struct chunk *next;
  size_t used, cap;
  _Alignas(16) unsigned char data[];
} chunk;

struct gc_json_arena {
  chunk *head;
  size_t next_cap;
};

static _Thread_local gc_json_arena *active;

gc_json_arena *gc_json_arena_new(size_t hint) {
  gc_json_arena *a = calloc(1, sizeof *a);
  if (a)
    a->next_cap = hint < CHUNK_MIN   ? CHUNK_MIN
                  : hint > CHUNK_MAX ? CHUNK_MAX
                                     : hint;
  return a;
}

gc_json_arena *gc_json_arena_use(gc_json_arena *a) {
  gc_json_arena *old = active;
  active = a;
  return old;
}

void gc_json_arena_free(gc_json_arena *a) {
  if (!a)
    return;
  for (chunk *c = a->head, *n; c; c = n) {
    n = c->next;
    free(c);
  }
  free(a);
}

static void *from_arena(gc_json_arena *a, size_t size) {
  size_t need = (size + 15u) & ~(size_t)15u; /* malloc's alignment */
  chunk *c = a->head;
  if (!c || c->cap - c->used < need) {
    size_t cap = need > a->next_cap ? need : a->next_cap;
    if (!(c = malloc(sizeof *c + cap)))
      return NULL;
    c->used = 0;
    c->cap = cap;
    c->next = a->head;
    a->head = c;
    if (a->next_cap < CHUNK_MAX)
      a->next_cap *= 2;
  }
  void *p = c->data + c->used;
  c->used += need;
  return p;
}

static int in_arena(const gc_json_arena *a, const void *p) {
  for (const chunk *c = a->head; c; c = c->next)
    if ((const unsigned char *)p >= c->data &&
        (const unsigned char *)p < c->data + c->cap)
      return 1;
  return 0;
}

static void *json_block_malloc(size_t size) {
  return active ? from_arena(active, size) : malloc(size);
}

static void json_block_free(void *p) {
  if (p && !(active && in_arena(active, p)))
    free(p);
}

__attribute__((constructor)) static void json_arena_install(void) {
  json_set_alloc_funcs(json_block_malloc, json_block_free);
}
