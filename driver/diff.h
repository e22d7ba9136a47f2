/* diff.h: `greenc diff BASE HEAD`: per-function deltas of FLOPs, bytes, energy
 * and time between two builds. */
#ifndef GREENC_DRIVER_DIFF_H
#define GREENC_DRIVER_DIFF_H

#include "analyze.h"

/* Compare base and head (each an object, archive, executable, .so, a directory
 * of them, or a JSON report written by `greenc report --format json`). Writes
 * the table to req->out_path or req->stream (text; JSON when req->fmt is
 * GC_REPORT_JSON). fail_above >= 0: a function whose energy (FLOPs when energy
 * is unknown on either side) grows by more than fail_above percent makes the
 * result 3. Returns a greenc exit code (0, 1, 2, 3, 4). */
int drv_diff(const char *base, const char *head, const drv_report_req *req,
             double fail_above, const char *prog);

#endif
