//===- ExprWriter.cpp - ScalarEvolution expressions to greenc EXPR --------===//
//
// See ExprWriter.h. Tested through the lit tests in test/lit/passes/ (trip
// counts `M`, `@1`, `p->n`, and the unknown reasons).
//
//===----------------------------------------------------------------------===//
#include "ExprWriter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"
#include <functional>
#include <numeric>

using namespace llvm;
using namespace llvm::PatternMatch;

namespace greenc {

static bool isIdent(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return llvm::all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

/// The debug-info variable of argument ArgNo (0-based), if any.
static const DILocalVariable *argVariable(const Function &F, unsigned ArgNo) {
  auto Match = [&](const DILocalVariable *V) {
    return V && V->getArg() == ArgNo + 1 ? V : nullptr;
  };
  if (const DISubprogram *SP = F.getSubprogram())
    for (const DINode *N : SP->getRetainedNodes())
      if (auto *V = Match(dyn_cast<DILocalVariable>(N)))
        return V;
  for (const Instruction &I : instructions(F)) {
    for (const DbgVariableRecord &R : filterDbgVars(I.getDbgRecordRange()))
      if (auto *V = Match(R.getVariable()))
        return V;
    if (auto *D = dyn_cast<DbgVariableIntrinsic>(&I))
      if (auto *V = Match(D->getVariable()))
        return V;
  }
  return nullptr;
}

std::vector<std::string> paramNames(const Function &F) {
  std::vector<std::string> Names;
  const MDNode *FrontEnd = F.getMetadata(ArgNamesMD);
  if (FrontEnd && FrontEnd->getNumOperands() != F.arg_size())
    FrontEnd = nullptr;
  for (const Argument &A : F.args()) {
    std::string N;
    if (FrontEnd)
      if (auto *S = dyn_cast_or_null<MDString>(
              FrontEnd->getOperand(A.getArgNo()).get()))
        if (isIdent(S->getString()))
          N = S->getString().str();
    if (N.empty() && A.hasName() && isIdent(A.getName()))
      N = A.getName().str();
    if (N.empty())
      if (const DILocalVariable *V = argVariable(F, A.getArgNo()))
        N = V->getName().str();
    if (N.empty())
      N = "arg" + std::to_string(A.getArgNo());
    Names.push_back(N);
  }
  return Names;
}

bool isIdentifier(StringRef S) { return isIdent(S); }

std::string opTypeName(Type *T) {
  Type *E = T->getScalarType();
  if (E->isIntegerTy()) {
    unsigned W = E->getIntegerBitWidth();
    for (unsigned Allowed : {1u, 8u, 16u, 32u, 64u, 128u})
      if (W <= Allowed)
        return "i" + std::to_string(Allowed);
    return "";
  }
  std::string N = typeName(E);
  if (N == "f64" || N == "f32" || N == "f16" || N == "bf16" || N == "ptr")
    return N;
  return "";
}

std::string typeName(Type *T) {
  if (auto *VT = dyn_cast<VectorType>(T))
    T = VT->getElementType();
  if (T->isFloatTy())
    return "f32";
  if (T->isDoubleTy())
    return "f64";
  if (T->isHalfTy())
    return "f16";
  if (T->isBFloatTy())
    return "bf16";
  if (T->isX86_FP80Ty())
    return "f80";
  if (T->isFP128Ty())
    return "f128";
  if (T->isIntegerTy())
    return "i" + std::to_string(T->getIntegerBitWidth());
  if (T->isPointerTy())
    return "ptr";
  if (T->isVoidTy())
    return "void";
  return "other";
}

/// Strip typedefs and qualifiers from a debug-info type.
static const DIType *stripType(const DIType *T) {
  while (auto *D = dyn_cast_or_null<DIDerivedType>(T)) {
    unsigned Tag = D->getTag();
    if (Tag != dwarf::DW_TAG_typedef && Tag != dwarf::DW_TAG_const_type &&
        Tag != dwarf::DW_TAG_volatile_type &&
        Tag != dwarf::DW_TAG_restrict_type)
      break;
    T = D->getBaseType();
  }
  return T;
}

const char *const FieldsMD = "greenc.fields";
const char *const LoopVarsMD = "greenc.loopvars";

const char *const UnsignedMD = "greenc.unsigned";
const char *const ArgNamesMD = "greenc.argnames";

bool isUnsignedArg(const Argument &A) {
  const Function &F = *A.getParent();
  if (const MDNode *N = F.getMetadata(UnsignedMD))
    for (const MDOperand &Op : N->operands())
      if (auto *S = dyn_cast_or_null<MDString>(Op.get()))
        if (S->getString() == std::to_string(A.getArgNo()))
          return true;
  if (const DILocalVariable *V = argVariable(F, A.getArgNo()))
    if (auto *B = dyn_cast_or_null<DIBasicType>(stripType(V->getType())))
      return B->getEncoding() == dwarf::DW_ATE_unsigned ||
             B->getEncoding() == dwarf::DW_ATE_unsigned_char;
  return false;
}

std::string loopVarName(const Module &M, unsigned Line, unsigned Col) {
  const NamedMDNode *NMD = M.getNamedMetadata(LoopVarsMD);
  if (!NMD || !Line)
    return "";
  // An MDString is unique in its context: keys compare by address.
  const MDString *Key = MDString::get(
      M.getContext(), std::to_string(Line) + ":" + std::to_string(Col));
  for (const MDNode *N : NMD->operands())
    if (N->getNumOperands() == 2 && N->getOperand(0) == Key)
      if (auto *V = dyn_cast<MDString>(N->getOperand(1)))
        return V->getString().str();
  return "";
}

/// Field name from the front end's "greenc.fields" attachment.
static std::string frontendField(const Function &F, unsigned ArgNo,
                                 uint64_t Offset) {
  const MDNode *N = F.getMetadata(FieldsMD);
  if (!N)
    return "";
  std::string Prefix =
      std::to_string(ArgNo) + ":" + std::to_string(Offset) + ":";
  for (const MDOperand &Op : N->operands())
    if (auto *S = dyn_cast_or_null<MDString>(Op.get()))
      if (S->getString().starts_with(Prefix))
        return S->getString().drop_front(Prefix.size()).str();
  return "";
}

/// Name of the struct member at byte Offset of what argument ArgNo points to.
static std::string fieldName(const Function &F, unsigned ArgNo,
                             uint64_t Offset) {
  const DILocalVariable *Var = argVariable(F, ArgNo);
  if (!Var)
    return frontendField(F, ArgNo, Offset);
  auto *Ptr = dyn_cast_or_null<DIDerivedType>(stripType(Var->getType()));
  if (!Ptr || Ptr->getTag() != dwarf::DW_TAG_pointer_type)
    return "";
  auto *ST = dyn_cast_or_null<DICompositeType>(stripType(Ptr->getBaseType()));
  if (!ST)
    return "";
  for (const DINode *E : ST->getElements())
    if (auto *M = dyn_cast<DIDerivedType>(E))
      if (M->getTag() == dwarf::DW_TAG_member &&
          M->getOffsetInBits() == Offset * 8 && isIdent(M->getName()))
        return M->getName().str();
  return "";
}

bool ExprWriter::unsignedArg(const Argument &A) {
  auto [It, New] = UnsignedArgs.try_emplace(&A, false);
  if (New)
    It->second = isUnsignedArg(A);
  return It->second;
}

std::string ExprWriter::field(const Argument &A, uint64_t Offset) {
  auto [It, New] = Fields.try_emplace({&A, Offset});
  if (New)
    It->second = fieldName(*A.getParent(), A.getArgNo(), Offset);
  return It->second;
}

std::optional<ExprWriter::Out> ExprWriter::unknownValue(Value *Val) {
  if (auto *A = dyn_cast<Argument>(Val)) {
    const std::string &N = Params[A->getArgNo()];
    SymbolRec S{N, "param", "", typeName(A->getType()), A->getArgNo(), 0};
    V.Symbols.emplace(N, S);
    return Out{N, PAtom};
  }
  if (auto *LI = dyn_cast<LoadInst>(Val)) {
    // An integer read through a parameter at a constant offset: a field.
    const DataLayout &DL = LI->getDataLayout();
    APInt Off(DL.getIndexTypeSizeInBits(LI->getPointerOperandType()), 0);
    const Value *Base =
        LI->getPointerOperand()->stripAndAccumulateConstantOffsets(DL, Off,
                                                                   true);
    if (auto *A = dyn_cast<Argument>(Base)) {
      std::string Field = field(*A, Off.getZExtValue());
      if (Field.empty()) {
        Why = "depends on the value at byte " +
              std::to_string(Off.getSExtValue()) + " of parameter " +
              Params[A->getArgNo()] +
              " (nothing names it: use -g or load the plugin with -fplugin=)";
        return std::nullopt;
      }
      std::string N = Params[A->getArgNo()] + "->" + Field;
      SymbolRec S{
          N, "field",           Params[A->getArgNo()], typeName(LI->getType()),
          0, Off.getZExtValue()};
      V.Symbols.emplace(N, S);
      return Out{N, PAtom};
    }
    Why = "depends on data loaded from memory";
    return std::nullopt;
  }
  if (isa<CallBase>(Val)) {
    Why = "depends on the result of a call";
    return std::nullopt;
  }
  if (auto *P = dyn_cast<PHINode>(Val)) {
    if (Depth < 8)
      if (const SCEV *R = resolvePhi(P)) {
        ++Depth;
        auto O = rec(R);
        --Depth;
        return O;
      }
    Why = "depends on a value with a different formula on each path to it "
          "(a phi)";
    return std::nullopt;
  }
  Why = "depends on a value ScalarEvolution cannot express";
  return std::nullopt;
}

bool ExprWriter::nonNegative(const SCEV *S, const BasicBlock *B) {
  auto It = NonNeg.find({S, B});
  if (It != NonNeg.end())
    return It->second;
  bool R = nonNegativeUncached(S, B);
  NonNeg[{S, B}] = R;
  return R;
}

bool ExprWriter::nonNegativeUncached(const SCEV *S, const BasicBlock *B) {
  if (SE.isKnownNonNegative(S))
    return true;
  if (B && SE.isBasicBlockEntryGuardedByCond(B, ICmpInst::ICMP_SGE, S,
                                             SE.getZero(S->getType())))
    return true;
  std::optional<int64_t> LB = lowerBound(S, B, 0);
  return LB && *LB >= 0;
}

static constexpr int64_t BoundLimit = int64_t(1) << 40;

static bool small(int64_t V) { return V > -BoundLimit && V < BoundLimit; }

/// A lower bound of S at the entry of B: from its range, its structure, and
/// the conditions of the branch edges dominating B (ScalarEvolution only
/// looks inside the innermost loop or along unique-predecessor chains).
std::optional<int64_t>
ExprWriter::lowerBound(const SCEV *S, const BasicBlock *B, unsigned Depth) {
  if (Depth > 8)
    return std::nullopt;
  std::optional<int64_t> Best;
  auto Consider = [&](std::optional<int64_t> V) {
    if (V && small(*V) && (!Best || *V > *Best))
      Best = V;
  };
  APInt Min = SE.getSignedRange(S).getSignedMin();
  if (Min.getSignificantBits() <= 62)
    Consider(Min.getSExtValue());
  if (isa<SCEVConstant>(S))
    return Best;
  if (auto *U = dyn_cast<SCEVUnknown>(S))
    if (auto *A = dyn_cast<Argument>(U->getValue()))
      if (unsignedArg(*A))
        Consider(0);
  if (auto *A = dyn_cast<SCEVAddExpr>(S)) {
    int64_t Sum = 0;
    bool Ok = true;
    for (const SCEV *Op : A->operands()) {
      auto L = lowerBound(Op, B, Depth + 1);
      if (!L) {
        Ok = false;
        break;
      }
      Sum += *L;
      if (!small(Sum)) {
        Ok = false;
        break;
      }
    }
    if (Ok)
      Consider(Sum);
    Consider(minMaxPairBound(A, B, Depth));
  } else if (auto *M = dyn_cast<SCEVMulExpr>(S)) {
    if (M->getNumOperands() == 2)
      if (auto *C = dyn_cast<SCEVConstant>(M->getOperand(0)))
        if (C->getAPInt().isStrictlyPositive() &&
            C->getAPInt().getSignificantBits() <= 32)
          if (auto L = lowerBound(M->getOperand(1), B, Depth + 1))
            if (*L >= 0)
              Consider(*L * C->getAPInt().getSExtValue());
  } else if (auto *Z = dyn_cast<SCEVZeroExtendExpr>(S)) {
    Consider(0);
    auto L = lowerBound(Z->getOperand(), B, Depth + 1);
    if (L && *L >= 0)
      Consider(L);
  } else if (auto *X = dyn_cast<SCEVSignExtendExpr>(S)) {
    Consider(lowerBound(X->getOperand(), B, Depth + 1));
  } else if (auto *D = dyn_cast<SCEVUDivExpr>(S)) {
    if (auto *C = dyn_cast<SCEVConstant>(D->getRHS()))
      if (C->getAPInt().isStrictlyPositive() &&
          C->getAPInt().getSignificantBits() <= 62) {
        auto L = lowerBound(D->getLHS(), B, Depth + 1);
        if (L && *L >= 0)
          Consider(*L / C->getAPInt().getSExtValue());
      }
  }
  if (!B || !DT || !DT->getNode(B))
    return Best;
  for (DomTreeNode *N = DT->getNode(B); N->getIDom(); N = N->getIDom()) {
    const BasicBlock *D = N->getIDom()->getBlock();
    auto *BI = dyn_cast<BranchInst>(D->getTerminator());
    if (!BI || !BI->isConditional() ||
        BI->getSuccessor(0) == BI->getSuccessor(1))
      continue;
    for (unsigned K = 0; K < 2; ++K)
      if (DT->dominates(BasicBlockEdge(D, BI->getSuccessor(K)), B))
        Consider(boundFrom(BI->getCondition(), K == 0, S, 0));
  }
  return Best;
}

/// A lower bound of the sum A from one of its terms that is a minimum or a
/// maximum: smax(x, ...) >= x, and -smin(x, ...) = max(-x, ...) >= -x, so
/// A >= R + x (or R - x) where R is the sum of the other terms; ScalarEvolution
/// cancels what R and x share (a countdown loop's `n - smin(3, n) + 3` is at
/// least `n - n + 3`). umin/umax order like smin/smax when every operand is
/// non-negative. Nested sums are flattened first.
std::optional<int64_t> ExprWriter::minMaxPairBound(const SCEV *Sum,
                                                   const BasicBlock *B,
                                                   unsigned Depth) {
  auto *A = cast<SCEVAddExpr>(Sum);
  SmallVector<const SCEV *, 8> Terms;
  SmallVector<const SCEV *, 4> Work(A->operands().begin(), A->operands().end());
  while (!Work.empty()) {
    const SCEV *T = Work.pop_back_val();
    if (auto *Inner = dyn_cast<SCEVAddExpr>(T))
      Work.append(Inner->operands().begin(), Inner->operands().end());
    else
      Terms.push_back(T);
  }
  std::optional<int64_t> Best;
  for (size_t I = 0; I < Terms.size(); ++I) {
    const SCEV *T = Terms[I];
    bool Negated = false;
    if (auto *M = dyn_cast<SCEVMulExpr>(T))
      if (M->getNumOperands() == 2 && M->getOperand(0)->isAllOnesValue()) {
        T = M->getOperand(1);
        Negated = true;
      }
    auto *MM = dyn_cast<SCEVMinMaxExpr>(T);
    if (!MM)
      continue;
    SCEVTypes K = MM->getSCEVType();
    // Which operand bounds the term from below: a maximum's, or a negated
    // minimum's.
    bool Signed = K == scSMaxExpr || K == scSMinExpr;
    bool Max = K == scSMaxExpr || K == scUMaxExpr;
    if (Max == Negated || K == scSequentialUMinExpr)
      continue;
    bool Usable = Signed;
    if (!Signed)
      Usable = llvm::all_of(MM->operands(), [&](const SCEV *Op) {
        auto L = lowerBound(Op, B, Depth + 1);
        return L && *L >= 0;
      });
    if (!Usable)
      continue;
    SmallVector<const SCEV *, 8> Rest;
    for (size_t J = 0; J < Terms.size(); ++J)
      if (J != I)
        Rest.push_back(Terms[J]);
    const SCEV *R =
        Rest.empty() ? SE.getZero(A->getType()) : SE.getAddExpr(Rest);
    for (const SCEV *Op : MM->operands()) {
      const SCEV *Low = Negated ? SE.getMinusSCEV(R, Op) : SE.getAddExpr(R, Op);
      if (Low == A)
        continue;
      auto L = lowerBound(Low, B, Depth + 1);
      if (L && small(*L) && (!Best || *L > *Best))
        Best = L;
    }
  }
  return Best;
}

/// The lower bound on S that condition C (taken or not) implies.
std::optional<int64_t> ExprWriter::boundFrom(const Value *C, bool Taken,
                                             const SCEV *S, unsigned Depth) {
  if (Depth > 4)
    return std::nullopt;
  if (auto *BO = dyn_cast<BinaryOperator>(C))
    if ((BO->getOpcode() == Instruction::And && Taken) ||
        (BO->getOpcode() == Instruction::Or && !Taken)) {
      auto L = boundFrom(BO->getOperand(0), Taken, S, Depth + 1);
      auto R = boundFrom(BO->getOperand(1), Taken, S, Depth + 1);
      if (L && R)
        return std::max(*L, *R);
      return L ? L : R;
    }
  auto *I = dyn_cast<ICmpInst>(C);
  if (!I || !SE.isSCEVable(I->getOperand(0)->getType()))
    return std::nullopt;
  CmpInst::Predicate P = Taken ? I->getPredicate() : I->getInversePredicate();
  const SCEV *A = SE.getSCEV(const_cast<Value *>(I->getOperand(0)));
  const SCEV *Bv = SE.getSCEV(const_cast<Value *>(I->getOperand(1)));
  if (Bv == S) {
    std::swap(A, Bv);
    P = CmpInst::getSwappedPredicate(P);
  }
  auto *K = dyn_cast<SCEVConstant>(Bv);
  if (A != S || !K || K->getAPInt().getSignificantBits() > 62)
    return std::nullopt;
  int64_t V = K->getAPInt().getSExtValue();
  // Unsigned comparisons bound an unsigned parameter's (never negative)
  // value directly.
  if (auto *U = dyn_cast<SCEVUnknown>(S))
    if (auto *Arg = dyn_cast<Argument>(U->getValue()))
      if (unsignedArg(*Arg) && V >= 0) {
        if (P == CmpInst::ICMP_NE && V == 0)
          return 1;
        if (P == CmpInst::ICMP_UGT)
          return V + 1;
        if (P == CmpInst::ICMP_UGE)
          return V;
      }
  switch (P) {
  case CmpInst::ICMP_SGT:
    return V + 1;
  case CmpInst::ICMP_SGE:
  case CmpInst::ICMP_EQ:
    return V;
  default:
    return std::nullopt;
  }
}

const SCEV *divideExact(const SCEV *S, uint64_t D, ScalarEvolution &SE) {
  if (D == 1)
    return S;
  if (auto *K = dyn_cast<SCEVConstant>(S)) {
    const APInt &V = K->getAPInt();
    if (V.getBitWidth() > 64 || V.getSExtValue() % (int64_t)D != 0)
      return nullptr;
    return SE.getConstant(S->getType(), V.getSExtValue() / (int64_t)D, true);
  }
  if (auto *A = dyn_cast<SCEVAddExpr>(S)) {
    SmallVector<const SCEV *, 4> Ops;
    for (const SCEV *Op : A->operands()) {
      const SCEV *X = divideExact(Op, D, SE);
      if (!X)
        return nullptr;
      Ops.push_back(X);
    }
    return SE.getAddExpr(Ops);
  }
  if (auto *M = dyn_cast<SCEVMulExpr>(S)) {
    SmallVector<const SCEV *, 4> Ops(M->operands().begin(),
                                     M->operands().end());
    for (auto &Op : Ops)
      if (const SCEV *X = divideExact(Op, D, SE)) {
        Op = X;
        return SE.getMulExpr(Ops);
      }
    return nullptr;
  }
  if (auto *AR = dyn_cast<SCEVAddRecExpr>(S)) {
    if (!AR->isAffine())
      return nullptr;
    const SCEV *St = divideExact(AR->getStart(), D, SE);
    const SCEV *Sp = divideExact(AR->getStepRecurrence(SE), D, SE);
    if (!St || !Sp)
      return nullptr;
    return SE.getAddRecExpr(St, Sp, AR->getLoop(), SCEV::FlagAnyWrap);
  }
  return nullptr;
}

namespace {
struct Simplifier : public SCEVRewriteVisitor<Simplifier> {
  using SCEVRewriteVisitor::SCEVRewriteVisitor;
  const SCEV *visitUDivExpr(const SCEVUDivExpr *D) {
    const SCEV *L = visit(D->getLHS()), *R = visit(D->getRHS());
    if (auto *C = dyn_cast<SCEVConstant>(R))
      if (C->getAPInt().getActiveBits() <= 63 && !C->isZero())
        if (const SCEV *Q = divideExact(L, C->getAPInt().getZExtValue(), SE))
          return Q;
    return SE.getUDivExpr(L, R);
  }
  const SCEV *visitZeroExtendExpr(const SCEVZeroExtendExpr *Z) {
    const SCEV *Op = visit(Z->getOperand());
    if (auto *T = dyn_cast<SCEVTruncateExpr>(Op)) {
      const SCEV *X = T->getOperand();
      unsigned Bits = T->getType()->getIntegerBitWidth();
      if (SE.getUnsignedRange(X).getUnsignedMax().getActiveBits() <= Bits)
        return SE.getTruncateOrZeroExtend(X, Z->getType());
    }
    return SE.getZeroExtendExpr(Op, Z->getType());
  }
};
} // namespace

const SCEV *ExprWriter::simplify(const SCEV *S) {
  return Simplifier(SE).visit(S);
}

std::optional<std::string> ExprWriter::atLeast(const SCEV *S, Prec P) {
  auto O = rec(S);
  if (!O)
    return std::nullopt;
  if (O->P < P)
    return "(" + O->S + ")";
  return O->S;
}

/// The wide expression X such that S == trunc(X), when S is built from
/// truncations of values of one wider type, constants, sums and products.
const SCEV *ExprWriter::untrunc(const SCEV *S, Type *Wide) {
  if (auto *T = dyn_cast<SCEVTruncateExpr>(S)) {
    const SCEV *X = T->getOperand();
    if (Wide && X->getType() != Wide)
      return nullptr;
    return X;
  }
  if (auto *C = dyn_cast<SCEVConstant>(S))
    return Wide ? SE.getConstant(C->getAPInt().sext(Wide->getIntegerBitWidth()))
                : nullptr;
  auto *N = dyn_cast<SCEVNAryExpr>(S);
  if (!N || !(isa<SCEVAddExpr>(S) || isa<SCEVMulExpr>(S)))
    return nullptr;
  if (!Wide) // the wide type: that of the first truncation
    for (const SCEV *Op : N->operands())
      if (auto *T = dyn_cast<SCEVTruncateExpr>(Op)) {
        Wide = T->getOperand()->getType();
        break;
      }
  if (!Wide)
    return nullptr;
  SmallVector<const SCEV *, 4> Ops;
  for (const SCEV *Op : N->operands()) {
    const SCEV *X = untrunc(Op, Wide);
    if (!X)
      return nullptr;
    Ops.push_back(X);
  }
  return isa<SCEVAddExpr>(S) ? SE.getAddExpr(Ops) : SE.getMulExpr(Ops);
}

/// Whether X, whose zero-extended parts are non-negative under the context's
/// guards, lies in [0, 2^Bits).
bool ExprWriter::fitsUnsigned(const SCEV *X, unsigned Bits) {
  if (SE.getUnsignedRange(X).getUnsignedMax().getActiveBits() <= Bits)
    return true;
  // (zext Y) /u C with Y >= 0: at most max(Y) / C.
  if (auto *D = dyn_cast<SCEVUDivExpr>(X))
    if (auto *Z = dyn_cast<SCEVZeroExtendExpr>(D->getLHS()))
      if (auto *C = dyn_cast<SCEVConstant>(D->getRHS()))
        if (!C->isZero() && C->getAPInt().getActiveBits() <= 64 &&
            nonNegative(Z->getOperand())) {
          APInt Max = SE.getSignedRange(Z->getOperand()).getSignedMax();
          if (Max.getActiveBits() > 64)
            return false;
          return (Max.getZExtValue() / C->getAPInt().getZExtValue()) <
                 (Bits >= 64 ? ~0ULL : (1ULL << Bits));
        }
  return false;
}

std::optional<ExprWriter::Out> ExprWriter::rec(const SCEV *S) {
  switch (S->getSCEVType()) {
  case scConstant: {
    const APInt &C = cast<SCEVConstant>(S)->getAPInt();
    if (C.getBitWidth() == 1)
      return Out{C.isOne() ? "1" : "0", PAtom};
    if (C.getSignificantBits() > 62) { // readers parse int64; keep margin
      Why = "constant too large";
      return std::nullopt;
    }
    int64_t X = C.getSExtValue();
    return Out{std::to_string(X), X < 0 ? PSum : PAtom};
  }
  case scAddExpr: {
    auto *A = cast<SCEVAddExpr>(S);
    // Constants last: `M - 1` reads better than `-1 + M`.
    SmallVector<const SCEV *, 4> Ops(A->operands().begin(),
                                     A->operands().end());
    std::stable_partition(Ops.begin(), Ops.end(),
                          [](const SCEV *X) { return !isa<SCEVConstant>(X); });
    std::string R;
    for (const SCEV *Op : Ops) {
      bool Neg = false;
      const SCEV *Mag = Op;
      if (auto *C = dyn_cast<SCEVConstant>(Op)) {
        if (C->getAPInt().isNegative() && C->getAPInt().getBitWidth() > 1) {
          Neg = true;
          Mag = SE.getNegativeSCEV(Op);
        }
      } else if (auto *M = dyn_cast<SCEVMulExpr>(Op)) {
        if (auto *C = dyn_cast<SCEVConstant>(M->getOperand(0)))
          if (C->getAPInt().isNegative()) {
            Neg = true;
            Mag = SE.getNegativeSCEV(Op);
          }
      }
      auto T = atLeast(Mag, Neg ? PProd : PSum);
      if (!T)
        return std::nullopt;
      if (R.empty())
        R = Neg ? "-" + *T : *T;
      else
        R += (Neg ? " - " : " + ") + *T;
    }
    return Out{R, PSum};
  }
  case scMulExpr: {
    auto *M = cast<SCEVMulExpr>(S);
    std::string R;
    bool Negate = false;
    for (const SCEV *Op : M->operands()) {
      if (auto *C = dyn_cast<SCEVConstant>(Op))
        if (C->getAPInt().isAllOnes() && C->getAPInt().getBitWidth() > 1) {
          Negate = true;
          continue;
        }
      auto T = atLeast(Op, PAtom);
      if (!T)
        return std::nullopt;
      R += (R.empty() ? "" : "*") + *T;
    }
    if (Negate)
      return Out{"-" + R, PSum};
    return Out{R, PProd};
  }
  case scUDivExpr: {
    auto *D = cast<SCEVUDivExpr>(S);
    bool Clamp = false;
    if (!nonNegative(D->getLHS())) {
      if (!ClampUDiv) {
        Why = "unsigned division of a possibly negative value";
        return std::nullopt;
      }
      Clamp = true;
    }
    auto L = atLeast(D->getLHS(), PSum), R = atLeast(D->getRHS(), PSum);
    if (!L || !R)
      return std::nullopt;
    if (Clamp)
      *L = "max(" + *L + ", 0)";
    return Out{"udiv(" + *L + ", " + *R + ")", PAtom};
  }
  case scAddRecExpr: {
    auto *AR = cast<SCEVAddRecExpr>(S);
    auto It = LoopIds.find(AR->getLoop());
    if (It == LoopIds.end()) {
      Why = "recurrence of a loop outside the view";
      return std::nullopt;
    }
    // `@N` exists only inside loop N: a value a finished loop left behind
    // is its exit value, where ScalarEvolution can compute it.
    if (!Ctx || !AR->getLoop()->contains(Ctx)) {
      const SCEV *At =
          Ctx && LI ? SE.getSCEVAtScope(AR, LI->getLoopFor(Ctx)) : nullptr;
      if (At && At != S && !isa<SCEVCouldNotCompute>(At) && Depth < 8) {
        ++Depth;
        auto O = rec(At);
        --Depth;
        return O;
      }
      Why = "the value loop " + std::to_string(It->second) +
            " leaves behind, which ScalarEvolution cannot compute";
      return std::nullopt;
    }
    if (!AR->isAffine()) {
      Why = "non-affine recurrence";
      return std::nullopt;
    }
    std::string At = "@" + std::to_string(It->second);
    const SCEV *Step = AR->getStepRecurrence(SE);
    std::string Term;
    if (Step->isOne())
      Term = At;
    else {
      auto St = atLeast(Step, PProd);
      if (!St)
        return std::nullopt;
      Term = *St + "*" + At;
    }
    if (AR->getStart()->isZero())
      return Out{Term, PProd};
    auto Start = atLeast(AR->getStart(), PSum);
    if (!Start)
      return std::nullopt;
    return Out{*Start + " + " + Term, PSum};
  }
  case scSMaxExpr:
  case scUMaxExpr:
  case scSMinExpr:
  case scUMinExpr:
  case scSequentialUMinExpr: {
    auto *N = cast<SCEVNAryExpr>(S);
    const char *F = S->getSCEVType() == scSMaxExpr   ? "max"
                    : S->getSCEVType() == scUMaxExpr ? "umax"
                    : S->getSCEVType() == scSMinExpr ? "min"
                                                     : "umin";
    std::string R = std::string(F) + "(";
    bool First = true;
    for (const SCEV *Op : N->operands()) {
      auto T = atLeast(Op, PSum);
      if (!T)
        return std::nullopt;
      R += (First ? "" : ", ") + *T;
      First = false;
    }
    return Out{R + ")", PAtom};
  }
  case scSignExtend:
    // sext keeps the value of a signed operand.
    return rec(cast<SCEVCastExpr>(S)->getOperand(0));
  case scZeroExtend: {
    const SCEV *Op = cast<SCEVCastExpr>(S)->getOperand(0);
    if (const SCEV *X = untrunc(Op)) {
      // zext(trunc X to iN), also with the truncation distributed over
      // sums (`-1 + trunc n`): X when X fits in N bits, X mod 2^N when X is
      // non-negative.
      unsigned Bits = Op->getType()->getIntegerBitWidth();
      if (fitsUnsigned(X, Bits))
        return rec(X);
      if (Bits < 63 && nonNegative(X)) {
        auto XS = atLeast(X, PSum);
        if (!XS)
          return std::nullopt;
        return Out{"urem(" + *XS + ", " + std::to_string(1ULL << Bits) + ")",
                   PAtom};
      }
    }
    if (!nonNegative(Op)) {
      Why = "zero extension of a possibly negative value";
      return std::nullopt;
    }
    return rec(Op);
  }
  case scTruncate: {
    const SCEV *Op = cast<SCEVCastExpr>(S)->getOperand(0);
    unsigned Bits = S->getType()->getIntegerBitWidth();
    ConstantRange R = SE.getSignedRange(Op);
    if (R.getSignedMin().getSignificantBits() > Bits ||
        R.getSignedMax().getSignificantBits() > Bits) {
      Why = "truncation that may wrap";
      return std::nullopt;
    }
    return rec(Op);
  }
  case scUnknown:
    return unknownValue(cast<SCEVUnknown>(S)->getValue());
  case scPtrToInt:
    Why = "pointer-to-integer value";
    return std::nullopt;
  case scVScale:
    Why = "scalable vector length";
    return std::nullopt;
  case scCouldNotCompute:
    Why = "not computable by ScalarEvolution";
    return std::nullopt;
  }
  Why = "unhandled SCEV kind";
  return std::nullopt;
}

std::optional<std::string> ExprWriter::write(const SCEV *S, std::string &W,
                                             const BasicBlock *B) {
  auto [It, New] = Writes.try_emplace({S, B, unsigned(ClampUDiv)});
  if (New) {
    Ctx = B;
    Why.clear();
    if (auto O = rec(S))
      It->second.E = std::move(O->S);
    else
      It->second.Why = Why;
  }
  if (!It->second.E)
    W = It->second.Why;
  return It->second.E;
}

/// Whether A == B at every point of the path that takes edge From -> To:
/// the symbols of A and B are bounded by the conditions of that edge and
/// of the edges dominating From; both are evaluated at every value (at
/// most 4096 points).
bool ExprWriter::agreeOnPath(const SCEV *A, const SCEV *B,
                             const BasicBlock *From, const BasicBlock *To) {
  struct SymFinder {
    SmallVector<Value *, 4> Syms;
    bool Bad = false;
    bool follow(const SCEV *S) {
      if (auto *U = dyn_cast<SCEVUnknown>(S)) {
        Value *V = U->getValue();
        if (!V->getType()->isIntegerTy())
          Bad = true;
        else if (!is_contained(Syms, V))
          Syms.push_back(V);
      }
      if (isa<SCEVAddRecExpr>(S))
        Bad = true;
      return true;
    }
    bool isDone() const { return Bad; }
  } F;
  visitAll(A, F);
  visitAll(B, F);
  if (F.Bad || F.Syms.empty() || F.Syms.size() > 2)
    return false;
  // Edges: From -> To, then every edge dominating From.
  SmallVector<std::pair<const Value *, bool>, 8> Conds;
  auto AddEdge = [&](const BasicBlock *D, const BasicBlock *Succ) {
    auto *BI = dyn_cast<BranchInst>(D->getTerminator());
    if (BI && BI->isConditional() && BI->getSuccessor(0) != BI->getSuccessor(1))
      Conds.push_back({BI->getCondition(), BI->getSuccessor(0) == Succ});
  };
  AddEdge(From, To);
  if (DomTreeNode *N = DT->getNode(From))
    for (; N->getIDom(); N = N->getIDom()) {
      const BasicBlock *D = N->getIDom()->getBlock();
      auto *BI = dyn_cast<BranchInst>(D->getTerminator());
      if (!BI || !BI->isConditional())
        continue;
      for (unsigned K = 0; K < 2; ++K)
        if (BI->getSuccessor(0) != BI->getSuccessor(1) &&
            DT->dominates(BasicBlockEdge(D, BI->getSuccessor(K)), From))
          Conds.push_back({BI->getCondition(), K == 0});
    }
  SmallVector<std::pair<int64_t, int64_t>, 2> Ranges;
  uint64_t Points = 1;
  for (Value *V : F.Syms) {
    int64_t Lo = INT64_MIN / 4, Hi = INT64_MAX / 4;
    if (auto *Arg = dyn_cast<Argument>(V))
      if (unsignedArg(*Arg))
        Lo = 0;
    for (int Pass = 0; Pass < 2; ++Pass) // unsigned bounds need Lo >= 0
      for (auto &[C, Taken] : Conds)
        narrow(C, Taken, V, Lo, Hi, 0);
    if (Lo > Hi)
      return false;
    if (Hi - Lo >= 4096)
      return F.Syms.size() == 1 && agreePeriodic(A, B, V, Lo, Conds);
    Points *= uint64_t(Hi - Lo + 1);
    if (Points > 4096)
      return false;
    Ranges.push_back({Lo, Hi});
  }
  SmallVector<int64_t, 2> At;
  for (auto &Rg : Ranges)
    At.push_back(Rg.first);
  while (true) {
    ValueToSCEVMapTy Map;
    for (unsigned K = 0; K < F.Syms.size(); ++K)
      Map[F.Syms[K]] = SE.getConstant(F.Syms[K]->getType(), At[K], true);
    auto *CA =
        dyn_cast<SCEVConstant>(SCEVParameterRewriter::rewrite(A, SE, Map));
    auto *CB =
        dyn_cast<SCEVConstant>(SCEVParameterRewriter::rewrite(B, SE, Map));
    if (!CA || !CB || CA->getAPInt() != CB->getAPInt())
      return false;
    unsigned K = 0;
    for (; K < At.size(); ++K) {
      if (At[K] < Ranges[K].second) {
        ++At[K];
        break;
      }
      At[K] = Ranges[K].first;
    }
    if (K == At.size())
      return true;
  }
}

namespace {
constexpr uint64_t PeriodLimit = 1024;

/// P, or 0 when it passes PeriodLimit.
uint64_t capped(uint64_t P) { return P > PeriodLimit ? 0 : P; }

/// Least common multiple, or 0 when it passes PeriodLimit.
uint64_t lcmCapped(uint64_t A, uint64_t B) {
  if (!A || !B)
    return 0;
  return capped(A / std::gcd(A, B) * B);
}
} // namespace

std::optional<ExprWriter::Quasi>
ExprWriter::quasi(const SCEV *S, const Value *V,
                  SmallVectorImpl<const SCEV *> &NonNeg, unsigned Depth) {
  if (Depth > 16)
    return std::nullopt;
  if (auto *C = dyn_cast<SCEVConstant>(S))
    return C->getAPInt().getSignificantBits() <= 40
               ? std::optional<Quasi>(Quasi{1, 0})
               : std::nullopt;
  if (auto *U = dyn_cast<SCEVUnknown>(S))
    return U->getValue() == V ? std::optional<Quasi>(Quasi{1, 1})
                              : std::nullopt;
  if (auto *Z = dyn_cast<SCEVZeroExtendExpr>(S)) {
    // x mod 2^K, written zext(trunc x to iK) (an `and` with a low mask).
    if (auto *T = dyn_cast<SCEVTruncateExpr>(Z->getOperand())) {
      unsigned K = T->getType()->getIntegerBitWidth();
      auto X = quasi(T->getOperand(), V, NonNeg, Depth + 1);
      if (!X)
        return std::nullopt;
      // A mask above the value's bits (`and x, 0x7fffffc0` on x >= 0, as
      // zext(trunc(x / 64 to i25)) * 64) keeps it whole: x never
      // decreases with V, is >= 0, and fits at V's largest value.
      if (nondecreasing(T->getOperand(), V) && K < 63) {
        ValueToSCEVMapTy Map;
        Map[V] = SE.getConstant(V->getType(), QuasiLimit, true);
        auto *C = dyn_cast<SCEVConstant>(
            SCEVParameterRewriter::rewrite(T->getOperand(), SE, Map));
        if (C && C->getAPInt().getActiveBits() <= K) {
          NonNeg.push_back(T->getOperand());
          return X;
        }
      }
      if (K > 12)
        return std::nullopt;
      uint64_t M = (uint64_t(1) << K) /
                   std::gcd(uint64_t(1) << K, uint64_t(std::abs(X->Drift)));
      uint64_t P = capped(X->P * M);
      return P ? std::optional<Quasi>(Quasi{P, 0}) : std::nullopt;
    }
    // The zero extension of a value that is never negative is the value.
    NonNeg.push_back(Z->getOperand());
    return quasi(Z->getOperand(), V, NonNeg, Depth + 1);
  }
  if (auto *X = dyn_cast<SCEVSignExtendExpr>(S))
    return quasi(X->getOperand(), V, NonNeg, Depth + 1);
  if (auto *A = dyn_cast<SCEVAddExpr>(S)) {
    Quasi R{1, 0};
    for (const SCEV *Op : A->operands()) {
      auto Q = quasi(Op, V, NonNeg, Depth + 1);
      if (!Q)
        return std::nullopt;
      uint64_t P = lcmCapped(R.P, Q->P);
      if (!P)
        return std::nullopt;
      R.Drift = R.Drift * int64_t(P / R.P) + Q->Drift * int64_t(P / Q->P);
      R.P = P;
    }
    return R;
  }
  if (auto *M = dyn_cast<SCEVMulExpr>(S)) {
    auto *C = dyn_cast<SCEVConstant>(M->getOperand(0));
    if (M->getNumOperands() != 2 || !C ||
        C->getAPInt().getSignificantBits() > 32)
      return std::nullopt;
    auto Q = quasi(M->getOperand(1), V, NonNeg, Depth + 1);
    if (!Q)
      return std::nullopt;
    Q->Drift *= C->getAPInt().getSExtValue();
    return Q;
  }
  if (auto *D = dyn_cast<SCEVUDivExpr>(S)) {
    auto *C = dyn_cast<SCEVConstant>(D->getRHS());
    if (!C || !C->getAPInt().isStrictlyPositive() ||
        C->getAPInt().getActiveBits() > 12)
      return std::nullopt;
    uint64_t Dv = C->getAPInt().getZExtValue();
    auto X = quasi(D->getLHS(), V, NonNeg, Depth + 1);
    if (!X)
      return std::nullopt;
    // floor((x + m*drift) / d) = floor(x / d) + m*drift/d once d divides
    // m*drift; udiv is floor for x >= 0.
    NonNeg.push_back(D->getLHS());
    uint64_t M = Dv / std::gcd(Dv, uint64_t(std::abs(X->Drift)));
    uint64_t P = capped(X->P * M);
    if (!P)
      return std::nullopt;
    return Quasi{P, X->Drift * int64_t(M) / int64_t(Dv)};
  }
  return std::nullopt;
}

bool ExprWriter::nondecreasing(const SCEV *S, const Value *V) {
  if (isa<SCEVConstant>(S))
    return true;
  if (auto *U = dyn_cast<SCEVUnknown>(S))
    return U->getValue() == V;
  if (auto *C = dyn_cast<SCEVCastExpr>(S))
    return !isa<SCEVTruncateExpr>(S) && nondecreasing(C->getOperand(), V);
  if (auto *A = dyn_cast<SCEVAddExpr>(S))
    return llvm::all_of(A->operands(),
                        [&](const SCEV *Op) { return nondecreasing(Op, V); });
  if (auto *M = dyn_cast<SCEVMulExpr>(S)) {
    auto *C = dyn_cast<SCEVConstant>(M->getOperand(0));
    return M->getNumOperands() == 2 && C && !C->getAPInt().isNegative() &&
           nondecreasing(M->getOperand(1), V);
  }
  if (auto *D = dyn_cast<SCEVUDivExpr>(S))
    return isa<SCEVConstant>(D->getRHS()) && nondecreasing(D->getLHS(), V);
  return false;
}

bool ExprWriter::agreePeriodic(const SCEV *A, const SCEV *B, Value *V,
                               int64_t Lo,
                               ArrayRef<std::pair<const Value *, bool>> Conds) {
  if (Lo < 0 || !V->getType()->isIntegerTy() || A->getType() != B->getType())
    return false;
  QuasiLimit =
      int64_t(APInt::getSignedMaxValue(V->getType()->getIntegerBitWidth())
                  .getLimitedValue(INT64_MAX / 4));
  // The comparisons whose outcome selects the path, each as X - Y.
  struct Leaf {
    const SCEV *X, *Y;
    Quasi Q; // of X - Y
  };
  SmallVector<Leaf, 8> Leaves;
  SmallVector<const SCEV *, 8> NonNeg;
  // The path condition is the conjunction of Conds, each made of && and ||
  // of integer comparisons of functions of V (quasi). A condition with any
  // other leaf (the vector loop's exit test on its counter) is left out:
  // taken as true everywhere, which only adds points to check.
  SmallVector<Leaf, 4> CondLeaves;
  SmallVector<const SCEV *, 8> CondNonNeg;
  std::function<bool(const Value *, unsigned)> Collect = [&](const Value *C,
                                                             unsigned Depth) {
    const Value *L, *R;
    if (Depth < 4 && (match(C, m_LogicalAnd(m_Value(L), m_Value(R))) ||
                      match(C, m_LogicalOr(m_Value(L), m_Value(R)))))
      return Collect(L, Depth + 1) && Collect(R, Depth + 1);
    auto *I = dyn_cast<ICmpInst>(C);
    if (!I || !SE.isSCEVable(I->getOperand(0)->getType()))
      return false;
    const SCEV *X = SE.getSCEV(const_cast<Value *>(I->getOperand(0)));
    const SCEV *Y = SE.getSCEV(const_cast<Value *>(I->getOperand(1)));
    if (I->isUnsigned()) { // the signed order, for values >= 0
      CondNonNeg.push_back(X);
      CondNonNeg.push_back(Y);
    }
    auto Q = quasi(SE.getMinusSCEV(X, Y), V, CondNonNeg, 0);
    if (!Q || !quasi(X, V, CondNonNeg, 0) || !quasi(Y, V, CondNonNeg, 0))
      return false;
    CondLeaves.push_back({X, Y, *Q});
    return true;
  };
  SmallVector<std::pair<const Value *, bool>, 8> Used;
  for (auto &[C, Taken] : Conds) {
    CondLeaves.clear();
    CondNonNeg.clear();
    if (!Collect(C, 0))
      continue;
    Used.push_back({C, Taken});
    Leaves.append(CondLeaves.begin(), CondLeaves.end());
    NonNeg.append(CondNonNeg.begin(), CondNonNeg.end());
  }
  // The difference must repeat: a drift would grow it without bound.
  auto DQ = quasi(SE.getMinusSCEV(A, B), V, NonNeg, 0);
  if (!DQ || DQ->Drift != 0 || !quasi(A, V, NonNeg, 0) ||
      !quasi(B, V, NonNeg, 0))
    return false;
  {
    // Each value that must not be negative once.
    SmallPtrSet<const SCEV *, 8> Seen;
    llvm::erase_if(NonNeg,
                   [&](const SCEV *X) { return !Seen.insert(X).second; });
  }
  uint64_t P = DQ->P;
  SmallVector<Quasi, 8> NonNegQ;
  for (const SCEV *X : NonNeg) {
    SmallVector<const SCEV *, 4> Ignored;
    auto Q = quasi(X, V, Ignored, 0);
    if (!Q || Q->Drift < 0) // would end up negative
      return false;
    NonNegQ.push_back(*Q);
    P = lcmCapped(P, Q->P);
    if (!P)
      return false;
  }
  for (const Leaf &L : Leaves) {
    P = lcmCapped(P, L.Q.P);
    if (!P)
      return false;
  }
  // Scan n = Lo, Lo + 1, ... period by period. Every point on the path
  // (its conditions hold) must give A == B. A period in which every
  // value that must not be negative is not, and every comparison whose
  // sides drift apart has them at least 1 apart in the direction of the
  // drift, repeats from then on: the values that must not be negative grow
  // or stay, each drifting comparison keeps its outcome, the others and
  // A - B repeat with the period. So checking it ends the proof.
  Type *Ty = V->getType();
  // Values at points, remembered: every pair of paths a loop is checked on
  // asks for the same conditions at the same points.
  auto At = [&](const SCEV *X, int64_t N) -> std::optional<APInt> {
    auto [It, New] = Points.try_emplace({X, V, N});
    if (New) {
      ValueToSCEVMapTy Map;
      Map[V] = SE.getConstant(Ty, N, true);
      if (auto *C = dyn_cast<SCEVConstant>(
              SCEVParameterRewriter::rewrite(X, SE, Map)))
        It->second = C->getAPInt();
    }
    return It->second;
  };
  std::function<std::optional<bool>(const Value *, bool, int64_t, unsigned)>
      Holds = [&](const Value *C, bool Taken, int64_t N,
                  unsigned Depth) -> std::optional<bool> {
    const Value *L, *R;
    bool And = match(C, m_LogicalAnd(m_Value(L), m_Value(R)));
    if (Depth < 4 && (And || match(C, m_LogicalOr(m_Value(L), m_Value(R))))) {
      auto HL = Holds(L, true, N, Depth + 1);
      auto HR = Holds(R, true, N, Depth + 1);
      if (!HL || !HR)
        return std::nullopt;
      bool Val = And ? (*HL && *HR) : (*HL || *HR);
      return Val == Taken;
    }
    auto *I = cast<ICmpInst>(C);
    auto X = At(SE.getSCEV(const_cast<Value *>(I->getOperand(0))), N);
    auto Y = At(SE.getSCEV(const_cast<Value *>(I->getOperand(1))), N);
    if (!X || !Y)
      return std::nullopt;
    return ICmpInst::compare(*X, *Y, I->getPredicate()) == Taken;
  };
  const uint64_t Budget = 1 << 13; // points: bounds the compile time
  int64_t Limit = QuasiLimit;
  // Over the first period, the least value of each that must not be
  // negative and of each drifting comparison's X - Y (signed toward its
  // drift): how many periods it takes them to settle.
  SmallVector<int64_t, 8> LeastNonNeg(NonNeg.size(), INT64_MAX);
  SmallVector<int64_t, 8> LeastGap(Leaves.size(), INT64_MAX);
  for (uint64_t Start = 0; Start + P <= Budget; Start += P) {
    bool Stable = true;
    for (uint64_t K = 0; K < P; ++K) {
      int64_t N = Lo + int64_t(Start + K);
      if (N > Limit)
        return true; // every value of the symbol checked
      bool OnPath = true;
      for (auto &[C, Taken] : Used) {
        auto H = Holds(C, Taken, N, 0);
        if (!H)
          return false;
        OnPath = OnPath && *H;
      }
      if (OnPath) {
        auto VA = At(A, N), VB = At(B, N);
        if (!VA || !VB || *VA != *VB)
          return false;
      }
      for (unsigned I = 0; I < NonNeg.size(); ++I) {
        auto VX = At(NonNeg[I], N);
        if (!VX || VX->getSignificantBits() > 62)
          return false;
        Stable = Stable && !VX->isNegative();
        LeastNonNeg[I] = std::min(LeastNonNeg[I], VX->getSExtValue());
      }
      for (unsigned I = 0; I < Leaves.size(); ++I) {
        const Leaf &L = Leaves[I];
        if (L.Q.Drift == 0)
          continue;
        auto VX = At(L.X, N), VY = At(L.Y, N);
        if (!VX || !VY || VX->getSignificantBits() > 62 ||
            VY->getSignificantBits() > 62)
          return false;
        int64_t Z = VX->getSExtValue() - VY->getSExtValue();
        Stable = Stable && (L.Q.Drift > 0 ? Z >= 1 : Z <= -1);
        LeastGap[I] = std::min(LeastGap[I], L.Q.Drift > 0 ? Z : -Z);
      }
    }
    if (Stable)
      return true;
    if (Start)
      continue;
    // After the first period: give up now when settling would take more
    // points than the budget (a threshold far out, or a value that never
    // grows).
    auto Periods = [&](int64_t Least, int64_t Need, int64_t Step) -> uint64_t {
      if (Least >= Need)
        return 0;
      if (Step <= 0)
        return UINT64_MAX;
      return uint64_t((Need - Least + Step - 1) / Step);
    };
    uint64_t Most = 0;
    for (unsigned I = 0; I < NonNeg.size(); ++I)
      Most =
          std::max(Most, Periods(LeastNonNeg[I], 0,
                                 NonNegQ[I].Drift * int64_t(P / NonNegQ[I].P)));
    for (unsigned I = 0; I < Leaves.size(); ++I)
      if (Leaves[I].Q.Drift)
        Most = std::max(Most, Periods(LeastGap[I], 1,
                                      std::abs(Leaves[I].Q.Drift) *
                                          int64_t(P / Leaves[I].Q.P)));
    if (Most == UINT64_MAX || (Most + 1) * P > Budget)
      return false;
  }
  return false;
}

/// Narrow [Lo, Hi] of integer symbol V by branch condition C (taken or
/// not): comparisons of V (or its extension) with a constant, and their
/// conjunctions.
void ExprWriter::narrow(const Value *C, bool Taken, const Value *V, int64_t &Lo,
                        int64_t &Hi, unsigned Depth) {
  const Value *X, *Y;
  if (Depth < 4 &&
      ((Taken && match(C, m_LogicalAnd(m_Value(X), m_Value(Y)))) ||
       (!Taken && match(C, m_LogicalOr(m_Value(X), m_Value(Y)))))) {
    narrow(X, Taken, V, Lo, Hi, Depth + 1);
    narrow(Y, Taken, V, Lo, Hi, Depth + 1);
    return;
  }
  auto *I = dyn_cast<ICmpInst>(C);
  if (!I || !I->getOperand(0)->getType()->isIntegerTy())
    return;
  CmpInst::Predicate P = Taken ? I->getPredicate() : I->getInversePredicate();
  const SCEV *SA = SE.getSCEV(I->getOperand(0));
  const SCEV *SB = SE.getSCEV(I->getOperand(1));
  if (isa<SCEVConstant>(SA)) {
    std::swap(SA, SB);
    P = CmpInst::getSwappedPredicate(P);
  }
  auto *K = dyn_cast<SCEVConstant>(SB);
  if (!K || K->getAPInt().getSignificantBits() > 40)
    return;
  int64_t N = K->getAPInt().getSExtValue();
  // V itself, or its zero or sign extension.
  bool Zext = false;
  if (auto *Z = dyn_cast<SCEVZeroExtendExpr>(SA)) {
    SA = Z->getOperand();
    Zext = true;
  } else if (auto *X2 = dyn_cast<SCEVSignExtendExpr>(SA)) {
    SA = X2->getOperand();
  }
  auto *U = dyn_cast<SCEVUnknown>(SA);
  if (!U || U->getValue() != V)
    return;
  // Unsigned comparisons (and any of a zero extension) agree with the
  // signed order for values >= 0; a value below an unsigned bound is >= 0
  // (a negative one is huge).
  bool Uns = ICmpInst::isUnsigned(P) || Zext;
  if (Uns && N < 0)
    return;
  bool Up = !Uns || Lo >= 0; // a lower bound may be applied
  switch (P) {
  case CmpInst::ICMP_SLT:
  case CmpInst::ICMP_ULT:
    Hi = std::min(Hi, N - 1);
    break;
  case CmpInst::ICMP_SLE:
  case CmpInst::ICMP_ULE:
    Hi = std::min(Hi, N);
    break;
  case CmpInst::ICMP_SGT:
  case CmpInst::ICMP_UGT:
    if (Up)
      Lo = std::max(Lo, N + 1);
    return;
  case CmpInst::ICMP_SGE:
  case CmpInst::ICMP_UGE:
    if (Up)
      Lo = std::max(Lo, N);
    return;
  case CmpInst::ICMP_EQ:
    Lo = std::max(Lo, N), Hi = std::min(Hi, N);
    return;
  default:
    return;
  }
  if (Uns)
    Lo = std::max<int64_t>(Lo, 0);
}

/// The value of a phi that joins paths (not a loop header's recurrence)
/// when one incoming value's formula gives every other incoming value on its
/// own path (agreeOnPath): the index a remainder loop starts at is 0 when the
/// unrolled loop is skipped (n < 4) and 4*udiv(n, 4) after it, and the
/// second formula gives 0 for every n the first path allows.
const SCEV *ExprWriter::resolvePhi(const PHINode *P) {
  auto [It, New] = Phis.try_emplace(P, nullptr);
  if (!New)
    return It->second;
  const SCEV *R = resolvePhiOnce(P);
  Phis[P] = R;
  return R;
}

const SCEV *ExprWriter::resolvePhiOnce(const PHINode *P) {
  if (!DT || !LI || !SE.isSCEVable(P->getType()) ||
      P->getNumIncomingValues() > 4)
    return nullptr;
  Loop *L = LI->getLoopFor(P->getParent());
  if (L && L->getHeader() == P->getParent())
    return nullptr;
  SmallVector<const SCEV *, 4> In;
  for (const Use &U : P->incoming_values()) {
    const SCEV *S = SE.getSCEV(U.get());
    // What a finished loop leaves behind, from its only exit: its
    // recurrence at the last iteration, with the trip count made readable
    // as a trip is (the loop runs on that path).
    if (auto *AR = dyn_cast<SCEVAddRecExpr>(S)) {
      const Loop *L2 = AR->getLoop();
      const SCEV *BTC = SE.getBackedgeTakenCount(L2);
      if (AR->isAffine() && !L2->contains(P->getParent()) &&
          L2->getExitingBlock() == P->getIncomingBlock(U) &&
          !isa<SCEVCouldNotCompute>(BTC))
        S = AR->evaluateAtIteration(simplify(BTC), SE);
    }
    S = SE.getSCEVAtScope(S, L);
    if (isa<SCEVCouldNotCompute>(S))
      return nullptr;
    In.push_back(S);
  }
  for (unsigned I = 0; I < In.size(); ++I) {
    bool All = true;
    for (unsigned J = 0; J < In.size() && All; ++J)
      if (In[J] != In[I])
        All = DT->isReachableFromEntry(P->getIncomingBlock(J)) &&
              agreeOnPath(In[I], In[J], P->getIncomingBlock(J), P->getParent());
    if (All)
      return In[I];
  }
  return nullptr;
}

} // namespace greenc
