/* traffic-dump.c: the traffic model's predicted fills for one function of an
 * object compiled with greencc --energy, on a two-level cache, for
 * bench/traffic-vs-cachegrind.sh.
 *
 *   traffic-dump OBJ FUNCTION D1_BYTES LL_BYTES LINE [NAME=VALUE...]
 *
 * Prints one line: bytes D1 fetches from LL, bytes LL fetches from DRAM
 * (misses x line, write-allocate fills included, write-backs not: what
 * cachegrind counts), the bytes the code loads and stores that the model left
 * out (they may come from anywhere: the estimator's range; data-dependent
 * accesses on lines counted already are not among them), 1 when every
 * access was modelled else 0, and the note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/count.h"
#include "greenc/objread.h"
#include "greenc/profile.h"
#include "greenc/traffic.h"

int main(int argc, char **argv) {
  gc_objset *os = NULL;
  gc_profile_set *set = NULL;
  gc_traffic *t = NULL;
  gc_counts *c = NULL;
  gc_error err = {0};
  gc_binding b[8];
  int nb = 0, rc = 1;
  if (argc < 6) {
    fprintf(stderr, "usage: traffic-dump OBJ FUNCTION D1 LL LINE [N=V...]\n");
    return 2;
  }
  for (int i = 6; i < argc && nb < 8; i++) {
    char *eq = strchr(argv[i], '=');
    if (!eq)
      continue;
    *eq = '\0';
    b[nb].name = argv[i];
    b[nb++].value = strtoll(eq + 1, NULL, 10);
  }
  double line = atof(argv[5]);
  gc_traffic_cache lv[3] = {
      {"D1", atof(argv[3]), line}, {"LL", atof(argv[4]), line}, {"DRAM", 0, 0}};
  if (gc_objread_path(&os, argv[1], &err) != GC_OK ||
      gc_profile_set_new(&set) != GC_OK)
    goto done;
  for (size_t i = 0; i < gc_objset_count(os); i++) {
    const gc_objrec *r = gc_objset_record(os, i);
    if (gc_profile_set_add_json(set, r->payload, r->len, r->origin, &err) !=
        GC_OK)
      goto done;
  }
  const gc_function *fn = gc_profile_set_find_function(set, argv[2], NULL);
  if (!fn) {
    snprintf(err.msg, sizeof err.msg, "no function %s", argv[2]);
    goto done;
  }
  gc_traffic_opts o = {.bindings = b, .nbindings = (size_t)nb};
  if (gc_traffic_compute(&t, fn, lv, 3, &o, &err) != GC_OK)
    goto done;
  gc_count_opts co = {.bindings = b, .nbindings = (size_t)nb};
  if (gc_count_function(&c, set, fn, &co, &err) != GC_OK)
    goto done;
  const gc_quantity *ld = gc_counts_total(c, GC_TOTAL_BYTES_LOADED),
                    *st = gc_counts_total(c, GC_TOTAL_BYTES_STORED);
  double left =
      ld->hi + st->hi - gc_traffic_read(t, 0) - gc_traffic_write(t, 0);
  printf("%.0f %.0f %.0f %d %s\n", gc_traffic_read(t, 1), gc_traffic_read(t, 2),
         left > 0 ? left : 0, gc_traffic_complete(t), gc_traffic_note(t));
  rc = 0;
done:
  if (rc)
    fprintf(stderr, "traffic-dump: %s\n", err.msg);
  gc_traffic_free(t);
  gc_counts_free(c);
  gc_profile_set_free(set);
  gc_objset_free(os);
  return rc;
}
