//===- Recurrence.h - a loop's critical loop-carried dependency cycle -----===//
//
// For each loop, the recurrences through its header phis: the cycle
// phi -> ... -> the value flowing back on the latch. The critical one (the
// most costed ops on the cycle) is recorded as the LOOP field `recurrence`
// (docs/profile.md): the ops a serial chain executes per iteration, by
// (op, ty, lanes). The estimator multiplies them by the hardware model's
// latencies; this file knows no latencies.
//
//   opt-19 -load-pass-plugin=GreencPlugin.so -passes=greenc-print
//          -disable-output kernel.ll      (prints "recurrence" on each LOOP)
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_RECURRENCE_H
#define GREENC_RECURRENCE_H

#include "Profile.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include <vector>

namespace greenc {

/// The critical recurrence of L: the ops on the longest (most costed ops)
/// path from a header phi to the value it receives on the latch, over the
/// instructions of L's own blocks (an inner loop's cycle is that loop's own
/// recurrence). Only floating-point and integer data phis count: phis that
/// ScalarEvolution sees as add recurrences (induction variables) and pointer
/// phis do not. Empty when L has no such cycle, or several latches.
/// Reassoc (may be null) is set when every op on that cycle may be
/// reassociated (integer ops; FP ops with the `reassoc` fast-math flag): an
/// optimiser may split such a chain into independent ones.
std::vector<RecOpRec> criticalRecurrence(const llvm::Loop &L,
                                         llvm::ScalarEvolution &SE,
                                         bool *Reassoc = nullptr);

} // namespace greenc

#endif // GREENC_RECURRENCE_H
