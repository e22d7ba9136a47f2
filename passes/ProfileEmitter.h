//===- ProfileEmitter.h - keep the source view, emit .greenc.profile ------===//
//
// GreencSourcePass (pipeline start) has GreencSourceViews measure the source
// view of every defined function on a canonicalised clone; the result, with
// each function's name, location and parameters, stays cached in the module
// analysis manager (it is never invalidated) so that it survives inlining
// and deletion. With KeepMetadata (opt's `greenc-source`, and instrument=
// source builds, whose instrumentation checks it) the views are also kept as
// JSON text in module metadata `greenc.source`, which GreencEmitPass reads
// when the analysis manager has none (greenc-source and greenc-emit run by
// two opt processes).
// GreencEmitPass (optimizer last) adds the executed view, streams the
// module's profile (docs/profile.md) with llvm::json::OStream and appends it
// as a record to the non-allocated ELF section `.greenc.profile` through
// module inline asm. Both do nothing when their work is already done, so
// loading the plugin twice cannot emit twice.
//   opt-19 -load-pass-plugin=GreencPlugin.so
//          -passes='greenc-source,greenc-emit' kernel.ll -S
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_PROFILEEMITTER_H
#define GREENC_PROFILEEMITTER_H

#include "Options.h"
#include "Profile.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace greenc {

/// Records what the clang plugin saw in the AST (parameter names, loop
/// variables, struct fields, unsigned parameters) as metadata on the module.
class GreencNamesPass : public llvm::PassInfoMixin<GreencNamesPass> {
public:
  explicit GreencNamesPass(std::shared_ptr<const GreencOptions> Opts)
      : Opts(std::move(Opts)) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  std::shared_ptr<const GreencOptions> Opts;
};

/// A function's name, file, line and parameters (FUNCTION of
/// docs/profile.md without its views).
struct FunctionHeader {
  std::string Name, File;
  std::optional<unsigned> Line;
  std::vector<std::pair<std::string, std::string>> Params; // name, type
};

/// The source views of a module's defined functions, in module order.
struct SourceViews {
  struct Rec {
    FunctionHeader Header;
    View V;
  };
  std::vector<Rec> Recs;
  /// Taken once, at pipeline start: no later change to the module makes
  /// them stale.
  bool invalidate(llvm::Module &, const llvm::PreservedAnalyses &,
                  llvm::ModuleAnalysisManager::Invalidator &) {
    return false;
  }
};

class GreencSourceViews : public llvm::AnalysisInfoMixin<GreencSourceViews> {
public:
  using Result = SourceViews;
  Result run(llvm::Module &M, llvm::ModuleAnalysisManager &);

private:
  friend llvm::AnalysisInfoMixin<GreencSourceViews>;
  static llvm::AnalysisKey Key;
};

class GreencSourcePass : public llvm::PassInfoMixin<GreencSourcePass> {
public:
  explicit GreencSourcePass(bool KeepMetadata) : KeepMetadata(KeepMetadata) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }

private:
  bool KeepMetadata;
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
