/* test_powercap.c: the powercap/RAPL reader (greenc/powercap.h) on fixture
 * trees built in a temp dir with the real sysfs layout:
 * /sys/devices/virtual/powercap/intel-rapl/intel-rapl:0/intel-rapl:0:2 and the
 * flat links of /sys/class/powercap, including the subsystem links that point
 * back up. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "greenc/powercap.h"

#define RAPL_MAX_UJ                                                            \
  UINT64_C(262143328850) /* a real package range: 0xffffffff x 61.035 uJ */

typedef struct fixture {
  char base[64];     /* mkdtemp dir */
  char devices[128]; /* base/devices/virtual/powercap */
  char root[128];    /* base/class/powercap, what the reader opens */
} fixture;

typedef struct zone_spec {
  const char *id;
  const char *name;
  uint64_t max_uj;
  uint64_t energy_uj;
} zone_spec;

/* Two sockets with core, dram (and uncore on the first), a psys zone, and the
 * MMIO alias of package-0. */
static const zone_spec two_packages[] = {
    {"intel-rapl:0", "package-0", RAPL_MAX_UJ, 1000000},
    {"intel-rapl:0:0", "core", RAPL_MAX_UJ, 400000},
    {"intel-rapl:0:1", "uncore", RAPL_MAX_UJ, 20000},
    {"intel-rapl:0:2", "dram", UINT64_C(65712999613), 300000},
    {"intel-rapl:1", "package-1", RAPL_MAX_UJ, 2000000},
    {"intel-rapl:1:0", "core", RAPL_MAX_UJ, 500000},
    {"intel-rapl:1:1", "dram", UINT64_C(65712999613), 700000},
    {"intel-rapl:2", "psys", RAPL_MAX_UJ, 9000000},
    {"intel-rapl-mmio:0", "package-0", RAPL_MAX_UJ, 1000000},
};
#define N_TWO_PACKAGES (sizeof two_packages / sizeof two_packages[0])

static int joules_close(double a, double b) {
  return fabs(a - b) <= 1e-9 * (1 + fabs(b));
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fputs(text, f) >= 0, 1);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(chmod(path, 0644), 0);
}

static void mkdir_p(const char *path) {
  char buf[1024];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      if (mkdir(buf, 0755) != 0)
        assert_int_equal(errno, EEXIST);
      *p = '/';
    }
  if (mkdir(buf, 0755) != 0)
    assert_int_equal(errno, EEXIST);
}

/* The nested devices directory of a zone:
 * devices/intel-rapl/intel-rapl:0/intel-rapl:0:2. */
static void zone_dir(char *out, size_t cap, const fixture *fx, const char *id) {
  char type[64];
  size_t tl = strcspn(id, ":");
  memcpy(type, id, tl);
  type[tl] = '\0';
  int n = snprintf(out, cap, "%s/%s", fx->devices, type);
  for (const char *c = strchr(id, ':'); c; c = strchr(c + 1, ':')) {
    const char *end = strchr(c + 1, ':');
    size_t len = end ? (size_t)(end - id) : strlen(id);
    n += snprintf(out + n, cap - (size_t)n, "/%.*s", (int)len, id);
  }
}

static void zone_file(char *out, size_t cap, const fixture *fx, const char *id,
                      const char *file) {
  char dir[512];
  zone_dir(dir, sizeof dir, fx, id);
  snprintf(out, cap, "%s/%s", dir, file);
}

static void set_text(const fixture *fx, const char *id, const char *file,
                     const char *text) {
  char path[1024];
  zone_file(path, sizeof path, fx, id, file);
  write_text(path, text);
}

static void set_energy(const fixture *fx, const char *id, uint64_t uj) {
  char text[32];
  snprintf(text, sizeof text, "%" PRIu64 "\n", uj);
  set_text(fx, id, "energy_uj", text);
}

static void add_zone(const fixture *fx, const zone_spec *z) {
  char dir[512], path[1024], text[32];
  zone_dir(dir, sizeof dir, fx, z->id);
  mkdir_p(dir);
  snprintf(path, sizeof path, "%s/name", dir);
  snprintf(text, sizeof text, "%s\n", z->name);
  write_text(path, text);
  snprintf(path, sizeof path, "%s/max_energy_range_uj", dir);
  snprintf(text, sizeof text, "%" PRIu64 "\n", z->max_uj);
  write_text(path, text);
  snprintf(path, sizeof path, "%s/enabled", dir);
  write_text(path, "1\n");
  set_energy(fx, z->id, z->energy_uj);
  /* sysfs links back to the class: a reader following every link would loop */
  snprintf(path, sizeof path, "%s/subsystem", dir);
  assert_int_equal(symlink(fx->root, path), 0);
  /* the flat class entry */
  snprintf(path, sizeof path, "%s/%s", fx->root, z->id);
  assert_int_equal(symlink(dir, path), 0);
}

/* Build base/class/powercap with the given zones (in devices order) and
 * control-type links. */
static void build(fixture *fx, const zone_spec *zones, size_t n) {
  char path[1024], target[512];
  mkdir_p(fx->root);
  mkdir_p(fx->devices);
  for (size_t i = 0; i < n; i++)
    add_zone(fx, &zones[i]);
  static const char *const types[] = {"intel-rapl", "intel-rapl-mmio"};
  for (size_t t = 0; t < 2; t++) {
    snprintf(target, sizeof target, "%s/%s", fx->devices, types[t]);
    mkdir_p(target);
    snprintf(path, sizeof path, "%s/enabled", target);
    write_text(path, "1\n");
    snprintf(path, sizeof path, "%s/%s", fx->root, types[t]);
    assert_int_equal(symlink(target, path), 0);
  }
}

static int setup(void **state) {
  fixture *fx = calloc(1, sizeof *fx);
  if (!fx)
    return -1;
  snprintf(fx->base, sizeof fx->base, "/tmp/greenc-powercap-XXXXXX");
  if (!mkdtemp(fx->base) || chmod(fx->base, 0755) != 0) {
    free(fx);
    return -1;
  }
  snprintf(fx->devices, sizeof fx->devices, "%s/devices/virtual/powercap",
           fx->base);
  snprintf(fx->root, sizeof fx->root, "%s/class/powercap", fx->base);
  *state = fx;
  return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static int teardown(void **state) {
  fixture *fx = *state;
  int rc = nftw(fx->base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(fx);
  return rc == 0 ? 0 : -1;
}

static gc_powercap *open_ok(const fixture *fx) {
  gc_powercap *pc = NULL;
  gc_error err = {0};
  int rc = gc_powercap_open(&pc, fx->root, &err);
  if (rc != GC_OK)
    fail_msg("gc_powercap_open: %s", err.msg);
  return pc;
}

static size_t find(const gc_powercap *pc, const char *name) {
  size_t i = (size_t)-1;
  gc_error err = {0};
  if (gc_powercap_find(&i, pc, name, &err) != GC_OK)
    fail_msg("gc_powercap_find(%s): %s", name, err.msg);
  return i;
}

static double domain(const gc_powercap_energy *e, const char *name) {
  double j = -1;
  gc_error err = {0};
  if (gc_powercap_energy_domain(&j, e, name, &err) != GC_OK)
    fail_msg("gc_powercap_energy_domain(%s): %s", name, err.msg);
  return j;
}

/* ---- discovery ---- */

static void test_discovers_two_packages_with_dram(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, N_TWO_PACKAGES);
  gc_powercap *pc = open_ok(fx);
  assert_int_equal(gc_powercap_zone_count(pc), N_TWO_PACKAGES);
  assert_string_equal(gc_powercap_root(pc), fx->root);

  static const char *const labels[] = {
      "package-0",      "package-0/core", "package-0/uncore",
      "package-0/dram", "package-1",      "package-1/core",
      "package-1/dram", "psys",           "intel-rapl-mmio/package-0"};
  for (size_t i = 0; i < N_TWO_PACKAGES; i++)
    assert_string_equal(gc_powercap_zone_at(pc, i)->label, labels[i]);
  assert_null(gc_powercap_zone_at(pc, N_TWO_PACKAGES));

  const gc_powercap_zone *dram1 =
      gc_powercap_zone_at(pc, find(pc, "package-1/dram"));
  assert_string_equal(dram1->id, "intel-rapl:1:1");
  assert_string_equal(dram1->name, "dram");
  assert_string_equal(dram1->type, "intel-rapl");
  assert_int_equal(dram1->kind, GC_RAPL_DRAM);
  assert_int_equal(dram1->package, 1);
  assert_int_equal(dram1->parent, (int)find(pc, "intel-rapl:1"));
  assert_int_equal(dram1->enabled, 1);
  assert_true(dram1->max_energy_range_uj == UINT64_C(65712999613));

  const gc_powercap_zone *psys = gc_powercap_zone_at(pc, find(pc, "psys"));
  assert_int_equal(psys->kind, GC_RAPL_PSYS);
  assert_int_equal(psys->package, -1);
  assert_int_equal(psys->parent, -1);

  const gc_powercap_zone *mmio =
      gc_powercap_zone_at(pc, find(pc, "intel-rapl-mmio:0"));
  assert_int_equal(mmio->kind, GC_RAPL_PACKAGE);
  assert_int_equal(mmio->counted, 0);
  assert_int_equal(gc_powercap_zone_at(pc, find(pc, "package-0"))->counted, 1);

  assert_int_equal(gc_powercap_kind_count(pc, GC_RAPL_PACKAGE), 2);
  assert_int_equal(gc_powercap_kind_count(pc, GC_RAPL_DRAM), 2);
  assert_int_equal(gc_powercap_kind_count(pc, GC_RAPL_CORE), 2);
  assert_int_equal(gc_powercap_kind_count(pc, GC_RAPL_UNCORE), 1);
  gc_powercap_free(pc);
}

static void test_discovers_nested_devices_layout(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, N_TWO_PACKAGES);
  gc_powercap *pc = NULL;
  gc_error err = {0};
  /* /sys/devices/virtual/powercap holds only the control types, zones nested
   * inside them */
  assert_int_equal(gc_powercap_open(&pc, fx->devices, &err), GC_OK);
  assert_int_equal(gc_powercap_zone_count(pc), N_TWO_PACKAGES);
  assert_string_equal(gc_powercap_zone_at(pc, 3)->label, "package-0/dram");
  gc_powercap_free(pc);
}

static void test_env_overrides_default_root(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 1);
  assert_int_equal(setenv(GC_POWERCAP_ROOT_ENV, fx->root, 1), 0);
  gc_powercap *pc = NULL;
  gc_error err = {0};
  int rc = gc_powercap_open(&pc, NULL, &err);
  unsetenv(GC_POWERCAP_ROOT_ENV);
  assert_int_equal(rc, GC_OK);
  assert_string_equal(gc_powercap_root(pc), fx->root);
  assert_int_equal(gc_powercap_zone_count(pc), 1);
  gc_powercap_free(pc);
}

static void test_missing_root_is_not_found(void **state) {
  fixture *fx = *state;
  char missing[160];
  snprintf(missing, sizeof missing, "%s/no/such/powercap", fx->base);
  gc_powercap *pc = (gc_powercap *)1;
  gc_error err = {0};
  assert_int_equal(gc_powercap_open(&pc, missing, &err), GC_ENOTFOUND);
  assert_null(pc);
  assert_int_equal(err.code, GC_ENOTFOUND);
  assert_non_null(strstr(err.msg, "no RAPL energy counters on this machine"));
  assert_non_null(strstr(err.msg, missing));
  assert_non_null(strstr(err.msg, "containers and VMs"));
}

static void test_root_without_counters_is_not_found(void **state) {
  fixture *fx = *state;
  build(fx, two_packages,
        0); /* control types only, no zones (driver not loaded) */
  gc_powercap *pc = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_open(&pc, fx->root, &err), GC_ENOTFOUND);
  assert_non_null(strstr(err.msg, "no power zone with an energy_uj file"));
}

static void test_malformed_max_range_is_named(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 4);
  set_text(fx, "intel-rapl:0:2", "max_energy_range_uj", "-12\n");
  gc_powercap *pc = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_open(&pc, fx->root, &err), GC_EPARSE);
  assert_non_null(strstr(
      err.msg,
      "intel-rapl:0:2/max_energy_range_uj: malformed max_energy_range_uj"));
  assert_non_null(strstr(err.msg, "\"-12\""));
}

/* ---- deltas ---- */

static void test_delta_without_wrap(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, N_TWO_PACKAGES);
  gc_powercap *pc = open_ok(fx);
  gc_powercap_snapshot *before = NULL, *after = NULL;
  gc_powercap_energy *e = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&before, pc, &err), GC_OK);
  /* every zone advances by a different amount */
  uint64_t add[N_TWO_PACKAGES];
  for (size_t i = 0; i < N_TWO_PACKAGES; i++) {
    add[i] = 1000000 * (i + 1) + 17 * i;
    set_energy(fx, two_packages[i].id, two_packages[i].energy_uj + add[i]);
  }
  assert_int_equal(gc_powercap_snapshot_take(&after, pc, &err), GC_OK);
  uint64_t raw = 0;
  assert_int_equal(gc_powercap_snapshot_uj(&raw, after, 4, &err), GC_OK);
  assert_true(raw == two_packages[4].energy_uj + add[4]);
  assert_int_equal(gc_powercap_delta(&e, before, after, &err), GC_OK);

  for (size_t i = 0; i < N_TWO_PACKAGES; i++) {
    double j = -1;
    assert_int_equal(
        gc_powercap_energy_zone(&j, e, find(pc, two_packages[i].id), &err),
        GC_OK);
    assert_true(joules_close(j, (double)add[i] * 1e-6));
  }
  /* totals over both sockets; the MMIO alias of package-0 (index 8) is not
   * counted twice */
  assert_true(
      joules_close(domain(e, "package"), (double)(add[0] + add[4]) * 1e-6));
  assert_true(
      joules_close(domain(e, "dram"), (double)(add[3] + add[6]) * 1e-6));
  assert_true(
      joules_close(domain(e, "core"), (double)(add[1] + add[5]) * 1e-6));
  assert_true(joules_close(domain(e, "psys"), (double)add[7] * 1e-6));
  assert_true(joules_close(domain(e, "package-1/dram"), (double)add[6] * 1e-6));
  assert_true(joules_close(domain(e, "intel-rapl:0:2"), (double)add[3] * 1e-6));
  assert_true(gc_powercap_energy_wraps(e) == 0);
  assert_true(gc_powercap_energy_seconds(e) >= 0);

  gc_powercap_energy_free(e);
  gc_powercap_snapshot_free(before);
  gc_powercap_snapshot_free(after);
  gc_powercap_free(pc);
}

static void test_delta_with_wraparound(void **state) {
  fixture *fx = *state;
  const zone_spec one[] = {
      {"intel-rapl:0", "package-0", RAPL_MAX_UJ, UINT64_C(262143000000)}};
  build(fx, one, 1);
  gc_powercap *pc = open_ok(fx);
  gc_powercap_snapshot *before = NULL, *after = NULL;
  gc_powercap_energy *e = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&before, pc, &err), GC_OK);
  set_energy(fx, "intel-rapl:0", 1000000);
  assert_int_equal(gc_powercap_snapshot_take(&after, pc, &err), GC_OK);
  assert_int_equal(gc_powercap_delta(&e, before, after, &err), GC_OK);
  /* 328850 uJ up to the top of the range, 1 uJ from max back to 0, then 1000000
   * uJ */
  assert_true(joules_close(domain(e, "package"), 1.328851));
  assert_true(joules_close(domain(e, "package-0"), 1.328851));
  assert_true(gc_powercap_energy_wraps(e) == 1);
  gc_powercap_energy_free(e);
  gc_powercap_snapshot_free(before);
  gc_powercap_snapshot_free(after);
  gc_powercap_free(pc);
}

static void test_wrap_without_range_is_range_error(void **state) {
  fixture *fx = *state;
  const zone_spec one[] = {{"intel-rapl:0", "package-0", 0, 5000}};
  build(fx, one, 1);
  char path[1024];
  zone_file(path, sizeof path, fx, "intel-rapl:0", "max_energy_range_uj");
  assert_int_equal(unlink(path), 0);
  gc_powercap *pc = open_ok(fx);
  assert_true(gc_powercap_zone_at(pc, 0)->max_energy_range_uj == 0);
  gc_powercap_snapshot *before = NULL, *after = NULL;
  gc_powercap_energy *e = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&before, pc, &err), GC_OK);
  set_energy(fx, "intel-rapl:0", 4000);
  assert_int_equal(gc_powercap_snapshot_take(&after, pc, &err), GC_OK);
  assert_int_equal(gc_powercap_delta(&e, before, after, &err), GC_ERANGE);
  assert_null(e);
  assert_non_null(strstr(err.msg, "max_energy_range_uj is unknown"));
  gc_powercap_snapshot_free(before);
  gc_powercap_snapshot_free(after);
  gc_powercap_free(pc);
}

static void test_sampler_accumulates_over_several_wraps(void **state) {
  fixture *fx = *state;
  const uint64_t max =
      999999; /* a 1 J counter: values 0..999999, then 0 again */
  const zone_spec zones[] = {{"intel-rapl:0", "package-0", max, 900000},
                             {"intel-rapl:0:0", "dram", max, 0}};
  build(fx, zones, 2);
  gc_powercap *pc = open_ok(fx);
  gc_powercap_sampler *s = NULL;
  gc_powercap_snapshot *first = NULL, *last = NULL;
  gc_powercap_energy *e = NULL, *naive = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&first, pc, &err), GC_OK);
  assert_int_equal(gc_powercap_sampler_new(&s, pc, &err), GC_OK);

  /* each step is less than one range; the package counter wraps three times,
   * dram once */
  const uint64_t step[] = {300000, 600000, 300000, 950000, 10};
  uint64_t pkg = 900000, dram = 0, total = 0;
  for (size_t i = 0; i < sizeof step / sizeof step[0]; i++) {
    pkg = (pkg + step[i]) % (max + 1);
    dram = (dram + step[i] / 2) % (max + 1);
    total += step[i];
    set_energy(fx, "intel-rapl:0", pkg);
    set_energy(fx, "intel-rapl:0:0", dram);
    assert_int_equal(gc_powercap_sampler_sample(s, &err), GC_OK);
  }
  assert_int_equal(gc_powercap_sampler_energy(&e, s, &err), GC_OK);
  assert_true(joules_close(domain(e, "package"), (double)total * 1e-6));
  assert_true(joules_close(domain(e, "dram"), (double)(total / 2) * 1e-6));
  assert_true(gc_powercap_energy_wraps(e) == 4);
  assert_true(gc_powercap_energy_max_gap(e) <= gc_powercap_energy_seconds(e));

  /* two snapshots alone see only the last partial range */
  assert_int_equal(gc_powercap_snapshot_take(&last, pc, &err), GC_OK);
  assert_int_equal(gc_powercap_delta(&naive, first, last, &err), GC_OK);
  assert_true(domain(naive, "package") < 0.2);

  gc_powercap_energy_free(naive);
  gc_powercap_energy_free(e);
  gc_powercap_snapshot_free(first);
  gc_powercap_snapshot_free(last);
  gc_powercap_sampler_free(s);
  gc_powercap_free(pc);
}

static void test_failed_sample_leaves_sampler_unchanged(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 1);
  gc_powercap *pc = open_ok(fx);
  gc_powercap_sampler *s = NULL;
  gc_powercap_energy *e = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_sampler_new(&s, pc, &err), GC_OK);
  set_energy(fx, "intel-rapl:0", 1500000);
  assert_int_equal(gc_powercap_sampler_sample(s, &err), GC_OK);
  set_text(fx, "intel-rapl:0", "energy_uj", "garbage\n");
  assert_int_equal(gc_powercap_sampler_sample(s, &err), GC_EPARSE);
  set_energy(fx, "intel-rapl:0", 2000000);
  assert_int_equal(gc_powercap_sampler_sample(s, &err), GC_OK);
  assert_int_equal(gc_powercap_sampler_energy(&e, s, &err), GC_OK);
  assert_true(joules_close(domain(e, "package"), 1.0));
  gc_powercap_energy_free(e);
  gc_powercap_sampler_free(s);
  gc_powercap_free(pc);
}

static void test_sample_interval_from_smallest_range(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 4); /* packages 262143 J, dram 65713 J */
  gc_powercap *pc = open_ok(fx);
  double s = 0;
  gc_error err = {0};
  assert_int_equal(gc_powercap_sample_interval(&s, pc, 100.0, &err), GC_OK);
  assert_true(joules_close(s, 65712.999613 / 100.0 / 2));
  assert_int_equal(gc_powercap_sample_interval(&s, pc, 0, &err), GC_EINVAL);
  gc_powercap_free(pc);
}

/* ---- errors ---- */

static void test_malformed_energy_is_parse_error(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 4);
  set_text(fx, "intel-rapl:0:2", "energy_uj", "12x4\n");
  gc_powercap *pc = open_ok(fx);
  gc_powercap_snapshot *snap = (gc_powercap_snapshot *)1;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&snap, pc, &err), GC_EPARSE);
  assert_null(snap);
  assert_non_null(
      strstr(err.msg, "intel-rapl:0:2/energy_uj: malformed energy_uj"));
  assert_non_null(strstr(err.msg, "\"12x4\""));
  gc_powercap_free(pc);
}

static void test_energy_above_range_is_range_error(void **state) {
  fixture *fx = *state;
  const zone_spec one[] = {{"intel-rapl:0", "package-0", 1000, 1001}};
  build(fx, one, 1);
  gc_powercap *pc = open_ok(fx);
  gc_powercap_snapshot *snap = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&snap, pc, &err), GC_ERANGE);
  assert_non_null(strstr(err.msg, "exceeds max_energy_range_uj 1000"));
  gc_powercap_free(pc);
}

static void test_energy_directory_is_named_io_error(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 4);
  char path[1024];
  zone_file(path, sizeof path, fx, "intel-rapl:0:1", "energy_uj");
  assert_int_equal(unlink(path), 0);
  assert_int_equal(mkdir(path, 0755), 0);
  gc_powercap *pc = open_ok(fx);
  gc_powercap_snapshot *snap = NULL;
  gc_error err = {0};
  assert_int_equal(gc_powercap_snapshot_take(&snap, pc, &err), GC_EIO);
  assert_non_null(strstr(err.msg, "intel-rapl:0:1/energy_uj"));
  assert_non_null(strstr(err.msg, "is a directory"));
  gc_powercap_free(pc);
}

static void test_unknown_domain_is_not_found(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, 1); /* a package, no dram */
  gc_powercap *pc = open_ok(fx);
  gc_powercap_snapshot *a = NULL;
  gc_powercap_energy *e = NULL;
  gc_error err = {0};
  double j = 0;
  assert_int_equal(gc_powercap_snapshot_take(&a, pc, &err), GC_OK);
  assert_int_equal(gc_powercap_delta(&e, a, a, &err), GC_OK);
  assert_int_equal(gc_powercap_energy_domain(&j, e, "dram", &err),
                   GC_ENOTFOUND);
  assert_non_null(strstr(err.msg, "no dram energy counter"));
  assert_int_equal(gc_powercap_energy_domain(&j, e, "gpu", &err), GC_ENOTFOUND);
  assert_non_null(strstr(err.msg, "unknown energy domain 'gpu'"));
  gc_powercap_energy_free(e);
  gc_powercap_snapshot_free(a);
  gc_powercap_free(pc);
}

/* Open the tree and take a snapshot; report rc and message through fd (used in
 * a child process). */
static void snapshot_report(int fd, const char *root) {
  gc_powercap *pc = NULL;
  gc_powercap_snapshot *snap = NULL;
  gc_error err = {0};
  int rc = gc_powercap_open(&pc, root, &err);
  if (rc == GC_OK)
    rc = gc_powercap_snapshot_take(&snap, pc, &err);
  gc_powercap_snapshot_free(snap);
  gc_powercap_free(pc);
  if (write(fd, &rc, sizeof rc) != (ssize_t)sizeof rc ||
      write(fd, err.msg, sizeof err.msg) != (ssize_t)sizeof err.msg)
    _exit(2);
}

static void test_unreadable_energy_explains_how_to_grant(void **state) {
  fixture *fx = *state;
  build(fx, two_packages, N_TWO_PACKAGES);
  char path[1024];
  zone_file(path, sizeof path, fx, "intel-rapl:1", "energy_uj");
  assert_int_equal(chmod(path, 0400),
                   0); /* the kernel's mode since CVE-2020-8694 */
  int rc = GC_OK;
  char msg[GC_ERROR_MAX] = "";
  if (geteuid() != 0) {
    assert_int_equal(chmod(path, 0000), 0);
    int fd = open(path, O_RDONLY);
    if (fd >= 0) { /* privileged enough to ignore file modes */
      close(fd);
      skip();
    }
    gc_powercap *pc = open_ok(fx);
    gc_powercap_snapshot *snap = NULL;
    gc_error err = {0};
    rc = gc_powercap_snapshot_take(&snap, pc, &err);
    snprintf(msg, sizeof msg, "%s", err.msg);
    gc_powercap_free(pc);
  } else {
    /* root reads any file: drop to an unprivileged user in a child to meet the
     * real permission check */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      close(fds[0]);
      if (setgid(65534) != 0 || setuid(65534) != 0)
        _exit(77);
      snapshot_report(fds[1], fx->root);
      _exit(0);
    }
    close(fds[1]);
    int status = 0;
    ssize_t got = read(fds[0], &rc, sizeof rc);
    ssize_t got_msg =
        got == (ssize_t)sizeof rc ? read(fds[0], msg, sizeof msg) : 0;
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 77)
      skip(); /* cannot drop privileges here */
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(got, (ssize_t)sizeof rc);
    assert_int_equal(got_msg, (ssize_t)sizeof msg);
    msg[sizeof msg - 1] = '\0';
  }
  assert_int_equal(rc, GC_EIO);
  assert_non_null(strstr(msg, fx->root));
  assert_non_null(strstr(msg, "intel-rapl:1/energy_uj"));
  assert_non_null(strstr(msg, "permission denied"));
  assert_non_null(
      strstr(msg, "sudo chmod o+r /sys/class/powercap/intel-rapl:*/energy_uj"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_discovers_two_packages_with_dram),
      T(test_discovers_nested_devices_layout),
      T(test_env_overrides_default_root),
      T(test_missing_root_is_not_found),
      T(test_root_without_counters_is_not_found),
      T(test_malformed_max_range_is_named),
      T(test_delta_without_wrap),
      T(test_delta_with_wraparound),
      T(test_wrap_without_range_is_range_error),
      T(test_sampler_accumulates_over_several_wraps),
      T(test_failed_sample_leaves_sampler_unchanged),
      T(test_sample_interval_from_smallest_range),
      T(test_malformed_energy_is_parse_error),
      T(test_energy_above_range_is_range_error),
      T(test_energy_directory_is_named_io_error),
      T(test_unknown_domain_is_not_found),
      T(test_unreadable_energy_explains_how_to_grant),
  };
  return cmocka_run_group_tests_name("powercap", tests, NULL, NULL);
}
