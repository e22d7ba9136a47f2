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
#include "Warning.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Compression.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace greenc {

static const char *SourceMD = "greenc.source";
static const char *EmittedMD = "greenc.emitted";

namespace {

FunctionHeader functionHeader(Function &F) {
  FunctionHeader H;
  H.Name = F.getName().str();
  if (DISubprogram *SP = F.getSubprogram()) {
    H.File = SP->getFilename().str();
    H.Line = SP->getLine();
  } else {
    H.File = F.getParent()->getSourceFileName();
  }
  std::vector<std::string> Names = paramNames(F);
  for (Argument &A : F.args())
    H.Params.emplace_back(Names[A.getArgNo()], typeName(A.getType()));
  return H;
}

/// The FUNCTION object's keys before "symbols" (llvm::json's sorted order).
void writeHeader(json::OStream &J, const FunctionHeader &H) {
  J.attribute("file", H.File);
  if (H.Line)
    J.attribute("line", *H.Line);
  J.attribute("name", H.Name);
  J.attributeArray("params", [&] {
    for (const auto &P : H.Params)
      J.object([&] {
        J.attribute("name", P.first);
        J.attribute("type", P.second);
      });
  });
}

/// "symbols": parameters first, in declaration order; then fields by name.
void writeSymbols(json::OStream &J,
                  const std::map<std::string, SymbolRec> &All) {
  std::vector<const SymbolRec *> S;
  S.reserve(All.size());
  for (const auto &KV : All)
    S.push_back(&KV.second);
  std::stable_sort(S.begin(), S.end(), [](auto *A, auto *B) {
    bool PA = A->Kind == "param", PB = B->Kind == "param";
    if (PA != PB)
      return PA;
    return PA && A->Index < B->Index;
  });
  J.attributeArray("symbols", [&] {
    for (const SymbolRec *R : S)
      R->write(J);
  });
}

/// A source view as GreencEmitPass finds it: the analysis result or, from
/// another process, the metadata's JSON.
struct KeptView {
  const SourceViews::Rec *R = nullptr;
  // Read from metadata (R is null).
  FunctionHeader ParsedHeader;
  std::map<std::string, SymbolRec> ParsedSymbols;
  json::Value ParsedView = nullptr;
  const FunctionHeader &header() const { return R ? R->Header : ParsedHeader; }
  const std::map<std::string, SymbolRec> &symbols() const {
    return R ? R->V.Symbols : ParsedSymbols;
  }
  void writeView(json::OStream &J) const {
    if (R)
      R->V.write(J);
    else
      J.value(ParsedView);
  }
};

/// One `greenc.source` metadata record (GreencSourcePass with KeepMetadata).
std::optional<KeptView> parseKept(StringRef Text) {
  Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed) {
    consumeError(Parsed.takeError());
    return std::nullopt;
  }
  json::Object *O = Parsed->getAsObject();
  if (!O)
    return std::nullopt;
  KeptView K;
  if (json::Object *H = O->getObject("function")) {
    K.ParsedHeader.Name = H->getString("name").value_or("").str();
    K.ParsedHeader.File = H->getString("file").value_or("").str();
    if (auto L = H->getInteger("line"))
      K.ParsedHeader.Line = *L;
    if (json::Array *Ps = H->getArray("params"))
      for (json::Value &P : *Ps)
        if (json::Object *PO = P.getAsObject())
          K.ParsedHeader.Params.emplace_back(
              PO->getString("name").value_or("").str(),
              PO->getString("type").value_or("").str());
  }
  if (json::Array *SS = O->getArray("symbols"))
    for (json::Value &S : *SS)
      if (json::Object *SO = S.getAsObject())
        if (auto Name = SO->getString("name")) {
          SymbolRec R;
          R.Name = Name->str();
          R.Kind = SO->getString("kind").value_or("param").str();
          R.Type = SO->getString("type").value_or("").str();
          R.Base = SO->getString("base").value_or("").str();
          R.Index = SO->getInteger("index").value_or(0);
          R.Offset = SO->getInteger("offset").value_or(0);
          K.ParsedSymbols.emplace(R.Name, R);
        }
  if (json::Value *V = O->get("view"))
    K.ParsedView = std::move(*V);
  return K;
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
      } else { // \ooo, without snprintf: most of a deflated record is this
        Asm += '\\';
        Asm += static_cast<char>('0' + (C >> 6));
        Asm += static_cast<char>('0' + ((C >> 3) & 7));
        Asm += static_cast<char>('0' + (C & 7));
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
  for (Function &F : M) {
    auto It = Opts->ArgNames.find(F.getName().str());
    if (It == Opts->ArgNames.end() || It->second.size() != F.arg_size() ||
        F.getMetadata(ArgNamesMD))
      continue;
    SmallVector<Metadata *, 8> Ops;
    for (const std::string &N : It->second)
      Ops.push_back(MDString::get(Ctx, N));
    F.setMetadata(ArgNamesMD, MDTuple::get(Ctx, Ops));
  }
  return PreservedAnalyses::all();
}

AnalysisKey GreencSourceViews::Key;

SourceViews GreencSourceViews::run(Module &M, ModuleAnalysisManager &) {
  SourceViews Result;
  std::vector<Function *> Fs;
  for (Function &F : M)
    if (!F.isDeclaration())
      Fs.push_back(&F);
  Result.Recs.reserve(Fs.size());
  for (Function *F : Fs) {
    View V = computeSourceView(*F);
    Result.Recs.push_back({functionHeader(*F), std::move(V)});
  }
  return Result;
}

PreservedAnalyses GreencSourcePass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (MAM.getCachedResult<GreencSourceViews>(M) ||
      M.getNamedMetadata(SourceMD) || M.getNamedMetadata(EmittedMD))
    return PreservedAnalyses::all(); // already taken (plugin loaded twice)
  const SourceViews &SV = MAM.getResult<GreencSourceViews>(M);
  for (const SourceViews::Rec &R : SV.Recs)
    if (Function *F = M.getFunction(R.Header.Name))
      emitLoopRemarks(*F, R.V);
  if (KeepMetadata) {
    NamedMDNode *NMD = M.getOrInsertNamedMetadata(SourceMD);
    LLVMContext &Ctx = M.getContext();
    for (const SourceViews::Rec &R : SV.Recs) {
      std::string S;
      raw_string_ostream OS(S);
      json::OStream J(OS);
      J.object([&] {
        J.attributeObject("function", [&] { writeHeader(J, R.Header); });
        writeSymbols(J, R.V.Symbols);
        J.attributeBegin("view");
        R.V.write(J);
        J.attributeEnd();
      });
      NMD->addOperand(MDTuple::get(
          Ctx, {MDString::get(Ctx, R.Header.Name), MDString::get(Ctx, S)}));
    }
  }
  return PreservedAnalyses::none();
}

PreservedAnalyses GreencEmitPass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (M.getNamedMetadata(EmittedMD))
    return PreservedAnalyses::all(); // already emitted (plugin loaded twice)
  LLVMContext &Ctx = M.getContext();
  M.getOrInsertNamedMetadata(EmittedMD);

  // Source views taken at pipeline start, in module order: the analysis
  // result, else (greenc-source run by another opt) the metadata.
  std::vector<KeptView> Kept;
  if (const SourceViews *SV = MAM.getCachedResult<GreencSourceViews>(M)) {
    Kept.resize(SV->Recs.size());
    for (size_t I = 0; I < SV->Recs.size(); ++I)
      Kept[I].R = &SV->Recs[I];
  }
  if (NamedMDNode *NMD = M.getNamedMetadata(SourceMD)) {
    if (Kept.empty())
      for (MDNode *N : NMD->operands()) {
        if (N->getNumOperands() != 2)
          continue;
        auto *Name = dyn_cast<MDString>(N->getOperand(0));
        auto *Text = dyn_cast<MDString>(N->getOperand(1));
        if (!Name || !Text)
          continue;
        if (std::optional<KeptView> K = parseKept(Text->getString())) {
          K->ParsedHeader.Name = Name->getString().str();
          Kept.push_back(std::move(*K));
        }
      }
    M.eraseNamedMetadata(NMD);
  }
  StringMap<size_t> ByName;
  for (size_t I = 0; I < Kept.size(); ++I)
    ByName.try_emplace(Kept[I].header().Name, I);

  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  std::vector<const std::pair<std::string, int64_t> *> Params;
  for (const auto &P : Opts->Params)
    Params.push_back(&P);
  llvm::sort(Params, [](auto *A, auto *B) { return A->first < B->first; });
  // docs/profile.md's PROFILE; every object's keys in sorted order.
  auto Write = [&](json::OStream &J) {
    J.object([&] {
      J.attributeArray("functions", [&] {
        std::vector<bool> Done(Kept.size());
        for (Function &F : M) {
          if (F.isDeclaration())
            continue;
          const View &Exec = FAM.getResult<GreencAnalysis>(F);
          auto It = ByName.find(F.getName());
          const KeptView *K = It == ByName.end() ? nullptr : &Kept[It->second];
          std::map<std::string, SymbolRec> Syms = Exec.Symbols;
          if (K) {
            Done[It->second] = true;
            for (const auto &KV : K->symbols())
              Syms.emplace(KV.first, KV.second);
          }
          J.object([&] {
            writeHeader(J, functionHeader(F));
            writeSymbols(J, Syms);
            J.attributeObject("views", [&] {
              J.attributeBegin("executed");
              Exec.write(J);
              J.attributeEnd();
              if (K) {
                J.attributeBegin("source");
                K->writeView(J);
                J.attributeEnd();
              }
            });
            if (!K)
              J.attributeObject("views_missing", [&] {
                J.attribute("source",
                            "not taken: the pipeline-start pass did not run");
              });
          });
        }
        // Functions inlined or deleted by the optimiser keep their source
        // view.
        for (size_t I = 0; I < Kept.size(); ++I) {
          if (Done[I])
            continue;
          const KeptView &K = Kept[I];
          J.object([&] {
            writeHeader(J, K.header());
            writeSymbols(J, K.symbols());
            J.attributeObject("views", [&] {
              J.attributeBegin("source");
              K.writeView(J);
              J.attributeEnd();
            });
            J.attributeObject("views_missing", [&] {
              J.attribute("executed",
                          "the optimiser inlined or removed the function");
            });
          });
        }
      });
      J.attribute("greenc_profile", 1);
      J.attributeObject("module", [&] {
        J.attribute("opt", Opts->Opt.empty() ? optName(Level) : Opts->Opt);
        J.attribute("source", M.getSourceFileName());
        J.attribute("target", M.getTargetTriple());
      });
      J.attributeObject("params", [&] {
        for (const auto *P : Params)
          J.attribute(P->first, P->second);
      });
      J.attribute("producer", "greenc 0.1.0 (LLVM " LLVM_VERSION_STRING ")");
    });
  };
  if (Opts->Print) {
    {
      json::OStream J(errs(), 2);
      Write(J);
    }
    errs() << "\n";
  }

  Triple T(M.getTargetTriple());
  if (!T.isOSBinFormatELF()) {
    Ctx.diagnose(GreencWarning("no .greenc.profile section written: target '" +
                               M.getTargetTriple() + "' is not ELF"));
    return PreservedAnalyses::all();
  }
  std::string Text;
  {
    // Buffered: json::OStream writes a character at a time, and an
    // unbuffered raw_string_ostream appends each one through a virtual call.
    raw_string_ostream OS(Text);
    OS.SetBuffered();
    {
      json::OStream J(OS);
      Write(J);
    }
    OS.flush();
  }
  bool ARM = T.isARM() || T.isThumb();
  std::string Asm = std::string("\t.pushsection .greenc.profile,\"\",") +
                    (ARM ? "%progbits" : "@progbits") + "\n";
  appendAscii(Asm, "GRNCPRF1");
  // Record version 2 (the JSON's length, then the JSON as a zlib stream) for
  // large profiles. A profile's JSON is repetitive: the 200-function
  // benchmark TU's 953 KB deflate to 44 KB at the fastest level, the object
  // shrinks 7x and the compile saves ~25 instructions per byte (the
  // assembler's `.ascii` parsing against the compressor's work). zlib's set-up
  // costs ~0.6 M instructions, more than a small profile saves.
  const size_t CompressFrom = 64 * 1024;
  if (Text.size() >= CompressFrom && compression::zlib::isAvailable()) {
    SmallVector<uint8_t, 0> Z;
    compression::zlib::compress(arrayRefFromStringRef(Text), Z,
                                compression::zlib::BestSpeedCompression);
    Asm += byteList(2);
    Asm += byteList(static_cast<uint32_t>(4 + Z.size()));
    Asm += byteList(static_cast<uint32_t>(Text.size()));
    appendAscii(Asm, toStringRef(Z));
  } else {
    Asm += byteList(1);
    Asm += byteList(static_cast<uint32_t>(Text.size()));
    appendAscii(Asm, Text);
  }
  Asm += "\t.popsection\n";
  M.appendModuleInlineAsm(Asm);
  return PreservedAnalyses::all();
}

} // namespace greenc
