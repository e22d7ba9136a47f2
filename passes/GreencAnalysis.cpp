//===- GreencAnalysis.cpp - count ops, loops and trip counts of a function ===//
//
// Builds the VIEW of docs/profile.md for one function:
//  * loops from LoopInfo, trip counts from ScalarEvolution
//    (backedge-taken count + 1, written by ExprWriter), status exact /
//    bounded / unknown with a reason;
//  * blocks classified as `always`, `guard` (a branch on symbols only) or
//    `data` (a branch on loaded data), and `skip_last` (after the loop's exit
//    test);
//  * op counts from an InstVisitor with one visit per opcode class; its
//    fallback records `other` with the opcode's name, never drops one.
// Bookkeeping that costs no op: phi, br, switch, ret, unreachable, GEP,
// alloca, freeze, integer and pointer casts (zext/sext/trunc/bitcast/
// ptrtoint/inttoptr/addrspacecast), debug records, lifetime/assume/
// noalias-scope intrinsics.
//
//   opt-19 -load-pass-plugin=GreencPlugin.so -passes=greenc-print
//          -disable-output kernel.ll
//
//===----------------------------------------------------------------------===//
#include "GreencAnalysis.h"
#include "ExprWriter.h"
#include "Recurrence.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/PostDominators.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/InstVisitor.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Transforms/Scalar/LICM.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/LoopRotation.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LCSSA.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

#define DEBUG_TYPE "greenc"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace greenc {

AnalysisKey GreencAnalysis::Key;

namespace {

//===-- integer roles: data vs addr ---------------------------------------===//

/// Integer values (and integer allocas at -O0) that feed data; the others
/// only feed addresses, branch conditions or other bookkeeping (`addr`).
class IntRoles {
public:
  explicit IntRoles(Function &F) {
    SmallVector<Value *, 64> Cands;
    for (Instruction &I : instructions(F)) {
      if (auto *AI = dyn_cast<AllocaInst>(&I)) {
        if (AI->getAllocatedType()->isIntegerTy())
          Cands.push_back(AI);
      } else if (I.getType()->isIntOrIntVectorTy()) {
        Cands.push_back(&I);
      }
    }
    for (Value *V : Cands)
      IsCand.insert(V);
    // Greatest fixpoint: everything is addr until a user makes it data.
    // Users mostly follow their operands: walk backwards to converge fast.
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (Value *V : llvm::reverse(Cands))
        if (!Data.count(V) && feedsData(V)) {
          Data.insert(V);
          Changed = true;
        }
    }
  }
  bool isData(const Value *V) const { return Data.count(V); }

private:
  bool feedsData(Value *V) {
    for (User *U : V->users()) {
      if (isa<GetElementPtrInst>(U) || isa<BranchInst>(U) || isa<SwitchInst>(U))
        continue;
      if (auto *LI = dyn_cast<LoadInst>(U)) { // V is an int alloca
        if (Data.count(LI))
          return true;
        continue;
      }
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getPointerOperand() == V)
          continue;
        Value *P = SI->getPointerOperand();
        if (IsCand.count(P) && isa<AllocaInst>(P)) {
          if (Data.count(P))
            return true;
          continue;
        }
        return true; // stored to memory: data
      }
      if (auto *II = dyn_cast<IntrinsicInst>(U))
        if (II->isAssumeLikeIntrinsic() || isa<DbgInfoIntrinsic>(II) ||
            isa<MemIntrinsic>(II)) // a bulk length is bookkeeping
          continue;
      if (IsCand.count(U)) {
        if (Data.count(U))
          return true;
        continue;
      }
      return true;
    }
    return false;
  }
  DenseSet<const Value *> IsCand, Data;
};

//===-- op classification -------------------------------------------------===//

unsigned lanesOf(Type *T) {
  if (auto *VT = dyn_cast<FixedVectorType>(T))
    return VT->getNumElements();
  if (auto *VT = dyn_cast<ScalableVectorType>(T))
    return VT->getMinNumElements();
  return 1;
}

/// The op kind of a libm function or FP intrinsic name ("" when none).
StringRef mathKind(StringRef N) {
  auto Look = [](StringRef S) -> StringRef {
    return StringSwitch<StringRef>(S)
        .Cases("exp", "exp2", "exp10", "expm1", "fexp")
        .Cases("log", "log2", "log10", "log1p", "flog")
        .Cases("pow", "powi", "fpow")
        .Cases("sin", "cos", "tan", "asin", "acos", "atan", "ftrig")
        .Cases("atan2", "sinh", "cosh", "asinh", "acosh", "atanh", "ftrig")
        .Case("tanh", "ftanh")
        .Case("sqrt", "fsqrt")
        .Case("fabs", "fabs")
        .Cases("fma", "fmuladd", "fma")
        .Cases("fmax", "fmin", "maxnum", "minnum", "fminmax")
        .Cases("maximum", "minimum", "fminmax")
        .Cases("erf", "erfc", "cbrt", "floor", "ceil", "round", "fmath")
        .Cases("trunc", "rint", "nearbyint", "roundeven", "fmath")
        .Cases("copysign", "fmod", "ldexp", "frexp", "hypot", "fmath")
        .Cases("lround", "llround", "lrint", "llrint", "fmath")
        .Default("");
  };
  StringRef K = Look(N);
  if (K.empty() && N.size() > 1 && (N.back() == 'f' || N.back() == 'l'))
    K = Look(N.drop_back());
  return K;
}

} // namespace

uint64_t flopsPerLane(const OpRec &O) {
  return StringSwitch<uint64_t>(O.Op)
      .Cases("fadd", "fsub", "fmul", "fdiv", "frem", 1)
      .Cases("fcmp", "fminmax", "fsqrt", 1)
      .Case("fma", 2)
      .Cases("fexp", "flog", "fpow", "ftrig", "ftanh", "fmath", 1)
      .Default(0);
}

namespace {

/// Everything the op counter needs about the function being measured.
struct CountCtx {
  const DataLayout &DL;
  IntRoles &Roles;
  ExprWriter &W;         // writes EXPRs of the shape function's values
  ScalarEvolution &SE;   // of the shape function
  const BasicBlock *Ctx; // shape block: its guards bound values
  View &V;
  const std::vector<std::string> &Params;
  /// Counted instruction -> its counterpart in the shape function (the
  /// promoted -O0 clone); null map when both are the same function.
  const ValueToValueMapTy *VMap;

  /// The shape function's copy of I; null when promotion removed it (a
  /// load or store of a local variable).
  Instruction *shapeOf(Instruction &I) const {
    if (!VMap)
      return &I;
    auto It = VMap->find(&I);
    if (It == VMap->end() || !It->second)
      return nullptr;
    // The map follows replacements: a promoted load now maps to the value
    // it loaded. Only the same kind of instruction is a counterpart.
    auto *SI = dyn_cast<Instruction>(&*It->second);
    if (!SI || SI->getOpcode() != I.getOpcode() ||
        SI->getNumOperands() != I.getNumOperands())
      return nullptr;
    return SI;
  }
};

/// The multiply-accumulate pairing rule (docs/profile.md): a multiply
/// (`fmul`, or an integer `mul` on data) whose only use is an add or
/// subtract of the same type (so the same element type and vector width) in
/// the same block, of which it is an operand, is one MAC per lane: an
/// `fmul fast` + `fadd fast` pair at -Ofast is the FMA clang did not form.
/// Of two multiplies feeding one add (a*b + c*d) only the first pairs: the
/// add accumulates one product. Address arithmetic (`i*N + j`) is `addr`,
/// never a MAC. FLOPs stay 1 + 1 (FMA = 2).
bool isMacMul(const Instruction &M, const IntRoles &Roles) {
  bool FP = M.getOpcode() == Instruction::FMul;
  if (!FP && (M.getOpcode() != Instruction::Mul || !Roles.isData(&M)))
    return false;
  if (!M.hasOneUse())
    return false;
  auto *U = dyn_cast<BinaryOperator>(*M.user_begin());
  if (!U || U->getParent() != M.getParent() || U->getType() != M.getType())
    return false;
  unsigned Op = U->getOpcode();
  if (FP ? (Op != Instruction::FAdd && Op != Instruction::FSub)
         : (Op != Instruction::Add && Op != Instruction::Sub))
    return false;
  // The first multiply operand of U pairs with it.
  for (Value *X : U->operands())
    if (auto *XI = dyn_cast<Instruction>(X))
      if (XI->getOpcode() == M.getOpcode() && XI->hasOneUse())
        return XI == &M;
  return false;
}

class OpCounter : public InstVisitor<OpCounter> {
public:
  OpCounter(CountCtx &C, BlockRec &B) : C(C), B(B) {}

  // Bookkeeping: no op.
  void visitPHINode(PHINode &) {}
  void visitBranchInst(BranchInst &) {}
  void visitSwitchInst(SwitchInst &) {}
  void visitReturnInst(ReturnInst &) {}
  void visitUnreachableInst(UnreachableInst &) {}
  void visitGetElementPtrInst(GetElementPtrInst &) {}
  void visitAllocaInst(AllocaInst &) {}
  void visitFreezeInst(FreezeInst &) {}

  void visitUnaryOperator(UnaryOperator &I) {
    if (I.getOpcode() == Instruction::FNeg)
      return add("fneg", I.getType());
    other(I.getOpcodeName());
  }

  void visitBinaryOperator(BinaryOperator &I) {
    StringRef Op;
    switch (I.getOpcode()) {
    case Instruction::FAdd:
      Op = "fadd";
      break;
    case Instruction::FSub:
      Op = "fsub";
      break;
    case Instruction::FMul:
      Op = "fmul";
      break;
    case Instruction::FDiv:
      Op = "fdiv";
      break;
    case Instruction::FRem:
      Op = "frem";
      break;
    case Instruction::Add:
      Op = "iadd";
      break;
    case Instruction::Sub:
      Op = "isub";
      break;
    case Instruction::Mul:
      Op = "imul";
      break;
    case Instruction::UDiv:
    case Instruction::SDiv:
      Op = "idiv";
      break;
    case Instruction::URem:
    case Instruction::SRem:
      Op = "irem";
      break;
    case Instruction::Shl:
    case Instruction::LShr:
    case Instruction::AShr:
      Op = "ishift";
      break;
    case Instruction::And:
    case Instruction::Or:
    case Instruction::Xor:
      Op = "ilogic";
      break;
    default:
      return other(I.getOpcodeName());
    }
    add(Op, I.getType(), I.getType()->isIntOrIntVectorTy() ? role(I) : "", 1, 0,
        isMacMul(I, C.Roles) ? "mac" : "");
  }

  void visitFCmpInst(FCmpInst &I) { add("fcmp", I.getOperand(0)->getType()); }
  void visitICmpInst(ICmpInst &I) {
    add("icmp", I.getOperand(0)->getType(), role(I));
  }

  void visitCastInst(CastInst &I) {
    switch (I.getOpcode()) {
    case Instruction::FPExt:
    case Instruction::FPTrunc:
    case Instruction::SIToFP:
    case Instruction::UIToFP:
    case Instruction::FPToSI:
    case Instruction::FPToUI:
      return add("fcvt", I.getType());
    default:
      return; // integer and pointer casts: bookkeeping
    }
  }

  void visitLoadInst(LoadInst &I) {
    memOp(I, "load", I.getType(), LoadInst::getPointerOperandIndex());
  }
  void visitStoreInst(StoreInst &I) {
    memOp(I, "store", I.getValueOperand()->getType(),
          StoreInst::getPointerOperandIndex());
  }

  void visitCallBase(CallBase &CB) {
    if (CB.isInlineAsm()) {
      other("inline asm");
      return unknown(CB, "inline asm is not costed");
    }
    if (auto *II = dyn_cast<IntrinsicInst>(&CB))
      return intrinsic(*II);
    Function *Callee = CB.getCalledFunction();
    if (!Callee) {
      OpRec O;
      O.Op = "call";
      O.Callee = "<indirect>"; // not an identifier: matches no function
      O.What = "indirect";
      B.add(O);
      return unknown(CB, "indirect call: callee unknown");
    }
    StringRef Name = Callee->getName();
    // OpenMP: __kmpc_fork_call(loc, nargs, body, captured...) runs
    // body(&gtid, &btid, captured...) on every thread of a team whose size is
    // set at run time; the record names the body, and the reader counts it
    // as a call executed an unknown number of times (docs/profile.md).
    if ((Name == "__kmpc_fork_call" || Name == "__kmpc_fork_teams") &&
        CB.arg_size() >= 3)
      if (auto *Body =
              dyn_cast<Function>(CB.getArgOperand(2)->stripPointerCasts())) {
        OpRec O;
        O.Op = "call";
        O.Callee = Body->getName().str();
        O.What = "parallel";
        B.add(O);
        return unknown(CB, ("OpenMP parallel region: " + Body->getName() +
                            " runs on every thread of a team sized at run time")
                               .str());
      }
    StringRef K = mathKind(Name);
    if (!K.empty() && Callee->isDeclaration() &&
        CB.getType()->isFPOrFPVectorTy())
      return add(K, CB.getType());
    OpRec O;
    O.Op = "call";
    O.Callee = Name.str();
    // Arguments for every direct call, the callee defined here or not: a
    // callee another unit defines is composed by a program-wide report
    // (greenc report prog, greenc analyze), which needs them as much.
    O.HasArgs = true;
    auto *SC = dyn_cast_or_null<CallBase>(C.shapeOf(CB));
    for (unsigned I = 0; I < CB.arg_size(); ++I)
      O.Args.push_back(SC && I < SC->arg_size() ? argExpr(SC->getArgOperand(I))
                                                : std::nullopt);
    B.add(O);
  }

  // Data movement and choice: no FLOP, one instruction each. Lanes are those
  // of the vector moved (extractelement: its source).
  void visitSelectInst(SelectInst &I) { add("select", I.getType()); }
  void visitShuffleVectorInst(ShuffleVectorInst &I) {
    add("shuffle", I.getType());
  }
  void visitInsertElementInst(InsertElementInst &I) {
    add("insert", I.getType());
  }
  void visitExtractElementInst(ExtractElementInst &I) {
    add("extract", I.getType(), "", 1, lanesOf(I.getVectorOperandType()));
  }

  void visitInstruction(Instruction &I) { other(I.getOpcodeName()); }

private:
  std::string role(const Value &V) {
    return C.Roles.isData(&V) ? "data" : "addr";
  }

  void add(StringRef Op, Type *T, StringRef Role = "", uint64_t N = 1,
           unsigned Lanes = 0, StringRef What = "") {
    OpRec O;
    O.Op = Op.str();
    O.What = What.str();
    O.Ty = opTypeName(T);
    if (O.Ty.empty()) // a type the profile has no name for (x86_fp80...)
      return other((Op + " on " + typeName(T)).str());
    O.Lanes = Lanes ? Lanes : lanesOf(T);
    O.Role = Role.str();
    B.add(O, N);
  }

  void other(StringRef What) {
    OpRec O;
    O.Op = "other";
    O.What = What.str();
    B.add(O);
  }

  void unknown(Instruction &I, StringRef Why) {
    unsigned Line = I.getDebugLoc() ? I.getDebugLoc().getLine() : B.Line;
    C.V.Unknown.push_back({Line, Why.str()});
  }

  /// Base object name of a pointer: a parameter or a global.
  std::string baseName(const Value *Base) {
    if (auto *A = dyn_cast<Argument>(Base))
      return C.Params[A->getArgNo()];
    // A global by its source name; not string literals and other
    // compiler-made constants (`.str.3`), which are no symbol.
    if (auto *G = dyn_cast<GlobalVariable>(Base))
      if (isIdentifier(G->getName()))
        return G->getName().str();
    return "";
  }

  /// A load or store of T through operand PtrIdx of I. Base and index are
  /// read on the shape function's copy of I.
  void memOp(Instruction &I, StringRef Op, Type *T, unsigned PtrIdx) {
    OpRec O;
    O.Op = Op.str();
    O.Ty = opTypeName(T); // omitted for types the profile has no name for
    O.Lanes = lanesOf(T);
    O.Bytes = C.DL.getTypeStoreSize(T).getKnownMinValue();
    if (Instruction *SI = C.shapeOf(I)) {
      Value *Ptr = SI->getOperand(PtrIdx);
      const Value *Base = getUnderlyingObject(Ptr);
      O.Base = baseName(Base);
      if (!O.Base.empty())
        O.Index = indexExpr(Ptr, Base, T->getScalarType());
    }
    B.add(O);
  }

  /// (Ptr - Base) / sizeof(Elt) as an EXPR, or "" when not affine.
  std::string indexExpr(Value *Ptr, const Value *Base, Type *Elt) {
    ScalarEvolution &SE = C.SE;
    if (!SE.isSCEVable(Ptr->getType()))
      return "";
    const SCEV *Off =
        SE.getMinusSCEV(SE.getSCEV(Ptr), SE.getSCEV(const_cast<Value *>(Base)));
    if (isa<SCEVCouldNotCompute>(Off))
      return "";
    uint64_t Size = C.DL.getTypeStoreSize(Elt).getFixedValue();
    if (Size == 0)
      return "";
    const SCEV *Idx = divideExact(Off, Size, SE);
    if (!Idx)
      return "";
    std::string Why;
    auto E = C.W.write(Idx, Why, C.Ctx);
    return E ? *E : "";
  }

  std::optional<std::string> argExpr(Value *A) {
    if (A->getType()->isPointerTy()) {
      // A pointer argument passed on unchanged: its parameter's name.
      if (auto *Arg = dyn_cast<Argument>(A))
        return C.Params[Arg->getArgNo()];
      return std::nullopt;
    }
    if (!A->getType()->isIntegerTy())
      return std::nullopt;
    std::string Why;
    return C.W.write(C.SE.getSCEV(A), Why, C.Ctx);
  }

  void intrinsic(IntrinsicInst &II) {
    Intrinsic::ID ID = II.getIntrinsicID();
    if (II.isAssumeLikeIntrinsic() || isa<DbgInfoIntrinsic>(II))
      return; // lifetime, assume, noalias scopes, debug: bookkeeping
    switch (ID) {
    case Intrinsic::expect:
    case Intrinsic::objectsize:
    case Intrinsic::launder_invariant_group:
    case Intrinsic::strip_invariant_group:
      return;
    case Intrinsic::memcpy:
    case Intrinsic::memcpy_inline:
    case Intrinsic::memmove:
    case Intrinsic::memset:
    case Intrinsic::memset_inline: {
      OpRec O;
      O.Op = ID == Intrinsic::memmove ? "memmove"
             : (ID == Intrinsic::memset || ID == Intrinsic::memset_inline)
                 ? "memset"
                 : "memcpy";
      Value *Len = II.getArgOperand(2);
      auto *SII = dyn_cast_or_null<IntrinsicInst>(C.shapeOf(II));
      if (auto *CI = dyn_cast<ConstantInt>(Len)) {
        if (CI->getValue().getSignificantBits() <= 64)
          O.Bytes = CI->getSExtValue();
      } else if (SII) {
        std::string Why;
        if (auto E = C.W.write(C.SE.getSCEV(SII->getArgOperand(2)), Why, C.Ctx))
          O.BytesExpr = *E;
      }
      if (O.Bytes < 0 && O.BytesExpr.empty()) {
        // The profile's bulk ops need `bytes`: name it as `other` instead.
        unknown(II, O.Op + " length not expressible");
        return other(O.Op + " (length not expressible)");
      }
      B.add(O);
      return;
    }
    case Intrinsic::masked_load:
    case Intrinsic::masked_gather:
      return memOp(II, "load", II.getType(), 0);
    case Intrinsic::masked_store:
    case Intrinsic::masked_scatter:
      return memOp(II, "store", II.getArgOperand(0)->getType(), 1);
    case Intrinsic::smax:
    case Intrinsic::smin:
    case Intrinsic::umax:
    case Intrinsic::umin:
      return add("iminmax", II.getType(), role(II));
    case Intrinsic::vector_reduce_fadd:
    case Intrinsic::vector_reduce_fmul: {
      Type *VT = II.getArgOperand(1)->getType();
      return add(ID == Intrinsic::vector_reduce_fadd ? "fadd" : "fmul",
                 II.getType(), "", lanesOf(VT), 1);
    }
    case Intrinsic::vector_reduce_fmax:
    case Intrinsic::vector_reduce_fmin:
    case Intrinsic::vector_reduce_fmaximum:
    case Intrinsic::vector_reduce_fminimum: {
      unsigned N = lanesOf(II.getArgOperand(0)->getType());
      return add("fminmax", II.getType(), "", N > 1 ? N - 1 : 1, 1);
    }
    case Intrinsic::vector_reduce_add:
    case Intrinsic::vector_reduce_mul:
    case Intrinsic::vector_reduce_and:
    case Intrinsic::vector_reduce_or:
    case Intrinsic::vector_reduce_xor:
    case Intrinsic::vector_reduce_smax:
    case Intrinsic::vector_reduce_smin:
    case Intrinsic::vector_reduce_umax:
    case Intrinsic::vector_reduce_umin: {
      unsigned N = lanesOf(II.getArgOperand(0)->getType());
      StringRef Op = ID == Intrinsic::vector_reduce_add   ? "iadd"
                     : ID == Intrinsic::vector_reduce_mul ? "imul"
                     : (ID == Intrinsic::vector_reduce_and ||
                        ID == Intrinsic::vector_reduce_or ||
                        ID == Intrinsic::vector_reduce_xor)
                         ? "ilogic"
                         : "iminmax";
      return add(Op, II.getType(), role(II), N > 1 ? N - 1 : 1, 1);
    }
    default:
      break;
    }
    // FP math intrinsics: llvm.<name>.<type>.
    StringRef Name = II.getCalledFunction()->getName();
    StringRef Base = Name.drop_front(5).split('.').first; // after "llvm."
    StringRef K = mathKind(Base);
    if (!K.empty() && II.getType()->isFPOrFPVectorTy())
      return add(K, II.getType());
    if (II.getCalledFunction()->isTargetIntrinsic()) {
      // A reciprocal (square root) estimate, llvm.x86.avx512.rcp14.ps.512
      // (_mm512_rcp14_ps), is FP math on every lane; the other target
      // intrinsics (vpdpbusd, ...) are not costed: `other`, and said.
      if (II.getType()->isFPOrFPVectorTy() && isEstimate(Name))
        return add("fmath", II.getType(), "", 1, 0, "estimate");
      other(Name);
      return unknown(II, (Name + " (a target intrinsic) is not costed").str());
    }
    other(Name);
  }

  /// llvm.x86.*.{rcp,rsqrt}{,14,28}.{ps,pd,ph}*: a packed reciprocal (square
  /// root) estimate, on every lane. Not the scalar forms (.ss, .sd): they
  /// compute one lane of the vector they return.
  static bool isEstimate(StringRef Name) {
    if (!Name.starts_with("llvm.x86."))
      return false;
    SmallVector<StringRef, 8> Parts;
    Name.split(Parts, '.');
    bool Estimate = any_of(Parts, [](StringRef P) {
      return P == "rcp" || P == "rsqrt" || P == "rcp14" || P == "rsqrt14" ||
             P == "rcp28" || P == "rsqrt28";
    });
    bool Packed = any_of(
        Parts, [](StringRef P) { return P == "ps" || P == "pd" || P == "ph"; });
    return Estimate && Packed;
  }

  CountCtx &C;
  BlockRec &B;
};

//===-- loops and block conditions ---------------------------------------===//

/// Shape analyses of the function whose CFG is measured.
struct Shape {
  Shape(Function &F, LoopInfo &LI, ScalarEvolution &SE, DominatorTree &DT)
      : F(F), LI(LI), SE(SE), DT(DT) {}
  Function &F;
  LoopInfo &LI;
  ScalarEvolution &SE;
  DominatorTree &DT;
  /// Loops that go on while an unsigned `A <= Inv` holds, A proved not to
  /// wrap (strengthenExitTests): the compare and A's operand index.
  /// ScalarEvolution counts them only when it can assume the loop finite
  /// itself; trip() counts them as `A < Inv + 1` (backedgeCount).
  DenseMap<const Loop *, std::pair<const ICmpInst *, unsigned>> UnsignedLE;
};

/// What run-time data V depends on: "loaded data", "the result of a call",
/// or "" when it is computed from arguments and constants only.
StringRef dataSource(Value *V, DenseSet<Value *> &Seen, unsigned Depth = 0) {
  auto *I = dyn_cast<Instruction>(V);
  if (!I || Depth > 64 || !Seen.insert(V).second)
    return "";
  if (isa<LoadInst>(I))
    return "loaded data";
  if (isa<CallBase>(I) && !isa<IntrinsicInst>(I))
    return "the result of a call";
  for (Value *Op : I->operands()) {
    StringRef R = dataSource(Op, Seen, Depth + 1);
    if (!R.empty())
      return R;
  }
  return "";
}

StringRef dataSource(Value *V) {
  DenseSet<Value *> Seen;
  return dataSource(V, Seen);
}

StringRef predSpelling(CmpInst::Predicate P, bool &Unsigned) {
  Unsigned = ICmpInst::isUnsigned(P);
  switch (P) {
  case CmpInst::ICMP_EQ:
    return "==";
  case CmpInst::ICMP_NE:
    return "!=";
  case CmpInst::ICMP_SGT:
  case CmpInst::ICMP_UGT:
    return ">";
  case CmpInst::ICMP_SGE:
  case CmpInst::ICMP_UGE:
    return ">=";
  case CmpInst::ICMP_SLT:
  case CmpInst::ICMP_ULT:
    return "<";
  case CmpInst::ICMP_SLE:
  case CmpInst::ICMP_ULE:
    return "<=";
  default:
    return "";
  }
}

/// A condition in disjunctive normal form: alternatives of conjunctions of
/// comparisons, each a guard term.
using DNF = std::vector<std::vector<std::string>>;

/// More alternatives than this make a condition data (a guard nobody reads).
constexpr size_t MaxAlts = 8;

/// The conjunction of A and B, distributed; nullopt when too large.
std::optional<DNF> dnfAnd(const DNF &A, const DNF &B) {
  if (A.size() * B.size() > MaxAlts)
    return std::nullopt;
  DNF R;
  for (const auto &X : A)
    for (const auto &Y : B) {
      std::vector<std::string> C = X;
      for (const std::string &T : Y)
        if (!is_contained(C, T))
          C.push_back(T);
      R.push_back(std::move(C));
    }
  return R;
}

struct Cond {
  enum Kind { Always, Guarded, Data, Unknown } K = Always;
  std::vector<std::string> Terms; // conjunction, outermost first
  /// When not empty, the condition is Terms && (Alts[0] || Alts[1] ...):
  /// a block that joins paths (a remainder loop's preheader, entered when
  /// the vector loop is skipped or leaves a remainder).
  DNF Alts;
  std::string Reason;
  void addGuard(const std::string &G) {
    if (K == Data || K == Unknown || llvm::is_contained(Terms, G))
      return;
    Terms.push_back(G);
    K = Guarded;
  }
  /// And the disjunction D (a single alternative is a conjunction).
  void addDisjunction(const DNF &D) {
    if (K == Data || K == Unknown)
      return;
    if (D.size() == 1) {
      for (const std::string &T : D.front())
        addGuard(T);
      return;
    }
    if (Alts.empty()) {
      Alts = D;
    } else if (auto P = dnfAnd(Alts, D)) {
      Alts = std::move(*P);
    } else {
      return setData("condition with more than " + std::to_string(MaxAlts) +
                     " alternatives");
    }
    K = Guarded;
  }
  void setData(const std::string &Why) {
    if (K == Unknown)
      return;
    K = Data;
    Terms.clear();
    Alts.clear();
    if (Reason.empty())
      Reason = Why;
  }
  /// No bound at all (not even once per iteration of its loop): a block on
  /// an irreducible cycle runs any number of times.
  void setUnknown(const std::string &Why) {
    K = Unknown;
    Terms.clear();
    Alts.clear();
    Reason = Why;
  }
  /// The guard EXPR: `T1 && T2` or, with alternatives, `T1 && A1 || T1 &&
  /// B1 && B2` (the common terms first in each, so that they are evaluated
  /// first).
  std::string guard() const {
    if (Alts.empty())
      return llvm::join(Terms, " && ");
    std::vector<std::string> Out;
    for (const auto &A : Alts) {
      std::vector<std::string> C = Terms;
      C.insert(C.end(), A.begin(), A.end());
      Out.push_back(llvm::join(C, " && "));
    }
    return llvm::join(Out, " || ");
  }
};

class ViewBuilder {
public:
  ViewBuilder(Shape &S, const std::vector<std::string> &Params, View &V)
      : S(S), Params(Params), V(V), W(S.SE, Ids, Params, V, &S.DT, &S.LI) {
    unsigned Next = 1;
    for (Loop *L : S.LI.getLoopsInPreorder())
      Ids[L] = Next++;
    findIrreducible();
  }

  void loops() {
    for (Loop *L : S.LI.getLoopsInPreorder()) {
      LoopRec R;
      R.Id = Ids[L];
      R.Parent = L->getParentLoop() ? Ids[L->getParentLoop()] : 0;
      if (DebugLoc DL = L->getStartLoc()) {
        R.Line = DL.getLine();
        R.Col = DL.getCol();
      }
      R.IV = ivName(L);
      trip(L, R);
      R.Recurrence = criticalRecurrence(*L, S.SE, &R.RecurrenceReassoc);
      if (Loop *P = L->getParentLoop()) {
        int A = afterExit(L->getHeader(), P);
        R.SkipLast = A == 1;
        Cond C = cond(L->getHeader(), P);
        if (A == 2)
          C.setData("loop entered after an early exit of its parent");
        setCond(R.Cond, R.Guard, C);
        LoopConds[R.Id] = C;
      } else {
        Cond C = cond(L->getHeader(), nullptr);
        setCond(R.Cond, R.Guard, C);
        LoopConds[R.Id] = C;
      }
      if (R.Status != "exact")
        V.Unknown.push_back(
            {R.Line, "loop " + std::to_string(R.Id) + ": " + R.Reason});
      if (R.Cond == "data")
        V.Unknown.push_back({R.Line, "loop " + std::to_string(R.Id) + " " +
                                         enteredWhen(LoopConds[R.Id])});
      V.Loops.push_back(R);
    }
  }

  /// Blocks on a cycle that is not a natural loop (irreducible control
  /// flow): LoopInfo does not see the cycle, so their counts are unknown.
  void findIrreducible() {
    for (auto I = scc_begin(&S.F); !I.isAtEnd(); ++I) {
      const std::vector<BasicBlock *> &SCC = *I;
      if (!I.hasCycle())
        continue;
      Loop *Outer = S.LI.getLoopFor(SCC.front());
      while (Outer && Outer->getParentLoop())
        Outer = Outer->getParentLoop();
      bool Natural = Outer && llvm::all_of(SCC, [&](BasicBlock *BB) {
                       return Outer->contains(BB);
                     });
      if (!Natural)
        for (BasicBlock *BB : SCC)
          Irreducible.insert(BB);
    }
  }

  /// Fill B's loop, cond and skip_last from shape block SB; returns whether
  /// its count is exact.
  bool classify(BasicBlock *SB, BlockRec &B) {
    Loop *L = S.LI.getLoopFor(SB);
    B.Loop = L ? Ids[L] : 0;
    int A = afterExit(SB, L);
    B.SkipLast = A == 1;
    Cond C = cond(SB, L);
    if (A == 2)
      C.setData("runs after an early exit of its loop");
    if (!S.DT.isReachableFromEntry(SB))
      C.setData("unreachable block");
    if (Irreducible.count(SB))
      C.setUnknown("on a cycle that is not a natural loop (irreducible "
                   "control flow)");
    // A block runs only when its enclosing loops are entered: carry their
    // conditions into the block (the estimator counts blocks, not loops).
    bool Exact = true;
    for (Loop *P = L; P; P = P->getParentLoop()) {
      const LoopRec &R = V.Loops[Ids[P] - 1];
      Exact &= R.Status == "exact";
      if (R.Cond == "data")
        C.setData("loop " + std::to_string(R.Id) + " " +
                  enteredWhen(LoopConds[R.Id]));
      else if (R.Cond == "guard") {
        const Cond &LC = LoopConds[R.Id];
        for (const std::string &T : LC.Terms)
          if (!impliedByTrip(T, R))
            C.addGuard(T);
        if (!LC.Alts.empty())
          C.addDisjunction(LC.Alts);
      }
    }
    setCond(B.Cond, B.Guard, C);
    if (C.K == Cond::Data || C.K == Cond::Unknown)
      B.Reason = C.Reason;
    return Exact && C.K != Cond::Data && C.K != Cond::Unknown;
  }

  ExprWriter &writer() { return W; }

  /// Why a loop's entry count is a range: "entered on a condition that is
  /// not a guard: <reason>".
  static std::string enteredWhen(const Cond &C) {
    return "is entered on a condition that is not a guard" +
           (C.Reason.empty() ? std::string() : ": " + C.Reason);
  }
  const DenseMap<const Loop *, unsigned> &ids() const { return Ids; }

private:
  /// `T > 0`, `T >= 1` or `T != 0` for the loop's own trip T: an empty
  /// iteration range already counts zero, so the guard adds nothing.
  static bool impliedByTrip(StringRef Term, const LoopRec &R) {
    if (!R.Trip)
      return false;
    const std::string &T = *R.Trip;
    return Term == T + " > 0" || Term == T + " >= 1" || Term == T + " != 0";
  }

  static void setCond(std::string &K, std::string &G, const Cond &C) {
    K = C.K == Cond::Always    ? "always"
        : C.K == Cond::Guarded ? "guard"
        : C.K == Cond::Data    ? "data"
                               : "unknown";
    G = C.guard();
  }

  std::string ivName(Loop *L) {
    std::optional<std::string> FrontEnd; // loopVarName, asked once
    for (PHINode &Phi : L->getHeader()->phis()) {
      if (!S.SE.isSCEVable(Phi.getType()))
        continue;
      auto *AR = dyn_cast<SCEVAddRecExpr>(S.SE.getSCEV(&Phi));
      if (!AR || AR->getLoop() != L)
        continue;
      SmallVector<DbgValueInst *, 2> DVIs;
      SmallVector<DbgVariableRecord *, 2> DVRs;
      findDbgValues(DVIs, &Phi, &DVRs);
      for (auto *R : DVRs)
        return R->getVariable()->getName().str();
      for (auto *I : DVIs)
        return I->getVariable()->getName().str();
      if (DebugLoc DL = L->getStartLoc()) {
        if (!FrontEnd)
          FrontEnd = loopVarName(*S.F.getParent(), DL.getLine(), DL.getCol());
        if (!FrontEnd->empty())
          return *FrontEnd;
      }
      if (Phi.hasName()) {
        StringRef N = Phi.getName().split('.').first;
        if (!N.empty() && !N.starts_with("indvars") && !N.starts_with("lsr"))
          return N.str();
      }
    }
    return "";
  }

  /// ScalarEvolution's backedge-taken count, or for a loop in
  /// S.UnsignedLE (going on while A = {s,+,d} <= Inv, A not wrapping, Inv
  /// below the largest value): the number of passing tests of
  /// `A < E`, E = Inv + 1, which is (umax(E, s) - s + d - 1) /u d.
  const SCEV *backedgeCount(Loop *L) {
    ScalarEvolution &SE = S.SE;
    const SCEV *BTC = SE.getBackedgeTakenCount(L);
    auto It = S.UnsignedLE.find(L);
    if (!isa<SCEVCouldNotCompute>(BTC) || It == S.UnsignedLE.end())
      return BTC;
    auto [Cmp, K] = It->second;
    auto *AR = dyn_cast<SCEVAddRecExpr>(
        SE.getSCEV(const_cast<Value *>(Cmp->getOperand(K))));
    if (!AR || AR->getLoop() != L || !AR->isAffine())
      return BTC;
    const SCEV *Start = AR->getStart(), *D = AR->getStepRecurrence(SE);
    const SCEV *E =
        SE.getAddExpr(SE.getSCEV(const_cast<Value *>(Cmp->getOperand(1 - K))),
                      SE.getOne(Start->getType()));
    const SCEV *Span = SE.getMinusSCEV(SE.getUMaxExpr(E, Start), Start);
    return SE.getUDivExpr(
        SE.getAddExpr(Span, SE.getMinusSCEV(D, SE.getOne(D->getType()))), D);
  }

  void trip(Loop *L, LoopRec &R) {
    ScalarEvolution &SE = S.SE;
    std::string Why;
    // Facts about the trip's loop-invariant values: at the preheader's entry,
    // or at the header's when the predecessor is not a dedicated preheader
    // (its branch into the loop is the guard: `n >= 4` on that edge, which
    // dominates the header).
    const BasicBlock *Ctx = L->getLoopPredecessor();
    if (!Ctx || Ctx->getSingleSuccessor() != L->getHeader())
      Ctx = L->getHeader();
    const SCEV *BTC = backedgeCount(L);
    if (!isa<SCEVCouldNotCompute>(BTC)) {
      const SCEV *T = SE.getAddExpr(W.simplify(BTC), SE.getOne(BTC->getType()));
      if (wraps(T)) {
        R.Status = "unknown";
        R.Reason = "trip count does not fit in 62 bits";
        return;
      }
      if (auto E = W.write(T, Why, Ctx)) {
        R.Trip = *E;
        R.Status = "exact";
        return;
      }
      if (pathExact(L, BTC, Ctx, R) || pathBound(L, BTC, Ctx, R))
        return;
      R.Status = "unknown";
      R.Reason = "trip count " + Why;
      return;
    }
    R.Reason = exitReason(L);
    const SCEV *Max = SE.getSymbolicMaxBackedgeTakenCount(L);
    if (isa<SCEVCouldNotCompute>(Max))
      Max = SE.getConstantMaxBackedgeTakenCount(L);
    if (isa<SCEVCouldNotCompute>(Max))
      Max = shortCircuitMax(L);
    if (!isa<SCEVCouldNotCompute>(Max)) {
      const SCEV *T = SE.getAddExpr(W.simplify(Max), SE.getOne(Max->getType()));
      if (!wraps(T))
        if (auto E = W.write(T, Why, Ctx)) {
          R.TripMax = *E;
          R.Status = "bounded";
          return;
        }
    }
    R.Status = "unknown";
  }

  /// -O0 writes `for (...; i < n && c; ...)` as an exit branch on an i1 phi
  /// that is false when the test `i < n` fails: the loop leaves whenever that
  /// test fails. When the test's block runs on every iteration (it dominates
  /// the latch) and compares an add recurrence {s,+,1} of the loop below an
  /// invariant b (signed <, or unsigned < of values >= 0), the loop takes its
  /// back edge at most max(b - s, 0) times. CouldNotCompute otherwise.
  const SCEV *shortCircuitMax(Loop *L) {
    ScalarEvolution &SE = S.SE;
    BasicBlock *Latch = L->getLoopLatch();
    SmallVector<BasicBlock *, 4> Exiting;
    L->getExitingBlocks(Exiting);
    for (BasicBlock *E : Exiting) {
      auto *BI = dyn_cast<BranchInst>(E->getTerminator());
      auto *Phi = BI && BI->isConditional()
                      ? dyn_cast<PHINode>(BI->getCondition())
                      : nullptr;
      if (!Phi || Phi->getParent() != E || !Latch)
        continue;
      bool ExitOnTrue = !L->contains(BI->getSuccessor(0));
      for (unsigned K = 0; K < Phi->getNumIncomingValues(); ++K) {
        auto *C = dyn_cast<ConstantInt>(Phi->getIncomingValue(K));
        BasicBlock *B = Phi->getIncomingBlock(K);
        auto *BB = dyn_cast<BranchInst>(B->getTerminator());
        if (!C || C->isOne() != ExitOnTrue || !L->contains(B) || !BB ||
            !BB->isConditional() || !S.DT.dominates(B, Latch))
          continue;
        auto *Cmp = dyn_cast<ICmpInst>(BB->getCondition());
        if (!Cmp || !SE.isSCEVable(Cmp->getOperand(0)->getType()))
          continue;
        // The predicate that holds while the loop goes on (B -> E exits).
        CmpInst::Predicate P = BB->getSuccessor(0) == E
                                   ? Cmp->getInversePredicate()
                                   : Cmp->getPredicate();
        const SCEV *A = SE.getSCEV(Cmp->getOperand(0));
        const SCEV *Bv = SE.getSCEV(Cmp->getOperand(1));
        if (!isa<SCEVAddRecExpr>(A)) {
          std::swap(A, Bv);
          P = CmpInst::getSwappedPredicate(P);
        }
        auto *AR = dyn_cast<SCEVAddRecExpr>(A);
        if (!AR || AR->getLoop() != L || !AR->isAffine() ||
            !AR->getStepRecurrence(SE)->isOne() || !SE.isLoopInvariant(Bv, L))
          continue;
        const SCEV *St = AR->getStart();
        if (P == CmpInst::ICMP_ULT) {
          const BasicBlock *Ctx = L->getLoopPredecessor();
          if (!Ctx || !W.nonNegative(St, Ctx) || !W.nonNegative(Bv, Ctx))
            continue;
        } else if (P != CmpInst::ICMP_SLT) {
          continue;
        }
        return SE.getSMaxExpr(SE.getMinusSCEV(Bv, St),
                              SE.getZero(St->getType()));
      }
    }
    return SE.getCouldNotCompute();
  }

  /// A constant trip that wrapped (max + 1) or is too large to be a bound
  /// anyone can use.
  static bool wraps(const SCEV *T) {
    auto *K = dyn_cast<SCEVConstant>(T);
    return K &&
           (K->getAPInt().isNegative() || K->getAPInt().getActiveBits() > 62);
  }

  /// A trip count that depends on a phi outside the loop (the remainder
  /// loop after a vector loop starts where the vector loop stopped, or at 0
  /// when it was skipped): bounded by the largest trip over the phi's
  /// incoming values.
  bool pathBound(Loop *L, const SCEV *BTC, const BasicBlock *Ctx, LoopRec &R) {
    SmallVector<const SCEV *, 8> Forms;
    if (!outsidePhi(L, BTC, /*Single=*/false) || !pathForms(L, BTC, 0, Forms))
      return false;
    std::vector<std::string> Trips;
    // A path whose formula would divide a negative value does not enter the
    // loop (its guard fails; else it would run 2^62 times): max(x, 0).
    W.setClampUDiv(true);
    for (const SCEV *B : Forms) {
      const SCEV *T = S.SE.getAddExpr(W.simplify(B), S.SE.getOne(B->getType()));
      std::string Why;
      auto E = W.write(T, Why, Ctx);
      if (!E) {
        W.setClampUDiv(false);
        return false;
      }
      if (!is_contained(Trips, *E))
        Trips.push_back(*E);
    }
    W.setClampUDiv(false);
    std::string Max = Trips.front();
    if (Trips.size() > 1) {
      Max = "max(";
      for (size_t I = 0; I < Trips.size(); ++I)
        Max += (I ? ", " : "") + Trips[I];
      Max += ")";
    }
    R.Status = "bounded";
    R.TripMax = Max;
    R.Reason = "trip depends on the path into the loop (a remainder loop "
               "starts where the loop before it stopped)";
    return true;
  }

  /// The formulas S takes on the paths into L: each phi outside L (not a
  /// loop header's) replaced by its incoming values at the phi's scope,
  /// recursively. False when there are more than 8, or a header phi.
  bool pathForms(Loop *L, const SCEV *X, unsigned Depth,
                 SmallVectorImpl<const SCEV *> &Out) {
    PHINode *P = outsidePhi(L, X, /*Single=*/false);
    if (!P) {
      Out.push_back(X);
      return Out.size() <= 8;
    }
    if (Depth >= 3 || S.LI.isLoopHeader(P->getParent()))
      return false;
    Loop *PL = S.LI.getLoopFor(P->getParent());
    for (Value *In : P->incoming_values()) {
      ValueToSCEVMapTy Map;
      Map[P] = S.SE.getSCEVAtScope(S.SE.getSCEV(In), PL);
      if (isa<SCEVCouldNotCompute>(Map[P]) ||
          !pathForms(L, SCEVParameterRewriter::rewrite(X, S.SE, Map), Depth + 1,
                     Out))
        return false;
    }
    return true;
  }

  /// The single phi outside L that BTC depends on (with Single false: the
  /// first of them), or null.
  PHINode *outsidePhi(Loop *L, const SCEV *BTC, bool Single = true) {
    struct PhiFinder {
      Loop *L;
      SmallVector<PHINode *, 2> Phis;
      bool follow(const SCEV *S) {
        if (auto *U = dyn_cast<SCEVUnknown>(S))
          if (auto *P = dyn_cast<PHINode>(U->getValue()))
            if (!L->contains(P) && !is_contained(Phis, P))
              Phis.push_back(P);
        return true;
      }
      bool isDone() const { return false; }
    } Finder{L, {}};
    visitAll(BTC, Finder);
    if (Finder.Phis.empty() || (Single && Finder.Phis.size() != 1))
      return nullptr;
    return Finder.Phis.front();
  }

  /// A trip that depends on the path into the loop (a remainder loop starts
  /// where the vector loop stopped, or at 0 when it was skipped) is exact
  /// when one path's formula gives every other path's trip: proved, for
  /// each other path, by evaluating both formulas at every value the
  /// symbols can take on that path (the conditions on its edges bound them
  /// to a small finite range, e.g. 1 <= n <= 7 when the vector loop is
  /// skipped for n < 8, where n - 8*udiv(n, 8) == n).
  bool pathExact(Loop *L, const SCEV *BTC, const BasicBlock *Ctx, LoopRec &R) {
    PHINode *P = outsidePhi(L, BTC);
    if (!P)
      return false;
    SmallVector<const SCEV *, 2> Trips;
    for (Value *In : P->incoming_values()) {
      ValueToSCEVMapTy Map;
      Map[P] = S.SE.getSCEV(In);
      const SCEV *B = SCEVParameterRewriter::rewrite(BTC, S.SE, Map);
      Trips.push_back(
          S.SE.getAddExpr(W.simplify(B), S.SE.getOne(B->getType())));
    }
    for (unsigned I = 0; I < Trips.size(); ++I) {
      std::string Why;
      auto E = W.write(Trips[I], Why, Ctx);
      if (!E)
        continue;
      bool All = true;
      for (unsigned J = 0; J < Trips.size() && All; ++J)
        if (J != I && Trips[J] != Trips[I])
          All = S.DT.isReachableFromEntry(P->getIncomingBlock(J)) &&
                W.agreeOnPath(Trips[I], Trips[J], P->getIncomingBlock(J),
                              P->getParent());
      if (!All)
        continue;
      R.Trip = *E;
      R.Status = "exact";
      return true;
    }
    return false;
  }

  std::string exitReason(Loop *L) {
    SmallVector<BasicBlock *, 4> Exiting;
    L->getExitingBlocks(Exiting);
    for (BasicBlock *E : Exiting) {
      auto *BI = dyn_cast<BranchInst>(E->getTerminator());
      Value *Cond = nullptr;
      if (auto *SI = dyn_cast<SwitchInst>(E->getTerminator()))
        Cond = SI->getCondition();
      else if (BI && BI->isConditional())
        Cond = BI->getCondition();
      StringRef Src = Cond ? dataSource(Cond) : "";
      if (!Src.empty())
        return ("exit depends on " + Src).str();
    }
    return "exit condition not computable by ScalarEvolution";
  }

  /// 0: runs on every iteration that reaches it; 1: after the loop's exit
  /// test(s) (skip_last); 2: after some but not all exits (data).
  int afterExit(BasicBlock *BB, Loop *L) {
    if (!L)
      return 0;
    SmallVector<BasicBlock *, 4> Exiting;
    L->getExitingBlocks(Exiting);
    unsigned Dom = 0;
    for (BasicBlock *E : Exiting)
      if (E != BB && S.DT.dominates(E, BB))
        ++Dom;
    if (Dom == 0)
      return 0;
    return Dom == Exiting.size() ? 1 : 2;
  }

  /// The condition under which BB runs in one iteration of region L (the
  /// function body when L is null): the conjunction of the branch edges on
  /// its dominator chain that dominate it, up to the region's top. Memoised
  /// along the chain (a block's condition is its immediate dominator's plus
  /// the dominating edge out of it), so long if-chains stay linear.
  Cond cond(BasicBlock *BB, Loop *L) {
    SmallVector<BasicBlock *, 16> Chain;
    BasicBlock *Cur = BB;
    bool FromMemo = false;
    while (true) {
      auto It = CondMemo.find({Cur, L});
      if (It != CondMemo.end()) {
        FromMemo = true;
        break;
      }
      Chain.push_back(Cur);
      DomTreeNode *N = S.DT.getNode(Cur);
      if (!N || !N->getIDom())
        break;
      BasicBlock *D = N->getIDom()->getBlock();
      if (L && !L->contains(D))
        break;
      Cur = D;
    }
    Cond C = FromMemo ? CondMemo[{Cur, L}] : Cond();
    for (size_t I = Chain.size(); I-- > 0;) {
      BasicBlock *X = Chain[I];
      BasicBlock *D = I + 1 < Chain.size() ? Chain[I + 1]
                      : FromMemo           ? Cur
                                           : nullptr;
      if (D && C.K != Cond::Data)
        edgeConds(D, X, L, C);
      CondMemo[{X, L}] = C;
    }
    return CondMemo[{BB, L}];
  }

  /// Add to C the condition of D's branch edge that dominates X (D is X's
  /// immediate dominator), unless D is in a nested loop or the branch is
  /// the loop's own exit test (that is skip_last, not a guard).
  void edgeConds(BasicBlock *D, BasicBlock *X, Loop *L, Cond &C) {
    Instruction *T = D->getTerminator();
    if (S.LI.getLoopFor(D) == L) {
      if (auto *BI = dyn_cast<BranchInst>(T)) {
        if (!BI->isConditional())
          return;
        BasicBlock *S0 = BI->getSuccessor(0), *S1 = BI->getSuccessor(1);
        if (L && (!L->contains(S0) || !L->contains(S1)))
          return;
        for (unsigned K = 0; K < 2; ++K)
          if (S.DT.dominates(BasicBlockEdge(D, BI->getSuccessor(K)), X))
            return edgeCond(BI->getCondition(), K == 0, D, C);
      } else if (auto *SI = dyn_cast<SwitchInst>(T)) {
        for (unsigned K = 0; K < SI->getNumSuccessors(); ++K)
          if (S.DT.dominates(BasicBlockEdge(D, SI->getSuccessor(K)), X)) {
            StringRef Src = dataSource(SI->getCondition());
            C.setData(Src.empty() ? "under a switch"
                                  : ("switch on " + Src).str());
            return;
          }
      }
    }
    // No single edge out of D leads to X: X joins several paths from D.
    // It runs whenever D does only if every path from D reaches it within
    // the region; otherwise its condition is a disjunction of the paths'
    // conditions (e.g. a remainder loop's preheader, entered when the
    // vector loop is skipped or leaves a remainder), which a conjunction of
    // dominating edges cannot express.
    if (!reachedOnAllPaths(D, X, L))
      joinCond(D, X, L, C);
  }

  /// X joins paths from its immediate dominator D and is not reached on all
  /// of them: it runs when one of its incoming edges is taken, so C (D's
  /// condition) gets the disjunction over X's predecessors P of what P's
  /// condition and the edge P -> X add to it. A predecessor in a loop nested
  /// in L is that loop's only exit: the edge is taken whenever the loop is
  /// entered. Anything else (a switch, the loop's own exit test, several
  /// exits, a data condition) makes X data.
  void joinCond(BasicBlock *D, BasicBlock *X, Loop *L, Cond &C) {
    const std::string Why = "reached on some paths only (a join of branches "
                            "whose condition greenc cannot express)";
    Loop *LX = S.LI.getLoopFor(X);
    bool Header = LX && LX != L && LX->getHeader() == X;
    DNF Alts;
    for (BasicBlock *P : predecessors(X)) {
      if (!S.DT.isReachableFromEntry(P) || (Header && LX->contains(P)))
        continue;
      if (L && !L->contains(P))
        return C.setData(Why);
      Cond CP;
      Loop *PL = S.LI.getLoopFor(P);
      if (PL != L) {
        Loop *Sub = PL;
        while (Sub && Sub->getParentLoop() != L)
          Sub = Sub->getParentLoop();
        SmallVector<Loop::Edge, 2> Exits;
        if (Sub)
          Sub->getExitEdges(Exits);
        if (!Sub || Exits.size() != 1)
          return C.setData(Why);
        CP = cond(Sub->getHeader(), L);
      } else {
        CP = cond(P, L);
        auto *BI = dyn_cast<BranchInst>(P->getTerminator());
        if (!BI)
          return C.setData(Why);
        if (BI->isConditional() && BI->getSuccessor(0) != BI->getSuccessor(1)) {
          if (L && (!L->contains(BI->getSuccessor(0)) ||
                    !L->contains(BI->getSuccessor(1))))
            return C.setData(Why);
          edgeCond(BI->getCondition(), BI->getSuccessor(0) == X, P, CP);
        }
      }
      if (CP.K == Cond::Data || CP.K == Cond::Unknown)
        return C.setData(CP.Reason.empty() ? Why : CP.Reason);
      // P's condition is D's followed by what the paths from D add.
      if (CP.Terms.size() < C.Terms.size() ||
          !std::equal(C.Terms.begin(), C.Terms.end(), CP.Terms.begin()))
        return C.setData(Why);
      std::vector<std::string> Rest(CP.Terms.begin() + C.Terms.size(),
                                    CP.Terms.end());
      if (CP.Alts == C.Alts || CP.Alts.empty()) {
        Alts.push_back(Rest);
      } else if (C.Alts.empty()) {
        for (const auto &A : CP.Alts) {
          std::vector<std::string> R = Rest;
          R.insert(R.end(), A.begin(), A.end());
          Alts.push_back(R);
        }
      } else {
        return C.setData(Why);
      }
      if (Alts.size() > MaxAlts)
        return C.setData(Why);
    }
    for (const auto &A : Alts)
      if (A.empty())
        return; // one way in adds nothing: X runs whenever D does
    if (Alts.empty())
      return C.setData(Why);
    C.addDisjunction(Alts);
  }

  /// Whether every path from D, within one iteration of region L (the
  /// function body when L is null), passes through X before it leaves the
  /// region, takes L's back edge or returns. Paths that end in
  /// `unreachable` do not count.
  bool reachedOnAllPaths(BasicBlock *D, BasicBlock *X, Loop *L) {
    SmallPtrSet<const BasicBlock *, 32> Seen;
    SmallVector<BasicBlock *, 32> Work{D};
    Seen.insert(D);
    while (!Work.empty()) {
      BasicBlock *B = Work.pop_back_val();
      Instruction *T = B->getTerminator();
      if (!T || isa<ReturnInst>(T) || isa<ResumeInst>(T))
        return false;
      for (BasicBlock *Succ : successors(B)) {
        if (Succ == X)
          continue;
        if (L && (!L->contains(Succ) || Succ == L->getHeader()))
          return false;
        if (Seen.insert(Succ).second)
          Work.push_back(Succ);
      }
    }
    return true;
  }

  void edgeCond(Value *V, bool Taken, BasicBlock *L, Cond &C) {
    DNF D;
    std::string Why;
    if (!edgeDNF(V, Taken, L, D, Why))
      return C.setData(Why);
    C.addDisjunction(D);
  }

  /// The condition under which a branch on V goes the Taken way, as a
  /// disjunction of conjunctions of guard terms; false with Why when it
  /// depends on data or greenc cannot express it.
  bool edgeDNF(Value *V, bool Taken, BasicBlock *L, DNF &Out,
               std::string &Why) {
    if (auto *I = dyn_cast<ICmpInst>(V)) {
      std::string T;
      if (!cmpTerm(I, Taken, L, T, Why))
        return false;
      Out = {{T}};
      return true;
    }
    // a && b taken, or !(a || b): both hold (also in select form); a || b
    // taken, or !(a && b): either holds.
    Value *X, *Y;
    bool And = match(V, m_LogicalAnd(m_Value(X), m_Value(Y)));
    if (And || match(V, m_LogicalOr(m_Value(X), m_Value(Y)))) {
      DNF A, B;
      if (!edgeDNF(X, Taken, L, A, Why) || !edgeDNF(Y, Taken, L, B, Why))
        return false;
      if (And == Taken) {
        auto P = dnfAnd(A, B);
        if (!P) {
          Why = "branch on a condition with too many alternatives";
          return false;
        }
        Out = std::move(*P);
        return true;
      }
      if (A.size() + B.size() > MaxAlts) {
        Why = "branch on a condition with too many alternatives";
        return false;
      }
      Out = A;
      Out.insert(Out.end(), B.begin(), B.end());
      return true;
    }
    if (auto *K = dyn_cast<ConstantInt>(V)) {
      if (K->isOne() != Taken) {
        Why = "branch never taken this way (constant condition)";
        return false;
      }
      Out = {{}};
      return true;
    }
    Why = onData(V, "branch on a condition greenc cannot express");
    return false;
  }

  /// The guard term of comparison I (taken or not).
  bool cmpTerm(ICmpInst *I, bool Taken, BasicBlock *L, std::string &T,
               std::string &Why) {
    CmpInst::Predicate P = Taken ? I->getPredicate() : I->getInversePredicate();
    bool Unsigned;
    StringRef Op = predSpelling(P, Unsigned);
    Value *A = I->getOperand(0), *B = I->getOperand(1);
    if (!A->getType()->isIntegerTy()) {
      Why = onData(I, "branch on a pointer comparison");
      return false;
    }
    const SCEV *SA = S.SE.getSCEV(A), *SB = S.SE.getSCEV(B);
    std::string W1;
    auto EA = W.write(SA, W1, L);
    auto EB = EA ? W.write(SB, W1, L) : std::nullopt;
    if (!EA || !EB) {
      Why = onData(I, "branch condition " + W1);
      return false;
    }
    if (Unsigned && !(W.nonNegative(SA, L) && W.nonNegative(SB, L))) {
      // Unsigned compare against 0 is a common guard form: x != 0.
      if (SB->isZero() && (P == CmpInst::ICMP_UGT || P == CmpInst::ICMP_ULE)) {
        T = *EA + (P == CmpInst::ICMP_UGT ? " != " : " == ") + "0";
        return true;
      }
      Why = "unsigned comparison of possibly negative values";
      return false;
    }
    if (isa<SCEVConstant>(SA) && !isa<SCEVConstant>(SB)) { // `M > 0`
      T = *EB + " " +
          predSpelling(CmpInst::getSwappedPredicate(P), Unsigned).str() + " " +
          *EA;
      return true;
    }
    T = *EA + " " + Op.str() + " " + *EB;
    return true;
  }

  static std::string onData(Value *V, const std::string &Otherwise) {
    StringRef Src = dataSource(V);
    return Src.empty() ? Otherwise : ("branch on " + Src).str();
  }

  Shape &S;
  const std::vector<std::string> &Params;
  View &V;
  DenseMap<const Loop *, unsigned> Ids;
  SmallPtrSet<const BasicBlock *, 8> Irreducible;
  std::map<std::pair<const BasicBlock *, const Loop *>, Cond> CondMemo;
  std::map<unsigned, Cond> LoopConds; // loop id -> its cond in its parent
  ExprWriter W;
};

/// Build the view of CountF whose blocks correspond 1:1 (same order) to
/// those of the shape function S.F.
View buildView(Function &CountF, Shape &S,
               const std::vector<std::string> &Params,
               const ValueToValueMapTy *VMap = nullptr) {
  View V;
  for (unsigned I = 0; I < Params.size(); ++I) {
    Argument *A = CountF.getArg(I);
    if (A->getType()->isIntegerTy())
      V.Symbols.emplace(Params[I], SymbolRec{Params[I], "param", "",
                                             typeName(A->getType()), I, 0});
  }
  ViewBuilder VB(S, Params, V);
  VB.loops();
  IntRoles Roles(CountF);
  bool Same = &CountF == &S.F;
  std::vector<BasicBlock *> ShapeBlocks;
  for (BasicBlock &BB : S.F)
    ShapeBlocks.push_back(&BB);
  unsigned Idx = 0;
  for (BasicBlock &BB : CountF) {
    BlockRec B;
    B.Id = Idx;
    BasicBlock *SB = Idx < ShapeBlocks.size() ? ShapeBlocks[Idx] : nullptr;
    ++Idx;
    for (Instruction &I : BB)
      if (DebugLoc DL = I.getDebugLoc())
        if (DL.getLine()) {
          B.Line = DL.getLine();
          break;
        }
    bool Exact = false;
    if (SB) {
      Exact = VB.classify(SB, B);
    } else {
      B.Cond = "data";
      B.Reason = "block has no counterpart in the measured copy";
    }
    CountCtx C{CountF.getDataLayout(), Roles, VB.writer(), S.SE, SB, V, Params,
               Same ? nullptr : VMap};
    OpCounter OC(C, B);
    uint64_t N = 0;
    for (Instruction &I : BB) {
      OC.visit(I);
      ++N;
    }
    V.Insts += N;
    if (Exact)
      V.InstsExact += N;
    // A block with no ops (branches, phis only) counts nothing: omitted.
    if (B.Ops.empty())
      continue;
    if (!Exact && (B.Cond == "data" || B.Cond == "unknown"))
      V.Unknown.push_back(
          {B.Line, "block " + std::to_string(B.Id) + ": " + B.Reason});
    V.Blocks.push_back(std::move(B));
  }
  return V;
}

bool hasPromotableAllocas(Function &F) {
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(AI))
        return true;
  return false;
}

//===-- exit tests the IR's nsw flags bound
//--------------------------------===//

/// The header phi of L that V adds loop invariants to through `add nsw`
/// instructions of L's own blocks (V = P + c1 + ... + ck, k <= 4; P itself
/// when V is one); null when V is not such a chain. Chain gets the adds.
PHINode *nswChain(Value *V, Loop *L, Shape &S,
                  SmallPtrSetImpl<Instruction *> &Chain, unsigned Depth = 0) {
  if (auto *P = dyn_cast<PHINode>(V))
    return P->getParent() == L->getHeader() ? P : nullptr;
  auto *BO = dyn_cast<BinaryOperator>(V);
  if (!BO || BO->getOpcode() != Instruction::Add || !BO->hasNoSignedWrap() ||
      S.LI.getLoopFor(BO->getParent()) != L || Depth >= 4)
    return nullptr;
  for (unsigned K = 0; K < 2; ++K) {
    Value *C = BO->getOperand(1 - K);
    if (!S.SE.isLoopInvariant(S.SE.getSCEV(C), L))
      continue;
    if (PHINode *P = nswChain(BO->getOperand(K), L, S, Chain, Depth + 1)) {
      Chain.insert(BO);
      return P;
    }
  }
  return nullptr;
}

/// The predicate under which L goes on when its exit branch BI tests Cmp,
/// with Cmp's operand K on the left.
ICmpInst::Predicate goOnPredicate(const ICmpInst *Cmp, unsigned K,
                                  const BranchInst *BI, const Loop *L) {
  ICmpInst::Predicate Go =
      K == 0 ? Cmp->getPredicate() : Cmp->getSwappedPredicate();
  return L->contains(BI->getSuccessor(0)) ? Go
                                          : ICmpInst::getInversePredicate(Go);
}

/// For a test on `Tr = trunc X` (operand K of Cmp, the branch BI leaving L):
/// whether the narrow value cannot wrap (signed) on a tested iteration; the
/// proof is at exitTestToStrengthen.
bool truncTestKeepsSign(TruncInst *Tr, ICmpInst *Cmp, unsigned K,
                        BranchInst *BI, Loop *L, ScalarEvolution &SE) {
  if (Tr->hasNoSignedWrap())
    return true;
  if (!Tr->hasNoUnsignedWrap())
    return false;
  auto *W = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(Tr->getOperand(0)));
  if (!W || W->getLoop() != L || !W->isAffine())
    return false;
  auto *D = dyn_cast<SCEVConstant>(W->getStepRecurrence(SE));
  unsigned N = Tr->getType()->getScalarSizeInBits();
  if (!D || !D->getAPInt().isStrictlyPositive() || N < 2 ||
      D->getAPInt().getActiveBits() >= N - 1)
    return false;
  ICmpInst::Predicate Go = goOnPredicate(Cmp, K, BI, L);
  return Go == ICmpInst::ICMP_SLT || Go == ICmpInst::ICMP_SLE;
}

/// A recurrence of an exit test and the no-wrap flag the IR proves for it
/// (exitTestToStrengthen); AR is null when there is none.
struct Strengthen {
  const SCEVAddRecExpr *AR = nullptr;
  SCEV::NoWrapFlags Flag = SCEV::FlagAnyWrap;
  /// For an unsigned test whose loop goes on while A <= Inv: the compare and
  /// A's operand index (Shape::UnsignedLE).
  const ICmpInst *LE = nullptr;
  unsigned K = 0;
};

bool quietInst(const Instruction &I, unsigned Depth,
               DenseMap<const Function *, bool> &Memo);

/// Whether F's body is quiet (quietInst); Memo holds the answers, false
/// while F is being looked at, so recursion does not qualify.
bool quietFunction(const Function &F, unsigned Depth,
                   DenseMap<const Function *, bool> &Memo) {
  auto [It, New] = Memo.try_emplace(&F, false);
  if (!New)
    return It->second;
  // A weak or inline-only body may be replaced at link time by another.
  if (!F.hasExactDefinition() || Depth == 0)
    return false;
  for (const Instruction &I : instructions(F))
    if (!quietInst(I, Depth - 1, Memo))
      return false;
  Memo[&F] = true;
  return true;
}

/// Whether running I performs none of what C11 6.8.5p6 excludes from the
/// loops an implementation may assume terminate: input/output, volatile
/// accesses, synchronisation, atomics. A call qualifies when it does not
/// access memory, or calls an intrinsic that is not volatile and has no
/// side effect beyond its arguments' memory, or a function defined in this
/// module whose body qualifies and is the one linked (Depth bounds the
/// walk). External functions that may access memory (and so may do I/O) do
/// not qualify.
bool quietInst(const Instruction &I, unsigned Depth,
               DenseMap<const Function *, bool> &Memo) {
  if (I.isAtomic() || isa<FenceInst>(I))
    return false;
  if (auto *LI = dyn_cast<LoadInst>(&I))
    return !LI->isVolatile();
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return !SI->isVolatile();
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return true;
  if (auto *MI = dyn_cast<MemIntrinsic>(CB))
    return !MI->isVolatile();
  if (CB->doesNotAccessMemory())
    return true;
  const Function *Callee = CB->getCalledFunction();
  if (!Callee)
    return false;
  if (auto *II = dyn_cast<IntrinsicInst>(CB))
    return II->isAssumeLikeIntrinsic() || !II->mayHaveSideEffects() ||
           II->onlyAccessesArgMemory();
  return quietFunction(*Callee, Depth, Memo);
}

/// Whether C11 lets the implementation assume L terminates: clang marks a
/// loop whose controlling expression is not constant `mustprogress` (C11
/// and later, C++), and the loop's code is quiet (quietInst).
bool assumedToTerminate(const Loop *L) {
  if (!isMustProgress(L))
    return false;
  DenseMap<const Function *, bool> Memo;
  Memo[L->getHeader()->getParent()] = false; // a recursive call
  for (const BasicBlock *BB : L->blocks())
    for (const Instruction &I : *BB)
      if (!quietInst(I, /*Depth=*/4, Memo))
        return false;
  return true;
}

/// For an unsigned exit test on A (operand K of Cmp, the branch BI leaving
/// L): the recurrence to flag no-unsigned-wrap, or null. The proof: L goes
/// on while A < Inv (or <=) and A = {s,+,2^j} (modulo 2^N). If A wrapped on
/// a tested iteration, every test before passed, s among them; as 2^j
/// divides 2^N, after the wrap A runs again through s's residue class from
/// its smallest member, and every member passes (those below s are below s,
/// the others passed before): the loop would never end. C11 lets the
/// implementation assume it ends (assumedToTerminate), so A does not wrap
/// on a tested iteration: the FlagNUW ScalarEvolution needs to count it.
/// Only for a loop with one exit (E, the caller checks), so no other way out.
/// With `A <= Inv`, the loop ending also means Inv is not the largest value
/// (else every A passes), so the test is `A < Inv + 1` without overflow;
/// ScalarEvolution makes that step only when it assumes the loop finite
/// itself, so the caller records it for trip() (Shape::UnsignedLE).
Strengthen unsignedTestToStrengthen(ICmpInst *Cmp, unsigned K, BranchInst *BI,
                                    Loop *L, ScalarEvolution &SE) {
  auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(Cmp->getOperand(K)));
  if (!AR || AR->getLoop() != L || !AR->isAffine())
    return {};
  auto *D = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
  if (!D || !D->getAPInt().isStrictlyPositive() || !D->getAPInt().isPowerOf2())
    return {};
  ICmpInst::Predicate Go = goOnPredicate(Cmp, K, BI, L);
  if (Go != ICmpInst::ICMP_ULT && Go != ICmpInst::ICMP_ULE)
    return {};
  if ((Go == ICmpInst::ICMP_ULT && AR->hasNoUnsignedWrap()) ||
      !assumedToTerminate(L))
    return {};
  Strengthen T{AR, SCEV::FlagNUW};
  if (Go == ICmpInst::ICMP_ULE) {
    T.LE = Cmp;
    T.K = K;
  }
  return T;
}

/// Give ScalarEvolution the no-signed-wrap fact that the IR's `add nsw`
/// flags prove for the value L's exit test compares, when ScalarEvolution
/// cannot carry them itself. It carries an add's flags onto a recurrence
/// only for an add in the loop header (isGuaranteedToExecuteForEveryIteration)
/// or, for the test `i + 16 <= n`, assumes the loop finite only when it has
/// no side effects (mustprogress): in a rotated loop the increment is in the
/// latch, and a call that stores (an intrinsic's wrapper such as
/// _mm512_storeu_ps, not inlined at pipeline start) is a side effect; so the
/// trip of `for (i = 0; i + 16 <= n; i += 16)` was not computable.
///
/// The proof: L has one exiting block E, which dominates the latch, ending in
/// a branch on a signed `icmp A, Inv` of E with Inv loop-invariant; A is
/// P + c1 + ... (nswChain) and P's value from the latch is P + d1 + ... too.
/// On an iteration that reaches the test, every add of A's chain ran and its
/// poison would reach the branch (undefined behaviour), so none wrapped; the
/// latch value's poison would be P on the next iteration, whose test runs (E
/// dominates the latch), so P steps by d without wrapping. Hence A's
/// recurrence does not wrap (signed) on any iteration that is tested: the
/// FlagNSW that ScalarEvolution's own reasoning gives a test in the header.
/// Like every backedge-taken count, it assumes the loop's calls return.
///
/// At -O2 an `int` IV is widened and the test compares `trunc X` of the wide
/// chain X (truncTestKeepsSign). The narrow recurrence then does not wrap
/// (signed) on a tested iteration: with `trunc nsw`, the narrow value is X,
/// which does not wrap; with `trunc nuw` only, X stays in [0, 2^N) on every
/// tested iteration (else poison reaches the branch), and when X steps up by
/// a positive constant and the loop goes on while `trunc X < Inv` (or <=),
/// an X that reached 2^(N-1) would read as negative, keep the loop going, and
/// climb to 2^N: poison. So no defined run sees the narrow value wrap.
///
/// The flag goes on the ScalarEvolution of a clone (viewOnClone) or on a
/// private one over the pipeline's IR (the executed view), never on the
/// pipeline's own; only for a loop whose count is not computable already.
/// An unsigned test goes through unsignedTestToStrengthen (FlagNUW).
/// Returns the recurrence to flag and the flag (AR null when none); asks,
/// changes nothing.
Strengthen exitTestToStrengthen(Loop *L, Shape &S) {
  ScalarEvolution &SE = S.SE;
  BasicBlock *E = L->getExitingBlock(), *Latch = L->getLoopLatch();
  if (!E || !Latch || !S.DT.dominates(E, Latch) ||
      !isa<SCEVCouldNotCompute>(SE.getBackedgeTakenCount(L)))
    return {};
  auto *BI = dyn_cast<BranchInst>(E->getTerminator());
  auto *Cmp = BI && BI->isConditional() ? dyn_cast<ICmpInst>(BI->getCondition())
                                        : nullptr;
  if (!Cmp || Cmp->getParent() != E || !Cmp->isRelational() ||
      !SE.isSCEVable(Cmp->getOperand(0)->getType()))
    return {};
  for (unsigned K = 0; K < 2; ++K) {
    Value *A = Cmp->getOperand(K);
    if (!SE.isLoopInvariant(SE.getSCEV(Cmp->getOperand(1 - K)), L))
      continue;
    if (Cmp->isUnsigned()) {
      if (Strengthen T = unsignedTestToStrengthen(Cmp, K, BI, L, SE); T.AR)
        return T;
      continue;
    }
    SmallPtrSet<Instruction *, 8> AChain, BChain;
    auto *Tr = dyn_cast<TruncInst>(A);
    PHINode *P = nswChain(Tr ? Tr->getOperand(0) : A, L, S, AChain);
    if (!P || P->getNumIncomingValues() != 2 ||
        P->getBasicBlockIndex(Latch) < 0 ||
        nswChain(P->getIncomingValueForBlock(Latch), L, S, BChain) != P ||
        BChain.empty())
      continue;
    if (Tr && !truncTestKeepsSign(Tr, Cmp, K, BI, L, SE))
      continue;
    auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(A));
    if (!AR || AR->getLoop() != L || !AR->isAffine() || AR->hasNoSignedWrap())
      continue;
    return {AR, SCEV::FlagNSW};
  }
  return {};
}

/// Whether some loop of S has an exit test that exitTestToStrengthen proves.
bool anyExitTestToStrengthen(Shape &S) {
  for (Loop *L : S.LI.getLoopsInPreorder())
    if (exitTestToStrengthen(L, S).AR)
      return true;
  return false;
}

/// Flags the recurrence exitTestToStrengthen finds for every loop of the
/// function (S.SE must be the analyses' own, never the pipeline's); forgets
/// the counts ScalarEvolution cached when it set a flag.
void strengthenExitTests(Shape &S) {
  bool Changed = false;
  for (Loop *L : S.LI.getLoopsInPreorder())
    if (Strengthen T = exitTestToStrengthen(L, S); T.AR) {
      S.SE.setNoWrapFlags(const_cast<SCEVAddRecExpr *>(T.AR), T.Flag);
      if (T.LE)
        S.UnsignedLE[L] = {T.LE, T.K};
      Changed = true;
    }
  if (Changed)
    S.SE.forgetAllLoops();
}

/// Clone F, canonicalise the clone (mem2reg; plus loop-simplify, LCSSA and
/// loop-rotate when Canonical; else, with Hoist, LICM when it keeps the CFG),
/// and build the view: of the clone itself when
/// Canonical, else of F's blocks mapped 1:1 to the clone's (mem2reg keeps
/// the CFG).
View viewOnClone(Function &F, bool Canonical, bool Hoist = true) {
  ValueToValueMapTy VMap;
  // The clone lives only for this analysis: it shares F's subprogram, so
  // its instructions' locations are kept as they are, not rebuilt under a
  // copy of the subprogram.
  if (DISubprogram *SP = F.getSubprogram())
    VMap.MD()[SP].reset(SP);
  Function *C = CloneFunction(&F, VMap);
  C->removeFnAttr(Attribute::OptimizeNone);
  C->removeFnAttr(Attribute::NoInline);
  C->setLinkage(GlobalValue::PrivateLinkage);
  std::vector<std::string> Params = paramNames(F);
  View V;
  {
    StandaloneAnalyses A;
    FunctionAnalysisManager &FAM = A.FAM;
    FunctionPassManager FPM;
    addSourceCanonicalization(FPM, Canonical);
    FPM.run(*C, FAM);
    if (!Canonical && Hoist) {
      // Hoist loop-invariant loads (`p->n`, read on every iteration at -O0)
      // so that ScalarEvolution sees the bounds; no scalar promotion (it
      // would remove the loads and stores being measured). Only when the CFG
      // stays as it is: the blocks must map 1:1.
      size_t Blocks = C->size();
      FunctionPassManager H;
      H.addPass(createFunctionToLoopPassAdaptor(
          LICMPass(LICMOptions(/*MssaOptCap=*/100,
                               /*MssaNoAccForPromotionCap=*/0,
                               /*AllowSpeculation=*/false)),
          /*UseMemorySSA=*/true));
      H.run(*C, FAM);
      if (C->size() != Blocks) {
        FAM.clear();
        C->eraseFromParent();
        return viewOnClone(F, Canonical, /*Hoist=*/false);
      }
    }
    Shape S{*C, FAM.getResult<LoopAnalysis>(*C),
            FAM.getResult<ScalarEvolutionAnalysis>(*C),
            FAM.getResult<DominatorTreeAnalysis>(*C)};
    strengthenExitTests(S);
    V = buildView(Canonical ? *C : F, S, Params, Canonical ? nullptr : &VMap);
    FAM.clear();
  }
  C->eraseFromParent();
  return V;
}

} // namespace

View GreencAnalysis::run(Function &F, FunctionAnalysisManager &FAM) {
  if (F.isDeclaration())
    return View();
  if (hasPromotableAllocas(F))
    return viewOnClone(F, /*Canonical=*/false);
  Shape S{F, FAM.getResult<LoopAnalysis>(F),
          FAM.getResult<ScalarEvolutionAnalysis>(F),
          FAM.getResult<DominatorTreeAnalysis>(F)};
  if (anyExitTestToStrengthen(S)) {
    // The pipeline's ScalarEvolution is never changed (passes after this one
    // may use it): the exit tests are strengthened on a private one, over
    // the same IR and loops.
    ScalarEvolution Own(F, FAM.getResult<TargetLibraryAnalysis>(F),
                        FAM.getResult<AssumptionAnalysis>(F), S.DT, S.LI);
    Shape Mine{F, S.LI, Own, S.DT};
    strengthenExitTests(Mine);
    return buildView(F, Mine, paramNames(F));
  }
  return buildView(F, S, paramNames(F));
}

StandaloneAnalyses::StandaloneAnalyses() {
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
}

View computeSourceView(Function &F) {
  if (F.isDeclaration())
    return View();
  return viewOnClone(F, /*Canonical=*/true);
}

uint64_t blockFlops(const BlockRec &B) {
  uint64_t N = 0;
  for (const OpRec &O : B.Ops)
    N += flopsPerLane(O) * (O.Lanes ? O.Lanes : 1) * O.N;
  return N;
}

PreservedAnalyses GreencPrinter::run(Function &F,
                                     FunctionAnalysisManager &FAM) {
  if (F.isDeclaration())
    return PreservedAnalyses::all();
  json::Value J = Source ? computeSourceView(F).toJSON()
                         : FAM.getResult<GreencAnalysis>(F).toJSON();
  OS << "greenc " << (Source ? "source" : "executed") << " view of '"
     << F.getName() << "':\n"
     << formatv("{0:2}", J) << "\n";
  return PreservedAnalyses::all();
}

void addSourceCanonicalization(FunctionPassManager &FPM, bool Canonical) {
  FPM.addPass(PromotePass());
  if (!Canonical)
    return;
  FPM.addPass(LoopSimplifyPass());
  FPM.addPass(LCSSAPass());
  // Hoist loop-invariant loads (`p->n`) so that ScalarEvolution sees the
  // bounds, then rotate so that trips read `n`, not `max(0,n) + 1`.
  FPM.addPass(createFunctionToLoopPassAdaptor(LICMPass(LICMOptions()),
                                              /*UseMemorySSA=*/true));
  FPM.addPass(createFunctionToLoopPassAdaptor(LoopRotatePass()));
}

} // namespace greenc
