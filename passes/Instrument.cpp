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
// and the module a constructor calling __greenc_rt_register(&desc) per
// function. No block is split or added, so block positions stay the ids of
// the executed view taken just before.
//
//===----------------------------------------------------------------------===//
#include "Instrument.h"
#include "ExprWriter.h"
#include "GreencAnalysis.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
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

} // namespace

PreservedAnalyses GreencInstrumentPass::run(Module &M,
                                            ModuleAnalysisManager &MAM) {
  if (M.getNamedMetadata("greenc.instrumented"))
    return PreservedAnalyses::all(); // plugin loaded twice
  M.getOrInsertNamedMetadata("greenc.instrumented");
  LLVMContext &C = M.getContext();
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  Type *I32 = Type::getInt32Ty(C), *I64 = Type::getInt64Ty(C);
  PointerType *Ptr = PointerType::getUnqual(C);
  // gc_rt_fn: next, name, module, counters, nblocks, nsyms, symnames, state.
  StructType *DescTy = StructType::create(
      C, {Ptr, Ptr, Ptr, Ptr, I32, I32, Ptr, Ptr}, "greenc.rt_fn");
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
    // The view the profile holds (cached from GreencEmitPass: nothing
    // changed the function since).
    const View &V = FAM.getResult<GreencAnalysis>(F);
    Work W{&F, recordable(F, V)};
    for (const Sym &S : W.Syms)
      if (S.Field)
        ZeroSize = std::max(ZeroSize, S.Offset + 8);
    Todo.push_back(std::move(W));
  }
  if (Todo.empty())
    return PreservedAnalyses::all();
  ModName = cstring(M, M.getSourceFileName());
  // Fields are read through a null base from here instead (then 0).
  auto *ZeroTy = ArrayType::get(Type::getInt8Ty(C), ZeroSize);
  auto *Zero =
      new GlobalVariable(M, ZeroTy, true, GlobalValue::PrivateLinkage,
                         ConstantAggregateZero::get(ZeroTy), "__greenc_zero");

  std::vector<Constant *> Descs;
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
    auto *Desc = new GlobalVariable(
        M, DescTy, false, GlobalValue::InternalLinkage,
        ConstantStruct::get(DescTy, {ConstantPointerNull::get(Ptr),
                                     cstring(M, F.getName()), ModName, Cnt,
                                     ConstantInt::get(I32, NB),
                                     ConstantInt::get(I32, W.Syms.size()),
                                     SymNames, ConstantPointerNull::get(Ptr)}),
        "__greenc_fn." + F.getName());
    Descs.push_back(Desc);

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

  // Registration at load time: linking libgreenc_rt.a is enough.
  Function *Ctor =
      Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                       GlobalValue::InternalLinkage, "__greenc_rt_ctor", M);
  FunctionCallee Reg = M.getOrInsertFunction(
      "__greenc_rt_register",
      FunctionType::get(Type::getVoidTy(C), {Ptr}, false));
  IRBuilder<> B(BasicBlock::Create(C, "entry", Ctor));
  for (Constant *D : Descs)
    B.CreateCall(Reg, {D});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, 0);
  return PreservedAnalyses::none();
}

} // namespace greenc
