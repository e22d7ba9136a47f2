/* greenc/powercap.h: measured energy from the Linux powercap sysfs interface
 * (Intel RAPL, AMD RAPL).
 *
 * The kernel exposes one directory per power zone under /sys/class/powercap:
 * intel-rapl:0 (name "package-0"), its subzones intel-rapl:0:0 ("core"),
 * intel-rapl:0:1 ("uncore"), intel-rapl:0:2 ("dram"), intel-rapl:1
 * ("package-1" or "psys"), intel-rapl-mmio:0 (the MMIO view of a package). AMD
 * processors use the same names. Each zone has energy_uj, a free-running
 * counter in microjoules that wraps to 0 after max_energy_range_uj.
 *
 * Ownership: gc_powercap_open() returns a gc_powercap the caller frees with
 * gc_powercap_free(). Snapshots, samplers and energies are owned by the caller
 * too (free with their own _free function) and borrow the gc_powercap they were
 * made from: it must outlive them. Strings returned by accessors point into the
 * gc_powercap. All _free functions accept NULL.
 *
 * Wraparound: a delta between two snapshots corrects for at most one wrap of
 * each counter. A run longer than one wrap period (max_energy_range_uj / power;
 * about 20 minutes for a package at 200 W) cannot be measured exactly from two
 * snapshots: use a gc_powercap_sampler and sample at least every
 * gc_powercap_sample_interval() seconds. See docs/energy-measurement.md. */
#ifndef GREENC_POWERCAP_H
#define GREENC_POWERCAP_H

#include <stddef.h>
#include <stdint.h>

#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GC_POWERCAP_DEFAULT_ROOT "/sys/class/powercap"
#define GC_POWERCAP_ROOT_ENV "GREENC_POWERCAP_ROOT"

typedef enum gc_rapl_kind {
  GC_RAPL_PACKAGE, /* name "package-N" or "package-N-die-M" */
  GC_RAPL_CORE,    /* "core" (PP0) */
  GC_RAPL_UNCORE,  /* "uncore" (PP1, integrated graphics) */
  GC_RAPL_DRAM,    /* "dram" */
  GC_RAPL_PSYS,    /* "psys" (platform) */
  GC_RAPL_OTHER    /* any other name */
} gc_rapl_kind;

/* One zone with an energy counter. Plain data; the strings point into the
 * gc_powercap. */
typedef struct gc_powercap_zone {
  const char *id;   /* sysfs directory name: "intel-rapl:0:2" */
  const char *type; /* control type, the id before the first ':': "intel-rapl",
                       "intel-rapl-mmio" */
  const char *name; /* content of the zone's name file: "dram" */
  const char *
      label; /* unique domain name: "package-0/dram"; zones of other control
                types are prefixed with the type: "intel-rapl-mmio/package-0" */
  const char *path; /* the zone's directory */
  gc_rapl_kind kind;
  int package; /* socket index from "package-N" (subzones inherit it); -1 if
                  none (psys) */
  int parent;  /* index of the parent zone, -1 for a top-level zone */
  int enabled; /* content of the enabled file (0 or 1); -1 when absent */
  int counted; /* 1 if the zone counts towards the per-kind totals; 0 for an
                  alias of a counted zone (intel-rapl-mmio:0 "package-0" when
                  intel-rapl:0 "package-0" exists) */
  uint64_t max_energy_range_uj; /* counter range; 0 when the file is absent
                                   (wraps then cannot be corrected) */
} gc_powercap_zone;

typedef struct gc_powercap gc_powercap;
typedef struct gc_powercap_snapshot gc_powercap_snapshot;
typedef struct gc_powercap_energy gc_powercap_energy;
typedef struct gc_powercap_sampler gc_powercap_sampler;

/* Open the powercap tree at root, or, if root is NULL, at $GREENC_POWERCAP_ROOT
 * if set and non-empty, else at /sys/class/powercap. Discovers every zone that
 * has an energy_uj file (the class directory's flat links and the nested
 * /sys/devices/virtual/powercap layout are both understood) and reads name,
 * max_energy_range_uj and enabled. Errors: GC_ENOTFOUND when root does not
 * exist or holds no energy counter; GC_EIO when a file cannot be read (the
 * message names the path); GC_EPARSE for a malformed max_energy_range_uj,
 * enabled or name; GC_ENOMEM. */
int gc_powercap_open(gc_powercap **out, const char *root, gc_error *err);
void gc_powercap_free(gc_powercap *pc);

const char *gc_powercap_root(const gc_powercap *pc);
size_t gc_powercap_zone_count(const gc_powercap *pc);
/* Zone i (0 <= i < count), ordered by id with numeric components (parents
 * before their subzones); NULL when out of range. */
const gc_powercap_zone *gc_powercap_zone_at(const gc_powercap *pc, size_t i);
/* Find a zone by label ("package-1/dram") or id ("intel-rapl:1:0").
 * GC_ENOTFOUND if none. */
int gc_powercap_find(size_t *index, const gc_powercap *pc, const char *name,
                     gc_error *err);
/* Number of counted zones of a kind (2 packages on a two-socket machine). */
size_t gc_powercap_kind_count(const gc_powercap *pc, gc_rapl_kind kind);
/* "package", "core", "uncore", "dram", "psys", "other". */
const char *gc_rapl_kind_name(gc_rapl_kind kind);

/* The longest interval between samples that keeps every counted zone below one
 * wrap when no zone draws more than max_watts: half of the smallest
 * (max_energy_range_uj / max_watts), in seconds. GC_EINVAL if max_watts <= 0;
 * GC_ENOTFOUND if no counted zone has a known range. */
int gc_powercap_sample_interval(double *seconds, const gc_powercap *pc,
                                double max_watts, gc_error *err);

/* Read every zone's energy_uj now. Errors: GC_EIO with the path (for a
 * permission error, how to grant read access); GC_EPARSE "malformed energy_uj"
 * for content that is not a decimal count; GC_ERANGE for a value above
 * max_energy_range_uj; GC_ENOMEM. */
int gc_powercap_snapshot_take(gc_powercap_snapshot **out, const gc_powercap *pc,
                              gc_error *err);
void gc_powercap_snapshot_free(gc_powercap_snapshot *snap);
/* The raw counter of zone i in the snapshot; GC_EINVAL if i is out of range. */
int gc_powercap_snapshot_uj(uint64_t *uj, const gc_powercap_snapshot *snap,
                            size_t i, gc_error *err);

/* Energy between two snapshots of the same gc_powercap, correcting each counter
 * for at most one wrap: when after < before the counter is taken to have
 * wrapped once, through max_energy_range_uj back to 0, so the delta is
 * (max_energy_range_uj - before) + 1 + after microjoules. GC_ERANGE when a
 * counter went backwards and its range is unknown; GC_EINVAL when the snapshots
 * come from different trees. */
int gc_powercap_delta(gc_powercap_energy **out,
                      const gc_powercap_snapshot *before,
                      const gc_powercap_snapshot *after, gc_error *err);

/* A sampler accumulates the per-zone deltas of successive snapshots, so each
 * counter may wrap once between two samples and any number of times over the
 * run. new() takes the first snapshot. */
int gc_powercap_sampler_new(gc_powercap_sampler **out, const gc_powercap *pc,
                            gc_error *err);
void gc_powercap_sampler_free(gc_powercap_sampler *s);
/* Take a snapshot now and add its delta from the previous one. */
int gc_powercap_sampler_sample(gc_powercap_sampler *s, gc_error *err);
/* Add a snapshot the caller took (of the sampler's gc_powercap, later than the
 * previous one). */
int gc_powercap_sampler_add(gc_powercap_sampler *s,
                            const gc_powercap_snapshot *snap, gc_error *err);
/* The energy accumulated so far (a new object the caller frees). */
int gc_powercap_sampler_energy(gc_powercap_energy **out,
                               const gc_powercap_sampler *s, gc_error *err);

void gc_powercap_energy_free(gc_powercap_energy *e);
/* Joules of zone i; GC_EINVAL if i is out of range. */
int gc_powercap_energy_zone(double *joules, const gc_powercap_energy *e,
                            size_t i, gc_error *err);
/* Joules of a domain: a kind name ("package", "dram", "core", "uncore", "psys")
 * gives the sum over all counted zones of that kind (every socket); a zone
 * label or id gives that zone. GC_ENOTFOUND with a message when the machine has
 * no such domain. */
int gc_powercap_energy_domain(double *joules, const gc_powercap_energy *e,
                              const char *domain, gc_error *err);
/* Monotonic seconds between the first and last snapshot, and the longest gap
 * between two consecutive ones. */
double gc_powercap_energy_seconds(const gc_powercap_energy *e);
double gc_powercap_energy_max_gap(const gc_powercap_energy *e);
/* Number of wraps corrected, summed over zones. */
uint64_t gc_powercap_energy_wraps(const gc_powercap_energy *e);

#ifdef __cplusplus
}
#endif
#endif
