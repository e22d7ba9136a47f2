/* hwcounters.h: hardware (and kernel software) event counts of a child
 * process through PAPI, for greenc validate.
 *
 * The counters are attached to the child after fork and before it execs
 * (PAPI_attach, PAPI's perf_event component), so they count the whole run of
 * the program, every thread it starts included when the kernel allows
 * inheritance. Where they cannot be had (no PAPI event of that name, no
 * hardware counters in a VM or container, perf_event_paranoid), the handle
 * says why instead of giving a number. */
#ifndef GREENC_DRIVER_HWCOUNTERS_H
#define GREENC_DRIVER_HWCOUNTERS_H

#include <stddef.h>
#include <sys/types.h>

typedef struct drv_hwc drv_hwc;

/* The events counted when the user names none: FLOPs (FMA = 2, as greenc
 * counts), data-cache misses per level, instructions, and the kernel's
 * task clock (CPU time; a software event). */
extern const char *const drv_hwc_default_events[];
extern const size_t drv_hwc_ndefault_events;

/* Starts counting EVENTS (PAPI preset or native names) in the process PID,
 * which must not have run yet (stopped before exec). *out is set even when
 * nothing can be counted: drv_hwc_reason then says why. Returns 0, or -1 when
 * out of memory. The caller owns *out (drv_hwc_free). */
int drv_hwc_start(drv_hwc **out, pid_t pid, const char *const *events,
                  size_t nevents);
/* Stops the counters after the child exited (before it is reaped) and reads
 * them. */
void drv_hwc_stop(drv_hwc *h);
/* NULL while the counters work; else why none were counted. */
const char *drv_hwc_reason(const drv_hwc *h);
/* "PAPI 7.0.0.0" (the library's version), or "" when it did not start. */
const char *drv_hwc_library(const drv_hwc *h);
size_t drv_hwc_nevents(const drv_hwc *h);
/* Event i: its name, and 1 with *value set when it was counted (*why NULL or
 * a note on the count); else 0 with *why saying why it was not. */
int drv_hwc_event(const drv_hwc *h, size_t i, const char **name,
                  long long *value, const char **why);
/* 1 with *value when the event NAME was counted. */
int drv_hwc_value(const drv_hwc *h, const char *name, long long *value);
void drv_hwc_free(drv_hwc *h);

#endif
