/* hwcounters.c: PAPI event counts of a child process (see hwcounters.h). */
#define _GNU_SOURCE
#include "hwcounters.h"

#include <papi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const drv_hwc_default_events[] = {
    "PAPI_FP_OPS", "PAPI_TOT_INS", "PAPI_L1_DCM",
    "PAPI_L2_DCM", "PAPI_L3_TCM",  "perf::TASK-CLOCK"};
const size_t drv_hwc_ndefault_events =
    sizeof drv_hwc_default_events / sizeof *drv_hwc_default_events;

typedef struct hwc_event {
  char *name;
  int code, added, counted;
  long long value;
  char why[256];
} hwc_event;

struct drv_hwc {
  hwc_event *ev;
  size_t n;
  int eventset, running, initialised;
  char reason[512];
  char library[64];
};

static int paranoid_level(void) {
  FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
  int v = -99;
  if (f) {
    if (fscanf(f, "%d", &v) != 1)
      v = -99;
    fclose(f);
  }
  return v;
}

/* Why PAPI could not attach, in the user's terms. */
static void attach_reason(drv_hwc *h, int rc) {
  const char *hint = "";
  char buf[200] = "";
  if (rc == PAPI_EPERM) {
    snprintf(buf, sizeof buf,
             ": permission denied (kernel.perf_event_paranoid is %d; "
             "`sysctl kernel.perf_event_paranoid=1` or CAP_PERFMON grants "
             "access)",
             paranoid_level());
    hint = buf;
  } else if (rc == PAPI_ENOEVNT || rc == PAPI_ENOCNTR || rc == PAPI_ECMP)
    hint = " (the kernel exposes no hardware counters to this machine, as in "
           "many VMs and containers)";
  snprintf(h->reason, sizeof h->reason,
           "PAPI cannot attach counters to the program: %s%s",
           PAPI_strerror(rc), hint);
}

/* Resolve the names; pick the component of the first known event. */
static int resolve(drv_hwc *h) {
  int cidx = -1;
  for (size_t i = 0; i < h->n; i++) {
    hwc_event *e = &h->ev[i];
    if (PAPI_event_name_to_code(e->name, &e->code) != PAPI_OK) {
      snprintf(e->why, sizeof e->why,
               "PAPI knows no event of this name on this machine");
      continue;
    }
    if (PAPI_query_event(e->code) != PAPI_OK) {
      snprintf(e->why, sizeof e->why,
               "no counter for it on this machine (PAPI_query_event)");
      continue;
    }
    int c = PAPI_get_event_component(e->code);
    if (cidx < 0)
      cidx = c;
    if (c != cidx) {
      snprintf(e->why, sizeof e->why,
               "in another PAPI component than the first event's");
      continue;
    }
    e->added = 1; /* to be added */
  }
  return cidx;
}

int drv_hwc_start(drv_hwc **out, pid_t pid, const char *const *events,
                  size_t nevents) {
  drv_hwc *h = calloc(1, sizeof *h);
  if (!h)
    return -1;
  h->eventset = PAPI_NULL;
  h->ev = calloc(nevents ? nevents : 1, sizeof *h->ev);
  if (!h->ev) {
    free(h);
    return -1;
  }
  for (; h->n < nevents; h->n++)
    if (!(h->ev[h->n].name = strdup(events[h->n]))) {
      drv_hwc_free(h);
      return -1;
    }
  *out = h;
  int rc = PAPI_library_init(PAPI_VER_CURRENT);
  if (rc != PAPI_VER_CURRENT) {
    snprintf(h->reason, sizeof h->reason, "PAPI did not start: %s",
             rc > 0 ? "library version mismatch" : PAPI_strerror(rc));
    return 0;
  }
  h->initialised = 1;
  snprintf(h->library, sizeof h->library, "PAPI %d.%d.%d.%d",
           PAPI_VERSION_MAJOR(PAPI_VERSION), PAPI_VERSION_MINOR(PAPI_VERSION),
           PAPI_VERSION_REVISION(PAPI_VERSION),
           PAPI_VERSION_INCREMENT(PAPI_VERSION));
  int cidx = resolve(h);
  if (cidx < 0) {
    snprintf(h->reason, sizeof h->reason,
             "none of the requested events exists on this machine");
    return 0;
  }
  if ((rc = PAPI_create_eventset(&h->eventset)) != PAPI_OK ||
      (rc = PAPI_assign_eventset_component(h->eventset, cidx)) != PAPI_OK) {
    snprintf(h->reason, sizeof h->reason, "PAPI: %s", PAPI_strerror(rc));
    return 0;
  }
  if ((rc = PAPI_attach(h->eventset, (unsigned long)pid)) != PAPI_OK) {
    attach_reason(h, rc);
    return 0;
  }
  /* Threads and children of the program too, where the kernel allows. */
  PAPI_option_t opt;
  memset(&opt, 0, sizeof opt);
  opt.inherit.eventset = h->eventset;
  opt.inherit.inherit = PAPI_INHERIT_ALL;
  int inherit = PAPI_set_opt(PAPI_INHERIT, &opt) == PAPI_OK;
  size_t added = 0;
  for (size_t i = 0; i < h->n; i++) {
    hwc_event *e = &h->ev[i];
    if (!e->added)
      continue;
    if ((rc = PAPI_add_event(h->eventset, e->code)) != PAPI_OK) {
      e->added = 0;
      snprintf(e->why, sizeof e->why,
               "cannot be counted together with the events before it (%s)",
               PAPI_strerror(rc));
      continue;
    }
    added++;
  }
  if (!added) {
    snprintf(h->reason, sizeof h->reason,
             "no requested event could be added to the counters");
    return 0;
  }
  if ((rc = PAPI_start(h->eventset)) != PAPI_OK) {
    snprintf(h->reason, sizeof h->reason, "PAPI_start: %s", PAPI_strerror(rc));
    return 0;
  }
  h->running = 1;
  if (!inherit)
    for (size_t i = 0; i < h->n; i++)
      if (h->ev[i].added)
        snprintf(h->ev[i].why, sizeof h->ev[i].why,
                 "the program's main thread only (the kernel refused to "
                 "inherit the counters)");
  return 0;
}

void drv_hwc_stop(drv_hwc *h) {
  if (!h || !h->running)
    return;
  long long *v = calloc(h->n ? h->n : 1, sizeof *v);
  int rc = v ? PAPI_stop(h->eventset, v) : PAPI_ENOMEM;
  h->running = 0;
  if (rc != PAPI_OK) {
    snprintf(h->reason, sizeof h->reason, "PAPI_stop: %s", PAPI_strerror(rc));
    free(v);
    return;
  }
  /* PAPI_stop fills the values in the order the events were added. */
  for (size_t i = 0, k = 0; i < h->n; i++)
    if (h->ev[i].added) {
      h->ev[i].value = v[k++];
      h->ev[i].counted = 1;
    }
  free(v);
}

const char *drv_hwc_reason(const drv_hwc *h) {
  return h->reason[0] ? h->reason : NULL;
}

const char *drv_hwc_library(const drv_hwc *h) { return h->library; }

size_t drv_hwc_nevents(const drv_hwc *h) { return h->n; }

int drv_hwc_event(const drv_hwc *h, size_t i, const char **name,
                  long long *value, const char **why) {
  const hwc_event *e = &h->ev[i];
  *name = e->name;
  *value = e->value;
  if (e->counted && !h->reason[0]) {
    *why = e->why[0] ? e->why : NULL;
    return 1;
  }
  *why = e->why[0] ? e->why : h->reason[0] ? h->reason : "not counted";
  return 0;
}

int drv_hwc_value(const drv_hwc *h, const char *name, long long *value) {
  for (size_t i = 0; i < h->n; i++)
    if (strcmp(h->ev[i].name, name) == 0 && h->ev[i].counted && !h->reason[0]) {
      *value = h->ev[i].value;
      return 1;
    }
  return 0;
}

void drv_hwc_free(drv_hwc *h) {
  if (!h)
    return;
  if (h->eventset != PAPI_NULL) {
    drv_hwc_stop(h); /* still running: stopped before it is destroyed */
    PAPI_cleanup_eventset(h->eventset);
    PAPI_destroy_eventset(&h->eventset);
  }
  if (h->initialised)
    PAPI_shutdown();
  for (size_t i = 0; i < h->n; i++)
    free(h->ev[i].name);
  free(h->ev);
  free(h);
}
