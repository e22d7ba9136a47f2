//===- Instrument.h - dynamic block counters for static == dynamic checks -===//
//
// GreencInstrumentPass (`-fplugin-arg-greenc-instrument`, greencc
// --energy=instrument) runs after GreencEmitPass at the very end of the
// pipeline, on the code the executed view describes. Per defined function it
// adds one 64-bit counter per block (indexed by the block's position, the
// `id` of docs/profile.md), records at entry the values of the function's
// symbols (integer parameters, `field` symbols loaded through their base
// pointer) and the inclusive wall time, through the C runtime in
// passes/runtime (libgreenc_rt.a). A module constructor registers each
// function's descriptor, so linking libgreenc_rt.a is all a program needs;
// the runtime writes the counts at exit (docs/validation.md).
//
// The transform takes no decision of its own about the view: it asks
// GreencAnalysis (through the analysis manager) for the executed view, to
// know the symbols to record; the blocks are counted by position.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_INSTRUMENT_H
#define GREENC_INSTRUMENT_H

#include "llvm/IR/PassManager.h"

namespace greenc {

class GreencInstrumentPass : public llvm::PassInfoMixin<GreencInstrumentPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace greenc

#endif // GREENC_INSTRUMENT_H
