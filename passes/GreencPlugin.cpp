//===- GreencPlugin.cpp - register the greenc passes, three ways ----------===//
//
// One registerGreenc(PassBuilder&) serves every way of loading the plugin:
//   clang-19 -fplugin=GreencPlugin.so [-fplugin-arg-greenc-param=M=64] ...
//       a clang plugin (FrontendPluginRegistry "greenc") that pushes the
//       callback into CodeGenOptions::PassBuilderCallbacks, keeps IR value
//       names, and reads `#pragma greenc param(M=64)`;
//   clang-19 -fpass-plugin=GreencPlugin.so ...
//   opt-19 -load-pass-plugin=GreencPlugin.so -passes=greenc-print ...
// Plugin arguments: opt=<level>, param=<NAME>=<int> (repeatable), print.
//
//===----------------------------------------------------------------------===//
#include "Compat.h"
#include "GreencAnalysis.h"
#include "Options.h"
#include "ProfileEmitter.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
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
  Err = "unknown argument '" + Arg + "' (expected opt=, param=, print)";
  return false;
}

void registerGreenc(PassBuilder &PB, std::shared_ptr<const GreencOptions> O) {
  PB.registerAnalysisRegistrationCallback([](FunctionAnalysisManager &FAM) {
    FAM.registerPass([] { return GreencAnalysis(); });
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
          MPM.addPass(GreencSourcePass());
          return true;
        }
        if (Name == "greenc-emit") {
          MPM.addPass(GreencEmitPass(O, OptimizationLevel::O0));
          return true;
        }
        return false;
      });
  PB.registerPipelineStartEPCallback(
      [O](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(GreencNamesPass(O));
        MPM.addPass(GreencSourcePass());
      });
  PB.registerOptimizerLastEPCallback(
      [O](GREENC_OPTLAST_PARAMS) { MPM.addPass(GreencEmitPass(O, Level)); });
}

} // namespace greenc

// ---- LLVM pass plugin: -fpass-plugin= and opt -load-pass-plugin= ----------
extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "greenc", LLVM_VERSION_STRING,
          [](PassBuilder &PB) {
            greenc::registerGreenc(
                PB, std::make_shared<const greenc::GreencOptions>());
          }};
}

// ---- clang plugin: -fplugin= ------------------------------------------------
namespace {

using namespace clang;

/// `#pragma greenc param(M=1024, N=64)`: sizes recorded in the profile.
class GreencPragma : public PragmaHandler {
public:
  explicit GreencPragma(std::shared_ptr<greenc::GreencOptions> O)
      : PragmaHandler("param"), O(std::move(O)) {}
  void HandlePragma(Preprocessor &PP, PragmaIntroducer, Token &Tok) override {
    auto Fail = [&](const Token &T) {
      DiagnosticsEngine &D = PP.getDiagnostics();
      D.Report(T.getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Warning,
                                 "greenc: expected '#pragma greenc "
                                 "param(NAME=INTEGER, ...)'; pragma ignored"));
      while (T.isNot(tok::eod)) // skip the rest of the line
        PP.Lex(const_cast<Token &>(T));
    };
    PP.Lex(Tok);
    if (Tok.isNot(tok::l_paren))
      return Fail(Tok);
    std::vector<std::pair<std::string, int64_t>> Got;
    while (true) {
      PP.Lex(Tok);
      if (Tok.isNot(tok::identifier))
        return Fail(Tok);
      std::string Name = Tok.getIdentifierInfo()->getName().str();
      PP.Lex(Tok);
      if (Tok.isNot(tok::equal))
        return Fail(Tok);
      PP.Lex(Tok);
      bool Neg = false;
      if (Tok.is(tok::minus)) {
        Neg = true;
        PP.Lex(Tok);
      }
      int64_t V;
      if (Tok.isNot(tok::numeric_constant) ||
          StringRef(PP.getSpelling(Tok)).getAsInteger(0, V))
        return Fail(Tok);
      Got.emplace_back(Name, Neg ? -V : V);
      PP.Lex(Tok);
      if (Tok.is(tok::comma))
        continue;
      if (Tok.is(tok::r_paren))
        break;
      return Fail(Tok);
    }
    for (auto &P : Got)
      O->setParam(P.first, P.second);
  }

private:
  std::shared_ptr<greenc::GreencOptions> O;
};

/// Records each function's parameter names, keyed by its symbol name.
class NameCollector : public ASTConsumer {
public:
  explicit NameCollector(std::shared_ptr<greenc::GreencOptions> O)
      : O(std::move(O)) {}
  void Initialize(ASTContext &Ctx) override {
    MC.reset(Ctx.createMangleContext());
  }
  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG)
      if (auto *FD = dyn_cast<FunctionDecl>(D))
        record(FD);
    return true;
  }

private:
  void record(FunctionDecl *FD) {
    if (!FD->getIdentifier() || !MC)
      return;
    std::string Name;
    if (MC->shouldMangleDeclName(FD)) {
      llvm::raw_string_ostream OS(Name);
      MC->mangleName(GlobalDecl(FD), OS);
    } else {
      Name = FD->getName().str();
    }
    std::vector<std::string> Params;
    for (const ParmVarDecl *P : FD->parameters())
      Params.push_back(P->getName().str());
    O->ArgNames[Name] = std::move(Params);
  }
  std::shared_ptr<greenc::GreencOptions> O;
  std::unique_ptr<MangleContext> MC;
};

/// Path of this shared object, to recognise it among -fpass-plugin= paths.
std::string selfPath() {
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&llvmGetPassPluginInfo), &Info) &&
      Info.dli_fname)
    return Info.dli_fname;
  return "";
}

class GreencAction : public PluginASTAction {
public:
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    for (const std::string &A : Args) {
      std::string Err;
      if (!O->parseArg(A, Err)) {
        DiagnosticsEngine &D = CI.getDiagnostics();
        D.Report(D.getCustomDiagID(DiagnosticsEngine::Error, "greenc: %0"))
            << Err;
        return false;
      }
    }
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    CodeGenOptions &CG = CI.getCodeGenOpts();
    // Too late for this compilation (clang applied it to the LLVMContext
    // before plugins run); GreencNamesPass names the arguments instead.
    CG.DiscardValueNames = false;
    // Loaded with -fpass-plugin= too: the callback below registers the
    // passes once, with this plugin's arguments.
    std::string Self = selfPath();
    llvm::erase_if(CG.PassPlugins, [&](const std::string &P) {
      return !Self.empty() && llvm::sys::fs::equivalent(P, Self);
    });
    std::shared_ptr<const greenc::GreencOptions> Opts = O;
    CG.PassBuilderCallbacks.push_back(
        [Opts](PassBuilder &PB) { greenc::registerGreenc(PB, Opts); });
    CI.getPreprocessor().AddPragmaHandler("greenc", new GreencPragma(O));
    return std::make_unique<NameCollector>(O);
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  std::shared_ptr<greenc::GreencOptions> O =
      std::make_shared<greenc::GreencOptions>();
};

} // namespace

static FrontendPluginRegistry::Add<GreencAction>
    X("greenc", "greenc: count FLOPs and memory traffic into .greenc.profile");
