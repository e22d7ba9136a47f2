//===- GreencClang.cpp - the greenc clang plugin (-fplugin=) --------------===//
//
// Registered as clang plugin "greenc" (FrontendPluginRegistry). It parses
// -fplugin-arg-greenc-<name>=<value>, reads `#pragma greenc param(M=64)`,
// records parameter names from the AST (clang discards IR value names before
// a plugin can ask it not to), and pushes greenc::registerGreenc into
// CodeGenOptions::PassBuilderCallbacks so that -fplugin= alone runs the
// passes. Built as GreencClang.so and loaded by GreencPlugin.so when the
// host is clang:
//   clang-19 -fplugin=GreencPlugin.so -fplugin-arg-greenc-param=M=64 ...
//
//===----------------------------------------------------------------------===//
#include "Greenc.h"
#include "Options.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecordLayout.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include <memory>

using namespace llvm;

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
  /// Runs before clang's own consumer generates and optimises the module
  /// (the plugin is added before the main action), so every definition,
  /// including methods and template instantiations, is named in time.
  void HandleTranslationUnit(ASTContext &Ctx) override {
    FunctionFinder(*this).TraverseDecl(Ctx.getTranslationUnitDecl());
  }

private:
  class FunctionFinder : public RecursiveASTVisitor<FunctionFinder> {
  public:
    explicit FunctionFinder(NameCollector &NC) : NC(NC) {}
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool VisitFunctionDecl(FunctionDecl *FD) {
      if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext())
        NC.record(FD);
      return true;
    }

  private:
    NameCollector &NC;
  };

  void record(FunctionDecl *FD) {
    if (!FD->getIdentifier() || !MC || isa<CXXConstructorDecl>(FD) ||
        isa<CXXDestructorDecl>(FD))
      return;
    std::string Name;
    if (MC->shouldMangleDeclName(FD)) {
      llvm::raw_string_ostream OS(Name);
      MC->mangleName(GlobalDecl(FD), OS);
    } else {
      Name = FD->getName().str();
    }
    std::vector<std::string> Params;
    ASTContext &Ctx = FD->getASTContext();
    std::vector<greenc::GreencOptions::Field> Fields;
    std::vector<unsigned> Unsigned;
    // An instance method's IR arguments start with `this`.
    unsigned Shift = 0;
    if (auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->isInstance()) {
        Params.push_back("this");
        Shift = 1;
        addFields(MD->getParent(), 0, Ctx, Fields);
      }
    for (const ParmVarDecl *P : FD->parameters()) {
      Params.push_back(P->getName().str());
      if (P->getType()->isUnsignedIntegerType())
        Unsigned.push_back(P->getFunctionScopeIndex() + Shift);
      // Fields of the struct a pointer parameter points to, by offset.
      QualType T = P->getType();
      if (!T->isPointerType())
        continue;
      addFields(T->getPointeeType()->getAsRecordDecl(),
                P->getFunctionScopeIndex() + Shift, Ctx, Fields);
    }
    O->ArgNames[Name] = std::move(Params);
    if (!Fields.empty())
      O->ArgFields[Name] = std::move(Fields);
    if (!Unsigned.empty())
      O->UnsignedArgs[Name] = std::move(Unsigned);
    if (FD->hasBody())
      LoopVarFinder(Ctx.getSourceManager(), *O).TraverseStmt(FD->getBody());
  }

  /// The named, non-bit-field members of record RD by byte offset, as
  /// fields read through IR argument Arg.
  static void addFields(const RecordDecl *RD, unsigned Arg, ASTContext &Ctx,
                        std::vector<greenc::GreencOptions::Field> &Out) {
    if (!RD || !(RD = RD->getDefinition()) || RD->isInvalidDecl() ||
        RD->isDependentType())
      return;
    const ASTRecordLayout &Layout = Ctx.getASTRecordLayout(RD);
    for (const FieldDecl *F : RD->fields())
      if (!F->isBitField() && F->getIdentifier())
        Out.push_back({Arg, Layout.getFieldOffset(F->getFieldIndex()) / 8,
                       F->getName().str()});
  }

  /// `for (int i = ...` and `for (i = ...`: the loop variable by the
  /// position of the `for`, which is where clang puts the loop's location.
  class LoopVarFinder : public RecursiveASTVisitor<LoopVarFinder> {
  public:
    LoopVarFinder(const SourceManager &SM, greenc::GreencOptions &O)
        : SM(SM), O(O) {}
    bool VisitForStmt(ForStmt *FS) {
      std::string Name;
      if (auto *DS = dyn_cast_or_null<DeclStmt>(FS->getInit())) {
        if (DS->isSingleDecl())
          if (auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl()))
            Name = VD->getName().str();
      } else if (auto *BO =
                     dyn_cast_or_null<clang::BinaryOperator>(FS->getInit())) {
        if (BO->isAssignmentOp())
          if (auto *DR =
                  dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
            Name = DR->getDecl()->getName().str();
      }
      SourceLocation Loc = SM.getExpansionLoc(FS->getBeginLoc());
      if (!Name.empty() && Loc.isValid())
        O.LoopVars[{SM.getExpansionLineNumber(Loc),
                    SM.getExpansionColumnNumber(Loc)}] = Name;
      return true;
    }

  private:
    const SourceManager &SM;
    greenc::GreencOptions &O;
  };
  std::shared_ptr<greenc::GreencOptions> O;
  std::unique_ptr<MangleContext> MC;
};

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
    // before plugins run); GreencNamesPass records the names as metadata.
    CG.DiscardValueNames = false;
    // Without -g, still put source locations in the IR (as -Rpass does) so
    // loops and functions carry their lines; no debug sections are emitted.
    // CodeGenModule is created after this consumer, so this takes effect.
    // They are dropped again after the last greenc pass (GreencPlugin.cpp):
    // the back end, where most of their cost is, never sees them.
    if (CG.getDebugInfo() == llvm::codegenoptions::NoDebugInfo) {
      CG.setDebugInfo(llvm::codegenoptions::LocTrackingOnly);
      O->DropLocations = true;
    }
    // Loaded with -fpass-plugin= too: the callback below registers the
    // passes once, with this plugin's arguments.
    std::string Self = greenc::pluginPath();
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
