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
// `instrument=source` counts the source view's blocks instead (see
// GreencCanonicalizePass); the executed view of such a build then includes
// the counters' own loads and stores, and is not validated.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_INSTRUMENT_H
#define GREENC_INSTRUMENT_H

#include "llvm/IR/PassManager.h"

namespace greenc {

class GreencInstrumentPass : public llvm::PassInfoMixin<GreencInstrumentPass> {
public:
  /// Source: count the blocks of the source view (instrument=source; runs at
  /// pipeline start right after GreencSourcePass, on a function that
  /// GreencCanonicalizePass already put in the source view's canonical
  /// form). Otherwise the executed view (optimizer last).
  explicit GreencInstrumentPass(bool Source = false) : Source(Source) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  bool Source;
};

/// instrument=source, before GreencSourcePass: every defined function is
/// rewritten in place into the canonical form the source view is measured
/// on (mem2reg, loop-simplify, LCSSA, LICM, loop-rotate, as
/// computeSourceView does on its clone), so that the source view's block ids
/// are positions in the function that runs. GreencInstrumentPass(true)
/// checks that canonicalising again changes nothing and that the view it
/// measures is the one GreencSourcePass kept; a function failing either is
/// not instrumented (warning).
class GreencCanonicalizePass
    : public llvm::PassInfoMixin<GreencCanonicalizePass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// instrument=source, after GreencEmitPass: the module constructor that
/// registers the counters with the runtime (added last so that the profile
/// does not describe it; the executed instrumentation adds it itself).
class GreencRegisterPass : public llvm::PassInfoMixin<GreencRegisterPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace greenc

#endif // GREENC_INSTRUMENT_H
