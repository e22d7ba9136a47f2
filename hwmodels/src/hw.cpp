/* hw.cpp: the hardware-model loader (greenc/hw.h) over toml++, schema in
 * hwmodels/README.md.
 *
 * A model file is parsed, checked field by field against the schema (every
 * position in an error message comes from the file that holds the field), its
 * `inherits` chain is loaded the same way, the chain is merged (tables merge
 * key by key, the arrays `memory` and `throughput` are replaced whole), and
 * only then is a gc_hw built. toml++ throws; every exception is caught in this
 * file and turned into a gc_error: nothing C++ crosses the C API. */
#include "greenc/hw.h"

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace {

const int kSchema = 1;

struct LoadError {
  int code;
  std::string msg;
};

[[noreturn]] void fail(int code, const std::string &msg) {
  throw LoadError{code, msg};
}

std::string where(const toml::source_region &s) {
  std::string p = s.path ? *s.path : std::string("?");
  return p + ":" + std::to_string(s.begin.line) + ":" +
         std::to_string(s.begin.column);
}

std::string fmt_num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

size_t edit_distance(const std::string &a, const std::string &b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++)
    prev[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

/* " (did you mean 'x'?)" for the closest candidate when it is close enough,
 * else " (valid: a, b, ...)". */
std::string suggest(const std::string &word,
                    const std::vector<std::string> &cands) {
  size_t best = (size_t)-1;
  std::string pick;
  for (const auto &c : cands) {
    size_t d = edit_distance(word, c);
    if (d < best) {
      best = d;
      pick = c;
    }
  }
  if (!pick.empty() && best <= std::max<size_t>(2, word.size() / 3))
    return " (did you mean '" + pick + "'?)";
  std::string s = " (valid: ";
  for (size_t i = 0; i < cands.size(); i++)
    s += (i ? ", " : "") + cands[i];
  return s + ")";
}

const char *const kTags[] = {"published", "derived", "estimate", "calibrated"};

/* What a value must satisfy. */
enum Rule {
  R_ANY,
  R_ENERGY,
  R_BANDWIDTH,
  R_CLOCK,
  R_COUNT,
  R_SIZE,
  R_POWER,
  R_INTENSITY,
  R_THROUGHPUT,
  R_LATENCY
};

void check_rule(Rule r, double v, const std::string &path,
                const toml::source_region &src) {
  const char *why = nullptr;
  switch (r) {
  case R_ANY:
    break;
  case R_ENERGY:
    if (!(v >= 0))
      why = "an energy must be >= 0";
    break;
  case R_BANDWIDTH:
    if (!(v > 0))
      why = "a bandwidth must be > 0";
    break;
  case R_CLOCK:
    if (!(v > 0))
      why = "a clock must be > 0";
    break;
  case R_COUNT:
    if (!(v >= 1) || v != std::floor(v))
      why = "a count must be a whole number >= 1";
    break;
  case R_SIZE:
    if (!(v > 0))
      why = "a size must be > 0";
    break;
  case R_POWER:
    if (!(v >= 0))
      why = "a power must be >= 0";
    break;
  case R_INTENSITY:
    if (!(v >= 0))
      why = "a carbon intensity must be >= 0";
    break;
  case R_THROUGHPUT:
    if (!(v > 0))
      why = "a throughput must be > 0";
    break;
  case R_LATENCY:
    if (!(v > 0))
      why = "a latency must be > 0 cycles";
    break;
  }
  if (!std::isfinite(v) && !why)
    why = "a figure must be finite";
  if (why)
    fail(GC_ERANGE, where(src) + ": " + path + " = " + fmt_num(v) +
                        ": out of range (" + why + ")");
}

/* A figure as read from one file: the node stays owned by its parsed document.
 */
struct RawFig {
  double v = 0;
  gc_tag tag = GC_TAG_PUBLISHED;
  std::string src, note;
  toml::source_region src_region;
};

/* One leaf of a document, keyed by dotted path in Doc::leaves. */
struct Leaf {
  enum Kind { FIG, STR, INT, ARR } kind;
  RawFig fig;
  std::string str;
  long long num = 0;
  const toml::array *arr = nullptr;
  toml::source_region region;
};

struct Doc {
  std::string path;
  toml::table tbl;
  std::map<std::string, Leaf> leaves;
};

std::vector<std::string> keys_of(const std::vector<const char *> &v) {
  return std::vector<std::string>(v.begin(), v.end());
}

void check_keys(const toml::table &t, const std::string &prefix,
                const std::vector<std::string> &allowed) {
  for (auto &&[k, n] : t) {
    std::string key(k.str());
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::vector<std::string> full;
      for (const auto &a : allowed)
        full.push_back(prefix + a);
      fail(GC_ESCHEMA, where(k.source()) + ": unknown field '" + prefix + key +
                           "'" + suggest(prefix + key, full));
    }
  }
}

RawFig read_fig(const toml::node &n, const std::string &path, Rule rule) {
  const toml::table *t = n.as_table();
  if (!t) {
    std::string shown = n.is_number() ? fmt_num(n.value<double>().value_or(0))
                                      : "a non-figure value";
    fail(GC_ESCHEMA, where(n.source()) + ": " + path + " = " + shown +
                         ": a figure needs its source and tag: { v = ..., tag "
                         "= \"...\", src = \"...\" }");
  }
  check_keys(*t, path + ".", {"v", "tag", "src", "note"});
  RawFig f;
  const toml::node *v = t->get("v"), *tag = t->get("tag"), *src = t->get("src"),
                   *note = t->get("note");
  if (!v)
    fail(GC_ESCHEMA,
         where(n.source()) + ": missing required field '" + path + ".v'");
  if (!v->is_number())
    fail(GC_ESCHEMA, where(v->source()) + ": " + path + ".v must be a number");
  f.v = v->value<double>().value_or(0);
  check_rule(rule, f.v, path, v->source());
  if (!tag)
    fail(GC_ESCHEMA,
         where(n.source()) + ": missing required field '" + path + ".tag'");
  std::string ts = tag->value<std::string>().value_or("");
  int ti = -1;
  for (int i = 0; i < 4; i++)
    if (ts == kTags[i])
      ti = i;
  if (ti < 0)
    fail(GC_ESCHEMA, where(tag->source()) + ": " + path + ".tag = \"" + ts +
                         "\": unknown tag" +
                         suggest(ts, keys_of({"published", "derived",
                                              "estimate", "calibrated"})));
  f.tag = (gc_tag)ti;
  if (!src)
    fail(GC_ESCHEMA,
         where(n.source()) + ": missing required field '" + path + ".src'");
  if (!src->is_string())
    fail(GC_ESCHEMA, where(src->source()) + ": " + path +
                         ".src must be a string (a key of [sources])");
  f.src = src->value<std::string>().value_or("");
  f.src_region = src->source();
  if (note) {
    if (!note->is_string())
      fail(GC_ESCHEMA,
           where(note->source()) + ": " + path + ".note must be a string");
    f.note = note->value<std::string>().value_or("");
  }
  return f;
}

void put_fig(Doc &d, const std::string &path, const toml::node &n, Rule rule) {
  Leaf l{Leaf::FIG, read_fig(n, path, rule), "", 0, nullptr, n.source()};
  d.leaves[path] = l;
}

std::string get_str(const toml::node &n, const std::string &path,
                    const std::vector<std::string> &choices = {}) {
  if (!n.is_string())
    fail(GC_ESCHEMA, where(n.source()) + ": " + path + " must be a string");
  std::string s = n.value<std::string>().value_or("");
  if (!choices.empty() &&
      std::find(choices.begin(), choices.end(), s) == choices.end())
    fail(GC_ESCHEMA, where(n.source()) + ": " + path + " = \"" + s +
                         "\": not one of the allowed values" +
                         suggest(s, choices));
  return s;
}

void put_str(Doc &d, const std::string &path, const toml::node &n,
             const std::vector<std::string> &choices = {}) {
  Leaf l{Leaf::STR, {}, get_str(n, path, choices), 0, nullptr, n.source()};
  d.leaves[path] = l;
}

const toml::table &as_table(const toml::node &n, const std::string &path) {
  const toml::table *t = n.as_table();
  if (!t)
    fail(GC_ESCHEMA, where(n.source()) + ": " + path + " must be a table");
  return *t;
}

struct FigSpec {
  const char *key;
  Rule rule;
};

void read_fig_table(Doc &d, const toml::node &n, const std::string &name,
                    const std::vector<FigSpec> &specs,
                    const std::vector<const char *> &strings = {}) {
  const toml::table &t = as_table(n, name);
  std::vector<std::string> allowed;
  for (auto &s : specs)
    allowed.push_back(s.key);
  for (auto s : strings)
    allowed.push_back(s);
  check_keys(t, name + ".", allowed);
  for (auto &s : specs)
    if (const toml::node *c = t.get(s.key))
      put_fig(d, name + "." + s.key, *c, s.rule);
}

std::vector<std::string> energy_types() {
  std::vector<std::string> v;
  for (int i = GC_TY_F64; i <= GC_TY_I128; i++)
    v.push_back(gc_ty_name((gc_ty)i));
  return v;
}

std::vector<std::string> energy_ops() {
  std::vector<std::string> v;
  for (int i = 0; i <= GC_OP_IMINMAX; i++)
    v.push_back(gc_op_name((gc_op)i));
  return v;
}

const std::vector<FigSpec> kMemFigs = {
    {"size_kib", R_SIZE},           {"line_bytes", R_COUNT},
    {"read_gbs", R_BANDWIDTH},      {"write_gbs", R_BANDWIDTH},
    {"read_pj_per_byte", R_ENERGY}, {"write_pj_per_byte", R_ENERGY}};
const std::vector<FigSpec> kThrFigs = {{"lanes", R_COUNT},
                                       {"ops_per_cycle", R_THROUGHPUT}};

/* Check one array of tables (memory, throughput) in full; the array itself is
 * one leaf. */
void read_array(Doc &d, const toml::node &n, const std::string &name) {
  const toml::array *a = n.as_array();
  if (!a || !a->is_array_of_tables())
    fail(GC_ESCHEMA, where(n.source()) + ": " + name +
                         " must be an array of tables ([[" + name + "]])");
  Doc scratch; /* figures inside arrays are re-read at build time; here they are
                  only checked */
  for (size_t i = 0; i < a->size(); i++) {
    const toml::node &e = *a->get(i);
    std::string p = name + "[" + std::to_string(i) + "]";
    const toml::table &t = *e.as_table();
    if (name == "memory") {
      read_fig_table(scratch, e, p, kMemFigs, {"name", "sharing"});
      if (!t.get("name"))
        fail(GC_ESCHEMA,
             where(e.source()) + ": missing required field '" + p + ".name'");
      get_str(*t.get("name"), p + ".name");
      if (t.get("sharing"))
        get_str(*t.get("sharing"), p + ".sharing",
                keys_of({"core", "cluster", "chip"}));
    } else {
      read_fig_table(scratch, e, p, kThrFigs, {"unit", "ty"});
      for (const char *req : {"unit", "ty", "ops_per_cycle"})
        if (!t.get(req))
          fail(GC_ESCHEMA, where(e.source()) + ": missing required field '" +
                               p + "." + req + "'");
      get_str(*t.get("unit"), p + ".unit", keys_of({"vector", "matrix"}));
      std::vector<std::string> tys = energy_types();
      get_str(*t.get("ty"), p + ".ty", tys);
    }
  }
  Leaf l{Leaf::ARR, {}, "", 0, a, n.source()};
  d.leaves[name] = l;
}

/* Parse and check one file; fills d.leaves. */
void read_doc(Doc &d, const std::string &path) {
  {
    std::ifstream probe(path);
    if (!probe)
      fail(GC_EIO, path + ": cannot open: " + std::strerror(errno));
  }
  d.path = path;
  try {
    d.tbl = toml::parse_file(path);
  } catch (const toml::parse_error &e) {
    toml::source_region r = e.source();
    if (!r.path)
      r.path = std::make_shared<const std::string>(path);
    fail(GC_EPARSE,
         where(r) + ": TOML syntax error: " + std::string(e.description()));
  }
  const toml::table &t = d.tbl;
  check_keys(t, "",
             keys_of({"schema", "name", "vendor", "kind", "year", "description",
                      "inherits", "sources", "chip", "power", "carbon",
                      "energy", "latency_cycles", "issue_cycles", "dram",
                      "memory", "throughput"}));
  const toml::node *schema = t.get("schema");
  if (!schema)
    fail(GC_ESCHEMA, path + ": missing required field 'schema'");
  if (!schema->is_integer())
    fail(GC_ESCHEMA, where(schema->source()) + ": schema must be an integer");
  long long sv = schema->value<long long>().value_or(0);
  if (sv != kSchema)
    fail(GC_EVERSION,
         where(schema->source()) + ": schema = " + std::to_string(sv) +
             ": this greenc reads schema " + std::to_string(kSchema));
  for (auto &&[k, n] : t) {
    std::string key(k.str());
    if (key == "schema")
      continue;
    if (key == "name" || key == "vendor" || key == "description" ||
        key == "inherits") {
      put_str(d, key, n);
    } else if (key == "kind") {
      put_str(d, key, n, keys_of({"cpu", "gpu", "mcu", "tech"}));
    } else if (key == "year") {
      if (!n.is_integer())
        fail(GC_ESCHEMA, where(n.source()) + ": year must be an integer");
      Leaf l{Leaf::INT, {},        "", n.value<long long>().value_or(0),
             nullptr,   n.source()};
      d.leaves["year"] = l;
    } else if (key == "sources") {
      const toml::table &st = as_table(n, "sources");
      for (auto &&[sk, sn] : st)
        put_str(d, "sources." + std::string(sk.str()), sn);
    } else if (key == "chip") {
      read_fig_table(d, n, "chip",
                     {{"process_nm", R_SIZE},
                      {"cores", R_COUNT},
                      {"base_ghz", R_CLOCK},
                      {"boost_ghz", R_CLOCK},
                      {"all_core_ghz", R_CLOCK},
                      {"rob_entries", R_COUNT}});
    } else if (key == "power") {
      read_fig_table(d, n, "power",
                     {{"tdp_w", R_POWER}, {"static_w", R_POWER}});
    } else if (key == "carbon") {
      read_fig_table(d, n, "carbon", {{"grid_g_per_kwh", R_INTENSITY}});
    } else if (key == "dram") {
      read_fig_table(d, n, "dram",
                     {{"pj_per_bit", R_ENERGY},
                      {"read_gbs", R_BANDWIDTH},
                      {"write_gbs", R_BANDWIDTH},
                      {"size_gib", R_SIZE},
                      {"cold_call_ns", R_LATENCY}},
                     {"type"});
      if (const toml::node *ty = n.as_table()->get("type"))
        put_str(d, "dram.type", *ty);
    } else if (key == "energy") {
      const toml::table &et = as_table(n, "energy");
      std::vector<std::string> allowed = energy_types();
      allowed.insert(allowed.begin(), {"instruction_pj", "op_energy"});
      check_keys(et, "energy.", allowed);
      std::vector<std::string> ops = energy_ops();
      for (auto &&[ek, en] : et) {
        std::string e(ek.str());
        if (e == "instruction_pj") {
          put_fig(d, "energy.instruction_pj", en, R_ENERGY);
        } else if (e == "op_energy") {
          put_str(d, "energy.op_energy", en,
                  keys_of({"per_op", "in_instruction"}));
        } else {
          const toml::table &tt = as_table(en, "energy." + e);
          check_keys(tt, "energy." + e + ".", ops);
          for (auto &&[ok, on] : tt)
            put_fig(d, "energy." + e + "." + std::string(ok.str()), on,
                    R_ENERGY);
        }
      }
    } else if (key == "latency_cycles" || key == "issue_cycles") {
      /* [latency_cycles.<ty>] <op> = figure: cycles from an operand to the
       * result of a dependent op; [issue_cycles.<ty>] <op>: cycles per op when
       * independent ones run side by side (reciprocal throughput); the same
       * keys as energy.<ty> */
      const toml::table &lt = as_table(n, key);
      check_keys(lt, key + ".", energy_types());
      std::vector<std::string> ops = energy_ops();
      for (auto &&[lk, ln] : lt) {
        std::string ty(lk.str());
        const toml::table &tt = as_table(ln, key + "." + ty);
        check_keys(tt, key + "." + ty + ".", ops);
        for (auto &&[ok, on] : tt)
          put_fig(d, key + "." + ty + "." + std::string(ok.str()), on,
                  R_LATENCY);
      }
    } else { /* memory, throughput */
      read_array(d, n, key);
    }
  }
}

std::string dir_of(const std::string &path) {
  size_t s = path.rfind('/');
  return s == std::string::npos ? std::string(".") : path.substr(0, s);
}

std::string stem_of(const std::string &path) {
  size_t s = path.rfind('/');
  std::string f = s == std::string::npos ? path : path.substr(s + 1);
  if (f.size() > 5 && f.compare(f.size() - 5, 5, ".toml") == 0)
    f.resize(f.size() - 5);
  return f;
}

struct Fig {
  double v = 0;
  gc_tag tag = GC_TAG_PUBLISHED;
  std::string src_key, note;
};

} // namespace

struct gc_hw {
  std::string name, kind, vendor, description, path, inherits, dram_type;
  bool op_in_instruction = false;
  std::map<std::string, std::string> sources;
  std::map<std::string, Fig>
      figs; /* every figure of the merged model, by path */
  std::map<std::string, Fig>
      derived; /* figures computed by the loader (DRAM pJ per byte) */
  std::vector<std::string> fig_order; /* keys of figs, for iteration */
  struct Level {
    std::string name, sharing, prefix;
    bool dram;
  };
  std::vector<Level> levels;
  struct Thr {
    std::string unit, prefix;
    gc_ty ty;
  };
  std::vector<Thr> thr;
};

namespace {

void add_fig(gc_hw &hw, const std::string &path, const RawFig &r) {
  if (!hw.sources.count(r.src)) {
    std::vector<std::string> keys;
    for (auto &s : hw.sources)
      keys.push_back(s.first);
    fail(GC_ESCHEMA, where(r.src_region) + ": " + path + ".src = \"" + r.src +
                         "\": no such key in [sources]" + suggest(r.src, keys));
  }
  Fig f{r.v, r.tag, r.src, r.note};
  hw.figs[path] = f;
}

/* Load `path` and its ancestors into docs (child first); detects cycles. */
void load_chain(std::vector<std::unique_ptr<Doc>> &docs,
                const std::string &path) {
  std::string cur = path;
  std::vector<std::string> names;
  for (;;) {
    auto d = std::make_unique<Doc>();
    read_doc(*d, cur);
    auto nm = d->leaves.find("name");
    if (nm == d->leaves.end())
      fail(GC_ESCHEMA, cur + ": missing required field 'name'");
    if (nm->second.str != stem_of(cur))
      fail(GC_ESCHEMA, where(nm->second.region) + ": name = \"" +
                           nm->second.str + "\" differs from the file name '" +
                           stem_of(cur) + ".toml'");
    names.push_back(nm->second.str);
    auto inh = d->leaves.find("inherits");
    std::string parent = inh == d->leaves.end() ? "" : inh->second.str;
    std::string pdir = dir_of(cur);
    toml::source_region inh_region =
        inh == d->leaves.end() ? toml::source_region{} : inh->second.region;
    docs.push_back(std::move(d));
    if (parent.empty())
      return;
    if (std::find(names.begin(), names.end(), parent) != names.end()) {
      std::string chain;
      for (auto &n : names)
        chain += n + " -> ";
      fail(GC_ESCHEMA, path + ": inherits cycle: " + chain + parent);
    }
    std::string next = pdir + "/" + parent + ".toml";
    std::ifstream probe(next);
    if (!probe) { /* a model outside the shipped directory (greenc calibrate
                     writes one) may inherit a shipped model */
      std::string shipped =
          std::string(gc_hw_default_dir()) + "/" + parent + ".toml";
      std::ifstream probe2(shipped);
      if (probe2)
        next = shipped;
    }
    if (next == pdir + "/" + parent + ".toml" && !probe)
      fail(GC_ENOTFOUND, where(inh_region) + ": inherits = \"" + parent +
                             "\": no model " + next);
    cur = next;
  }
}

void build(gc_hw &hw, const std::vector<std::unique_ptr<Doc>> &docs) {
  /* Merge, root ancestor first, so that descendants override. Identity fields
   * are the child's own. */
  std::map<std::string, const Leaf *> merged;
  for (size_t i = docs.size(); i-- > 0;)
    for (auto &kv : docs[i]->leaves) {
      const std::string &k = kv.first;
      if (i > 0 && (k == "name" || k == "vendor" || k == "kind" ||
                    k == "year" || k == "description" || k == "inherits"))
        continue;
      merged[k] = &kv.second;
    }
  for (auto &kv : docs[0]->leaves) /* the child's identity */
    if (kv.first == "name" || kv.first == "vendor" || kv.first == "kind" ||
        kv.first == "year" || kv.first == "description" ||
        kv.first == "inherits")
      merged[kv.first] = &kv.second;

  const std::string &path = docs[0]->path;
  hw.path = path;
  auto str = [&](const char *k) {
    return merged.count(k) ? merged[k]->str : std::string();
  };
  hw.name = str("name");
  hw.kind = str("kind");
  hw.vendor = str("vendor");
  hw.description = str("description");
  hw.inherits = str("inherits");
  hw.dram_type = str("dram.type");
  hw.op_in_instruction = str("energy.op_energy") == "in_instruction";
  if (hw.kind.empty())
    fail(GC_ESCHEMA, path + ": missing required field 'kind'");
  if (hw.kind != "tech")
    for (const char *req : {"vendor", "chip.cores"})
      if (!merged.count(req))
        fail(GC_ESCHEMA, path + ": missing required field '" + req +
                             "' (required for kind = \"" + hw.kind + "\")");
  for (auto &kv : merged)
    if (kv.first.rfind("sources.", 0) == 0)
      hw.sources[kv.first.substr(8)] = kv.second->str;

  for (auto &kv : merged)
    if (kv.second->kind == Leaf::FIG)
      add_fig(hw, kv.first, kv.second->fig);

  if (merged.count("memory")) {
    const toml::array &a = *merged["memory"]->arr;
    for (size_t i = 0; i < a.size(); i++) {
      const toml::table &t = *a.get(i)->as_table();
      std::string p = "memory[" + std::to_string(i) + "]";
      for (auto &s : kMemFigs)
        if (const toml::node *n = t.get(s.key))
          add_fig(hw, p + "." + s.key, read_fig(*n, p + "." + s.key, s.rule));
      std::string sharing =
          t.get("sharing") ? t.get("sharing")->value<std::string>().value_or("")
                           : "";
      hw.levels.push_back({t.get("name")->value<std::string>().value_or(""),
                           sharing, p, false});
    }
  }
  if (merged.count("throughput")) {
    const toml::array &a = *merged["throughput"]->arr;
    for (size_t i = 0; i < a.size(); i++) {
      const toml::table &t = *a.get(i)->as_table();
      std::string p = "throughput[" + std::to_string(i) + "]";
      for (auto &s : kThrFigs)
        if (const toml::node *n = t.get(s.key))
          add_fig(hw, p + "." + s.key, read_fig(*n, p + "." + s.key, s.rule));
      gc_ty ty = GC_TY_NONE;
      gc_ty_parse(&ty, t.get("ty")->value<std::string>().value_or("").c_str());
      hw.thr.push_back(
          {t.get("unit")->value<std::string>().value_or(""), p, ty});
    }
  }
  if (merged.count("dram.pj_per_bit") || merged.count("dram.read_gbs") ||
      !hw.dram_type.empty()) {
    if (hw.figs.count("dram.pj_per_bit")) {
      Fig f = hw.figs["dram.pj_per_bit"];
      f.v *= 8;
      f.note = "8 x dram.pj_per_bit";
      hw.derived["dram.read_pj_per_byte"] = f;
      hw.derived["dram.write_pj_per_byte"] = f;
    }
    hw.levels.push_back({"DRAM", "chip", "dram", true});
  }
  for (auto &kv : hw.figs)
    hw.fig_order.push_back(kv.first);
}

gc_figure to_c(const gc_hw *hw, const Fig *f) {
  gc_figure out;
  std::memset(&out, 0, sizeof out);
  if (!f)
    return out;
  out.present = 1;
  out.value = f->v;
  out.tag = f->tag;
  auto s = hw->sources.find(f->src_key);
  out.source = s == hw->sources.end() ? "" : s->second.c_str();
  out.src_key = f->src_key.c_str();
  out.note = f->note.c_str();
  return out;
}

const Fig *find_fig(const gc_hw *hw, const std::string &path) {
  auto it = hw->figs.find(path);
  if (it != hw->figs.end())
    return &it->second;
  auto d = hw->derived.find(path);
  return d == hw->derived.end() ? nullptr : &d->second;
}

int catch_all(gc_error *err, const std::string &ctx) {
  try {
    throw;
  } catch (const LoadError &e) {
    return gc_error_set(err, e.code, "%s", e.msg.c_str());
  } catch (const std::bad_alloc &) {
    return gc_error_set(err, GC_ENOMEM, "%s: out of memory", ctx.c_str());
  } catch (const std::exception &e) {
    return gc_error_set(err, GC_EPARSE, "%s: %s", ctx.c_str(), e.what());
  } catch (...) {
    return gc_error_set(err, GC_EPARSE, "%s: unexpected error", ctx.c_str());
  }
}

std::vector<std::string> list_names(const std::string &dir) {
  std::vector<std::string> names;
  DIR *d = opendir(dir.c_str());
  if (!d)
    fail(GC_EIO, dir + ": cannot open directory: " + std::strerror(errno));
  while (struct dirent *e = readdir(d)) {
    std::string f = e->d_name;
    if (f.size() > 5 && f.compare(f.size() - 5, 5, ".toml") == 0 && f[0] != '.')
      names.push_back(f.substr(0, f.size() - 5));
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace

extern "C" {

const char *gc_tag_name(gc_tag tag) {
  return (unsigned)tag < 4 ? kTags[tag] : "?";
}

int gc_hw_load(gc_hw **out, const char *path, gc_error *err) {
  if (!out || !path)
    return gc_error_set(err, GC_EINVAL, "gc_hw_load: NULL argument");
  *out = nullptr;
  try {
    std::vector<std::unique_ptr<Doc>> docs;
    load_chain(docs, path);
    auto hw = std::make_unique<gc_hw>();
    build(*hw, docs);
    *out = hw.release();
    return GC_OK;
  } catch (...) {
    return catch_all(err, path);
  }
}

int gc_hw_load_named(gc_hw **out, const char *name_or_path, const char *dir,
                     gc_error *err) {
  if (!out || !name_or_path)
    return gc_error_set(err, GC_EINVAL, "gc_hw_load_named: NULL argument");
  *out = nullptr;
  std::string n = name_or_path;
  if (n.find('/') != std::string::npos ||
      (n.size() > 5 && n.compare(n.size() - 5, 5, ".toml") == 0))
    return gc_hw_load(out, name_or_path, err);
  std::string d = dir ? dir : gc_hw_default_dir();
  try {
    std::vector<std::string> names = list_names(d);
    if (std::find(names.begin(), names.end(), n) == names.end())
      fail(GC_ENOTFOUND,
           "no hardware model '" + n + "' in " + d + suggest(n, names));
  } catch (...) {
    return catch_all(err, d);
  }
  std::string p = d + "/" + n + ".toml";
  return gc_hw_load(out, p.c_str(), err);
}

void gc_hw_free(gc_hw *hw) { delete hw; }

const char *gc_hw_default_dir(void) {
  const char *e = std::getenv("GREENC_HWMODELS_DIR");
  if (e && *e)
    return e;
  return GREENC_HWMODELS_SRC_DIR;
}

const char *gc_hw_default_name(void) { return "epyc-9654"; }

int gc_hw_list(char ***out, size_t *n, const char *dir, gc_error *err) {
  if (!out || !n)
    return gc_error_set(err, GC_EINVAL, "gc_hw_list: NULL argument");
  *out = nullptr;
  *n = 0;
  std::string d = dir ? dir : gc_hw_default_dir();
  std::vector<std::string> names;
  try {
    names = list_names(d);
  } catch (...) {
    return catch_all(err, d);
  }
  char **arr =
      (char **)std::calloc(names.size() ? names.size() : 1, sizeof *arr);
  if (!arr)
    return gc_error_set(err, GC_ENOMEM, "gc_hw_list: out of memory");
  for (size_t i = 0; i < names.size(); i++) {
    arr[i] = strdup(names[i].c_str());
    if (!arr[i]) {
      for (size_t j = 0; j < i; j++)
        std::free(arr[j]);
      std::free(arr);
      return gc_error_set(err, GC_ENOMEM, "gc_hw_list: out of memory");
    }
  }
  *out = arr;
  *n = names.size();
  return GC_OK;
}

const char *gc_hw_name(const gc_hw *hw) { return hw->name.c_str(); }
const char *gc_hw_kind(const gc_hw *hw) { return hw->kind.c_str(); }
const char *gc_hw_vendor(const gc_hw *hw) { return hw->vendor.c_str(); }
const char *gc_hw_path(const gc_hw *hw) { return hw->path.c_str(); }
const char *gc_hw_inherits(const gc_hw *hw) { return hw->inherits.c_str(); }
const char *gc_hw_dram_type(const gc_hw *hw) { return hw->dram_type.c_str(); }
int gc_hw_op_energy_in_instruction(const gc_hw *hw) {
  return hw->op_in_instruction;
}

gc_figure gc_hw_figure(const gc_hw *hw, const char *path) {
  return to_c(hw, find_fig(hw, path));
}

size_t gc_hw_nfigures(const gc_hw *hw) { return hw->fig_order.size(); }

int gc_hw_figure_at(gc_figure *out, const char **path_out, const gc_hw *hw,
                    size_t i) {
  if (i >= hw->fig_order.size())
    return GC_ENOTFOUND;
  const std::string &p = hw->fig_order[i];
  *out = to_c(hw, &hw->figs.at(p));
  if (path_out)
    *path_out = p.c_str();
  return GC_OK;
}

gc_figure gc_hw_op_figure(const gc_hw *hw, const char *table, gc_op op,
                          gc_ty ty) {
  if (ty == GC_TY_PTR)
    ty = GC_TY_I64;
  std::string p =
      std::string(table) + "." + gc_ty_name(ty) + "." + gc_op_name(op);
  return to_c(hw, find_fig(hw, p));
}

gc_figure gc_hw_op_pj(const gc_hw *hw, gc_op op, gc_ty ty) {
  return gc_hw_op_figure(hw, "energy", op, ty);
}

gc_figure gc_hw_op_latency(const gc_hw *hw, gc_op op, gc_ty ty) {
  return gc_hw_op_figure(hw, "latency_cycles", op, ty);
}

size_t gc_hw_nlevels(const gc_hw *hw) { return hw->levels.size(); }

int gc_hw_level_at(gc_hw_level *out, const gc_hw *hw, size_t i) {
  if (i >= hw->levels.size())
    return GC_ENOTFOUND;
  const gc_hw::Level &l = hw->levels[i];
  out->name = l.name.c_str();
  out->sharing = l.sharing.empty() ? "chip" : l.sharing.c_str();
  out->is_dram = l.dram;
  const std::string p = l.prefix + ".";
  out->size_kib = to_c(hw, find_fig(hw, p + "size_kib"));
  out->line_bytes = to_c(hw, find_fig(hw, p + "line_bytes"));
  out->read_gbs = to_c(hw, find_fig(hw, p + "read_gbs"));
  out->write_gbs = to_c(hw, find_fig(hw, p + "write_gbs"));
  out->read_pj_per_byte = to_c(hw, find_fig(hw, p + "read_pj_per_byte"));
  out->write_pj_per_byte = to_c(hw, find_fig(hw, p + "write_pj_per_byte"));
  return GC_OK;
}

size_t gc_hw_nthroughputs(const gc_hw *hw) { return hw->thr.size(); }

int gc_hw_throughput_at(gc_hw_throughput *out, const gc_hw *hw, size_t i) {
  if (i >= hw->thr.size())
    return GC_ENOTFOUND;
  const gc_hw::Thr &t = hw->thr[i];
  out->unit = t.unit.c_str();
  out->ty = t.ty;
  out->lanes = to_c(hw, find_fig(hw, t.prefix + ".lanes"));
  out->ops_per_cycle = to_c(hw, find_fig(hw, t.prefix + ".ops_per_cycle"));
  return GC_OK;
}

int gc_hw_throughput_find(gc_hw_throughput *out, const gc_hw *hw,
                          const char *unit, gc_ty ty) {
  for (size_t i = 0; i < hw->thr.size(); i++)
    if (hw->thr[i].unit == unit && hw->thr[i].ty == ty)
      return gc_hw_throughput_at(out, hw, i);
  return GC_ENOTFOUND;
}

int gc_hw_describe(const gc_hw *hw, FILE *out) {
  try {
    std::ostringstream s;
    s << hw->name << " (" << hw->kind;
    if (!hw->vendor.empty())
      s << ", " << hw->vendor;
    s << ")\n";
    if (!hw->description.empty())
      s << "  " << hw->description << "\n";
    s << "  file: " << hw->path << "\n";
    if (!hw->inherits.empty())
      s << "  inherits: " << hw->inherits << "\n";
    if (!hw->dram_type.empty())
      s << "  dram: " << hw->dram_type << "\n";
    if (hw->op_in_instruction)
      s << "  op energy: included in the per-instruction energy\n";
    for (size_t i = 0; i < hw->levels.size(); i++)
      s << "  memory level " << i << ": " << hw->levels[i].name << " ("
        << (hw->levels[i].sharing.empty() ? "chip" : hw->levels[i].sharing)
        << ", figures under " << hw->levels[i].prefix << ")\n";
    for (size_t i = 0; i < hw->thr.size(); i++)
      s << "  throughput " << i << ": " << hw->thr[i].unit << " "
        << gc_ty_name(hw->thr[i].ty) << " (figures under " << hw->thr[i].prefix
        << ")\n";
    s << "figures:\n";
    for (auto &p : hw->fig_order) {
      const Fig &f = hw->figs.at(p);
      s << "  " << p << " = " << fmt_num(f.v) << "  [" << kTags[f.tag] << ", "
        << f.src_key << "]";
      if (!f.note.empty())
        s << "  " << f.note;
      s << "\n";
    }
    s << "sources:\n";
    for (auto &kv : hw->sources)
      s << "  " << kv.first << ": " << kv.second << "\n";
    std::string txt = s.str();
    if (std::fwrite(txt.data(), 1, txt.size(), out) != txt.size())
      return GC_EIO;
    return GC_OK;
  } catch (...) {
    return GC_ENOMEM;
  }
}

} // extern "C"
