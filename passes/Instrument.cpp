//===- Instrument.cpp - dynamic block counters and symbol recording -------===//
//
// See Instrument.h. What a function gets:
//   @__greenc_cnt.<f>  = internal global [nblocks x i64] zeroinitializer
//   @__greenc_fn.<f>   = internal global descriptor (layout: gc_rt_fn in
//                        passes/runtime/greenc_rt.h)
//   every block, at its first insertion point: ++cnt[position of the block]
//   entry: vals[i] = symbol i (params sign/zero extended, fields loaded);
//          t0 = __greenc_rt_enter(&desc, vals)
//   before every ret: __greenc_rt_exit(&desc, t0)
//   before every memcpy/memmove/memset: bulk[0] += len (copies), bulk[1] +=
//   len (@__greenc_bulk.<f> = internal global [2 x i64], in the descriptor)
// and the module a constructor calling __greenc_rt_register(&desc) per
// function. No block is split or added, so block positions stay the ids of
// the executed view taken just before.
//
//===----------------------------------------------------------------------===//
#include "Instrument.h"
#include "ExprWriter.h"
#include "GreencAnalysis.h"
#include "Warning.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/LoopRotation.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LCSSA.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace greenc {

namespace {

struct Sym {
  std::string Name;
  bool Field = false;
  unsigned Arg = 0;
  uint64_t Offset = 0;
  Type *Ty = nullptr; // field: the loaded integer type
};

Type *intType(LLVMContext &C, StringRef Name) {
  if (Name == "i8")
    return Type::getInt8Ty(C);
  if (Name == "i16")
    return Type::getInt16Ty(C);
  if (Name == "i32")
    return Type::getInt32Ty(C);
  if (Name == "i64")
    return Type::getInt64Ty(C);
  return nullptr;
}

/// The symbols of V this function can record at entry, in name order.
std::vector<Sym> recordable(Function &F, const View &V) {
  std::vector<Sym> Out;
  std::vector<std::string> Names = paramNames(F);
  for (const auto &KV : V.Symbols) {
    const SymbolRec &R = KV.second;
    Sym S;
    S.Name = R.Name;
    if (R.Kind == "param") {
      if (R.Index >= F.arg_size() ||
          !F.getArg(R.Index)->getType()->isIntegerTy())
        continue;
      S.Arg = R.Index;
    } else if (R.Kind == "field") {
      auto It = std::find(Names.begin(), Names.end(), R.Base);
      if (It == Names.end())
        continue;
      S.Arg = It - Names.begin();
      S.Field = true;
      S.Offset = R.Offset;
      S.Ty = intType(F.getContext(), R.Type);
      if (!S.Ty || !F.getArg(S.Arg)->getType()->isPointerTy())
        continue;
    } else {
      continue;
    }
    Out.push_back(S);
  }
  return Out;
}

Constant *cstring(Module &M, StringRef S) {
  IRBuilder<> B(M.getContext());
  auto *GV = new GlobalVariable(M, ArrayType::get(B.getInt8Ty(), S.size() + 1),
                                true, GlobalValue::PrivateLinkage,
                                ConstantDataArray::getString(M.getContext(), S),
                                "__greenc_str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  return GV;
}

/// Rewrite F in place into the source view's canonical form
/// (addSourceCanonicalization).
void canonicalize(Function &F) {
  StandaloneAnalyses A;
  FunctionPassManager FPM;
  addSourceCanonicalization(FPM, /*Canonical=*/true);
  FPM.run(F, A.FAM);
  A.FAM.clear();
}

/// Number of instructions per block, in block order.
std::vector<size_t> shape(const Function &F) {
  std::vector<size_t> S;
  for (const BasicBlock &BB : F)
    S.push_back(BB.size());
  return S;
}

/// Why F's blocks are not the source view's (empty when they are): the view
/// is measured on a re-canonicalised clone, whose blocks must be F's.
std::string sourceMismatch(Function &F, const View &V) {
  ValueToValueMapTy VMap;
  Function *C = CloneFunction(&F, VMap);
  C->removeFnAttr(Attribute::OptimizeNone);
  C->setLinkage(GlobalValue::PrivateLinkage);
  canonicalize(*C);
  bool Same = shape(*C) == shape(F);
  C->eraseFromParent();
  if (!Same)
    return "canonicalising it again changes its blocks";
  // The view GreencSourcePass kept must be the one measured now.
  if (NamedMDNode *NMD = F.getParent()->getNamedMetadata("greenc.source"))
    for (MDNode *N : NMD->operands()) {
      if (N->getNumOperands() != 2)
        continue;
      auto *Name = dyn_cast<MDString>(N->getOperand(0));
      auto *Text = dyn_cast<MDString>(N->getOperand(1));
      if (!Name || !Text || Name->getString() != F.getName())
        continue;
      Expected<json::Value> J = json::parse(Text->getString());
      if (!J) {
        consumeError(J.takeError());
        return "the kept source view does not parse";
      }
      json::Object *O = J->getAsObject();
      json::Value *Kept = O ? O->get("view") : nullptr;
      if (!Kept || *Kept != V.toJSON())
        return "the kept source view differs from the one measured on the "
               "function";
      return "";
    }
  return "no source view was kept for it";
}

/// A module constructor registering every descriptor (`__greenc_fn.*`):
/// linking libgreenc_rt.a is then all a program needs.
void addRegistration(Module &M) {
  if (M.getFunction("__greenc_rt_ctor"))
    return;
  std::vector<GlobalVariable *> Descs;
  for (GlobalVariable &G : M.globals())
    if (G.getName().starts_with("__greenc_fn."))
      Descs.push_back(&G);
  if (Descs.empty())
    return;
  LLVMContext &C = M.getContext();
  Function *Ctor =
      Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                       GlobalValue::InternalLinkage, "__greenc_rt_ctor", M);
  FunctionCallee Reg = M.getOrInsertFunction(
      "__greenc_rt_register",
      FunctionType::get(Type::getVoidTy(C), {PointerType::getUnqual(C)},
                        false));
  IRBuilder<> B(BasicBlock::Create(C, "entry", Ctor));
  for (GlobalVariable *D : Descs)
    B.CreateCall(Reg, {D});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, 0);
}

} // namespace

PreservedAnalyses GreencRegisterPass::run(Module &M, ModuleAnalysisManager &) {
  addRegistration(M);
  return PreservedAnalyses::none();
}

PreservedAnalyses GreencCanonicalizePass::run(Module &M,
                                              ModuleAnalysisManager &) {
  if (M.getNamedMetadata("greenc.canonical"))
    return PreservedAnalyses::all();
  M.getOrInsertNamedMetadata("greenc.canonical");
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    // What a build without instrumentation would report.
    json::Value Before = computeSourceView(F).toJSON();
    // One round is not always a fixed point (nested loops: rotating the
    // outer loop again changes blocks); the view must be taken on one.
    unsigned Rounds = 0;
    for (; Rounds < 4; ++Rounds) {
      std::vector<size_t> S = shape(F);
      canonicalize(F);
      if (Rounds > 0 && shape(F) == S)
        break;
    }
    if (computeSourceView(F).toJSON() != Before)
      M.getContext().diagnose(GreencWarning(
          "the source view of " + F.getName() +
          " in this instrumented build differs from a normal build's: it is "
          "taken on the canonical form reached after " +
          Twine(Rounds + 1) + " rounds"));
  }
  return PreservedAnalyses::none();
}

PreservedAnalyses GreencInstrumentPass::run(Module &M,
                                            ModuleAnalysisManager &MAM) {
  if (M.getNamedMetadata("greenc.instrumented"))
    return PreservedAnalyses::all(); // plugin loaded twice
  M.getOrInsertNamedMetadata("greenc.instrumented");
  LLVMContext &C = M.getContext();
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  PointerType *Ptr = PointerType::getUnqual(C);
  // gc_rt_fn: next, name, module, view, counters, nblocks, nsyms, symnames,
  // state, bulk.
  StructType *DescTy = StructType::create(
      C, {Ptr, Ptr, Ptr, Ptr, Ptr, I32, I32, Ptr, Ptr, Ptr}, "greenc.rt_fn");
  FunctionCallee Enter = M.getOrInsertFunction(
      "__greenc_rt_enter", FunctionType::get(I64, {Ptr, Ptr}, false));
  FunctionCallee Exit = M.getOrInsertFunction(
      "__greenc_rt_exit",
      FunctionType::get(Type::getVoidTy(C), {Ptr, I64}, false));
  Constant *ModName = nullptr;

  struct Work {
    Function *F;
    std::vector<Sym> Syms;
  };
  std::vector<Work> Todo;
  uint64_t ZeroSize = 8;
  for (Function &F : M) {
    if (F.isDeclaration() || F.getName().starts_with("__greenc_"))
      continue;
    std::vector<Sym> Syms;
    if (Source) {
      View SV = computeSourceView(F);
      std::string Why = sourceMismatch(F, SV);
      if (!Why.empty()) {
        C.diagnose(GreencWarning(
            F.getName() +
            " is not instrumented: its blocks are not the source view's (" +
            Why + ")"));
        continue;
      }
      Syms = recordable(F, SV);
    } else {
      // The view the profile holds (cached from GreencEmitPass: nothing
      // changed the function since).
      Syms = recordable(F, FAM.getResult<GreencAnalysis>(F));
    }
    Work W{&F, std::move(Syms)};
    for (const Sym &S : W.Syms)
      if (S.Field)
        ZeroSize = std::max(ZeroSize, S.Offset + 8);
    Todo.push_back(std::move(W));
  }
  if (Todo.empty())
    return PreservedAnalyses::all();
  ModName = cstring(M, M.getSourceFileName());
  Constant *ViewName = cstring(M, Source ? "source" : "executed");
  // Fields are read through a null base from here instead (then 0).
  auto *ZeroTy = ArrayType::get(Type::getInt8Ty(C), ZeroSize);
  auto *Zero =
      new GlobalVariable(M, ZeroTy, true, GlobalValue::PrivateLinkage,
                         ConstantAggregateZero::get(ZeroTy), "__greenc_zero");

  for (Work &W : Todo) {
    Function &F = *W.F;
    unsigned NB = F.size();
    auto *CntTy = ArrayType::get(I64, NB);
    auto *Cnt = new GlobalVariable(
        M, CntTy, false, GlobalValue::InternalLinkage,
        ConstantAggregateZero::get(CntTy), "__greenc_cnt." + F.getName());
    std::vector<Constant *> Names;
    for (const Sym &S : W.Syms)
      Names.push_back(cstring(M, S.Name));
    Constant *SymNames = ConstantPointerNull::get(Ptr);
    if (!Names.empty()) {
      auto *AT = ArrayType::get(Ptr, Names.size());
      SymNames = new GlobalVariable(M, AT, true, GlobalValue::PrivateLinkage,
                                    ConstantArray::get(AT, Names),
                                    "__greenc_syms." + F.getName());
    }
    // Bulk memory calls: their lengths are data the block counters miss.
    std::vector<MemIntrinsic *> Bulk;
    for (Instruction &I : instructions(F))
      if (auto *MI = dyn_cast<MemIntrinsic>(&I))
        Bulk.push_back(MI);
    auto *BulkTy = ArrayType::get(I64, 2);
    GlobalVariable *BulkBytes = nullptr;
    if (!Bulk.empty())
      BulkBytes = new GlobalVariable(
          M, BulkTy, false, GlobalValue::InternalLinkage,
          ConstantAggregateZero::get(BulkTy), "__greenc_bulk." + F.getName());
    auto *Desc = new GlobalVariable(
        M, DescTy, false, GlobalValue::InternalLinkage,
        ConstantStruct::get(
            DescTy, {ConstantPointerNull::get(Ptr), cstring(M, F.getName()),
                     ModName, ViewName, Cnt, ConstantInt::get(I32, NB),
                     ConstantInt::get(I32, W.Syms.size()), SymNames,
                     ConstantPointerNull::get(Ptr),
                     BulkBytes ? static_cast<Constant *>(BulkBytes)
                               : ConstantPointerNull::get(Ptr)}),
        "__greenc_fn." + F.getName());
    for (MemIntrinsic *MI : Bulk) {
      IRBuilder<> B(MI);
      Value *Len = B.CreateZExtOrTrunc(MI->getLength(), I64);
      auto Add = [&](unsigned Slot) {
        Value *P = B.CreateConstInBoundsGEP2_64(BulkTy, BulkBytes, 0, Slot);
        B.CreateStore(B.CreateAdd(B.CreateLoad(I64, P, "greenc.b"), Len), P);
      };
      if (isa<MemTransferInst>(MI))
        Add(0); // memcpy, memmove: read as much as they write
      Add(1);
    }

    // Positions first: inserting instructions does not move blocks.
    std::vector<BasicBlock *> Blocks;
    for (BasicBlock &BB : F)
      Blocks.push_back(&BB);
    for (unsigned I = 0; I < Blocks.size(); ++I) {
      BasicBlock *BB = Blocks[I];
      BasicBlock::iterator IP = BB->getFirstInsertionPt();
      if (IP == BB->end())
        continue; // an EH pad without insertion point (not in C)
      IRBuilder<> B(BB, IP);
      Value *Slot = B.CreateConstInBoundsGEP2_64(CntTy, Cnt, 0, I);
      Value *Old = B.CreateLoad(I64, Slot, "greenc.c");
      B.CreateStore(B.CreateAdd(Old, ConstantInt::get(I64, 1)), Slot);
    }

    BasicBlock &Entry = F.getEntryBlock();
    IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
    Value *Vals = ConstantPointerNull::get(Ptr);
    if (!W.Syms.empty()) {
      auto *VT = ArrayType::get(I64, W.Syms.size());
      Vals = B.CreateAlloca(VT, nullptr, "greenc.vals");
      for (unsigned I = 0; I < W.Syms.size(); ++I) {
        const Sym &S = W.Syms[I];
        Argument *A = F.getArg(S.Arg);
        Value *V;
        if (S.Field) {
          Value *IsNull = B.CreateIsNull(A);
          Value *Base = B.CreateSelect(IsNull, Zero, A);
          Value *Addr = B.CreateConstGEP1_64(B.getInt8Ty(), Base, S.Offset);
          V = B.CreateSExt(B.CreateAlignedLoad(S.Ty, Addr, Align(1)), I64);
        } else if (A->getType()->getIntegerBitWidth() == 1 ||
                   isUnsignedArg(*A)) {
          V = B.CreateZExtOrTrunc(A, I64);
        } else {
          V = B.CreateSExtOrTrunc(A, I64);
        }
        B.CreateStore(V, B.CreateConstInBoundsGEP2_64(VT, Vals, 0, I));
      }
    }
    Value *T0 = B.CreateCall(Enter, {Desc, Vals}, "greenc.t0");
    for (BasicBlock *BB : Blocks) {
      auto *R = dyn_cast<ReturnInst>(BB->getTerminator());
      if (!R)
        continue;
      Instruction *At = R;
      if (auto *CI = dyn_cast_or_null<CallInst>(R->getPrevNode()))
        if (CI->isMustTailCall())
          At = CI;
      IRBuilder<> RB(At);
      RB.CreateCall(Exit, {Desc, T0});
    }
  }

  if (!Source)
    addRegistration(M);
  return PreservedAnalyses::none();
}

} // namespace greenc
