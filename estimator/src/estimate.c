/* estimate.c: energy, time and carbon of operation counts on a hardware model
 * (greenc/estimate.h).
 *
 * Every output is a low-high range. A figure the model lacks is named in
 * `missing` and makes what depends on it unknown (or widens it to a range whose
 * reason says so); an unbounded count makes its dependants unknown. */
#include "greenc/estimate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- ranges ---- */

static void r_set(gc_range *r, double lo, double hi) {
  r->known = 1;
  r->lo = lo;
  r->hi = hi;
}

static void r_add_reason(gc_range *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void r_add_reason(gc_range *r, const char *fmt, ...) {
  size_t len = strlen(r->reason);
  if (len + 3 >= sizeof r->reason)
    return;
  if (len) {
    strcpy(r->reason + len, "; ");
    len += 2;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->reason + len, sizeof r->reason - len, fmt, ap);
  va_end(ap);
}

/* Mark r unknown; the first reason given wins, later ones are appended. */
static void r_unknown(gc_range *r, const char *why) {
  if (r->known || !r->reason[0]) {
    r->reason[0] = '\0';
    r_add_reason(r, "%s", why);
  }
  r->known = 0;
  r->lo = r->hi = 0;
}

static void r_copy_unknown(gc_range *dst, const gc_range *src,
                           const char *what) {
  char why[sizeof dst->reason];
  size_t n = 0;
  const char *parts[3] = {what, " unknown: ", src->reason};
  if (strncmp(src->reason, "unbounded count", 15) == 0)
    parts[0] = parts[1] = ""; /* the root cause says it all */
  for (int i = 0; i < 3; i++)
    for (const char *c = parts[i]; *c && n + 1 < sizeof why; c++)
      why[n++] = *c;
  why[n] = '\0';
  r_unknown(dst, why);
}

static void add_missing(gc_estimate *e, const char *field) {
  size_t len = strlen(e->missing), fl = strlen(field);
  const char *p = e->missing;
  while ((p = strstr(p, field)) != NULL) { /* already listed? */
    int starts = p == e->missing || p[-1] == ' ';
    int ends = p[fl] == '\0' || p[fl] == ',';
    if (starts && ends)
      return;
    p += fl;
  }
  if (len + fl + 3 >= sizeof e->missing)
    return;
  snprintf(e->missing + len, sizeof e->missing - len, "%s%s", len ? ", " : "",
           field);
}

/* ---- tag shares ---- */

typedef struct tags {
  double e[4];
} tags;

static void tag_add(tags *t, const gc_figure *f, double energy) {
  if (f->present && energy > 0)
    t->e[f->tag] += energy;
}

/* ---- the computation ---- */

typedef struct bytes_rw {
  double r_lo, r_hi, w_lo, w_hi;
} bytes_rw;

static int row_valid(const gc_opcount *r) {
  if ((unsigned)r->op >= GC_OP_COUNT_ || (unsigned)r->ty >= GC_TY_COUNT_ ||
      r->lanes == 0)
    return 0;
  if (isnan(r->n_lo) || isnan(r->n_hi) || r->n_lo < 0 || r->n_hi < r->n_lo ||
      isinf(r->n_lo))
    return 0;
  if (isnan(r->bytes_lo) || isnan(r->bytes_hi) || r->bytes_lo < 0 ||
      r->bytes_hi < r->bytes_lo)
    return 0;
  return 1;
}

static int is_arith(gc_op op) { return gc_op_is_float(op) || gc_op_is_int(op); }

/* "unbounded count: fmul f32 has no upper bound" ("call", without a type). */
static void unbounded_why(char *why, size_t n, const gc_opcount *r) {
  snprintf(why, n, "unbounded count: %s%s%s has no upper bound",
           gc_op_name(r->op), r->ty == GC_TY_NONE ? "" : " ",
           r->ty == GC_TY_NONE ? "" : gc_ty_name(r->ty));
}

/* Counts: flops, macs, bytes, instructions. */
static void count(gc_estimate *e, const gc_opcount *rows, size_t nrows,
                  bytes_rw *rw) {
  double f_lo = 0, f_hi = 0, m_lo = 0, m_hi = 0, i_lo = 0, i_hi = 0;
  memset(rw, 0, sizeof *rw);
  const gc_opcount *unb_f = NULL, *unb_b = NULL, *unb_i = NULL;
  for (size_t i = 0; i < nrows; i++) {
    const gc_opcount *r = &rows[i];
    double fl = gc_op_flops(r->op) * (double)r->lanes,
           mc = gc_op_macs(r->op) * (double)r->lanes;
    if (isinf(r->n_hi)) {
      /* a call executed an unknown number of times (recursion, an OpenMP
       * team) hides its callee's FLOPs too */
      if ((fl > 0 || r->op == GC_OP_CALL) && !unb_f)
        unb_f = r;
      if (!unb_i)
        unb_i = r;
    }
    if (gc_op_is_memory(r->op) && (isinf(r->bytes_hi) || isinf(r->n_hi)) &&
        !unb_b)
      unb_b = r;
    f_lo += fl * r->n_lo;
    f_hi += fl * r->n_hi;
    m_lo += mc * r->n_lo;
    m_hi += mc * r->n_hi;
    i_lo += r->n_lo;
    i_hi += r->n_hi;
    switch (r->op) {
    case GC_OP_LOAD:
      rw->r_lo += r->bytes_lo, rw->r_hi += r->bytes_hi;
      break;
    case GC_OP_STORE:
    case GC_OP_MEMSET:
      rw->w_lo += r->bytes_lo, rw->w_hi += r->bytes_hi;
      break;
    case GC_OP_MEMCPY:
    case GC_OP_MEMMOVE:
      rw->r_lo += r->bytes_lo, rw->r_hi += r->bytes_hi;
      rw->w_lo += r->bytes_lo, rw->w_hi += r->bytes_hi;
      break;
    default:
      break;
    }
  }
  char why[256];
  if (unb_f) {
    unbounded_why(why, sizeof why, unb_f);
    r_unknown(&e->flops, why);
    r_unknown(&e->macs, why);
  } else {
    r_set(&e->flops, f_lo, f_hi);
    r_set(&e->macs, m_lo, m_hi);
  }
  if (unb_b) {
    snprintf(why, sizeof why, "unbounded count: %s bytes have no upper bound",
             gc_op_name(unb_b->op));
    r_unknown(&e->bytes, why);
  } else {
    r_set(&e->bytes, rw->r_lo + rw->w_lo, rw->r_hi + rw->w_hi);
  }
  if (unb_i) {
    unbounded_why(why, sizeof why, unb_i);
    r_unknown(&e->instructions, why);
  } else {
    r_set(&e->instructions, i_lo, i_hi);
  }
}

static void energy_compute(gc_estimate *e, const gc_hw *hw,
                           const gc_opcount *rows, size_t nrows, tags *tg) {
  gc_range *out = &e->energy_compute_j;
  if (!e->instructions.known) {
    r_copy_unknown(out, &e->instructions, "instruction count");
    return;
  }
  int in_instr = gc_hw_op_energy_in_instruction(hw);
  gc_figure ipj = gc_hw_figure(hw, "energy.instruction_pj");
  double lo = 0, hi = 0, ncalls = 0;
  int ok = 1;
  char why[256] = "";
  if (e->instructions.hi > 0) {
    if (!ipj.present) {
      add_missing(e, "energy.instruction_pj");
      snprintf(why, sizeof why, "the model has no energy.instruction_pj");
      ok = 0;
    } else {
      lo += e->instructions.lo * ipj.value;
      hi += e->instructions.hi * ipj.value;
      tag_add(tg, &ipj,
              (e->instructions.lo + e->instructions.hi) / 2 * ipj.value);
    }
  }
  for (size_t i = 0; i < nrows; i++) {
    const gc_opcount *r = &rows[i];
    if (r->op == GC_OP_CALL)
      ncalls += r->n_hi;
    if (in_instr || !is_arith(r->op) || r->n_hi == 0)
      continue;
    gc_figure f = gc_hw_op_pj(hw, r->op, r->ty);
    if (!f.present) {
      char path[64];
      snprintf(path, sizeof path, "energy.%s.%s",
               gc_ty_name(r->ty == GC_TY_PTR ? GC_TY_I64 : r->ty),
               gc_op_name(r->op));
      add_missing(e, path);
      if (ok)
        snprintf(why, sizeof why, "the model has no %s", path);
      ok = 0;
      continue;
    }
    lo += r->n_lo * r->lanes * f.value;
    hi += r->n_hi * r->lanes * f.value;
    tag_add(tg, &f, (r->n_lo + r->n_hi) / 2 * r->lanes * f.value);
  }
  if (!ok) {
    r_unknown(out, why);
    return;
  }
  r_set(out, lo * 1e-12, hi * 1e-12);
  if (in_instr)
    r_add_reason(out, "per-op energy included in the per-instruction energy "
                      "(one cycle each)");
  if (ncalls > 0)
    r_add_reason(out,
                 "%.0f call(s) to code without a model: only the call "
                 "instruction is charged",
                 ncalls);
}

/* The nearest level and the farthest (DRAM when the model has one). */
static void energy_memory(gc_estimate *e, const gc_hw *hw, const bytes_rw *rw,
                          tags *tg) {
  gc_range *out = &e->energy_memory_j;
  size_t nl = gc_hw_nlevels(hw);
  if (!e->bytes.known) {
    r_copy_unknown(out, &e->bytes, "memory traffic");
    return;
  }
  if (gc_hw_op_energy_in_instruction(hw)) {
    r_set(out, 0, 0);
    r_add_reason(out, "memory accesses included in the per-instruction energy");
    return;
  }
  if (e->bytes.hi == 0) {
    r_set(out, 0, 0);
    return;
  }
  if (nl == 0) {
    add_missing(e, "memory");
    r_unknown(out, "the model has no memory levels");
    return;
  }
  gc_hw_level near, far;
  gc_hw_level_at(&near, hw, 0);
  gc_hw_level_at(&far, hw, nl - 1);
  char path[96];
  /* high: every byte from the farthest level, which must be DRAM */
  if (!far.is_dram) {
    add_missing(e, "dram");
    r_unknown(out,
              "the model has no DRAM level: no upper bound on memory energy");
    return;
  }
  int far_ok = 1;
  if (rw->r_hi > 0 && !far.read_pj_per_byte.present)
    far_ok = 0;
  if (rw->w_hi > 0 && !far.write_pj_per_byte.present)
    far_ok = 0;
  if (!far_ok) {
    add_missing(e, "dram.pj_per_bit");
    r_unknown(
        out,
        "the model has no dram.pj_per_bit: no upper bound on memory energy");
    return;
  }
  double hi = rw->r_hi * far.read_pj_per_byte.value +
              rw->w_hi * far.write_pj_per_byte.value;
  /* low: every byte served by the nearest level */
  int near_ok = 1;
  if (rw->r_lo > 0 && !near.read_pj_per_byte.present) {
    snprintf(path, sizeof path, "memory[0].read_pj_per_byte (%s)", near.name);
    add_missing(e, path);
    near_ok = 0;
  }
  if (rw->w_lo > 0 && !near.write_pj_per_byte.present) {
    snprintf(path, sizeof path, "memory[0].write_pj_per_byte (%s)", near.name);
    add_missing(e, path);
    near_ok = 0;
  }
  double lo = 0;
  if (near_ok && !near.is_dram)
    lo = rw->r_lo * near.read_pj_per_byte.value +
         rw->w_lo * near.write_pj_per_byte.value;
  else if (near_ok) /* DRAM is the only level */
    lo = rw->r_lo * far.read_pj_per_byte.value +
         rw->w_lo * far.write_pj_per_byte.value;
  r_set(out, lo * 1e-12, hi * 1e-12);
  if (near_ok)
    r_add_reason(out,
                 "no traffic model yet: low = every byte served by %s, high = "
                 "every byte from %s",
                 near.name, far.name);
  else
    r_add_reason(out,
                 "no traffic model yet and no pJ per byte for %s: low = 0, "
                 "high = every byte from %s",
                 near.name, far.name);
  gc_figure *nf =
      rw->r_lo > 0 ? &near.read_pj_per_byte : &near.write_pj_per_byte;
  gc_figure *ff = rw->r_hi > 0 ? &far.read_pj_per_byte : &far.write_pj_per_byte;
  if (near_ok)
    tag_add(tg, near.is_dram ? ff : nf, lo / 2);
  tag_add(tg, ff, hi / 2);
}

/* Per level: the bytes it may serve (0 .. all, until a traffic model exists)
 * and the energy if it served them all. */
static void fill_levels(gc_estimate *e, const gc_hw *hw, const bytes_rw *rw) {
  size_t nl = gc_hw_nlevels(hw);
  if (!e->bytes.known)
    return;
  e->nlevels = nl < GC_EST_MAX_LEVELS ? nl : GC_EST_MAX_LEVELS;
  for (size_t i = 0; i < e->nlevels; i++) {
    gc_hw_level l;
    gc_hw_level_at(&l, hw, i);
    e->level[i].name = l.name;
    r_set(&e->level[i].bytes, 0, rw->r_hi + rw->w_hi);
    int ok = (rw->r_hi == 0 || l.read_pj_per_byte.present) &&
             (rw->w_hi == 0 || l.write_pj_per_byte.present);
    if (ok) {
      double eh = rw->r_hi * (rw->r_hi > 0 ? l.read_pj_per_byte.value : 0) +
                  rw->w_hi * (rw->w_hi > 0 ? l.write_pj_per_byte.value : 0);
      r_set(&e->level[i].energy_j, 0, eh * 1e-12);
    } else {
      r_unknown(&e->level[i].energy_j,
                "the model has no pJ per byte for this level");
    }
  }
}

/* Compute cycles per core (already divided over cores_used by the caller). */
static void time_compute(gc_estimate *e, const gc_hw *hw,
                         const gc_opcount *rows, size_t nrows, double ghz) {
  gc_range *out = &e->time_compute_s;
  if (!e->instructions.known) {
    r_copy_unknown(out, &e->instructions, "instruction count");
    return;
  }
  if (gc_hw_op_energy_in_instruction(hw)) {
    /* the model's own assumption, as for its energy: one cycle per instruction
     */
    if (ghz <= 0) {
      r_unknown(out, "the model has no clock");
      return;
    }
    r_set(out, e->instructions.lo / (ghz * 1e9 * e->cores_used),
          e->instructions.hi / (ghz * 1e9 * e->cores_used));
    r_add_reason(out, "one cycle per instruction (estimate)");
    return;
  }
  double c_lo = 0, c_hi = 0;
  int ok = 1, skipped_int = 0, skipped_cvt = 0, slow = 0, timed_issue = 0;
  char why[256] = "";
  for (size_t i = 0; i < nrows; i++) {
    const gc_opcount *r = &rows[i];
    int fp = gc_op_is_float(r->op);
    if (r->n_hi == 0 ||
        !(fp || (gc_op_is_int(r->op) && r->role == GC_ROLE_DATA)))
      continue;
    gc_hw_throughput t;
    int have =
        gc_hw_throughput_find(&t, hw, "vector",
                              r->ty == GC_TY_PTR ? GC_TY_I64 : r->ty) == GC_OK;
    if (!fp && !have) {
      skipped_int = 1;
      continue;
    }
    if (fp && !gc_ty_is_float(r->ty)) { /* a conversion to an integer */
      skipped_cvt = 1;
      continue;
    }
    /* a slow op (division, square root, a math function's call) with a
     * measured issue cost: that many cycles per instruction (per
     * native-width piece of a wider one) */
    gc_figure issue = gc_hw_op_figure(hw, "issue_cycles", r->op, r->ty);
    int is_slow = r->op == GC_OP_FDIV || r->op == GC_OP_FREM ||
                  r->op == GC_OP_FSQRT ||
                  (r->op >= GC_OP_FEXP && r->op <= GC_OP_FMATH);
    if (is_slow && !issue.present)
      slow = 1;
    if (!have || !t.lanes.present) {
      char path[64];
      snprintf(path, sizeof path, "throughput[vector %s]%s", gc_ty_name(r->ty),
               have ? ".lanes" : "");
      add_missing(e, path);
      if (ok)
        snprintf(why, sizeof why, "the model has no %s", path);
      ok = 0;
      continue;
    }
    double native = t.lanes.value, slots = t.ops_per_cycle.value / (2 * native);
    double per = ceil((double)r->lanes / native) / slots;
    if (issue.present) {
      per = ceil((double)r->lanes / native) * issue.value;
      timed_issue = 1;
    }
    c_lo += r->n_lo * per;
    c_hi += r->n_hi * per;
  }
  if (!ok) {
    r_unknown(out, why);
    return;
  }
  if (ghz <= 0) {
    r_unknown(out, "the model has no clock");
    return;
  }
  double hz = ghz * 1e9 * e->cores_used;
  r_set(out, c_lo / hz, c_hi / hz);
  r_add_reason(out, "peak issue rate on the FP/SIMD pipes%s",
               e->cores_used > 1 ? ", work split evenly" : "");
  if (skipped_int)
    r_add_reason(
        out, "integer data ops not timed (no integer throughput in the model)");
  if (skipped_cvt)
    r_add_reason(out, "conversions to integers not timed");
  if (timed_issue)
    r_add_reason(out, "slow ops at their measured issue cost (issue_cycles)");
  if (slow)
    r_add_reason(out, "division, square root and math functions at the full "
                      "pipe rate (a lower bound)");
}

/* Latency bound of the recurrences; compute time = max(throughput, latency)
 * and e->bound says which applies. */
static void time_latency(gc_estimate *e, const gc_hw *hw,
                         const gc_est_recurrence *recs, size_t nrecs,
                         double ghz) {
  gc_range *out = &e->time_latency_s, *tc = &e->time_compute_s;
  if (nrecs == 0) {
    r_unknown(out, "no loop-carried recurrence recorded");
    return;
  }
  if (gc_hw_op_energy_in_instruction(hw)) {
    r_unknown(out, "the model times one cycle per instruction");
    return;
  }
  if (ghz <= 0) {
    r_unknown(out, "the model has no clock");
    return;
  }
  /* Out-of-order overlap: the core keeps up to `rob` operations in flight and
   * retires them in order. A chain of `trip` iterations of `body` operations
   * each restarts at every entry into its loop, independent of the previous
   * chain; while one chain's tail runs, the next one's head is already in the
   * window. In steady state about 1 + rob / (body x trip) chains advance
   * together (one when a chain is much longer than the window, rob / (body x
   * trip) when many whole chains fit in it): the cycles per iteration are the
   * chain's latency over that overlap. The throughput bound still applies
   * (max below). */
  gc_figure rob = gc_hw_figure(hw, "chip.rob_entries");
  double c_lo = 0, c_hi = 0, top = -1, max_overlap = 1;
  size_t ntimed = 0, nuntimed = 0;
  char label[192] = "", untimed[128] = "";
  for (size_t i = 0; i < nrecs; i++) {
    const gc_est_recurrence *r = &recs[i];
    double cpi = 0;
    for (size_t k = 0; k < r->nops && k < GC_EST_MAX_CHAIN; k++) {
      gc_figure f = gc_hw_op_latency(hw, r->ops[k].op, r->ops[k].ty);
      if (!f.present) {
        char path[64];
        snprintf(
            path, sizeof path, "latency_cycles.%s.%s",
            gc_ty_name(r->ops[k].ty == GC_TY_PTR ? GC_TY_I64 : r->ops[k].ty),
            gc_op_name(r->ops[k].op));
        add_missing(e, path);
        continue;
      }
      cpi += r->ops[k].n * f.value;
    }
    if (cpi <= 0)
      continue;
    if (rob.present && r->trip > 0 && r->body_ops > 0) {
      double overlap = 1 + rob.value / (r->body_ops * r->trip);
      cpi /= overlap;
      max_overlap = fmax(max_overlap, overlap);
    }
    if (isinf(r->iters_hi) || isnan(r->iters_hi)) {
      if (!nuntimed++)
        snprintf(untimed, sizeof untimed, "loop %u: iterations unknown",
                 r->loop);
      continue;
    }
    ntimed++;
    c_lo += r->iters_lo * cpi;
    c_hi += r->iters_hi * cpi;
    if (r->iters_hi * cpi > top) {
      top = r->iters_hi * cpi;
      size_t n = 0;
      for (size_t k = 0; k < r->nops && k < GC_EST_MAX_CHAIN; k++) {
        char w[24] = "";
        if (r->ops[k].lanes > 1)
          snprintf(w, sizeof w, "x%u", r->ops[k].lanes);
        n += (size_t)snprintf(
            label + n, n < sizeof label ? sizeof label - n : 0, "%s%s %s%s",
            k ? " + " : "", gc_op_name(r->ops[k].op), gc_ty_name(r->ops[k].ty),
            w);
        if (n >= sizeof label)
          break;
      }
      char where[96];
      size_t wn = 0;
      if (r->function)
        wn = (size_t)snprintf(where, sizeof where, "%.40s: ", r->function);
      if (r->line)
        snprintf(where + wn, sizeof where - wn, "loop %u, line %u", r->loop,
                 r->line);
      else
        snprintf(where + wn, sizeof where - wn, "loop %u", r->loop);
      char tail[160];
      snprintf(tail, sizeof tail, " chain, %.3g cycles per iteration (%s)", cpi,
               where);
      size_t ll = strlen(label);
      if (ll + 1 < sizeof label)
        snprintf(label + ll, sizeof label - ll, "%s", tail);
    }
  }
  if (ntimed == 0) {
    r_unknown(out, nuntimed ? untimed
                            : "no latency in the model for the ops of the "
                              "recurrences");
    return;
  }
  double hz = ghz * 1e9 * e->cores_used;
  r_set(out, c_lo / hz, c_hi / hz);
  r_add_reason(out,
               "loop-carried dependency chains: iterations x cycles per "
               "iteration%s",
               e->cores_used > 1 ? ", split evenly over the cores" : "");
  if (nuntimed)
    r_add_reason(out, "%s: not timed", untimed);
  if (max_overlap >= 1.005) /* not for chains far longer than the window */
    r_add_reason(out,
                 "independent chains overlap in the %g-entry reorder window "
                 "(up to %.2fx)",
                 rob.value, max_overlap);
  if (!tc->known)
    return;
  double mid_t = (tc->lo + tc->hi) / 2, mid_l = (out->lo + out->hi) / 2;
  e->latency_bound = mid_l > mid_t;
  if (e->latency_bound)
    snprintf(e->bound, sizeof e->bound, "latency-bound: %s", label);
  else
    snprintf(e->bound, sizeof e->bound, "throughput-bound");
  if (out->lo > tc->lo || out->hi > tc->hi) {
    char keep[sizeof tc->reason];
    snprintf(keep, sizeof keep, "%s", tc->reason);
    tc->reason[0] = '\0';
    r_set(tc, fmax(tc->lo, out->lo), fmax(tc->hi, out->hi));
    r_add_reason(tc, "max(throughput, latency)");
    if (e->latency_bound)
      r_add_reason(tc, "%s", e->bound);
    r_add_reason(tc, "%s", keep);
  }
}

/* Bandwidth of a level for the cores in use, GB/s; 0 when unknown. */
static double level_bw(const gc_hw_level *l, int write, unsigned cores_used) {
  const gc_figure *f =
      write && l->write_gbs.present ? &l->write_gbs : &l->read_gbs;
  if (!f->present)
    return 0;
  return strcmp(l->sharing, "core") == 0 ? f->value * cores_used : f->value;
}

/* Seconds to move r bytes in and w bytes out of level l at bandwidths br and
 * bw (GB/s) with `cores` cores. Caches, and DRAM under every core: reads and
 * writes share the ports or the bus, so their times add. DRAM under one core:
 * what limits it is the core's outstanding read misses; the write-backs of
 * lines it has read drain from the memory controller's queue meanwhile, so
 * the slower of the two streams sets the time. (greenc calibrate's figures
 * agree: on the development VM a store stream, which reads each line for
 * ownership before writing it back, ran at 18.7 GB/s stored against 17.2 GB/s
 * for a read stream: the write-backs cost no extra time.) */
static double level_time(const gc_hw_level *l, unsigned cores, double r,
                         double br, double w, double bw) {
  if (l->is_dram && cores == 1)
    return fmax(r / br, w / bw) * 1e-9;
  return (r / br + w / bw) * 1e-9;
}

static void time_memory(gc_estimate *e, const gc_hw *hw, const bytes_rw *rw) {
  gc_range *out = &e->time_memory_s;
  if (!e->bytes.known) {
    r_copy_unknown(out, &e->bytes, "memory traffic");
    return;
  }
  if (e->bytes.hi == 0) {
    r_set(out, 0, 0);
    return;
  }
  if (gc_hw_op_energy_in_instruction(hw)) {
    r_set(out, 0, 0);
    r_add_reason(out, "memory accesses included in the instruction cycles");
    return;
  }
  size_t nl = gc_hw_nlevels(hw);
  gc_hw_level near, far;
  if (nl == 0 || (gc_hw_level_at(&far, hw, nl - 1), !far.is_dram)) {
    add_missing(e, "dram.read_gbs");
    r_unknown(out, "the model has no DRAM bandwidth");
    return;
  }
  gc_hw_level_at(&near, hw, 0);
  double fr = level_bw(&far, 0, e->cores_used),
         fw = level_bw(&far, 1, e->cores_used);
  if (fr <= 0) {
    add_missing(e, "dram.read_gbs");
    r_unknown(out, "the model has no dram.read_gbs");
    return;
  }
  double hi = level_time(&far, e->cores_used, rw->r_hi, fr, rw->w_hi, fw);
  double nr = level_bw(&near, 0, e->cores_used),
         nw = level_bw(&near, 1, e->cores_used);
  double lo = nr > 0 ? (rw->r_lo / nr + rw->w_lo / nw) * 1e-9 : 0;
  r_set(out, lo, hi);
  if (nr > 0)
    r_add_reason(
        out,
        "low = every byte at %s bandwidth, high = every byte at DRAM bandwidth",
        near.name);
  else
    r_add_reason(out,
                 "no %s bandwidth in the model: low = 0, high = every byte at "
                 "DRAM bandwidth",
                 near.name);
  if (e->cores_used == 1 && gc_hw_nlevels(hw) > 0)
    r_add_reason(out, "one core given the chip's DRAM bandwidth (optimistic)");
}

static void energy_static(gc_estimate *e, const gc_hw *hw, tags *tg) {
  gc_range *out = &e->energy_static_j;
  if (gc_hw_op_energy_in_instruction(hw)) {
    r_set(out, 0, 0);
    r_add_reason(out, "static power included in the per-instruction energy");
    return;
  }
  if (strcmp(gc_hw_kind(hw), "tech") == 0) {
    r_set(out, 0, 0);
    r_add_reason(out,
                 "a technology reference has no chip: dynamic energy only");
    return;
  }
  if (!e->time_s.known) {
    r_copy_unknown(out, &e->time_s, "time");
    return;
  }
  gc_figure cores = gc_hw_figure(hw, "chip.cores");
  double share =
      cores.present && cores.value > 0 ? e->cores_used / cores.value : 1;
  gc_figure st = gc_hw_figure(hw, "power.static_w"),
            tdp = gc_hw_figure(hw, "power.tdp_w");
  if (st.present) {
    r_set(out, st.value * share * e->time_s.lo,
          st.value * share * e->time_s.hi);
    tag_add(tg, &st, (out->lo + out->hi) / 2 * 1e12); /* pJ */
  } else if (tdp.present) {
    add_missing(e, "power.static_w");
    r_set(out, 0, tdp.value * share * e->time_s.hi);
    r_add_reason(out, "no idle power in the model: between 0 and TDP x time");
    tag_add(tg, &tdp, out->hi / 2 * 1e12); /* pJ */
  } else {
    add_missing(e, "power.static_w");
    r_unknown(out, "the model has neither power.static_w nor power.tdp_w");
    return;
  }
  if (share < 1)
    r_add_reason(
        out,
        "the chip's static power shared over its cores: %u of %.0f charged",
        e->cores_used, cores.value);
}

static double pick_clock(gc_estimate *e, const gc_hw *hw, int all_cores,
                         char *note, size_t nnote) {
  const char *order_one[] = {"chip.boost_ghz", "chip.base_ghz",
                             "chip.all_core_ghz"};
  const char *order_all[] = {"chip.all_core_ghz", "chip.base_ghz",
                             "chip.boost_ghz"};
  const char **order = all_cores ? order_all : order_one;
  note[0] = '\0';
  for (int i = 0; i < 3; i++) {
    gc_figure f = gc_hw_figure(hw, order[i]);
    if (f.present) {
      if (i > 0)
        snprintf(note, nnote, "no %s in the model: %s used", order[0],
                 order[i]);
      return f.value;
    }
  }
  add_missing(e, order[0]);
  return 0;
}

/* ---- with a traffic model (greenc/traffic.h) ---- */

/* pJ per byte for reading (write = 0) or writing level i: the level's figure,
 * else the range between the nearest figures above (lo; 0 when none) and below
 * (hi). Returns 0 when no figure below is known either. */
static int level_pj(double *lo, double *hi, const gc_figure **tag,
                    const gc_hw *hw, size_t i, int write) {
  size_t nl = gc_hw_nlevels(hw);
  gc_hw_level l;
  *tag = NULL;
  gc_hw_level_at(&l, hw, i);
  const gc_figure *f = write ? &l.write_pj_per_byte : &l.read_pj_per_byte;
  if (f->present) {
    *lo = *hi = f->value;
    return 1;
  }
  *lo = 0;
  for (size_t k = i; k-- > 0;) {
    gc_hw_level a;
    gc_hw_level_at(&a, hw, k);
    const gc_figure *fa = write ? &a.write_pj_per_byte : &a.read_pj_per_byte;
    if (fa->present) {
      *lo = fa->value;
      break;
    }
  }
  for (size_t k = i + 1; k < nl; k++) {
    gc_hw_level b;
    gc_hw_level_at(&b, hw, k);
    const gc_figure *fb = write ? &b.write_pj_per_byte : &b.read_pj_per_byte;
    if (fb->present) {
      *hi = fb->value;
      return 1;
    }
  }
  return 0;
}

static double rest_of(double all, double modelled) {
  return all > modelled ? all - modelled : 0;
}

/* Memory energy, per-level figures and memory time with traffic tr for the
 * modelled accesses; the rest of rw keeps the range of the functions above. */
static void with_traffic(gc_estimate *e, const gc_hw *hw, const bytes_rw *rw,
                         const gc_est_traffic *tr, tags *tg) {
  size_t nl = gc_hw_nlevels(hw);
  bytes_rw rest = {rest_of(rw->r_lo, tr->read_bytes[0]),
                   rest_of(rw->r_hi, tr->read_bytes[0]),
                   rest_of(rw->w_lo, tr->write_bytes[0]),
                   rest_of(rw->w_hi, tr->write_bytes[0])};
  /* data-dependent bytes on lines already counted: level 0 at most */
  double cov_r = fmin(tr->covered_read_bytes, rest.r_hi),
         cov_w = fmin(tr->covered_write_bytes, rest.w_hi);
  double rest_all_hi = rest.r_hi + rest.w_hi;
  rest.r_hi -= cov_r;
  rest.w_hi -= cov_w;
  double rest_hi = rest.r_hi + rest.w_hi;
  /* the rest, as without a traffic model */
  gc_range all = e->bytes;
  r_set(&e->bytes, rest.r_lo + rest.w_lo, rest_hi);
  energy_memory(e, hw, &rest, tg);
  time_memory(e, hw, &rest);
  e->bytes = all;
  gc_range *em = &e->energy_memory_j, *tm = &e->time_memory_s;
  char rest_note[400];
  snprintf(rest_note, sizeof rest_note,
           "%.0f bytes outside the traffic model (%.200s) between the nearest "
           "level and DRAM",
           rest_hi, tr->note[0] ? tr->note : "counted, not modelled");
  /* energy: the modelled traffic at each level */
  double lo = 0, hi = 0;
  int ok = 1, ranged = 0;
  for (size_t i = 0; i < nl && i < tr->nlevels; i++) {
    for (int w = 0; w < 2; w++) {
      double b = w ? tr->write_bytes[i] : tr->read_bytes[i], plo, phi;
      const gc_figure *tag;
      if (b <= 0)
        continue;
      if (!level_pj(&plo, &phi, &tag, hw, i, w)) {
        gc_hw_level l;
        gc_hw_level_at(&l, hw, i);
        char path[96];
        snprintf(path, sizeof path, "memory[%zu].%s_pj_per_byte (%s)", i,
                 w ? "write" : "read", l.name);
        add_missing(e, path);
        ok = 0;
        continue;
      }
      if (plo != phi) {
        gc_hw_level l;
        gc_hw_level_at(&l, hw, i);
        char path[96];
        snprintf(path, sizeof path, "memory[%zu].%s_pj_per_byte (%s)", i,
                 w ? "write" : "read", l.name);
        add_missing(e, path);
        ranged = 1;
      }
      lo += b * plo;
      hi += b * phi;
      gc_hw_level l;
      gc_hw_level_at(&l, hw, i);
      tag_add(tg, w ? &l.write_pj_per_byte : &l.read_pj_per_byte,
              b * (plo + phi) / 2);
    }
  }
  double cov_hi = 0;
  if (cov_r + cov_w > 0) {
    double plo, phi;
    const gc_figure *tag;
    if (cov_r > 0 && level_pj(&plo, &phi, &tag, hw, 0, 0))
      cov_hi += cov_r * phi;
    else if (cov_r > 0)
      ok = 0;
    if (cov_w > 0 && level_pj(&plo, &phi, &tag, hw, 0, 1))
      cov_hi += cov_w * phi;
    else if (cov_w > 0)
      ok = 0;
  }
  if (!ok) {
    r_unknown(em, "a memory level the traffic reaches has no pJ per byte, "
                  "nor one below it");
  } else if (em->known) {
    double rlo = em->lo, rhi = em->hi;
    em->reason[0] = '\0';
    r_set(em, rlo + lo * 1e-12, rhi + (hi + cov_hi) * 1e-12);
    r_add_reason(em, "traffic model: bytes per level x pJ per byte");
    if (ranged)
      r_add_reason(em, "a level without pJ per byte charged between the "
                       "levels above and below it");
    if (cov_r + cov_w > 0)
      r_add_reason(em,
                   "%.0f bytes of data-dependent accesses on lines counted "
                   "already: between 0 and all of them at the nearest level",
                   cov_r + cov_w);
    if (rest_hi > 0)
      r_add_reason(em, "%s", rest_note);
  }
  /* per level: the modelled bytes, plus (high) the rest */
  e->nlevels = nl < GC_EST_MAX_LEVELS ? nl : GC_EST_MAX_LEVELS;
  for (size_t i = 0; i < e->nlevels; i++) {
    gc_hw_level l;
    gc_hw_level_at(&l, hw, i);
    double r = tr->read_bytes[i], w = tr->write_bytes[i];
    double blo = r + w + (i == 0 ? rest.r_lo + rest.w_lo : 0);
    e->level[i].name = l.name;
    memset(&e->level[i].bytes, 0, sizeof e->level[i].bytes);
    memset(&e->level[i].energy_j, 0, sizeof e->level[i].energy_j);
    r_set(&e->level[i].bytes, blo, r + w + (i == 0 ? rest_all_hi : rest_hi));
    double rlo, rhi, wlo, whi;
    const gc_figure *tag;
    double xr = rest.r_hi + (i == 0 ? cov_r : 0),
           xw = rest.w_hi + (i == 0 ? cov_w : 0);
    int okr = r + xr == 0 || level_pj(&rlo, &rhi, &tag, hw, i, 0);
    int okw = w + xw == 0 || level_pj(&wlo, &whi, &tag, hw, i, 1);
    if (r + xr == 0)
      rlo = rhi = 0;
    if (w + xw == 0)
      wlo = whi = 0;
    if (okr && okw)
      r_set(&e->level[i].energy_j,
            ((r + (i == 0 ? rest.r_lo : 0)) * rlo +
             (w + (i == 0 ? rest.w_lo : 0)) * wlo) *
                1e-12,
            ((r + xr) * rhi + (w + xw) * whi) * 1e-12);
    else
      r_unknown(&e->level[i].energy_j,
                "the model has no pJ per byte for this level");
  }
  /* time: the slowest level; the rest at the nearest level (low) or DRAM */
  if (!tm->known)
    return;
  double tlo = 0, thi = 0;
  char untimed[128] = "";
  size_t nu = 0;
  for (size_t i = 0; i < nl && i < tr->nlevels; i++) {
    gc_hw_level l;
    gc_hw_level_at(&l, hw, i);
    double r = tr->read_bytes[i], w = tr->write_bytes[i];
    if (r + w <= 0)
      continue;
    double br = level_bw(&l, 0, e->cores_used),
           bw = level_bw(&l, 1, e->cores_used);
    if (br <= 0) {
      if (l.is_dram) {
        add_missing(e, "dram.read_gbs");
        r_unknown(tm, "the model has no DRAM bandwidth");
        return;
      }
      nu += (size_t)snprintf(untimed + nu, sizeof untimed - nu, "%s%s",
                             nu ? ", " : "", l.name);
      if (nu >= sizeof untimed)
        nu = sizeof untimed - 1;
      continue;
    }
    double t = level_time(&l, e->cores_used, r, br, w, bw);
    tlo = fmax(tlo, t);
    thi = fmax(thi, t);
  }
  double rlo = tm->lo, rhi = tm->hi;
  tm->reason[0] = '\0';
  r_set(tm, fmax(tlo, rlo), fmax(thi, rhi));
  r_add_reason(tm, "traffic model: the slowest level's bytes / bandwidth");
  if (untimed[0])
    r_add_reason(tm, "no bandwidth for %s: not timed", untimed);
  if (rest_hi > 0)
    r_add_reason(tm, "%s", rest_note);
  if (e->cores_used == 1)
    r_add_reason(tm, "one core given the chip's DRAM bandwidth (optimistic)");
}

/* The traffic model starts every call with cold caches. Such a call pays a
 * fixed latency before any bandwidth applies: its code and first data lines
 * come from DRAM after page walks whose own table entries were evicted
 * (dram.cold_call_ns, measured by greenc calibrate). Added to the time when
 * the call takes bytes from DRAM. */
static void cold_call(gc_estimate *e, const gc_hw *hw,
                      const gc_est_traffic *tr) {
  size_t nl = gc_hw_nlevels(hw);
  gc_hw_level far;
  if (nl == 0 || gc_hw_level_at(&far, hw, nl - 1) != GC_OK || !far.is_dram ||
      tr->read_bytes[nl - 1] + tr->write_bytes[nl - 1] <= 0)
    return;
  gc_figure f = gc_hw_figure(hw, "dram.cold_call_ns");
  if (!f.present)
    return;
  e->time_s.lo += f.value * 1e-9;
  e->time_s.hi += f.value * 1e-9;
  r_add_reason(&e->time_s,
               "+ %.0f ns: a call starting with cold caches and TLBs "
               "(dram.cold_call_ns)",
               f.value);
}

int gc_estimate_compute(gc_estimate *out, const gc_hw *hw,
                        const gc_opcount *rows, size_t nrows,
                        const gc_estimate_opts *opts, gc_error *err) {
  return gc_estimate_compute_traffic(out, hw, rows, nrows, opts, NULL, err);
}

int gc_estimate_compute_traffic(gc_estimate *out, const gc_hw *hw,
                                const gc_opcount *rows, size_t nrows,
                                const gc_estimate_opts *opts,
                                const gc_est_traffic *traffic, gc_error *err) {
  return gc_estimate_compute_full(out, hw, rows, nrows, opts, traffic, NULL, 0,
                                  err);
}

int gc_estimate_compute_full(gc_estimate *out, const gc_hw *hw,
                             const gc_opcount *rows, size_t nrows,
                             const gc_estimate_opts *opts,
                             const gc_est_traffic *traffic,
                             const gc_est_recurrence *recs, size_t nrecs,
                             gc_error *err) {
  if (!out || !hw || (nrows > 0 && !rows) || (nrecs > 0 && !recs))
    return gc_error_set(err, GC_EINVAL, "gc_estimate_compute: NULL argument");
  for (size_t i = 0; i < nrows; i++)
    if (!row_valid(&rows[i]))
      return gc_error_set(err, GC_EINVAL,
                          "gc_estimate_compute: row %zu (%s %s) is invalid", i,
                          gc_op_name(rows[i].op), gc_ty_name(rows[i].ty));
  for (size_t i = 0; i < nrecs; i++) {
    const gc_est_recurrence *r = &recs[i];
    int ok = r->nops <= GC_EST_MAX_CHAIN && !isnan(r->iters_lo) &&
             !isnan(r->iters_hi) && r->iters_lo >= 0 &&
             r->iters_hi >= r->iters_lo && !isinf(r->iters_lo);
    for (size_t k = 0; ok && k < r->nops; k++)
      ok = (unsigned)r->ops[k].op < GC_OP_COUNT_ &&
           (unsigned)r->ops[k].ty < GC_TY_COUNT_ && r->ops[k].lanes > 0 &&
           r->ops[k].n >= 0 && isfinite(r->ops[k].n);
    if (!ok)
      return gc_error_set(err, GC_EINVAL,
                          "gc_estimate_compute: recurrence %zu (loop %u) is "
                          "invalid",
                          i, r->loop);
  }
  memset(out, 0, sizeof *out);
  gc_estimate_opts dflt = {0, 0};
  if (!opts)
    opts = &dflt;
  gc_figure cores = gc_hw_figure(hw, "chip.cores");
  out->cores_used =
      opts->all_cores && cores.present ? (unsigned)cores.value : 1;
  if (opts->all_cores && !cores.present)
    add_missing(out, "chip.cores");

  tags tg;
  memset(&tg, 0, sizeof tg);
  bytes_rw rw;
  count(out, rows, nrows, &rw);
  energy_compute(out, hw, rows, nrows, &tg);
  int use_traffic = traffic && traffic->nlevels > 0 &&
                    traffic->nlevels == gc_hw_nlevels(hw) &&
                    traffic->nlevels <= GC_EST_MAX_LEVELS && out->bytes.known &&
                    !gc_hw_op_energy_in_instruction(hw);
  if (!use_traffic) {
    energy_memory(out, hw, &rw, &tg);
    fill_levels(out, hw, &rw);
    if (traffic && traffic->nlevels == 0 && traffic->note[0] &&
        out->energy_memory_j.known && out->energy_memory_j.hi > 0)
      r_add_reason(&out->energy_memory_j, "traffic not modelled: %.200s",
                   traffic->note);
  }

  char clock_note[128];
  out->clock_ghz =
      pick_clock(out, hw, opts->all_cores, clock_note, sizeof clock_note);
  time_compute(out, hw, rows, nrows, out->clock_ghz);
  if (clock_note[0] && out->time_compute_s.known)
    r_add_reason(&out->time_compute_s, "%s", clock_note);
  time_latency(out, hw, recs, nrecs, out->clock_ghz);
  if (use_traffic)
    with_traffic(out, hw, &rw, traffic, &tg);
  else
    time_memory(out, hw, &rw);
  if (!out->time_compute_s.known)
    r_copy_unknown(&out->time_s, &out->time_compute_s, "compute time");
  else if (!out->time_memory_s.known)
    r_copy_unknown(&out->time_s, &out->time_memory_s, "memory time");
  else {
    r_set(&out->time_s, fmax(out->time_compute_s.lo, out->time_memory_s.lo),
          fmax(out->time_compute_s.hi, out->time_memory_s.hi));
    r_add_reason(&out->time_s, "roofline lower bound: max(compute, memory)");
    if (out->latency_bound && out->time_compute_s.hi >= out->time_memory_s.hi)
      r_add_reason(&out->time_s, "%s", out->bound);
    if (out->bound[0] && out->time_memory_s.hi > out->time_compute_s.hi) {
      char b[sizeof out->bound];
      snprintf(b, sizeof b, "memory-bound (compute %.150s)", out->bound);
      snprintf(out->bound, sizeof out->bound, "%s", b);
    }
    if (use_traffic)
      cold_call(out, hw, traffic);
  }
  energy_static(out, hw, &tg);

  const gc_range *parts[3] = {&out->energy_compute_j, &out->energy_memory_j,
                              &out->energy_static_j};
  const char *names[3] = {"compute energy", "memory energy", "static energy"};
  double lo = 0, hi = 0;
  int known = 1;
  for (int i = 0; i < 3; i++) {
    if (!parts[i]->known) {
      if (known)
        r_copy_unknown(&out->energy_j, parts[i], names[i]);
      known = 0;
      continue;
    }
    lo += parts[i]->lo;
    hi += parts[i]->hi;
  }
  if (known) {
    r_set(&out->energy_j, lo, hi);
    if (out->energy_memory_j.hi > out->energy_memory_j.lo)
      r_add_reason(&out->energy_j,
                   use_traffic
                       ? "range from bytes outside the traffic model or "
                         "levels without pJ per byte"
                       : "range from the memory levels serving the bytes");
    if (out->energy_static_j.reason[0] && out->energy_static_j.lo == 0 &&
        out->energy_static_j.hi > 0)
      r_add_reason(&out->energy_j, "static power unknown, bounded by TDP");
    double total = tg.e[0] + tg.e[1] + tg.e[2] + tg.e[3];
    for (int i = 0; i < 4 && total > 0; i++)
      out->tag_share[i] = tg.e[i] / total;
  }

  if (opts->grid_g_per_kwh > 0) {
    out->grid_g_per_kwh = opts->grid_g_per_kwh;
  } else {
    gc_figure g = gc_hw_figure(hw, "carbon.grid_g_per_kwh");
    if (g.present)
      out->grid_g_per_kwh = g.value;
    else
      add_missing(out, "carbon.grid_g_per_kwh");
  }
  if (!out->energy_j.known)
    r_copy_unknown(&out->carbon_g, &out->energy_j, "energy");
  else if (out->grid_g_per_kwh <= 0)
    r_unknown(&out->carbon_g, "no grid carbon intensity (give a region, or the "
                              "model's carbon.grid_g_per_kwh)");
  else
    r_set(&out->carbon_g, out->energy_j.lo / 3.6e6 * out->grid_g_per_kwh,
          out->energy_j.hi / 3.6e6 * out->grid_g_per_kwh);
  return GC_OK;
}
