//===- ProfileEmitter.cpp - source view snapshot and profile emission -----===//
//
// See ProfileEmitter.h. Check the result of a compilation with
//   llvm-readelf-19 -S kernel.o | grep greenc
//   llvm-objcopy-19 --dump-section .greenc.profile=p.bin kernel.o
//
//===----------------------------------------------------------------------===//
#include "ProfileEmitter.h"
#include "ExprWriter.h"
#include "GreencAnalysis.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace greenc {

static const char *SourceMD = "greenc.source";
static const char *EmittedMD = "greenc.emitted";

namespace {

/// A warning from greenc, shown by clang as `warning: greenc: ...`.
class GreencWarning : public DiagnosticInfo {
public:
  explicit GreencWarning(const Twine &Msg)
      : DiagnosticInfo(kind(), DS_Warning), Msg(Msg.str()) {}
  void print(DiagnosticPrinter &DP) const override { DP << "greenc: " << Msg; }

private:
  static int kind() {
    static const int K = getNextAvailablePluginDiagnosticKind();
    return K;
  }
  std::string Msg;
};

/// The FUNCTION object without its views.
json::Object functionHeader(Function &F) {
  json::Object O{{"name", F.getName()}};
  if (DISubprogram *SP = F.getSubprogram()) {
    O["file"] = SP->getFilename();
    O["line"] = SP->getLine();
  } else {
    O["file"] = F.getParent()->getSourceFileName();
  }
  std::vector<std::string> Names = paramNames(F);
  json::Array P;
  for (Argument &A : F.args())
    P.push_back(json::Object{{"name", Names[A.getArgNo()]},
                             {"type", typeName(A.getType())}});
  O["params"] = std::move(P);
  return O;
}

void addSymbols(std::map<std::string, SymbolRec> &All, const View &V) {
  for (const auto &KV : V.Symbols)
    All.emplace(KV.first, KV.second);
}

json::Array symbolsJSON(const std::map<std::string, SymbolRec> &All) {
  // Parameters first, in declaration order; then fields by name.
  std::vector<const SymbolRec *> S;
  for (const auto &KV : All)
    S.push_back(&KV.second);
  std::stable_sort(S.begin(), S.end(), [](auto *A, auto *B) {
    bool PA = A->Kind == "param", PB = B->Kind == "param";
    if (PA != PB)
      return PA;
    return PA && A->Index < B->Index;
  });
  json::Array A;
  for (const SymbolRec *R : S)
    A.push_back(R->toJSON());
  return A;
}

/// `-Rpass-analysis=greenc`: one remark per loop, at its source line.
void emitLoopRemarks(Function &F, const View &V) {
  OptimizationRemarkEmitter ORE(&F);
  if (!ORE.allowExtraAnalysis("greenc") &&
      !F.getContext().getDiagHandlerPtr()->isAnalysisRemarkEnabled("greenc"))
    return;
  DISubprogram *SP = F.getSubprogram();
  for (const LoopRec &L : V.Loops) {
    uint64_t Flops = 0;
    std::map<std::string, uint64_t> Kinds; // "fma f32x8" -> occurrences
    for (const BlockRec &B : V.Blocks)
      if (B.Loop == L.Id) {
        Flops += blockFlops(B);
        for (const OpRec &O : B.Ops)
          if (flopsPerLane(O))
            Kinds[O.Op + " " + O.Ty +
                  (O.Lanes > 1 ? "x" + std::to_string(O.Lanes) : "")] += O.N;
      }
    DebugLoc DL;
    if (SP && L.Line)
      DL = DILocation::get(F.getContext(), L.Line, L.Col, SP);
    OptimizationRemarkAnalysis R("greenc", "LoopCount", DL, &F.getEntryBlock());
    R << "loop " << std::to_string(L.Id);
    if (!L.IV.empty())
      R << " over " << L.IV;
    if (L.Trip)
      R << ": trip count " << *L.Trip << " (" << L.Status << ")";
    else if (L.TripMax)
      R << ": trip count at most " << *L.TripMax << " (bounded: " << L.Reason
        << ")";
    else
      R << ": trip count unknown (" << L.Reason << ")";
    R << ", " << std::to_string(Flops) << " FLOPs per iteration";
    if (!Kinds.empty()) {
      std::string K;
      for (const auto &KV : Kinds)
        K += (K.empty() ? "" : ", ") + std::to_string(KV.second) + " " +
             KV.first;
      R << " (" << K << ")";
    }
    // Name the enclosing loops' indices the formula uses.
    std::string Uses = L.Trip ? *L.Trip : L.TripMax ? *L.TripMax : "";
    for (const LoopRec &O : V.Loops) {
      std::string At = "@" + std::to_string(O.Id);
      size_t P = Uses.find(At);
      bool Whole = P != std::string::npos && (P + At.size() == Uses.size() ||
                                              !isDigit(Uses[P + At.size()]));
      if (Whole) {
        R << "; " << At << " is the iteration index (from 0) of loop "
          << std::to_string(O.Id);
        if (O.Line)
          R << " at line " << std::to_string(O.Line);
      }
    }
    ORE.emit(R);
  }
}

std::string optName(OptimizationLevel L) {
  if (L.getSizeLevel() == 1)
    return "Os";
  if (L.getSizeLevel() == 2)
    return "Oz";
  return "O" + std::to_string(L.getSpeedupLevel());
}

/// `.ascii` lines for Bytes, escaped for the assembler.
void appendAscii(std::string &Asm, StringRef Bytes) {
  const size_t Chunk = 512;
  for (size_t I = 0; I < Bytes.size(); I += Chunk) {
    Asm += "\t.ascii \"";
    for (unsigned char C : Bytes.substr(I, Chunk)) {
      if (C == '"' || C == '\\') {
        Asm += '\\';
        Asm += C;
      } else if (C >= 0x20 && C < 0x7f) {
        Asm += C;
      } else {
        char Buf[8];
        snprintf(Buf, sizeof Buf, "\\%03o", C);
        Asm += Buf;
      }
    }
    Asm += "\"\n";
  }
}

std::string byteList(uint32_t V) {
  return formatv("\t.byte {0},{1},{2},{3}\n", V & 0xff, (V >> 8) & 0xff,
                 (V >> 16) & 0xff, (V >> 24) & 0xff)
      .str();
}

} // namespace

PreservedAnalyses GreencNamesPass::run(Module &M, ModuleAnalysisManager &) {
  if (Opts->ArgNames.empty())
    return PreservedAnalyses::all();
  LLVMContext &Ctx = M.getContext();
  // What the front end knows, as metadata the analysis reads (it survives
  // cloning and is there for opt on the plugin's -emit-llvm output too).
  if (!Opts->LoopVars.empty() && !M.getNamedMetadata(LoopVarsMD)) {
    NamedMDNode *NMD = M.getOrInsertNamedMetadata(LoopVarsMD);
    for (const auto &KV : Opts->LoopVars)
      NMD->addOperand(MDTuple::get(
          Ctx, {MDString::get(Ctx, std::to_string(KV.first.first) + ":" +
                                       std::to_string(KV.first.second)),
                MDString::get(Ctx, KV.second)}));
  }
  for (Function &F : M) {
    auto U = Opts->UnsignedArgs.find(F.getName().str());
    if (U != Opts->UnsignedArgs.end() && !F.getMetadata(UnsignedMD)) {
      SmallVector<Metadata *, 4> Ops;
      for (unsigned I : U->second)
        Ops.push_back(MDString::get(Ctx, std::to_string(I)));
      F.setMetadata(UnsignedMD, MDTuple::get(Ctx, Ops));
    }
    auto It = Opts->ArgFields.find(F.getName().str());
    if (It == Opts->ArgFields.end() || F.getMetadata(FieldsMD))
      continue;
    SmallVector<Metadata *, 8> Ops;
    for (const GreencOptions::Field &Fd : It->second)
      Ops.push_back(MDString::get(Ctx, std::to_string(Fd.Arg) + ":" +
                                           std::to_string(Fd.Offset) + ":" +
                                           Fd.Name));
    F.setMetadata(FieldsMD, MDTuple::get(Ctx, Ops));
  }
  M.getContext().setDiscardValueNames(false);
  for (Function &F : M) {
    auto It = Opts->ArgNames.find(F.getName().str());
    if (It == Opts->ArgNames.end() || It->second.size() != F.arg_size())
      continue;
    for (Argument &A : F.args())
      if (!A.hasName() && !It->second[A.getArgNo()].empty())
        A.setName(It->second[A.getArgNo()]);
  }
  return PreservedAnalyses::all();
}

PreservedAnalyses GreencSourcePass::run(Module &M, ModuleAnalysisManager &) {
  if (M.getNamedMetadata(SourceMD) || M.getNamedMetadata(EmittedMD))
    return PreservedAnalyses::all(); // already taken (plugin loaded twice)
  NamedMDNode *NMD = M.getOrInsertNamedMetadata(SourceMD);
  LLVMContext &Ctx = M.getContext();
  std::vector<Function *> Fs;
  for (Function &F : M)
    if (!F.isDeclaration())
      Fs.push_back(&F);
  for (Function *F : Fs) {
    View V = computeSourceView(*F);
    emitLoopRemarks(*F, V);
    json::Object Fn = functionHeader(*F);
    std::map<std::string, SymbolRec> Syms;
    addSymbols(Syms, V);
    json::Object Rec{{"function", std::move(Fn)},
                     {"symbols", symbolsJSON(Syms)},
                     {"view", V.toJSON()}};
    std::string S;
    raw_string_ostream OS(S);
    OS << json::Value(std::move(Rec));
    NMD->addOperand(MDTuple::get(
        Ctx, {MDString::get(Ctx, F->getName()), MDString::get(Ctx, S)}));
  }
  return PreservedAnalyses::none();
}

PreservedAnalyses GreencEmitPass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (M.getNamedMetadata(EmittedMD))
    return PreservedAnalyses::all(); // already emitted (plugin loaded twice)
  LLVMContext &Ctx = M.getContext();
  M.getOrInsertNamedMetadata(EmittedMD);

  // Source views kept at pipeline start, by function name.
  StringMap<json::Object> Source;
  std::vector<std::string> SourceOrder;
  if (NamedMDNode *NMD = M.getNamedMetadata(SourceMD)) {
    for (MDNode *N : NMD->operands()) {
      if (N->getNumOperands() != 2)
        continue;
      auto *Name = dyn_cast<MDString>(N->getOperand(0));
      auto *Text = dyn_cast<MDString>(N->getOperand(1));
      if (!Name || !Text)
        continue;
      Expected<json::Value> J = json::parse(Text->getString());
      if (!J) {
        consumeError(J.takeError());
        continue;
      }
      if (json::Object *O = J->getAsObject()) {
        SourceOrder.push_back(Name->getString().str());
        Source[Name->getString()] = std::move(*O);
      }
    }
    M.eraseNamedMetadata(NMD);
  }

  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  // json::Value's move constructor is not noexcept, so a growing array
  // deep-copies every function already in it: reserve up front.
  json::Array Functions;
  Functions.reserve(M.size() + SourceOrder.size());
  StringSet<> Done;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    const View &Exec = FAM.getResult<GreencAnalysis>(F);
    json::Object Fn = functionHeader(F);
    std::map<std::string, SymbolRec> Syms;
    addSymbols(Syms, Exec);
    json::Object Views{{"executed", Exec.toJSON()}};
    auto It = Source.find(F.getName());
    if (It != Source.end()) {
      if (json::Object *SV = It->second.getObject("view"))
        Views["source"] = std::move(*SV);
      if (json::Array *SS = It->second.getArray("symbols"))
        for (json::Value &S : *SS)
          if (json::Object *SO = S.getAsObject())
            if (auto Name = SO->getString("name"))
              if (!Syms.count(Name->str())) {
                SymbolRec R;
                R.Name = Name->str();
                R.Kind = SO->getString("kind").value_or("param").str();
                R.Type = SO->getString("type").value_or("").str();
                R.Base = SO->getString("base").value_or("").str();
                R.Index = SO->getInteger("index").value_or(0);
                R.Offset = SO->getInteger("offset").value_or(0);
                Syms.emplace(R.Name, R);
              }
      Done.insert(F.getName());
    } else {
      Fn["views_missing"] = json::Object{
          {"source", "not taken: the pipeline-start pass did not run"}};
    }
    Fn["symbols"] = symbolsJSON(Syms);
    Fn["views"] = std::move(Views);
    Functions.push_back(std::move(Fn));
  }
  // Functions inlined or deleted by the optimiser keep their source view.
  for (const std::string &Name : SourceOrder) {
    if (Done.count(Name))
      continue;
    json::Object &Rec = Source[Name];
    json::Object Fn;
    if (json::Object *H = Rec.getObject("function"))
      Fn = std::move(*H);
    if (json::Array *SS = Rec.getArray("symbols"))
      Fn["symbols"] = std::move(*SS);
    json::Object Views;
    if (json::Object *SV = Rec.getObject("view"))
      Views["source"] = std::move(*SV);
    Fn["views"] = std::move(Views);
    Fn["views_missing"] = json::Object{
        {"executed", "the optimiser inlined or removed the function"}};
    Functions.push_back(std::move(Fn));
  }

  json::Object Params;
  for (const auto &P : Opts->Params)
    Params[P.first] = P.second;
  json::Value Payload = json::Object{
      {"greenc_profile", 1},
      {"producer", "greenc 0.1.0 (LLVM " LLVM_VERSION_STRING ")"},
      {"module",
       json::Object{{"source", M.getSourceFileName()},
                    {"opt", Opts->Opt.empty() ? optName(Level) : Opts->Opt},
                    {"target", M.getTargetTriple()}}},
      {"params", std::move(Params)},
      {"functions", std::move(Functions)}};
  if (Opts->Print)
    errs() << formatv("{0:2}", Payload) << "\n";

  Triple T(M.getTargetTriple());
  if (!T.isOSBinFormatELF()) {
    Ctx.diagnose(GreencWarning("no .greenc.profile section written: target '" +
                               M.getTargetTriple() + "' is not ELF"));
    return PreservedAnalyses::all();
  }
  std::string Text;
  raw_string_ostream OS(Text);
  OS << Payload;
  bool ARM = T.isARM() || T.isThumb();
  std::string Asm = std::string("\t.pushsection .greenc.profile,\"\",") +
                    (ARM ? "%progbits" : "@progbits") + "\n";
  appendAscii(Asm, "GRNCPRF1");
  Asm += byteList(1);
  Asm += byteList(static_cast<uint32_t>(Text.size()));
  appendAscii(Asm, Text);
  Asm += "\t.popsection\n";
  M.appendModuleInlineAsm(Asm);
  return PreservedAnalyses::all();
}

} // namespace greenc
