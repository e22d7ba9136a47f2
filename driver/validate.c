/* validate.c: greenc validate [--hw MODEL] [--format text|json] [--view VIEW]
 * -- PROGRAM [ARGS...]
 *
 * Runs a program built with greencc --energy=instrument with $GREENC_COUNTS
 * set to a temporary file, reads the counts its runtime wrote and the
 * profiles in PROGRAM's .greenc.profile section, and compares them per
 * function (greenc/validate.h): per block, per op row, totals; wall time
 * measured against the model's estimate; energy through powercap where the
 * machine has it. The program's stdout goes to our stderr so that the report
 * is alone on stdout. */
#define _GNU_SOURCE
#include "validate.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "greenc/count.h"
#include "greenc/dyncount.h"
#include "greenc/estimate.h"
#include "greenc/hw.h"
#include "greenc/objread.h"
#include "greenc/powercap.h"
#include "greenc/profile.h"
#include "greenc/validate.h"

#define PROG "greenc validate"

enum { V_OK = 0, V_INPUT = 1, V_USAGE = 2, V_MISMATCH = 3, V_FAIL = 4 };

static void usage(FILE *f) {
  fputs("usage: greenc validate [--hw MODEL] [--format text|json] "
        "[--view source|executed] -- PROGRAM [ARGS...]\n"
        "  runs PROGRAM (built with greencc --energy=instrument) and compares "
        "its static counts with\n"
        "  the counts it executed, per function; see docs/validation.md\n",
        f);
}

/* Run argv with GREENC_COUNTS=counts, stdout to our stderr. */
static int run_program(int *status, char **argv, const char *counts,
                       double *seconds) {
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    dup2(2, 1);
    setenv("GREENC_COUNTS", counts, 1);
    execvp(argv[0], argv);
    fprintf(stderr, PROG ": error: cannot run %s: %s\n", argv[0],
            strerror(errno));
    _exit(127);
  }
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0)
    if (errno != EINTR)
      return -1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  *seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
  return 0;
}

/* Estimated time (s) of fn over the run's tuples on hw: lo..hi, or known 0
 * with a reason. */
static void estimate_time(gc_range *t, const gc_profile_set *set,
                          const gc_val_function *vf, const gc_dyn_function *df,
                          const gc_hw *hw, gc_view_kind view) {
  memset(t, 0, sizeof *t);
  t->known = 1;
  gc_binding *syms = calloc(df->nsymbols + 1, sizeof *syms);
  if (!syms) {
    t->known = 0;
    snprintf(t->reason, sizeof t->reason, "out of memory");
    return;
  }
  for (size_t s = 0; s < df->nsymbols; s++)
    syms[s].name = df->symbols[s];
  for (size_t i = 0; i < df->ntuples && t->known; i++) {
    for (size_t s = 0; s < df->nsymbols; s++)
      syms[s].value = df->tuples[i].values[s];
    gc_count_opts o = {
        .view = view, .bindings = syms, .nbindings = df->nsymbols};
    gc_counts *c = NULL;
    gc_opcount *rows = NULL;
    size_t n = 0;
    gc_error err = {0};
    gc_estimate e;
    if (gc_count_function(&c, set, vf->fn, &o, &err) != GC_OK ||
        gc_counts_to_opcount(&rows, &n, c, &err) != GC_OK ||
        gc_estimate_compute(&e, hw, rows, n, NULL, &err) != GC_OK) {
      t->known = 0;
      snprintf(t->reason, sizeof t->reason, "%.200s", err.msg);
    } else if (!e.time_s.known) {
      t->known = 0;
      snprintf(t->reason, sizeof t->reason, "%s", e.time_s.reason);
    } else {
      t->lo += e.time_s.lo * (double)df->tuples[i].calls;
      t->hi += e.time_s.hi * (double)df->tuples[i].calls;
    }
    free(rows);
    gc_counts_free(c);
  }
  free(syms);
}

static json_t *fig_json(const gc_val_figure *f) {
  json_t *o =
      json_pack("{s:s, s:b, s:I, s:b}", "what", f->what, "checked", f->checked,
                "dynamic", (json_int_t)f->dynamic, "ok", f->ok);
  if (!o)
    return NULL;
  if (f->checked) {
    json_object_set_new(o, "static_lo", json_integer(f->lo));
    json_object_set_new(o, "static_hi", json_integer(f->hi));
  } else {
    json_object_set_new(o, "note", json_string(f->note));
  }
  return o;
}

static json_t *figs_json(const gc_val_figure *f, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, fig_json(&f[i]));
  return a;
}

static json_t *strs_json(const char *const *s, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, json_string(s[i]));
  return a;
}

static void print_fig(FILE *out, const gc_val_figure *f) {
  if (f->lo == f->hi)
    fprintf(out, "    %-28s static %lld  dynamic %llu  %s\n", f->what,
            (long long)f->lo, (unsigned long long)f->dynamic,
            f->ok ? "equal" : "MISMATCH");
  else
    fprintf(out, "    %-28s static %lld..%lld  dynamic %llu  %s\n", f->what,
            (long long)f->lo, (long long)f->hi, (unsigned long long)f->dynamic,
            f->ok ? "within" : "MISMATCH");
}

int drv_validate(int argc, char **argv) {
  int rc = V_FAIL;
  const char *hwname = NULL, *format = "text";
  gc_view_kind view = GC_VIEW_EXECUTED;
  int traffic = 0, i = 0, view_given = 0;
  gc_error err = {0};
  gc_objset *objs = NULL;
  gc_profile_set *set = NULL;
  gc_dyncount *dyn = NULL;
  gc_validation *val = NULL;
  gc_hw *hw = NULL;
  gc_powercap *pc = NULL;
  gc_powercap_snapshot *s0 = NULL, *s1 = NULL;
  gc_powercap_energy *pe = NULL;
  json_t *doc = NULL;
  char dir[] = "/tmp/greenc-validate.XXXXXX";
  char *counts = NULL;
  int have_dir = 0;

  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return V_OK;
    }
    if ((strcmp(a, "--hw") == 0 || strcmp(a, "--format") == 0 ||
         strcmp(a, "--view") == 0) &&
        i + 1 >= argc) {
      fprintf(stderr, PROG ": error: %s needs a value\n", a);
      return V_USAGE;
    }
    if (strcmp(a, "--hw") == 0)
      hwname = argv[++i];
    else if (strcmp(a, "--format") == 0)
      format = argv[++i];
    else if (strcmp(a, "--view") == 0) {
      const char *vw = argv[++i];
      if (strcmp(vw, "executed") == 0)
        view = GC_VIEW_EXECUTED;
      else if (strcmp(vw, "source") == 0)
        view = GC_VIEW_SOURCE;
      else {
        fprintf(stderr, PROG ": error: unknown view '%s' (source, executed)\n",
                vw);
        return V_USAGE;
      }
      view_given = 1;
    } else if (strcmp(a, "--traffic") == 0)
      traffic = 1;
    else if (a[0] == '-') {
      fprintf(stderr, PROG ": error: unknown option '%s'\n", a);
      usage(stderr);
      return V_USAGE;
    } else
      break;
  }
  if (i >= argc) {
    fprintf(stderr, PROG ": error: no program to run (greenc validate -- "
                         "PROGRAM [ARGS...])\n");
    return V_USAGE;
  }
  if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
    fprintf(stderr, PROG ": error: unknown format '%s' (text, json)\n", format);
    return V_USAGE;
  }
  if (traffic) {
    fprintf(stderr, PROG ": error: --traffic (cachegrind against the traffic "
                         "model) is not implemented yet\n");
    return V_USAGE;
  }
  /* The counts do not need a model: without one (the default model does
   * not load) times are not estimated, the rest is validated. */
  char hw_note[GC_ERROR_MAX + 64] = "";
  if (gc_hw_load_named(&hw, hwname ? hwname : gc_hw_default_name(), NULL,
                       &err) != GC_OK) {
    if (hwname) {
      fprintf(stderr, PROG ": error: %s\n", err.msg);
      rc = err.code == GC_ENOTFOUND ? V_USAGE : V_INPUT;
      goto done;
    }
    fprintf(stderr,
            PROG ": warning: the default hardware model does not load (%s): "
                 "times are not estimated\n",
            err.msg);
    snprintf(hw_note, sizeof hw_note, "no hardware model: %.900s", err.msg);
    hw = NULL;
    memset(&err, 0, sizeof err);
  }
  char **prog = argv + i;
  /* The profiles: in the program itself (an executable keeps the section). */
  const char *path = prog[0];
  char *found = NULL;
  if (!strchr(path, '/')) {
    const char *p = getenv("PATH");
    while (p && *p && !found) {
      const char *c = strchr(p, ':');
      size_t l = c ? (size_t)(c - p) : strlen(p);
      if (asprintf(&found, "%.*s/%s", (int)l, p, path) < 0)
        found = NULL;
      else if (access(found, X_OK) != 0) {
        free(found);
        found = NULL;
      }
      p = c ? c + 1 : NULL;
    }
  }
  int orc = gc_objread_path(&objs, found ? found : path, &err);
  free(found);
  if (orc != GC_OK) {
    fprintf(stderr, PROG ": error: %s\n", err.msg);
    rc = V_INPUT;
    goto done;
  }
  if (gc_profile_set_new(&set) != GC_OK)
    goto done;
  for (size_t k = 0; k < gc_objset_count(objs); k++) {
    const gc_objrec *r = gc_objset_record(objs, k);
    if (gc_profile_set_add_json(set, r->payload, r->len, r->origin, &err) !=
        GC_OK)
      fprintf(stderr, PROG ": warning: %s\n", err.msg);
  }
  if (gc_profile_set_nprofiles(set) == 0) {
    fprintf(stderr,
            PROG ": error: %s has no greenc profile (build it with greencc "
                 "--energy=instrument)\n",
            path);
    rc = V_INPUT;
    goto done;
  }

  if (!mkdtemp(dir)) {
    fprintf(stderr, PROG ": error: cannot create a temporary directory: %s\n",
            strerror(errno));
    goto done;
  }
  have_dir = 1;
  if (asprintf(&counts, "%s/counts.json", dir) < 0) {
    counts = NULL;
    goto done;
  }
  /* Energy: powercap around the run, where the machine has it. */
  char energy_note[GC_ERROR_MAX + 64] = "";
  if (gc_powercap_open(&pc, NULL, &err) != GC_OK ||
      gc_powercap_snapshot_take(&s0, pc, &err) != GC_OK)
    snprintf(energy_note, sizeof energy_note, "not measurable here: %s",
             err.msg);
  int status = 0;
  double seconds = 0;
  if (run_program(&status, prog, counts, &seconds) != 0) {
    fprintf(stderr, PROG ": error: cannot run %s: %s\n", prog[0],
            strerror(errno));
    goto done;
  }
  double joules = -1;
  if (s0) {
    if (gc_powercap_snapshot_take(&s1, pc, &err) != GC_OK ||
        gc_powercap_delta(&pe, s0, s1, &err) != GC_OK ||
        gc_powercap_energy_domain(&joules, pe, "package", &err) != GC_OK)
      snprintf(energy_note, sizeof energy_note, "not measurable here: %s",
               err.msg);
  }
  if (status == 127) {
    rc = V_FAIL;
    goto done;
  }
  if (gc_dyncount_load_file(&dyn, counts, &err) != GC_OK) {
    fprintf(stderr,
            PROG ": error: the program wrote no counts (%s): was it built "
                 "with greencc --energy=instrument and did it exit normally "
                 "(status %d)?\n",
            err.msg, status);
    rc = V_INPUT;
    goto done;
  }
  /* By default the view the program counted (instrument=source counts the
   * source view's blocks). */
  if (!view_given && gc_dyncount_nfunctions(dyn) &&
      strcmp(gc_dyncount_function(dyn, 0)->view, "source") == 0)
    view = GC_VIEW_SOURCE;
  if (gc_validate(&val, set, dyn, view, &err) != GC_OK) {
    fprintf(stderr, PROG ": error: %s\n", err.msg);
    goto done;
  }

  size_t nf = gc_validation_nfunctions(val);
  int json = strcmp(format, "json") == 0;
  if (json) {
    doc = json_pack("{s:i, s:s, s:s, s:i, s:f}", "greenc_validate", 1, "view",
                    gc_view_kind_name(view), "hw", hw ? gc_hw_name(hw) : "",
                    "exit_status", status, "seconds", seconds);
    if (!doc)
      goto done;
    json_object_set_new(doc, "functions", json_array());
  } else {
    printf("greenc validate: %s view, hardware %s; %s exited with status %d "
           "after %.3f s\n",
           gc_view_kind_name(view), hw ? gc_hw_name(hw) : "none", prog[0],
           status, seconds);
  }
  for (size_t k = 0; k < nf; k++) {
    const gc_val_function *vf = gc_validation_function(val, k);
    const gc_dyn_function *df = gc_dyncount_find(dyn, vf->name, vf->module);
    gc_range t = {0};
    if (vf->fn && df && hw)
      estimate_time(&t, set, vf, df, hw, view);
    else
      snprintf(t.reason, sizeof t.reason, "%.200s",
               hw ? "no profile" : hw_note);
    if (json) {
      json_t *f = json_pack(
          "{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "name",
          vf->name, "module", vf->module, "status",
          gc_val_status_name(vf->status), "reason", vf->reason, "calls",
          (json_int_t)vf->calls, "tuples", (json_int_t)vf->ntuples, "blocks",
          figs_json(vf->blocks, vf->nblocks), "rows",
          figs_json(vf->rows, vf->nrows), "totals",
          figs_json(vf->totals, vf->ntotals), "findings",
          strs_json(vf->findings, vf->nfindings), "notes",
          strs_json(vf->notes, vf->nnotes));
      if (!f)
        goto done;
      json_t *tm = json_pack("{s:f}", "measured_s", vf->ns * 1e-9);
      if (t.known) {
        json_object_set_new(tm, "estimated_lo_s", json_real(t.lo));
        json_object_set_new(tm, "estimated_hi_s", json_real(t.hi));
      } else {
        json_object_set_new(tm, "estimated_reason", json_string(t.reason));
      }
      json_object_set_new(f, "time", tm);
      json_array_append_new(json_object_get(doc, "functions"), f);
      continue;
    }
    size_t nunc = 0;
    for (size_t b = 0; b < vf->nblocks; b++)
      nunc += !vf->blocks[b].checked;
    for (size_t r = 0; r < vf->nrows; r++)
      nunc += !vf->rows[r].checked;
    for (size_t r = 0; r < vf->ntotals; r++)
      nunc += !vf->totals[r].checked;
    printf("\n%s  (%s)  %s", vf->name, vf->module,
           gc_val_status_name(vf->status));
    if (nunc)
      printf(", %zu figure%s not compared (notes)", nunc, nunc == 1 ? "" : "s");
    printf("\n");
    if (vf->status == GC_VAL_UNCHECKED)
      printf("  %s\n", vf->reason);
    printf("  calls %llu, distinct symbol tuples %zu\n",
           (unsigned long long)vf->calls, vf->ntuples);
    if (vf->nblocks) {
      size_t ok = 0;
      for (size_t b = 0; b < vf->nblocks; b++)
        ok += vf->blocks[b].checked && vf->blocks[b].ok;
      printf("  blocks: %zu of %zu equal or within their range\n", ok,
             vf->nblocks);
      for (size_t b = 0; b < vf->nblocks; b++)
        if (vf->blocks[b].checked && !vf->blocks[b].ok)
          print_fig(stdout, &vf->blocks[b]);
    }
    if (vf->nrows) {
      printf("  ops (static from the counting core, dynamic from the "
             "counters):\n");
      for (size_t r = 0; r < vf->nrows; r++)
        if (vf->rows[r].checked)
          print_fig(stdout, &vf->rows[r]);
    }
    if (vf->ntotals) {
      printf("  totals:\n");
      for (size_t r = 0; r < vf->ntotals; r++)
        if (vf->totals[r].checked)
          print_fig(stdout, &vf->totals[r]);
    }
    for (size_t n = 0; n < vf->nfindings; n++)
      printf("  finding: %s\n", vf->findings[n]);
    for (size_t n = 0; n < vf->nnotes; n++)
      printf("  note: %s\n", vf->notes[n]);
    if (t.known)
      printf("  time: estimated %.3g..%.3g s, measured %.3g s (inclusive "
             "wall time, instrumented)\n",
             t.lo, t.hi, vf->ns * 1e-9);
    else
      printf("  time: measured %.3g s; estimate unknown: %s\n", vf->ns * 1e-9,
             t.reason);
  }
  if (json) {
    if (joules >= 0)
      json_object_set_new(doc, "energy_j", json_real(joules));
    else
      json_object_set_new(doc, "energy", json_string(energy_note));
    json_object_set_new(
        doc, "summary",
        json_pack(
            "{s:I, s:I, s:I}", "equal",
            (json_int_t)gc_validation_count(val, GC_VAL_EQUAL), "mismatch",
            (json_int_t)gc_validation_count(val, GC_VAL_MISMATCH), "unchecked",
            (json_int_t)gc_validation_count(val, GC_VAL_UNCHECKED)));
    if (json_dumpf(doc, stdout, JSON_INDENT(2)) != 0)
      goto done;
    printf("\n");
  } else {
    if (joules >= 0)
      printf("\nenergy: %.6g J (package, whole program run)\n", joules);
    else
      printf("\nenergy: %s\n", energy_note);
    printf("summary: %zu equal, %zu within, %zu mismatch, %zu unchecked\n",
           gc_validation_count(val, GC_VAL_EQUAL),
           gc_validation_count(val, GC_VAL_WITHIN),
           gc_validation_count(val, GC_VAL_MISMATCH),
           gc_validation_count(val, GC_VAL_UNCHECKED));
  }
  rc = gc_validation_count(val, GC_VAL_MISMATCH) ? V_MISMATCH : V_OK;
done:
  if (rc == V_FAIL && err.msg[0] == '\0')
    fprintf(stderr, PROG ": error: out of memory or output error\n");
  json_decref(doc);
  gc_validation_free(val);
  gc_dyncount_free(dyn);
  gc_profile_set_free(set);
  gc_objset_free(objs);
  gc_hw_free(hw);
  gc_powercap_energy_free(pe);
  gc_powercap_snapshot_free(s0);
  gc_powercap_snapshot_free(s1);
  gc_powercap_free(pc);
  if (counts) {
    unlink(counts);
    free(counts);
  }
  if (have_dir)
    rmdir(dir);
  return rc;
}
