//===- GreencPlugin.cpp - register the greenc passes, three ways ----------===//
//
// One registerGreenc(PassBuilder&) serves every way of loading the plugin:
//   clang-19 -fplugin=GreencPlugin.so [-fplugin-arg-greenc-param=M=64] ...
//       the clang plugin (clang/GreencClang.cpp, loaded from here when the
//       process is clang) pushes registerGreenc into
//       CodeGenOptions::PassBuilderCallbacks;
//   clang-19 -fpass-plugin=GreencPlugin.so ...
//   opt-19 -load-pass-plugin=GreencPlugin.so -passes=greenc-print ...
// The clang part lives in GreencClang.so because opt-19 has no clang symbols
// (and cannot load libclang-cpp: both define cl::opt pgo-cold-func-opt).
// Plugin arguments: opt=<level>, param=<NAME>=<int> (repeatable), print,
// instrument[=executed|source] (Instrument.h).
//
//===----------------------------------------------------------------------===//
#include "Compat.h"
#include "Greenc.h"
#include "GreencAnalysis.h"
#include "Instrument.h"
#include "Options.h"
#include "ProfileEmitter.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include <dlfcn.h>
#include <memory>

using namespace llvm;

namespace greenc {

void GreencOptions::setParam(const std::string &Name, int64_t Value) {
  for (auto &P : Params)
    if (P.first == Name) {
      P.second = Value;
      return;
    }
  Params.emplace_back(Name, Value);
}

bool GreencOptions::parseArg(const std::string &Arg, std::string &Err) {
  StringRef A(Arg);
  if (A == "print") {
    Print = true;
    return true;
  }
  if (A == "locations-only") {
    LocationsOnly = true;
    return true;
  }
  auto [Key, Val] = A.split('=');
  if (Key == "opt" && !Val.empty()) {
    Opt = Val.str();
    return true;
  }
  if (Key == "param") {
    auto [Name, Num] = Val.split('=');
    int64_t V;
    if (!Name.empty() && !Num.getAsInteger(0, V)) {
      setParam(Name.str(), V);
      return true;
    }
    Err = "expected param=NAME=INTEGER, got '" + Arg + "'";
    return false;
  }
  if (A == "instrument" || A == "instrument=executed" ||
      A == "instrument=source") {
    Instrument = true;
    InstrumentSource = InstrumentSource || A == "instrument=source";
    return true;
  }
  Err = "unknown argument '" + Arg +
        "' (expected opt=, param=, print, instrument[=source], "
        "locations-only)";
  return false;
}

namespace {
/// Drops the source locations the clang plugin turned on for greenc's own
/// passes (GreencOptions::DropLocations), after the last of them: code
/// generation then runs on the same IR as without the plugin, and does not
/// pay for carrying locations nobody asked for.
struct GreencDropLocationsPass : PassInfoMixin<GreencDropLocationsPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    return StripDebugInfo(M) ? PreservedAnalyses::none()
                             : PreservedAnalyses::all();
  }
};
} // namespace

void registerGreenc(PassBuilder &PB, std::shared_ptr<const GreencOptions> O) {
  PB.registerAnalysisRegistrationCallback([](FunctionAnalysisManager &FAM) {
    FAM.registerPass([] { return GreencAnalysis(); });
  });
  PB.registerAnalysisRegistrationCallback([](ModuleAnalysisManager &MAM) {
    MAM.registerPass([] { return GreencSourceViews(); });
  });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "greenc-print" || Name == "greenc-print-source") {
          FPM.addPass(GreencPrinter(errs(), Name == "greenc-print-source"));
          return true;
        }
        return false;
      });
  PB.registerPipelineParsingCallback(
      [O](StringRef Name, ModulePassManager &MPM,
          ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "greenc-source") {
          // Also as metadata: greenc-emit may run in another opt process.
          MPM.addPass(GreencSourcePass(/*KeepMetadata=*/true));
          return true;
        }
        if (Name == "greenc-instrument") {
          MPM.addPass(GreencInstrumentPass());
          return true;
        }
        if (Name == "greenc-emit") {
          MPM.addPass(GreencEmitPass(O, OptimizationLevel::O0));
          return true;
        }
        return false;
      });
  if (O->LocationsOnly) {
    // What the compile-time benchmark measures as location tracking alone.
    PB.registerOptimizerLastEPCallback([O](GREENC_OPTLAST_PARAMS) {
      if (O->DropLocations)
        MPM.addPass(GreencDropLocationsPass());
    });
    return;
  }
  PB.registerPipelineStartEPCallback(
      [O](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(GreencNamesPass(O));
        if (O->InstrumentSource)
          MPM.addPass(GreencCanonicalizePass());
        // The source-view instrumentation checks the kept views' metadata.
        MPM.addPass(GreencSourcePass(/*KeepMetadata=*/O->InstrumentSource));
        if (O->InstrumentSource)
          MPM.addPass(GreencInstrumentPass(/*Source=*/true));
      });
  PB.registerOptimizerLastEPCallback([O](GREENC_OPTLAST_PARAMS) {
    MPM.addPass(GreencEmitPass(O, Level));
    if (O->InstrumentSource)
      MPM.addPass(GreencRegisterPass());
    else if (O->Instrument)
      MPM.addPass(GreencInstrumentPass());
    if (O->DropLocations)
      MPM.addPass(GreencDropLocationsPass());
  });
}

} // namespace greenc

std::string greenc::pluginPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&greenc::pluginPath), &Info) &&
      Info.dli_fname)
    return Info.dli_fname;
  return "";
}

namespace {
/// In clang (its plugin registry is in the process), load the clang part
/// next to this library; its static initialiser registers the "greenc"
/// clang plugin. Elsewhere (opt) there is nothing to do.
struct LoadClangPart {
  LoadClangPart() {
    if (!dlsym(RTLD_DEFAULT,
               "_ZN4llvm8RegistryIN5clang15PluginASTActionEE4HeadE"))
      return;
    std::string Self = greenc::pluginPath();
    size_t Slash = Self.rfind('/');
    std::string Dir = Slash == std::string::npos ? "." : Self.substr(0, Slash);
    std::string Part = Dir + "/GreencClang.so";
    // Make this library's symbols (registerGreenc...) visible to the part.
    dlopen(Self.c_str(), RTLD_LAZY | RTLD_GLOBAL | RTLD_NOLOAD);
    if (!dlopen(Part.c_str(), RTLD_LAZY | RTLD_GLOBAL))
      errs() << "warning: greenc: cannot load " << Part << ": " << dlerror()
             << "; -fplugin= arguments and pragmas are unavailable\n";
  }
} TheClangPartLoader;
} // namespace

// ---- LLVM pass plugin: -fpass-plugin= and opt -load-pass-plugin= ----------
extern "C" LLVM_ATTRIBUTE_WEAK GREENC_EXPORT PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "greenc", LLVM_VERSION_STRING,
          [](PassBuilder &PB) {
            greenc::registerGreenc(
                PB, std::make_shared<const greenc::GreencOptions>());
          }};
}
