/* json_arena.h: jansson values allocated in bulk (internal to the estimator).
 *
 * Parsing a profile makes tens of thousands of small jansson values that live
 * exactly as long as the profile; allocating and freeing them one by one was
 * over a tenth of `greenc diff`'s instructions. While an arena is in use on a
 * thread, that thread's jansson allocations come from it, and are released
 * all at once by gc_json_arena_free; jansson's frees of blocks of the arena
 * in use do nothing.
 *
 * Mechanism: jansson's own hook, json_set_alloc_funcs, installed before main
 * by a constructor of this file. Outside an arena the hook is plain malloc and
 * free, as jansson's default, so every other jansson value (and json_dumps's
 * strings, which callers free()) is unchanged. A tree parsed in an arena must
 * be read-only: never json_decref'd or modified after the arena is left. */
#ifndef GREENC_JSON_ARENA_H
#define GREENC_JSON_ARENA_H

#include <stddef.h>

typedef struct gc_json_arena gc_json_arena;

/* A new empty arena whose first chunk holds `hint` bytes (later chunks
 * double, up to 1 MiB); NULL when out of memory. Owned by the caller. */
gc_json_arena *gc_json_arena_new(size_t hint);
/* From now on this thread's jansson allocations come from a (NULL: from the
 * heap again). Returns the arena that was active. */
gc_json_arena *gc_json_arena_use(gc_json_arena *a);
/* Releases every block of a. No value allocated from it may be used after. */
void gc_json_arena_free(gc_json_arena *a);

#endif
