//===- GreencAnalysis.h - greenc counting analysis and its printer --------===//
//
// GreencAnalysis is a function analysis whose result is the function's VIEW
// (docs/profile.md): its loops with symbolic trip counts, its blocks with op
// counts and execution conditions, and coverage. GreencPrinter prints it:
//   opt-19 -load-pass-plugin=GreencPlugin.so -passes=greenc-print
//          -disable-output kernel.ll
// (`greenc-print-source` prints the source view, taken on a canonicalised
// clone.)
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_GREENCANALYSIS_H
#define GREENC_GREENCANALYSIS_H

#include "Profile.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"

namespace greenc {

class GreencAnalysis : public llvm::AnalysisInfoMixin<GreencAnalysis> {
public:
  using Result = View;
  /// The executed view: the code as it is now. Functions whose values still
  /// live in allocas (-O0) are measured on a promoted clone with the same
  /// CFG, and the original blocks are counted.
  Result run(llvm::Function &F, llvm::FunctionAnalysisManager &FAM);
  static bool isRequired() { return true; }

private:
  friend llvm::AnalysisInfoMixin<GreencAnalysis>;
  static llvm::AnalysisKey Key;
};

/// The source view: measured on a clone of F canonicalised with mem2reg,
/// loop-simplify, LCSSA and loop-rotate. F itself is not changed.
View computeSourceView(llvm::Function &F);

/// The passes that turn a clone into the source view's canonical form:
/// mem2reg, and with Canonical also loop-simplify, LCSSA, LICM and
/// loop-rotate. Shared with the source-view instrumentation, which must
/// reproduce exactly this form.
void addSourceCanonicalization(llvm::FunctionPassManager &FPM, bool Canonical);

/// A pass builder with analysis managers of its own, registered and
/// cross-registered, for running passes on a clone outside the pipeline
/// (target-less: the pipeline's target info would change what the canonical
/// passes do, and so the profiles).
struct StandaloneAnalyses {
  llvm::PassBuilder PB;
  llvm::LoopAnalysisManager LAM;
  llvm::FunctionAnalysisManager FAM;
  llvm::CGSCCAnalysisManager CGAM;
  llvm::ModuleAnalysisManager MAM;
  StandaloneAnalyses();
};

/// FLOPs per execution of a block's ops (FMA = 2), for remarks.
uint64_t blockFlops(const BlockRec &B);

/// FLOPs per lane of one occurrence of an op (FMA = 2; 0 for non-FP ops).
uint64_t flopsPerLane(const OpRec &O);

class GreencPrinter : public llvm::PassInfoMixin<GreencPrinter> {
public:
  GreencPrinter(llvm::raw_ostream &OS, bool Source) : OS(OS), Source(Source) {}
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
  static bool isRequired() { return true; }

private:
  llvm::raw_ostream &OS;
  bool Source;
};

} // namespace greenc

#endif // GREENC_GREENCANALYSIS_H
