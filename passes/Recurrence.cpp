//===- Recurrence.cpp - a loop's critical loop-carried dependency cycle ---===//
//
// See Recurrence.h. The cycle through a header phi P is found in two walks
// over the instructions of the loop's own blocks (not its inner loops'):
// forward from P along uses (what depends on P within one iteration), then
// the longest path, in costed ops, from P to the value the latch feeds back.
// Within one iteration these instructions form a DAG: any cycle passes
// through a header phi, and the only one admitted is P itself, at the start.
//
//===----------------------------------------------------------------------===//
#include "Recurrence.h"
#include "ExprWriter.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Operator.h"
#include <algorithm>
#include <functional>

using namespace llvm;

namespace greenc {
namespace {

/// The profile's type name of T's elements, "" when it has none (typeName's
/// names of floating-point types and integers up to 128 bits).
std::string tyName(Type *T) {
  std::string N = typeName(T->getScalarType());
  static const char *const Known[] = {"f64", "f32", "f16", "bf16", "i1",
                                      "i8",  "i16", "i32", "i64",  "i128"};
  for (const char *K : Known)
    if (N == K)
      return N;
  return "";
}

unsigned lanesOf(Type *T) {
  if (auto *V = dyn_cast<FixedVectorType>(T))
    return V->getNumElements();
  return 1;
}

unsigned log2Ceil(unsigned L) {
  unsigned D = 0;
  while ((1u << D) < L)
    D++;
  return D ? D : 1;
}

/// The costed op an instruction is on a dependency chain: Op empty for an
/// instruction that only passes a value on (phi, select, casts, shuffles).
/// N is the number of dependent ops it stands for (an in-order vector
/// reduction over L lanes is L scalar adds, one after the other).
struct ChainOp {
  std::string Op, Ty;
  unsigned Lanes = 1, N = 0;
  bool Reassoc = false; // integer op, or FP op with the reassoc flag
};

std::string libmKind(StringRef Name) {
  Name.consume_front("__");
  if (Name.starts_with("exp"))
    return "fexp";
  if (Name.starts_with("log"))
    return "flog";
  if (Name.starts_with("pow"))
    return "fpow";
  if (Name.starts_with("tanh"))
    return "ftanh";
  if (Name.starts_with("sin") || Name.starts_with("cos") ||
      Name.starts_with("tan") || Name.starts_with("asin") ||
      Name.starts_with("acos") || Name.starts_with("atan"))
    return "ftrig";
  if (Name.starts_with("sqrt"))
    return "fsqrt";
  return "fmath";
}

ChainOp classifyOp(const Instruction &I);

ChainOp classify(const Instruction &I) {
  ChainOp C = classifyOp(I);
  if (auto *FP = dyn_cast<FPMathOperator>(&I))
    C.Reassoc = FP->hasAllowReassoc();
  else
    C.Reassoc = I.getType()->isIntOrIntVectorTy();
  return C;
}

ChainOp classifyOp(const Instruction &I) {
  ChainOp C;
  auto Set = [&](StringRef Op, Type *T, unsigned N = 1, unsigned Lanes = 0) {
    C.Op = Op.str();
    C.Ty = tyName(T);
    C.Lanes = Lanes ? Lanes : lanesOf(T);
    C.N = N;
    if (C.Ty.empty()) // a type the profile has no name for: not costed
      C.Op.clear();
  };
  switch (I.getOpcode()) {
  case Instruction::FAdd:
    Set("fadd", I.getType());
    break;
  case Instruction::FSub:
    Set("fsub", I.getType());
    break;
  case Instruction::FMul:
    Set("fmul", I.getType());
    break;
  case Instruction::FDiv:
    Set("fdiv", I.getType());
    break;
  case Instruction::FRem:
    Set("frem", I.getType());
    break;
  case Instruction::FNeg:
    Set("fneg", I.getType());
    break;
  case Instruction::FCmp:
    Set("fcmp", I.getOperand(0)->getType());
    break;
  case Instruction::FPExt:
  case Instruction::FPTrunc:
  case Instruction::SIToFP:
  case Instruction::UIToFP:
    Set("fcvt", I.getType());
    break;
  case Instruction::FPToSI:
  case Instruction::FPToUI:
    Set("fcvt", I.getOperand(0)->getType());
    break;
  case Instruction::Add:
    Set("iadd", I.getType());
    break;
  case Instruction::Sub:
    Set("isub", I.getType());
    break;
  case Instruction::Mul:
    Set("imul", I.getType());
    break;
  case Instruction::SDiv:
  case Instruction::UDiv:
    Set("idiv", I.getType());
    break;
  case Instruction::SRem:
  case Instruction::URem:
    Set("irem", I.getType());
    break;
  case Instruction::Shl:
  case Instruction::LShr:
  case Instruction::AShr:
    Set("ishift", I.getType());
    break;
  case Instruction::And:
  case Instruction::Or:
  case Instruction::Xor:
    Set("ilogic", I.getType());
    break;
  case Instruction::ICmp:
    Set("icmp", I.getOperand(0)->getType());
    break;
  case Instruction::Call: {
    const auto &CB = cast<CallBase>(I);
    if (const auto *II = dyn_cast<IntrinsicInst>(&I)) {
      Type *T = I.getType();
      switch (II->getIntrinsicID()) {
      case Intrinsic::fma:
      case Intrinsic::fmuladd:
        Set("fma", T);
        break;
      case Intrinsic::sqrt:
        Set("fsqrt", T);
        break;
      case Intrinsic::fabs:
        Set("fabs", T);
        break;
      case Intrinsic::minnum:
      case Intrinsic::maxnum:
      case Intrinsic::minimum:
      case Intrinsic::maximum:
        Set("fminmax", T);
        break;
      case Intrinsic::smin:
      case Intrinsic::smax:
      case Intrinsic::umin:
      case Intrinsic::umax:
        Set("iminmax", T);
        break;
      case Intrinsic::exp:
      case Intrinsic::exp2:
        Set("fexp", T);
        break;
      case Intrinsic::log:
      case Intrinsic::log2:
      case Intrinsic::log10:
        Set("flog", T);
        break;
      case Intrinsic::pow:
        Set("fpow", T);
        break;
      case Intrinsic::vector_reduce_fadd:
      case Intrinsic::vector_reduce_fmul: {
        // The accumulator operand feeds an ordered reduction: L dependent
        // scalar ops; with reassociation allowed, a tree of log2(L).
        unsigned L = lanesOf(II->getArgOperand(1)->getType());
        bool Tree = II->hasAllowReassoc();
        Set(II->getIntrinsicID() == Intrinsic::vector_reduce_fadd ? "fadd"
                                                                  : "fmul",
            T, Tree ? log2Ceil(L) : L, 1);
        break;
      }
      case Intrinsic::vector_reduce_add:
      case Intrinsic::vector_reduce_mul:
      case Intrinsic::vector_reduce_and:
      case Intrinsic::vector_reduce_or:
      case Intrinsic::vector_reduce_xor: {
        unsigned L = lanesOf(II->getArgOperand(0)->getType());
        StringRef Op =
            II->getIntrinsicID() == Intrinsic::vector_reduce_add   ? "iadd"
            : II->getIntrinsicID() == Intrinsic::vector_reduce_mul ? "imul"
                                                                   : "ilogic";
        Set(Op, T, log2Ceil(L), 1);
        break;
      }
      default:
        break;
      }
      break;
    }
    const Function *Callee = CB.getCalledFunction();
    if (Callee && Callee->isDeclaration() && I.getType()->isFPOrFPVectorTy())
      Set(libmKind(Callee->getName()), I.getType());
    break;
  }
  default:
    break;
  }
  return C;
}

struct Cycle {
  std::vector<ChainOp> Ops; // in path order
  unsigned Weight = 0;      // costed ops on the path
  bool FP = false;
  bool Reassoc = true; // every op on the path may be reassociated
};

/// Whether BB is in L and in none of its inner loops.
bool ownBlock(const Loop &L, const BasicBlock *BB) {
  if (!L.contains(BB))
    return false;
  for (const Loop *Sub : L.getSubLoops())
    if (Sub->contains(BB))
      return false;
  return true;
}

/// The longest path from P back to the value the latch feeds it, or an empty
/// cycle when that value does not depend on P within one iteration.
Cycle cycleOf(PHINode &P, const Loop &L, BasicBlock *Latch) {
  Cycle Out;
  auto *Back = dyn_cast<Instruction>(P.getIncomingValueForBlock(Latch));
  if (!Back || Back == &P || !ownBlock(L, Back->getParent()))
    return Out;
  // what depends on P within one iteration, in L's own blocks
  SmallPtrSet<const Instruction *, 32> Reach;
  std::vector<const Instruction *> Work{&P};
  Reach.insert(&P);
  while (!Work.empty()) {
    const Instruction *I = Work.back();
    Work.pop_back();
    for (const User *U : I->users()) {
      const auto *UI = dyn_cast<Instruction>(U);
      if (!UI || Reach.count(UI) || !ownBlock(L, UI->getParent()))
        continue;
      if (isa<PHINode>(UI) && UI->getParent() == L.getHeader())
        continue; // the next iteration's value, not this one's chain
      Reach.insert(UI);
      Work.push_back(UI);
    }
  }
  if (!Reach.count(Back))
    return Out;
  // longest path, in costed ops, from P to each reached instruction
  // (memoised over operands; the reached set is acyclic, see the banner)
  DenseMap<const Instruction *, std::pair<unsigned, const Instruction *>> Best;
  Best[&P] = {0, nullptr};
  std::function<unsigned(const Instruction *)> Len =
      [&](const Instruction *I) -> unsigned {
    auto It = Best.find(I);
    if (It != Best.end())
      return It->second.first;
    Best[I] = {0, nullptr};
    unsigned BestLen = 0;
    const Instruction *From = nullptr;
    for (const Value *Op : I->operands()) {
      const auto *OI = dyn_cast<Instruction>(Op);
      if (!OI || !Reach.count(OI))
        continue;
      unsigned Lo = Len(OI);
      if (!From || Lo > BestLen) {
        BestLen = Lo;
        From = OI;
      }
    }
    ChainOp C = classify(*I);
    unsigned W = BestLen + (C.Op.empty() ? 0 : C.N);
    Best[I] = {W, From};
    return W;
  };
  Out.Weight = Len(Back);
  for (const Instruction *I = Back; I && I != &P; I = Best[I].second) {
    ChainOp C = classify(*I);
    if (!C.Op.empty()) {
      Out.Reassoc &= C.Reassoc;
      Out.Ops.insert(Out.Ops.begin(), C);
    }
  }
  Out.FP = P.getType()->isFPOrFPVectorTy();
  return Out;
}

} // namespace

std::vector<RecOpRec> criticalRecurrence(const Loop &L, ScalarEvolution &SE,
                                         bool *Reassoc) {
  std::vector<RecOpRec> Res;
  if (Reassoc)
    *Reassoc = false;
  BasicBlock *Latch = L.getLoopLatch();
  if (!Latch)
    return Res;
  Cycle Crit;
  for (PHINode &P : L.getHeader()->phis()) {
    Type *T = P.getType();
    if (T->isPtrOrPtrVectorTy() || tyName(T).empty())
      continue;
    if (T->isIntOrIntVectorTy() && SE.isSCEVable(T) &&
        isa<SCEVAddRecExpr>(SE.getSCEV(&P)))
      continue; // an induction variable: address and loop bookkeeping
    Cycle C = cycleOf(P, L, Latch);
    if (C.Weight == 0)
      continue;
    // the critical cycle: most costed ops; on a tie, a floating-point one
    if (C.Weight > Crit.Weight || (C.Weight == Crit.Weight && C.FP && !Crit.FP))
      Crit = std::move(C);
  }
  if (Reassoc)
    *Reassoc = !Crit.Ops.empty() && Crit.Reassoc;
  for (const ChainOp &C : Crit.Ops) {
    auto It = std::find_if(Res.begin(), Res.end(), [&](const RecOpRec &R) {
      return R.Op == C.Op && R.Ty == C.Ty && R.Lanes == C.Lanes;
    });
    if (It != Res.end())
      It->N += C.N;
    else
      Res.push_back({C.Op, C.Ty, C.Lanes, C.N});
  }
  return Res;
}

} // namespace greenc
