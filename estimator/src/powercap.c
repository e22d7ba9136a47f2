/* powercap.c: RAPL energy counters read through Linux powercap sysfs
 * (greenc/powercap.h, docs/energy-measurement.md). */
#define _POSIX_C_SOURCE 200809L
#include "greenc/powercap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PC_MAX_COMPONENTS                                                      \
  8 /* numeric components of a zone id: intel-rapl:0:1 has 2 */
#define PC_MAX_DEPTH 8  /* directory levels walked below the root */
#define PC_FILE_MAX 256 /* longest sysfs attribute read */

#define PC_GRANT_HINT                                                          \
  "since November 2020 (CVE-2020-8694) Linux lets only root read energy_uj; "  \
  "grant read access with "                                                    \
  "`sudo chmod o+r /sys/class/powercap/intel-rapl:*/energy_uj` (until "        \
  "reboot) or a udev rule (see "                                               \
  "docs/energy-measurement.md), or run as root"

typedef struct pc_zone {
  gc_powercap_zone pub;
  char *id, *type, *name, *plain, *label, *path, *energy_path;
  int ncomp;
  long comp[PC_MAX_COMPONENTS];
} pc_zone;

struct gc_powercap {
  char *root;
  pc_zone *zones;
  size_t n, cap;
};

struct gc_powercap_snapshot {
  const gc_powercap *pc;
  uint64_t *uj;
  double t; /* CLOCK_MONOTONIC seconds after the last read */
};

struct gc_powercap_energy {
  const gc_powercap *pc;
  uint64_t *uj;
  double seconds, max_gap;
  uint64_t wraps;
};

struct gc_powercap_sampler {
  const gc_powercap *pc;
  gc_powercap_snapshot *last;
  uint64_t *acc;
  double t0, max_gap;
  uint64_t wraps;
};

static const char *const kind_names[] = {"package", "core", "uncore",
                                         "dram",    "psys", "other"};

const char *gc_rapl_kind_name(gc_rapl_kind kind) {
  return (unsigned)kind <= GC_RAPL_OTHER ? kind_names[kind] : "?";
}

/* ---- small helpers ---- */

static char *pc_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  if (p)
    memcpy(p, s, n);
  return p;
}

static char *pc_join(const char *a, const char *sep, const char *b) {
  size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
  char *p = malloc(la + ls + lb + 1);
  if (p) {
    memcpy(p, a, la);
    memcpy(p + la, sep, ls);
    memcpy(p + la + ls, b, lb + 1);
  }
  return p;
}

static double pc_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The file's base name ("energy_uj" for ".../intel-rapl:0/energy_uj"). */
static const char *pc_base(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

/* Copy up to 40 characters of text into out, printable ASCII only, for error
 * messages. */
static void pc_excerpt(char *out, size_t cap, const char *text, size_t len) {
  size_t j = 0;
  for (size_t i = 0; i < len && j + 4 < cap && i < 40; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n' && i + 1 == len)
      break;
    out[j++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
  }
  if (len > 40 && j + 4 < cap) {
    memcpy(out + j, "...", 3);
    j += 3;
  }
  out[j] = '\0';
}

static int pc_io_error(gc_error *err, const char *path, int e) {
  const char *base = pc_base(path);
  if (e == EACCES || e == EPERM) {
    if (strcmp(base, "energy_uj") == 0)
      return gc_error_set(err, GC_EIO, "cannot read %s: permission denied; %s",
                          path, PC_GRANT_HINT);
    return gc_error_set(err, GC_EIO,
                        "cannot read %s: permission denied; grant read access "
                        "to the powercap files "
                        "or run as root",
                        path);
  }
  if (e == EISDIR)
    return gc_error_set(
        err, GC_EIO,
        "cannot read %s: it is a directory, not a powercap attribute file",
        path);
  if (e == ENOENT)
    return gc_error_set(
        err, GC_EIO,
        "cannot read %s: no such file (a dangling link, or the zone went away)",
        path);
  return gc_error_set(err, GC_EIO, "cannot read %s: %s", path, strerror(e));
}

/* Read a small attribute file into buf (NUL-terminated, trailing whitespace
 * stripped). */
static int pc_read_attr(char *buf, size_t cap, const char *path,
                        gc_error *err) {
  int rc = GC_OK;
  size_t len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    rc = pc_io_error(err, path, errno);
    goto done;
  }
  for (;;) {
    char extra;
    char *dst = len + 1 < cap ? buf + len : &extra;
    size_t room = len + 1 < cap ? cap - 1 - len : 1;
    ssize_t got = read(fd, dst, room);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      rc = pc_io_error(err, path, errno);
      goto done;
    }
    if (got == 0)
      break;
    if (dst == &extra) {
      rc = gc_error_set(err, GC_EPARSE,
                        "%s: malformed %s: longer than %zu bytes", path,
                        pc_base(path), cap - 1);
      goto done;
    }
    len += (size_t)got;
  }
  while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ' ||
                     buf[len - 1] == '\t' || buf[len - 1] == '\r'))
    len--;
  buf[len] = '\0';
done:
  if (fd >= 0)
    close(fd);
  return rc;
}

/* Parse a decimal unsigned 64-bit count. */
static int pc_parse_u64(uint64_t *out, const char *text, const char *path,
                        gc_error *err) {
  int rc = GC_OK;
  uint64_t v = 0;
  size_t i = 0;
  char shown[64];
  if (text[0] == '\0')
    goto bad;
  for (; text[i]; i++) {
    if (text[i] < '0' || text[i] > '9')
      goto bad;
    unsigned d = (unsigned)(text[i] - '0');
    if (v > (UINT64_MAX - d) / 10)
      goto bad;
    v = v * 10 + d;
  }
  *out = v;
  goto done;
bad:
  pc_excerpt(shown, sizeof shown, text, strlen(text));
  rc = gc_error_set(err, GC_EPARSE,
                    "%s: malformed %s: expected a decimal count of microjoules "
                    "(0 to 18446744073709551615), got \"%s\"",
                    path, pc_base(path), shown);
done:
  return rc;
}

/* ---- discovery ---- */

/* A zone id is "<type>:<n>[:<n>...]": type non-empty without ':' or '/', each n
 * decimal. */
static int pc_parse_id(const char *s, size_t *typelen, long *comp, int *ncomp) {
  const char *colon = strchr(s, ':');
  if (!colon || colon == s)
    return 0;
  *typelen = (size_t)(colon - s);
  *ncomp = 0;
  const char *p = colon;
  while (*p == ':') {
    p++;
    if (*p < '0' || *p > '9' || *ncomp == PC_MAX_COMPONENTS)
      return 0;
    long v = 0;
    while (*p >= '0' && *p <= '9') {
      if (v > 100000000)
        return 0;
      v = v * 10 + (*p++ - '0');
    }
    comp[(*ncomp)++] = v;
  }
  return *p == '\0';
}

static int pc_find_id(const gc_powercap *pc, const char *id) {
  for (size_t i = 0; i < pc->n; i++)
    if (strcmp(pc->zones[i].id, id) == 0)
      return (int)i;
  return -1;
}

static void pc_zone_clear(pc_zone *z) {
  free(z->id);
  free(z->type);
  free(z->name);
  free(z->plain);
  free(z->label);
  free(z->path);
  free(z->energy_path);
  memset(z, 0, sizeof *z);
}

/* Add the zone in directory path (id = its base name) if it has an energy
 * counter. */
static int pc_add_zone(gc_powercap *pc, const char *path, const char *id,
                       gc_error *err) {
  int rc = GC_OK;
  pc_zone z = {0};
  char *attr = NULL;
  char buf[PC_FILE_MAX];
  struct stat st;
  size_t typelen;

  if (!pc_parse_id(id, &typelen, z.comp, &z.ncomp) || pc_find_id(pc, id) >= 0)
    goto done;
  z.energy_path = pc_join(path, "/", "energy_uj");
  if (!z.energy_path)
    goto nomem;
  if (lstat(z.energy_path, &st) != 0) {
    if (errno != ENOENT)
      rc = pc_io_error(err, z.energy_path, errno);
    goto done; /* no energy counter: not a zone we measure */
  }
  z.id = pc_strdup(id);
  z.path = pc_strdup(path);
  z.type = malloc(typelen + 1);
  if (!z.id || !z.path || !z.type)
    goto nomem;
  memcpy(z.type, id, typelen);
  z.type[typelen] = '\0';

  attr = pc_join(path, "/", "name");
  if (!attr)
    goto nomem;
  if ((rc = pc_read_attr(buf, sizeof buf, attr, err)) != GC_OK)
    goto done;
  if (buf[0] == '\0') {
    rc = gc_error_set(err, GC_EPARSE, "%s: malformed name: the file is empty",
                      attr);
    goto done;
  }
  if (strchr(buf, '/')) {
    rc = gc_error_set(err, GC_EPARSE, "%s: malformed name: \"%s\" contains '/'",
                      attr, buf);
    goto done;
  }
  if (!(z.name = pc_strdup(buf)))
    goto nomem;

  free(attr);
  if (!(attr = pc_join(path, "/", "max_energy_range_uj")))
    goto nomem;
  if (access(attr, F_OK) == 0 || errno != ENOENT) {
    if ((rc = pc_read_attr(buf, sizeof buf, attr, err)) != GC_OK)
      goto done;
    if ((rc = pc_parse_u64(&z.pub.max_energy_range_uj, buf, attr, err)) !=
        GC_OK)
      goto done;
  }

  free(attr);
  if (!(attr = pc_join(path, "/", "enabled")))
    goto nomem;
  z.pub.enabled = -1;
  if (access(attr, F_OK) == 0 || errno != ENOENT) {
    if ((rc = pc_read_attr(buf, sizeof buf, attr, err)) != GC_OK)
      goto done;
    if (strcmp(buf, "0") != 0 && strcmp(buf, "1") != 0) {
      char shown[64];
      pc_excerpt(shown, sizeof shown, buf, strlen(buf));
      rc = gc_error_set(err, GC_EPARSE,
                        "%s: malformed enabled: expected 0 or 1, got \"%s\"",
                        attr, shown);
      goto done;
    }
    z.pub.enabled = buf[0] - '0';
  }

  if (pc->n == pc->cap) {
    size_t cap = pc->cap ? 2 * pc->cap : 8;
    pc_zone *zones = realloc(pc->zones, cap * sizeof *zones);
    if (!zones)
      goto nomem;
    pc->zones = zones;
    pc->cap = cap;
  }
  pc->zones[pc->n++] = z;
  memset(&z, 0, sizeof z);
  goto done;
nomem:
  rc = gc_error_set(err, GC_ENOMEM,
                    "out of memory reading the powercap zone %s", path);
done:
  pc_zone_clear(&z);
  free(attr);
  return rc;
}

/* Walk dir for entries "<prefix>:<n>..." (any zone id when prefix is NULL); at
 * the root, entries that are not zone ids are control types ("intel-rapl")
 * walked for their zones. Other entries (subsystem, device, power links) are
 * never followed, so sysfs link cycles are not walked. */
static int pc_scan(gc_powercap *pc, const char *dir, const char *prefix,
                   int depth, gc_error *err) {
  int rc = GC_OK;
  DIR *d = NULL;
  char *sub = NULL;
  struct dirent *ent;
  struct stat st;
  size_t plen = prefix ? strlen(prefix) : 0;

  if (depth > PC_MAX_DEPTH)
    goto done;
  if (!(d = opendir(dir))) {
    rc = pc_io_error(err, dir, errno);
    goto done;
  }
  while ((ent = readdir(d)) != NULL) {
    const char *nm = ent->d_name;
    size_t typelen;
    long comp[PC_MAX_COMPONENTS];
    int ncomp;
    if (nm[0] == '.')
      continue;
    int is_id = pc_parse_id(nm, &typelen, comp, &ncomp);
    int is_child = is_id && (!prefix || (strncmp(nm, prefix, plen) == 0 &&
                                         nm[plen] == ':' &&
                                         strchr(nm + plen + 1, ':') == NULL));
    int is_type = !is_id && depth == 0 && !strchr(nm, ':');
    if (!is_child && !is_type)
      continue;
    free(sub);
    if (!(sub = pc_join(dir, "/", nm))) {
      rc = gc_error_set(err, GC_ENOMEM, "out of memory walking %s", dir);
      goto done;
    }
    if (stat(sub, &st) != 0 || !S_ISDIR(st.st_mode))
      continue;
    if (is_child) {
      if (pc_find_id(pc, nm) >= 0)
        continue; /* already found through another link */
      if ((rc = pc_add_zone(pc, sub, nm, err)) != GC_OK)
        goto done;
    }
    if ((rc = pc_scan(pc, sub, nm, depth + 1, err)) != GC_OK)
      goto done;
  }
done:
  free(sub);
  if (d)
    closedir(d);
  return rc;
}

static int pc_zone_cmp(const void *pa, const void *pb) {
  const pc_zone *a = pa, *b = pb;
  int c = strcmp(a->type, b->type);
  if (c)
    return c;
  for (int i = 0; i < a->ncomp && i < b->ncomp; i++)
    if (a->comp[i] != b->comp[i])
      return a->comp[i] < b->comp[i] ? -1 : 1;
  return a->ncomp - b->ncomp;
}

static gc_rapl_kind pc_kind_of(const char *name) {
  if (strncmp(name, "package-", 8) == 0)
    return GC_RAPL_PACKAGE;
  if (strcmp(name, "core") == 0)
    return GC_RAPL_CORE;
  if (strcmp(name, "uncore") == 0)
    return GC_RAPL_UNCORE;
  if (strcmp(name, "dram") == 0)
    return GC_RAPL_DRAM;
  if (strcmp(name, "psys") == 0)
    return GC_RAPL_PSYS;
  return GC_RAPL_OTHER;
}

static int pc_label_used(const gc_powercap *pc, size_t upto,
                         const char *label) {
  for (size_t i = 0; i < upto; i++)
    if (strcmp(pc->zones[i].label, label) == 0)
      return 1;
  return 0;
}

/* Sort the zones, link parents, derive kinds, packages, labels and which zones
 * count towards totals. */
static int pc_finish(gc_powercap *pc, gc_error *err) {
  int rc = GC_OK;
  char *pid = NULL;
  if (pc->n > 1)
    qsort(pc->zones, pc->n, sizeof *pc->zones, pc_zone_cmp);
  for (size_t i = 0; i < pc->n; i++) { /* parents sort before their subzones */
    pc_zone *z = &pc->zones[i];
    const pc_zone *parent = NULL;
    z->pub.parent = -1;
    if (z->ncomp > 1) {
      free(pid);
      if (!(pid = pc_strdup(z->id)))
        goto nomem;
      *strrchr(pid, ':') = '\0';
      z->pub.parent = pc_find_id(pc, pid);
      parent = z->pub.parent >= 0 ? &pc->zones[z->pub.parent] : NULL;
    }
    z->pub.kind = pc_kind_of(z->name);
    z->pub.package = -1;
    if (z->pub.kind == GC_RAPL_PACKAGE && z->name[8] >= '0' &&
        z->name[8] <= '9')
      z->pub.package = (int)strtol(z->name + 8, NULL, 10);
    else if (parent)
      z->pub.package = parent->pub.package;
    /* plain: the names from the top-level zone down ("package-0/dram"); label
     * adds the control type unless it is intel-rapl, and falls back to the id
     * if two zones would share it */
    z->plain =
        parent ? pc_join(parent->plain, "/", z->name) : pc_strdup(z->name);
    if (!z->plain)
      goto nomem;
    z->label = strcmp(z->type, "intel-rapl") == 0
                   ? pc_strdup(z->plain)
                   : pc_join(z->type, "/", z->plain);
    if (!z->label)
      goto nomem;
    if (pc_label_used(pc, i, z->label)) {
      free(z->label);
      if (!(z->label = pc_strdup(z->id)))
        goto nomem;
    }
    z->pub.id = z->id;
    z->pub.type = z->type;
    z->pub.name = z->name;
    z->pub.label = z->label;
    z->pub.path = z->path;
  }
  /* an alias (intel-rapl-mmio:0 "package-0") of an intel-rapl zone does not
   * count towards the totals */
  for (size_t i = 0; i < pc->n; i++) {
    pc_zone *z = &pc->zones[i];
    z->pub.counted = 1;
    if (strcmp(z->type, "intel-rapl") != 0)
      for (size_t j = 0; j < pc->n; j++)
        if (strcmp(pc->zones[j].type, "intel-rapl") == 0 &&
            strcmp(pc->zones[j].plain, z->plain) == 0)
          z->pub.counted = 0;
  }
  goto done;
nomem:
  rc = gc_error_set(err, GC_ENOMEM, "out of memory naming the powercap zones");
done:
  free(pid);
  return rc;
}

int gc_powercap_open(gc_powercap **out, const char *root, gc_error *err) {
  int rc = GC_OK;
  gc_powercap *pc = NULL;
  struct stat st;
  *out = NULL;
  if (!root) {
    const char *env = getenv(GC_POWERCAP_ROOT_ENV);
    root = env && env[0] ? env : GC_POWERCAP_DEFAULT_ROOT;
  }
  if (stat(root, &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      rc = gc_error_set(err, GC_ENOTFOUND,
                        "no RAPL energy counters on this machine: %s does not "
                        "exist (containers and VMs usually "
                        "lack it)",
                        root);
    else
      rc = pc_io_error(err, root, errno);
    goto done;
  }
  if (!S_ISDIR(st.st_mode)) {
    rc = gc_error_set(err, GC_EIO, "cannot read %s: not a directory", root);
    goto done;
  }
  if (!(pc = calloc(1, sizeof *pc)) || !(pc->root = pc_strdup(root))) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory opening %s", root);
    goto done;
  }
  if ((rc = pc_scan(pc, root, NULL, 0, err)) != GC_OK)
    goto done;
  if (pc->n == 0) {
    rc = gc_error_set(err, GC_ENOTFOUND,
                      "no RAPL energy counters on this machine: %s has no "
                      "power zone with an energy_uj file (is the "
                      "RAPL driver loaded? try `sudo modprobe intel_rapl_msr`)",
                      root);
    goto done;
  }
  if ((rc = pc_finish(pc, err)) != GC_OK)
    goto done;
  *out = pc;
  pc = NULL;
done:
  gc_powercap_free(pc);
  return rc;
}

void gc_powercap_free(gc_powercap *pc) {
  if (!pc)
    return;
  for (size_t i = 0; i < pc->n; i++)
    pc_zone_clear(&pc->zones[i]);
  free(pc->zones);
  free(pc->root);
  free(pc);
}

const char *gc_powercap_root(const gc_powercap *pc) { return pc->root; }
size_t gc_powercap_zone_count(const gc_powercap *pc) { return pc->n; }

const gc_powercap_zone *gc_powercap_zone_at(const gc_powercap *pc, size_t i) {
  return i < pc->n ? &pc->zones[i].pub : NULL;
}

int gc_powercap_find(size_t *index, const gc_powercap *pc, const char *name,
                     gc_error *err) {
  int rc = GC_OK;
  for (size_t i = 0; i < pc->n; i++)
    if (strcmp(pc->zones[i].label, name) == 0 ||
        strcmp(pc->zones[i].id, name) == 0) {
      *index = i;
      goto done;
    }
  rc = gc_error_set(err, GC_ENOTFOUND, "no powercap zone named '%s' under %s",
                    name, pc->root);
done:
  return rc;
}

size_t gc_powercap_kind_count(const gc_powercap *pc, gc_rapl_kind kind) {
  size_t n = 0;
  for (size_t i = 0; i < pc->n; i++)
    n += pc->zones[i].pub.kind == kind && pc->zones[i].pub.counted;
  return n;
}

int gc_powercap_sample_interval(double *seconds, const gc_powercap *pc,
                                double max_watts, gc_error *err) {
  int rc = GC_OK;
  double best = 0;
  if (!(max_watts > 0)) {
    rc = gc_error_set(
        err, GC_EINVAL,
        "sample interval: the power bound must be positive, got %g W",
        max_watts);
    goto done;
  }
  for (size_t i = 0; i < pc->n; i++) {
    const pc_zone *z = &pc->zones[i];
    if (!z->pub.counted || z->pub.max_energy_range_uj == 0)
      continue;
    double s = (double)z->pub.max_energy_range_uj * 1e-6 / max_watts / 2;
    if (best == 0 || s < best)
      best = s;
  }
  if (best == 0) {
    rc = gc_error_set(err, GC_ENOTFOUND,
                      "no powercap zone under %s declares max_energy_range_uj",
                      pc->root);
    goto done;
  }
  *seconds = best;
done:
  return rc;
}

/* ---- snapshots ---- */

void gc_powercap_snapshot_free(gc_powercap_snapshot *snap) {
  if (!snap)
    return;
  free(snap->uj);
  free(snap);
}

int gc_powercap_snapshot_take(gc_powercap_snapshot **out, const gc_powercap *pc,
                              gc_error *err) {
  int rc = GC_OK;
  gc_powercap_snapshot *snap = NULL;
  char buf[PC_FILE_MAX];
  *out = NULL;
  if (!(snap = calloc(1, sizeof *snap)) ||
      !(snap->uj = calloc(pc->n ? pc->n : 1, sizeof *snap->uj))) {
    rc = gc_error_set(err, GC_ENOMEM,
                      "out of memory taking a powercap snapshot");
    goto done;
  }
  snap->pc = pc;
  for (size_t i = 0; i < pc->n; i++) {
    const pc_zone *z = &pc->zones[i];
    if ((rc = pc_read_attr(buf, sizeof buf, z->energy_path, err)) != GC_OK)
      goto done;
    if ((rc = pc_parse_u64(&snap->uj[i], buf, z->energy_path, err)) != GC_OK)
      goto done;
    if (z->pub.max_energy_range_uj &&
        snap->uj[i] > z->pub.max_energy_range_uj) {
      rc = gc_error_set(
          err, GC_ERANGE,
          "%s: energy_uj %" PRIu64 " exceeds max_energy_range_uj %" PRIu64,
          z->energy_path, snap->uj[i], z->pub.max_energy_range_uj);
      goto done;
    }
  }
  snap->t = pc_now();
  *out = snap;
  snap = NULL;
done:
  gc_powercap_snapshot_free(snap);
  return rc;
}

int gc_powercap_snapshot_uj(uint64_t *uj, const gc_powercap_snapshot *snap,
                            size_t i, gc_error *err) {
  int rc = GC_OK;
  if (i >= snap->pc->n) {
    rc = gc_error_set(err, GC_EINVAL,
                      "powercap zone index %zu out of range (%zu zones)", i,
                      snap->pc->n);
    goto done;
  }
  *uj = snap->uj[i];
done:
  return rc;
}

/* Microjoules used by zone z between counter values before and after, allowing
 * one wrap. */
static int pc_zone_delta(uint64_t *d, int *wrapped, const pc_zone *z,
                         uint64_t before, uint64_t after, gc_error *err) {
  int rc = GC_OK;
  uint64_t max = z->pub.max_energy_range_uj;
  *wrapped = 0;
  if (after >= before) {
    *d = after - before;
    goto done;
  }
  if (max == 0 || before > max || max - before >= UINT64_MAX - after) {
    rc = gc_error_set(err, GC_ERANGE,
                      "%s: energy_uj went from %" PRIu64 " to %" PRIu64
                      " and max_energy_range_uj is %s, so the "
                      "wraparound cannot be corrected",
                      z->energy_path, before, after,
                      max ? "too large" : "unknown");
    goto done;
  }
  /* the counter passed max_energy_range_uj and restarted at 0 */
  *d = (max - before) + 1 + after;
  *wrapped = 1;
done:
  return rc;
}

/* Per-zone deltas between two snapshots into d[0..n), counting wraps. */
static int pc_deltas(uint64_t *d, uint64_t *wraps,
                     const gc_powercap_snapshot *before,
                     const gc_powercap_snapshot *after, gc_error *err) {
  int rc = GC_OK;
  const gc_powercap *pc = before->pc;
  *wraps = 0;
  if (after->pc != pc) {
    rc = gc_error_set(
        err, GC_EINVAL,
        "powercap snapshots from two different trees cannot be subtracted");
    goto done;
  }
  for (size_t i = 0; i < pc->n; i++) {
    int w;
    if ((rc = pc_zone_delta(&d[i], &w, &pc->zones[i], before->uj[i],
                            after->uj[i], err)) != GC_OK)
      goto done;
    *wraps += (uint64_t)w;
  }
done:
  return rc;
}

static gc_powercap_energy *pc_energy_new(const gc_powercap *pc) {
  gc_powercap_energy *e = calloc(1, sizeof *e);
  if (e && !(e->uj = calloc(pc->n ? pc->n : 1, sizeof *e->uj))) {
    free(e);
    e = NULL;
  }
  if (e)
    e->pc = pc;
  return e;
}

int gc_powercap_delta(gc_powercap_energy **out,
                      const gc_powercap_snapshot *before,
                      const gc_powercap_snapshot *after, gc_error *err) {
  int rc = GC_OK;
  gc_powercap_energy *e = NULL;
  *out = NULL;
  if (!(e = pc_energy_new(before->pc))) {
    rc = gc_error_set(err, GC_ENOMEM,
                      "out of memory computing a powercap delta");
    goto done;
  }
  if ((rc = pc_deltas(e->uj, &e->wraps, before, after, err)) != GC_OK)
    goto done;
  e->seconds = after->t - before->t;
  e->max_gap = e->seconds;
  *out = e;
  e = NULL;
done:
  gc_powercap_energy_free(e);
  return rc;
}

/* ---- sampler ---- */

int gc_powercap_sampler_new(gc_powercap_sampler **out, const gc_powercap *pc,
                            gc_error *err) {
  int rc = GC_OK;
  gc_powercap_sampler *s = NULL;
  *out = NULL;
  if (!(s = calloc(1, sizeof *s)) ||
      !(s->acc = calloc(pc->n ? pc->n : 1, sizeof *s->acc))) {
    rc = gc_error_set(err, GC_ENOMEM,
                      "out of memory creating a powercap sampler");
    goto done;
  }
  s->pc = pc;
  if ((rc = gc_powercap_snapshot_take(&s->last, pc, err)) != GC_OK)
    goto done;
  s->t0 = s->last->t;
  *out = s;
  s = NULL;
done:
  gc_powercap_sampler_free(s);
  return rc;
}

void gc_powercap_sampler_free(gc_powercap_sampler *s) {
  if (!s)
    return;
  gc_powercap_snapshot_free(s->last);
  free(s->acc);
  free(s);
}

int gc_powercap_sampler_add(gc_powercap_sampler *s,
                            const gc_powercap_snapshot *snap, gc_error *err) {
  int rc = GC_OK;
  const size_t n = s->pc->n;
  uint64_t wraps = 0;
  uint64_t *d = calloc(n ? n : 1, sizeof *d);
  if (!d) {
    rc = gc_error_set(err, GC_ENOMEM,
                      "out of memory sampling the powercap counters");
    goto done;
  }
  if ((rc = pc_deltas(d, &wraps, s->last, snap, err)) != GC_OK)
    goto done;
  /* commit only after every zone's delta is known, so a failed sample leaves
   * the sampler unchanged */
  for (size_t i = 0; i < n; i++) {
    s->acc[i] += d[i];
    s->last->uj[i] = snap->uj[i];
  }
  s->wraps += wraps;
  if (snap->t - s->last->t > s->max_gap)
    s->max_gap = snap->t - s->last->t;
  s->last->t = snap->t;
done:
  free(d);
  return rc;
}

int gc_powercap_sampler_sample(gc_powercap_sampler *s, gc_error *err) {
  int rc = GC_OK;
  gc_powercap_snapshot *snap = NULL;
  if ((rc = gc_powercap_snapshot_take(&snap, s->pc, err)) != GC_OK)
    goto done;
  rc = gc_powercap_sampler_add(s, snap, err);
done:
  gc_powercap_snapshot_free(snap);
  return rc;
}

int gc_powercap_sampler_energy(gc_powercap_energy **out,
                               const gc_powercap_sampler *s, gc_error *err) {
  int rc = GC_OK;
  gc_powercap_energy *e = NULL;
  *out = NULL;
  if (!(e = pc_energy_new(s->pc))) {
    rc = gc_error_set(err, GC_ENOMEM,
                      "out of memory reading a powercap sampler");
    goto done;
  }
  if (s->pc->n)
    memcpy(e->uj, s->acc, s->pc->n * sizeof *e->uj);
  e->seconds = s->last->t - s->t0;
  e->max_gap = s->max_gap;
  e->wraps = s->wraps;
  *out = e;
  e = NULL;
done:
  gc_powercap_energy_free(e);
  return rc;
}

/* ---- energies ---- */

void gc_powercap_energy_free(gc_powercap_energy *e) {
  if (!e)
    return;
  free(e->uj);
  free(e);
}

int gc_powercap_energy_zone(double *joules, const gc_powercap_energy *e,
                            size_t i, gc_error *err) {
  int rc = GC_OK;
  if (i >= e->pc->n) {
    rc = gc_error_set(err, GC_EINVAL,
                      "powercap zone index %zu out of range (%zu zones)", i,
                      e->pc->n);
    goto done;
  }
  *joules = (double)e->uj[i] * 1e-6;
done:
  return rc;
}

int gc_powercap_energy_domain(double *joules, const gc_powercap_energy *e,
                              const char *domain, gc_error *err) {
  int rc = GC_OK;
  const gc_powercap *pc = e->pc;
  size_t idx;
  for (int k = 0; k <= GC_RAPL_OTHER; k++) {
    if (strcmp(domain, kind_names[k]) != 0)
      continue;
    uint64_t sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < pc->n; i++)
      if (pc->zones[i].pub.kind == (gc_rapl_kind)k &&
          pc->zones[i].pub.counted) {
        sum += e->uj[i];
        n++;
      }
    if (n == 0) {
      rc = gc_error_set(
          err, GC_ENOTFOUND,
          "no %s energy counter on this machine (no powercap zone named '%s%s' "
          "under %s)",
          domain, domain, k == GC_RAPL_PACKAGE ? "-N" : "", pc->root);
      goto done;
    }
    *joules = (double)sum * 1e-6;
    goto done;
  }
  if (gc_powercap_find(&idx, pc, domain, NULL) == GC_OK) {
    *joules = (double)e->uj[idx] * 1e-6;
    goto done;
  }
  rc = gc_error_set(err, GC_ENOTFOUND,
                    "unknown energy domain '%s': expected package, core, "
                    "uncore, dram, psys, or a zone label such as "
                    "'%s'",
                    domain, pc->n ? pc->zones[0].label : "package-0");
done:
  return rc;
}

double gc_powercap_energy_seconds(const gc_powercap_energy *e) {
  return e->seconds;
}
double gc_powercap_energy_max_gap(const gc_powercap_energy *e) {
  return e->max_gap;
}
uint64_t gc_powercap_energy_wraps(const gc_powercap_energy *e) {
  return e->wraps;
}
