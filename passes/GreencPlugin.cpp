// GreencPlugin.cpp: registration of the greenc passes (placeholder until the analysis lands).
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "greenc", LLVM_VERSION_STRING, [](llvm::PassBuilder &) {}};
}
