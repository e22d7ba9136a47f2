//===- Compat.h - the one place for LLVM version differences --------------===//
//
// Every `#if LLVM_VERSION_MAJOR` of the greenc plugin lives here, so porting
// to a new LLVM touches one file. Built as part of GreencPlugin:
//   cmake --build build-passes --target GreencPlugin
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_COMPAT_H
#define GREENC_COMPAT_H

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR >= 22
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

#if LLVM_VERSION_MAJOR < 18
#error "greenc needs LLVM >= 18 (clang plugins push PassBuilderCallbacks)"
#endif

// registerOptimizerLastEPCallback gained a ThinOrFullLTOPhase in LLVM 20.
#if LLVM_VERSION_MAJOR >= 20
#define GREENC_OPTLAST_PARAMS                                                  \
  llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level,                 \
      llvm::ThinOrFullLTOPhase
#else
#define GREENC_OPTLAST_PARAMS                                                  \
  llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level
#endif

#endif // GREENC_COMPAT_H
