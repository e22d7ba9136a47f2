//===- ProfileEmitter.h - keep the source view, emit .greenc.profile ------===//
//
// GreencSourcePass (pipeline start) measures the source view of every
// defined function on a canonicalised clone and keeps it, with the
// function's name, location and parameters, in module metadata
// `greenc.source` so that it survives inlining and deletion.
// GreencEmitPass (optimizer last) adds the executed view, serialises the
// module's profile (docs/profile.md) with llvm::json and appends it as a
// record to the non-allocated ELF section `.greenc.profile` through module
// inline asm. Both do nothing when their work is already done, so loading
// the plugin twice cannot emit twice.
//   opt-19 -load-pass-plugin=GreencPlugin.so
//          -passes='greenc-source,greenc-emit' kernel.ll -S
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_PROFILEEMITTER_H
#define GREENC_PROFILEEMITTER_H

#include "Options.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include <memory>

namespace greenc {

/// Names IR arguments after the source parameters the clang plugin saw.
class GreencNamesPass : public llvm::PassInfoMixin<GreencNamesPass> {
public:
  explicit GreencNamesPass(std::shared_ptr<const GreencOptions> Opts)
      : Opts(std::move(Opts)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const GreencOptions> Opts;
};

class GreencSourcePass : public llvm::PassInfoMixin<GreencSourcePass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

class GreencEmitPass : public llvm::PassInfoMixin<GreencEmitPass> {
public:
  GreencEmitPass(std::shared_ptr<const GreencOptions> Opts,
                 llvm::OptimizationLevel Level)
      : Opts(std::move(Opts)), Level(Level) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const GreencOptions> Opts;
  llvm::OptimizationLevel Level;
};

} // namespace greenc

#endif // GREENC_PROFILEEMITTER_H
