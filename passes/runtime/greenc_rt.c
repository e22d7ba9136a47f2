/* greenc_rt.c: libgreenc_rt.a, see greenc_rt.h. Plain C17, no dependency
 * beyond libc; memory is allocated on first use and freed after the file is
 * written. */
#define _POSIX_C_SOURCE 200809L
#include "greenc_rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct gc_rt_state {
  int64_t *vals;   /* ntuples * nsyms */
  uint64_t *calls; /* ntuples */
  uint32_t ntuples;
  uint64_t dropped; /* calls whose tuple did not fit */
  uint64_t ncalls;
  uint64_t ns; /* inclusive wall time, outermost activations */
  uint32_t depth;
} gc_rt_state;

static gc_rt_fn *gc_rt_head;
static int gc_rt_atexit_done;
static long gc_rt_pid; /* the process that registered: a forked child writes
                          its own file */

static uint64_t gc_rt_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void gc_rt_json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

static void gc_rt_write(void) {
  const char *path = getenv("GREENC_COUNTS");
  char buf[4096];
  if (!path || !*path) {
    snprintf(buf, sizeof buf, "greenc-counts.%ld.json", (long)getpid());
    path = buf;
  } else if ((long)getpid() != gc_rt_pid) {
    snprintf(buf, sizeof buf, "%s.%ld", path, (long)getpid());
    path = buf;
  }
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "greenc_rt: cannot write %s\n", path);
    return;
  }
  fprintf(f, "{\"greenc_counts\": 1, \"functions\": [");
  int first = 1;
  for (gc_rt_fn *fn = gc_rt_head; fn; fn = fn->next) {
    gc_rt_state *st = fn->state;
    fprintf(f, "%s\n {\"name\": ", first ? "" : ",");
    first = 0;
    gc_rt_json_str(f, fn->name);
    fprintf(f, ", \"module\": ");
    gc_rt_json_str(f, fn->module);
    fprintf(f, ", \"view\": ");
    gc_rt_json_str(f, fn->view);
    fprintf(f, ", \"calls\": %llu, \"ns\": %llu",
            (unsigned long long)(st ? st->ncalls : 0),
            (unsigned long long)(st ? st->ns : 0));
    fprintf(f, ",\n  \"blocks\": [");
    for (uint32_t b = 0; b < fn->nblocks; b++)
      fprintf(f, "%s%llu", b ? ", " : "", (unsigned long long)fn->counters[b]);
    fprintf(f, "],\n  \"symbols\": [");
    for (uint32_t s = 0; s < fn->nsyms; s++) {
      fprintf(f, "%s", s ? ", " : "");
      gc_rt_json_str(f, fn->symnames[s]);
    }
    fprintf(f, "],\n  \"tuples\": [");
    for (uint32_t t = 0; st && t < st->ntuples; t++) {
      fprintf(f, "%s{\"calls\": %llu, \"values\": [", t ? ", " : "",
              (unsigned long long)st->calls[t]);
      for (uint32_t s = 0; s < fn->nsyms; s++)
        fprintf(f, "%s%lld", s ? ", " : "",
                (long long)st->vals[(size_t)t * fn->nsyms + s]);
      fprintf(f, "]}");
    }
    fprintf(f, "], \"dropped_calls\": %llu",
            (unsigned long long)(st ? st->dropped : 0));
    if (fn->bulk)
      fprintf(f, ", \"bulk_read\": %llu, \"bulk_written\": %llu",
              (unsigned long long)fn->bulk[0], (unsigned long long)fn->bulk[1]);
    fprintf(f, "}");
  }
  fprintf(f, "\n]}\n");
  if (fclose(f) != 0)
    fprintf(stderr, "greenc_rt: error writing %s\n", path);
  for (gc_rt_fn *fn = gc_rt_head; fn; fn = fn->next) {
    gc_rt_state *st = fn->state;
    if (st) {
      free(st->vals);
      free(st->calls);
      free(st);
      fn->state = NULL;
    }
  }
}

void __greenc_rt_register(gc_rt_fn *fn) {
  fn->next = gc_rt_head;
  gc_rt_head = fn;
  if (!gc_rt_atexit_done) {
    gc_rt_atexit_done = 1;
    gc_rt_pid = (long)getpid();
    atexit(gc_rt_write);
  }
}

static gc_rt_state *gc_rt_state_of(gc_rt_fn *fn) {
  if (!fn->state) {
    gc_rt_state *st = calloc(1, sizeof *st);
    if (!st)
      return NULL;
    st->calls = calloc(GC_RT_MAX_TUPLES, sizeof *st->calls);
    st->vals = calloc((size_t)GC_RT_MAX_TUPLES * (fn->nsyms ? fn->nsyms : 1),
                      sizeof *st->vals);
    if (!st->calls || !st->vals) {
      free(st->calls);
      free(st->vals);
      free(st);
      return NULL;
    }
    fn->state = st;
  }
  return fn->state;
}

uint64_t __greenc_rt_enter(gc_rt_fn *fn, const int64_t *vals) {
  gc_rt_state *st = gc_rt_state_of(fn);
  if (!st)
    return gc_rt_now();
  st->ncalls++;
  uint32_t t;
  size_t sz = (size_t)fn->nsyms * sizeof *vals;
  for (t = 0; t < st->ntuples; t++)
    if (!sz || memcmp(st->vals + (size_t)t * fn->nsyms, vals, sz) == 0)
      break;
  if (t == st->ntuples) {
    if (t == GC_RT_MAX_TUPLES) {
      st->dropped++;
      t = UINT32_MAX;
    } else {
      if (sz)
        memcpy(st->vals + (size_t)t * fn->nsyms, vals, sz);
      st->ntuples++;
    }
  }
  if (t != UINT32_MAX)
    st->calls[t]++;
  st->depth++;
  return gc_rt_now();
}

void __greenc_rt_exit(gc_rt_fn *fn, uint64_t t0) {
  uint64_t t1 = gc_rt_now();
  gc_rt_state *st = fn->state;
  if (!st)
    return;
  if (st->depth)
    st->depth--;
  if (st->depth == 0)
    st->ns += t1 - t0;
}
