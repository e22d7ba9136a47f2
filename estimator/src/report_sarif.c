/* report_sarif.c: the SARIF 2.1.0 report (for code-scanning UIs): one result
 * per top-level loop nest whose energy upper bound reaches the style's
 * threshold (nests of unknown energy are always reported, as notes saying so),
 * at the nest's source line, with its FLOPs formula, energy and time in the
 * message and as properties. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/version.h"
#include "report_impl.h"

static json_t *text_obj(const char *s) {
  json_t *o = json_object();
  json_object_set_new(o, "text", json_string(s));
  return o;
}

static json_t *rule(const char *id, const char *name, const char *desc) {
  json_t *r = json_object();
  json_object_set_new(r, "id", json_string(id));
  json_object_set_new(r, "name", json_string(name));
  json_object_set_new(r, "shortDescription", text_obj(desc));
  return r;
}

static json_t *range_prop(const gc_range *r) {
  if (!r->known)
    return json_null();
  return json_real(r->hi);
}

static json_t *result(const rfunc *f, const rloop *l) {
  const rsum *s = &l->sum;
  char fl[1024], en[512], tm[256], msg[2600];
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
           "Loop nest over '%s' in %s (trip %s): FLOPs %s; energy %s; time %s.",
           l->iv ? l->iv : "?", f->name, l->trip ? l->trip : "unknown", fl, en,
           tm);
  int known = s->counted && s->estimated && s->est.energy_j.known;
  json_t *res = json_object();
  json_object_set_new(
      res, "ruleId",
      json_string(known ? "greenc.nest-energy" : "greenc.nest-energy-unknown"));
  json_object_set_new(res, "level", json_string(known ? "note" : "warning"));
  json_object_set_new(res, "message", text_obj(msg));
  json_t *region = json_object();
  json_object_set_new(region, "startLine", json_integer(l->line ? l->line : 1));
  if (l->col)
    json_object_set_new(region, "startColumn", json_integer(l->col));
  json_t *art = json_object();
  json_object_set_new(art, "uri", json_string(f->file ? f->file : f->origin));
  json_t *phys = json_object();
  json_object_set_new(phys, "artifactLocation", art);
  json_object_set_new(phys, "region", region);
  json_t *loc = json_object();
  json_object_set_new(loc, "physicalLocation", phys);
  json_t *lname = json_object();
  json_object_set_new(lname, "name", json_string(f->name));
  json_object_set_new(lname, "kind", json_string("function"));
  json_t *lnames = json_array();
  json_array_append_new(lnames, lname);
  json_object_set_new(loc, "logicalLocations", lnames);
  json_t *locs = json_array();
  json_array_append_new(locs, loc);
  json_object_set_new(res, "locations", locs);
  json_t *props = json_object();
  if (s->counted) {
    const rq *q = &s->tot[GC_TOTAL_FLOPS];
    json_object_set_new(props, "flops_formula",
                        q->formula ? json_string(q->formula) : json_null());
    json_object_set_new(props, "flops_status",
                        json_string(gc_count_status_name(q->status)));
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
  json_t *doc = json_object();
  json_object_set_new(
      doc, "$schema",
      json_string("https://json.schemastore.org/sarif-2.1.0.json"));
  json_object_set_new(doc, "version", json_string("2.1.0"));
  json_t *drv = json_object();
  json_object_set_new(drv, "name", json_string("greenc"));
  json_object_set_new(drv, "version", json_string(GC_VERSION_STRING));
  json_object_set_new(drv, "semanticVersion", json_string(GC_VERSION_STRING));
  json_t *rules = json_array();
  json_array_append_new(
      rules, rule("greenc.nest-energy", "LoopNestEnergy",
                  "Estimated energy, time and FLOPs of a loop nest"));
  json_array_append_new(
      rules, rule("greenc.nest-energy-unknown", "LoopNestEnergyUnknown",
                  "A loop nest whose energy could not be estimated"));
  json_object_set_new(drv, "rules", rules);
  json_t *tool = json_object();
  json_object_set_new(tool, "driver", drv);
  json_t *results = json_array();
  for (size_t i = 0; i < r->nfuncs; i++) {
    const rfunc *f = &r->funcs[i];
    for (size_t k = 0; k < f->nloops; k++) {
      const rloop *l = &f->loops[k];
      if (!l->has_sum)
        continue;
      double e = gc_rep_energy_hi(&l->sum);
      if (e >= 0 && e < st->sarif_min_energy_j)
        continue;
      json_array_append_new(results, result(f, l));
    }
  }
  json_t *run = json_object();
  json_object_set_new(run, "tool", tool);
  json_object_set_new(run, "results", results);
  json_t *props = json_object();
  json_object_set_new(props, "view", json_string(gc_view_kind_name(r->view)));
  json_object_set_new(props, "hw",
                      r->hw_name ? json_string(r->hw_name) : json_null());
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
