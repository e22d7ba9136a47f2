/* report_sarif.c: the SARIF 2.1.0 report (for code-scanning UIs such as
 * GitHub's): one result per top-level loop nest whose energy upper bound
 * reaches the style's threshold (nests of unknown energy are always reported,
 * as warnings saying so), at the nest's source line, with its FLOPs formula,
 * energy and time in the message and as properties.
 *
 * The output validates against the official schema (sarif-2.1.0-rtm.5.json;
 * test/lit/review/ checks it): strings are valid UTF-8 (a stray byte becomes
 * U+FFFD), URIs are percent-encoded (an absolute path becomes a file:// URI, a
 * relative one is relative to %SRCROOT%), a line the profile lacks is left out
 * rather than guessed, and non-finite numbers are written as null. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/version.h"
#include "report_impl.h"

/* Length of the valid UTF-8 sequence at s, 0 when it is not one. */
static size_t utf8_len(const unsigned char *s) {
  size_t n;
  if (s[0] < 0x80)
    return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF)
    n = 2;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF)
    n = 3;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4)
    n = 4;
  else
    return 0;
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  if (n == 3 &&
      ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F)))
    return 0; /* overlong, surrogate */
  if (n == 4 &&
      ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F)))
    return 0; /* overlong, beyond U+10FFFF */
  return n;
}

/* A JSON string of s (NULL: ""), invalid UTF-8 bytes replaced by U+FFFD. */
static json_t *jstr(const char *s) {
  if (!s)
    s = "";
  json_t *j = json_string(s);
  if (j)
    return j;
  size_t len = strlen(s);
  char *t = malloc(3 * len + 1), *o = t;
  if (!t)
    return NULL;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    size_t n = utf8_len(p);
    if (n) {
      memcpy(o, p, n);
      o += n;
      p += n;
    } else {
      memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      p++;
    }
  }
  *o = '\0';
  j = json_string(t);
  free(t);
  return j;
}

static json_t *jnum(double v) {
  return isfinite(v) ? json_real(v) : json_null();
}

/* A URI reference for path: percent-encoded, "file://" before an absolute
 * path. Caller frees. */
static char *path_uri(const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  size_t len = strlen(path);
  char *u = malloc(3 * len + 8), *o = u;
  if (!u)
    return NULL;
  if (path[0] == '/')
    o += sprintf(o, "file://");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    /* RFC 3986 unreserved and the path delimiters a file path needs */
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
        (*p >= '0' && *p <= '9') || strchr("-._~/+,;=@", *p)) {
      *o++ = (char)*p;
    } else {
      *o++ = '%';
      *o++ = hex[*p >> 4];
      *o++ = hex[*p & 15];
    }
  }
  *o = '\0';
  return u;
}

static json_t *text_obj(const char *s) {
  json_t *o = json_object();
  json_object_set_new(o, "text", jstr(s));
  return o;
}

static json_t *rule(const char *id, const char *name, const char *desc,
                    const char *full, const char *level) {
  json_t *r = json_object();
  json_object_set_new(r, "id", jstr(id));
  json_object_set_new(r, "name", jstr(name));
  json_object_set_new(r, "shortDescription", text_obj(desc));
  json_object_set_new(r, "fullDescription", text_obj(full));
  json_object_set_new(r, "help", text_obj(full));
  json_t *cfg = json_object();
  json_object_set_new(cfg, "level", jstr(level));
  json_object_set_new(r, "defaultConfiguration", cfg);
  json_t *props = json_object();
  json_t *tags = json_array();
  json_array_append_new(tags, jstr("energy"));
  json_array_append_new(tags, jstr("performance"));
  json_object_set_new(props, "tags", tags);
  json_object_set_new(r, "properties", props);
  return r;
}

static json_t *range_prop(const gc_range *r) {
  return r->known ? jnum(r->hi) : json_null();
}

/* The location of loop l of f: its file and, when the profile has them, line
 * and column; the function as a logical location. */
static json_t *location(const rfunc *f, const rloop *l) {
  json_t *loc = json_object();
  const char *path = f->file ? f->file : f->origin;
  char *uri = path_uri(path ? path : "");
  json_t *art = json_object();
  json_object_set_new(art, "uri", jstr(uri ? uri : ""));
  if (path && path[0] != '/')
    json_object_set_new(art, "uriBaseId", jstr("%SRCROOT%"));
  free(uri);
  json_t *phys = json_object();
  json_object_set_new(phys, "artifactLocation", art);
  if (l->line) {
    json_t *region = json_object();
    json_object_set_new(region, "startLine", json_integer(l->line));
    if (l->col)
      json_object_set_new(region, "startColumn", json_integer(l->col));
    json_object_set_new(phys, "region", region);
  }
  json_object_set_new(loc, "physicalLocation", phys);
  json_t *lname = json_object();
  json_object_set_new(lname, "name", jstr(f->name));
  json_object_set_new(lname, "kind", jstr("function"));
  json_t *lnames = json_array();
  json_array_append_new(lnames, lname);
  json_object_set_new(loc, "logicalLocations", lnames);
  return loc;
}

/* nest is the ordinal of l among f's top-level loops (for a fingerprint that
 * survives edits elsewhere in the file). */
static json_t *result(const rfunc *f, const rloop *l, size_t nest) {
  const rsum *s = &l->sum;
  char fl[1024], en[512], tm[256], msg[2800], ln[16];
  if (s->counted)
    gc_rep_qty_long(fl, sizeof fl, &s->tot[GC_TOTAL_FLOPS], "FLOP");
  else
    snprintf(fl, sizeof fl, "unknown (%s)", s->fail ? s->fail : "not counted");
  if (s->counted && s->estimated) {
    gc_rep_range(en, sizeof en, &s->est.energy_j, "J");
    gc_rep_range(tm, sizeof tm, &s->est.time_s, "s");
  } else {
    snprintf(en, sizeof en, "unknown (%s)",
             !s->counted   ? "not counted"
             : s->est_fail ? s->est_fail
                           : "?");
    snprintf(tm, sizeof tm, "unknown");
  }
  snprintf(msg, sizeof msg,
           "Loop nest over '%s' in %s (line %s, trip %s): FLOPs %s; energy %s; "
           "time %s.",
           l->iv ? l->iv : "?", f->name, gc_rep_line(ln, l->line),
           l->trip ? l->trip : "unknown", fl, en, tm);
  int known = s->counted && s->estimated && s->est.energy_j.known;
  json_t *res = json_object();
  json_object_set_new(
      res, "ruleId",
      jstr(known ? "greenc.nest-energy" : "greenc.nest-energy-unknown"));
  json_object_set_new(res, "ruleIndex", json_integer(known ? 0 : 1));
  json_object_set_new(res, "level", jstr(known ? "note" : "warning"));
  json_object_set_new(res, "message", text_obj(msg));
  json_t *locs = json_array();
  json_array_append_new(locs, location(f, l));
  json_object_set_new(res, "locations", locs);
  char fp[1200];
  snprintf(fp, sizeof fp, "%s/nest%zu/%s", f->name, nest, l->iv ? l->iv : "?");
  json_t *fps = json_object();
  json_object_set_new(fps, "greencNest/v1", jstr(fp));
  json_object_set_new(res, "partialFingerprints", fps);
  json_t *props = json_object();
  if (s->counted) {
    const rq *q = &s->tot[GC_TOTAL_FLOPS];
    json_object_set_new(props, "flops_formula",
                        q->formula ? jstr(q->formula) : json_null());
    json_object_set_new(props, "flops_status",
                        jstr(gc_count_status_name(q->status)));
  }
  json_object_set_new(props, "energy_j_max",
                      known ? range_prop(&s->est.energy_j) : json_null());
  json_object_set_new(props, "time_s_max",
                      known ? range_prop(&s->est.time_s) : json_null());
  json_object_set_new(res, "properties", props);
  return res;
}

int gc_rep_write_sarif(FILE *out, const gc_report *r, const gc_report_style *st,
                       gc_error *err) {
  double min_j = st ? st->sarif_min_energy_j : 0;
  json_t *doc = json_object();
  json_object_set_new(
      doc, "$schema",
      jstr("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/"
           "schemas/sarif-schema-2.1.0.json"));
  json_object_set_new(doc, "version", jstr("2.1.0"));
  json_t *drv = json_object();
  json_object_set_new(drv, "name", jstr("greenc"));
  json_object_set_new(drv, "version", jstr(GC_VERSION_STRING));
  json_object_set_new(drv, "semanticVersion", jstr(GC_VERSION_STRING));
  json_t *rules = json_array();
  json_array_append_new(
      rules,
      rule("greenc.nest-energy", "LoopNestEnergy",
           "Estimated energy, time and FLOPs of a loop nest",
           "greenc's static estimate of a loop nest: its FLOPs as a formula in "
           "the source's names, and its energy and time on the chosen "
           "hardware model (greenc report --format sarif).",
           "note"));
  json_array_append_new(
      rules, rule("greenc.nest-energy-unknown", "LoopNestEnergyUnknown",
                  "A loop nest whose energy could not be estimated",
                  "greenc could not estimate this loop nest's energy (sizes "
                  "not bound, a data-dependent trip count, no hardware "
                  "model); the message says why.",
                  "warning"));
  json_object_set_new(drv, "rules", rules);
  json_t *tool = json_object();
  json_object_set_new(tool, "driver", drv);
  json_t *results = json_array();
  for (size_t i = 0; i < r->nfuncs; i++) {
    const rfunc *f = &r->funcs[i];
    size_t nest = 0;
    for (size_t k = 0; k < f->nloops; k++) {
      const rloop *l = &f->loops[k];
      if (!l->has_sum)
        continue;
      nest++;
      double e = gc_rep_energy_hi(&l->sum);
      if (e >= 0 && e < min_j)
        continue;
      json_array_append_new(results, result(f, l, nest));
    }
  }
  json_t *run = json_object();
  json_object_set_new(run, "tool", tool);
  json_object_set_new(run, "results", results);
  json_object_set_new(run, "columnKind", jstr("unicodeCodePoints"));
  json_t *props = json_object();
  json_object_set_new(props, "view", jstr(gc_view_kind_name(r->view)));
  json_object_set_new(props, "hw", r->hw_name ? jstr(r->hw_name) : json_null());
  json_object_set_new(props, "min_energy_j", jnum(min_j));
  json_object_set_new(run, "properties", props);
  json_t *runs = json_array();
  json_array_append_new(runs, run);
  json_object_set_new(doc, "runs", runs);
  int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
  json_decref(doc);
  fputc('\n', out);
  if (rc != 0 || ferror(out))
    return gc_error_set(err, GC_EIO, "writing the SARIF report failed");
  return GC_OK;
}
