//===- ExprWriter.h - ScalarEvolution expressions to greenc EXPR strings --===//
//
// Converts a SCEV into the EXPR grammar of docs/profile.md: constants,
// parameters by source name, struct fields read through a parameter
// (`p->dim`, named from debug info), affine recurrences of known loops as
// `start + step*@N`, add/mul/udiv/min/max; extensions and truncations are
// dropped only when they cannot change the value, otherwise the writer fails
// with a reason instead of emitting a wrong formula.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_EXPRWRITER_H
#define GREENC_EXPRWRITER_H

#include "Profile.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/IR/Dominators.h"
#include <optional>
#include <string>
#include <vector>

namespace greenc {

/// Source names of a function's parameters: IR names when clang kept them,
/// else the DILocalVariable of the argument, else `arg<N>`.
std::vector<std::string> paramNames(const llvm::Function &F);

/// S / D when every term of S is a multiple of the constant D, else null.
const llvm::SCEV *divideExact(const llvm::SCEV *S, uint64_t D,
                              llvm::ScalarEvolution &SE);

/// Metadata written by GreencNamesPass from the clang AST: function
/// attachment "greenc.fields" (strings "arg:offset:name") and module named
/// metadata "greenc.loopvars" (pairs "line:col", name).
extern const char *const FieldsMD;
extern const char *const LoopVarsMD;
/// Function attachment "greenc.unsigned": indices of unsigned parameters.
extern const char *const UnsignedMD;
/// Function attachment "greenc.argnames": one string per parameter, its
/// source name ("" when it has none). The IR arguments themselves stay
/// unnamed: clang discards value names, and turning that off in the middle
/// of a compilation leaves functions without a symbol table.
extern const char *const ArgNamesMD;

/// Whether a parameter has an unsigned C type (front end metadata or debug
/// info): its value, as a symbol, is then never negative.
bool isUnsignedArg(const llvm::Argument &A);

/// Source name of the loop variable of the loop starting at Line:Col, from
/// "greenc.loopvars" ("" when unknown).
std::string loopVarName(const llvm::Module &M, unsigned Line, unsigned Col);

/// Spelling of an IR type (`f32`, `i8`, `ptr`, `f80`, `i4`, ...), for
/// parameters.
std::string typeName(llvm::Type *T);

/// The op `ty` of docs/profile.md for T's element type (`f64 f32 f16 bf16 i1
/// i8 i16 i32 i64 i128 ptr`): odd integer widths round up to the next one;
/// "" when the profile has no name for it (x86_fp80, fp128, wider ints).
std::string opTypeName(llvm::Type *T);

/// Whether S is a C identifier (a name a symbol or base may have).
bool isIdentifier(llvm::StringRef S);

class ExprWriter {
public:
  ExprWriter(llvm::ScalarEvolution &SE,
             const llvm::DenseMap<const llvm::Loop *, unsigned> &LoopIds,
             const std::vector<std::string> &Params, View &V,
             const llvm::DominatorTree *DT = nullptr,
             const llvm::LoopInfo *LI = nullptr)
      : SE(SE), LoopIds(LoopIds), Params(Params), V(V), DT(DT), LI(LI) {}

  /// The EXPR for S, or nullopt with Why set. Ctx, when given, is the block
  /// whose dominating conditions may prove a value non-negative.
  std::optional<std::string> write(const llvm::SCEV *S, std::string &Why,
                                   const llvm::BasicBlock *Ctx = nullptr);

  /// Whether S >= 0, by its range or the conditions guarding Ctx.
  bool nonNegative(const llvm::SCEV *S, const llvm::BasicBlock *Ctx);

  /// Whether A == B at every point of the path that takes edge From -> To,
  /// checked by evaluation over the finite range the path's conditions give
  /// their symbols (at most 4096 points), or, for one symbol bounded only
  /// below, over the points up to where everything repeats (agreePeriodic);
  /// false when neither applies.
  bool agreeOnPath(const llvm::SCEV *A, const llvm::SCEV *B,
                   const llvm::BasicBlock *From, const llvm::BasicBlock *To);

  /// For upper bounds only: a udiv of a possibly negative value x is written
  /// udiv(max(x, 0), d) instead of failing.
  void setClampUDiv(bool On) { ClampUDiv = On; }

  /// Rewrites that make a trip count readable without changing its value
  /// where the loop runs: exact division by a constant of an expression
  /// whose terms are all multiples of it, and zext(trunc X) when X fits.
  const llvm::SCEV *simplify(const llvm::SCEV *S);

private:
  enum Prec { PSum = 0, PProd = 1, PAtom = 2 };
  struct Out {
    std::string S;
    Prec P;
  };
  std::optional<Out> rec(const llvm::SCEV *S);
  std::optional<std::string> atLeast(const llvm::SCEV *S, Prec P);
  std::optional<Out> unknownValue(llvm::Value *Val);
  bool fitsUnsigned(const llvm::SCEV *X, unsigned Bits);
  const llvm::SCEV *untrunc(const llvm::SCEV *S, llvm::Type *Wide = nullptr);
  std::optional<int64_t> lowerBound(const llvm::SCEV *S,
                                    const llvm::BasicBlock *B, unsigned Depth);
  std::optional<int64_t> minMaxPairBound(const llvm::SCEV *Sum,
                                         const llvm::BasicBlock *B,
                                         unsigned Depth);
  std::optional<int64_t> boundFrom(const llvm::Value *Cond, bool Taken,
                                   const llvm::SCEV *S, unsigned Depth);
  bool nonNegative(const llvm::SCEV *S) { return nonNegative(S, Ctx); }
  bool nonNegativeUncached(const llvm::SCEV *S, const llvm::BasicBlock *B);
  /// S as a function of the symbol V on n >= some n0: S(n + P) = S(n) +
  /// Drift, built from V, constants, +, * constant, udiv by a constant, x mod
  /// 2^K and extensions (values that must not be negative for this, udiv's
  /// and zext's operands, are added to NonNeg). nullopt when S is not such.
  struct Quasi {
    uint64_t P;
    int64_t Drift;
  };
  std::optional<Quasi> quasi(const llvm::SCEV *S, const llvm::Value *V,
                             llvm::SmallVectorImpl<const llvm::SCEV *> &NonNeg,
                             unsigned Depth);
  /// Whether S never decreases as V grows (V, constants, +, * c >= 0, udiv
  /// by a constant, extensions).
  bool nondecreasing(const llvm::SCEV *S, const llvm::Value *V);
  /// V's largest value, while agreePeriodic runs.
  int64_t QuasiLimit = 0;
  /// agreeOnPath when the one symbol V is bounded only below (V >= Lo): by
  /// periodicity (the vector epilogue's `n mod 64 < 8`).
  bool
  agreePeriodic(const llvm::SCEV *A, const llvm::SCEV *B, llvm::Value *V,
                int64_t Lo,
                llvm::ArrayRef<std::pair<const llvm::Value *, bool>> Conds);
  void narrow(const llvm::Value *C, bool Taken, const llvm::Value *V,
              int64_t &Lo, int64_t &Hi, unsigned Depth);
  const llvm::SCEV *resolvePhi(const llvm::PHINode *P);
  const llvm::SCEV *resolvePhiOnce(const llvm::PHINode *P);
  bool unsignedArg(const llvm::Argument &A);
  std::string field(const llvm::Argument &A, uint64_t Offset);

  llvm::ScalarEvolution &SE;
  const llvm::DenseMap<const llvm::Loop *, unsigned> &LoopIds;
  const std::vector<std::string> &Params;
  View &V;
  const llvm::DominatorTree *DT;
  const llvm::LoopInfo *LI;
  const llvm::BasicBlock *Ctx = nullptr;
  unsigned Depth = 0;
  bool ClampUDiv = false;
  /// resolvePhi's answers (null: none), each phi checked once.
  llvm::DenseMap<const llvm::PHINode *, const llvm::SCEV *> Phis;
  /// Answers already given, per (SCEV, context block, ClampUDiv): the EXPR
  /// or the reason it has none. The symbols it named are in V already.
  struct Written {
    std::optional<std::string> E;
    std::string Why;
  };
  llvm::DenseMap<
      std::tuple<const llvm::SCEV *, const llvm::BasicBlock *, unsigned>,
      Written>
      Writes;
  /// agreePeriodic's values of a SCEV at a point of its one symbol.
  llvm::DenseMap<std::tuple<const llvm::SCEV *, const llvm::Value *, int64_t>,
                 std::optional<llvm::APInt>>
      Points;
  /// nonNegative's answers per (SCEV, context block).
  llvm::DenseMap<std::pair<const llvm::SCEV *, const llvm::BasicBlock *>, bool>
      NonNeg;
  /// isUnsignedArg and fieldName per parameter (and byte offset): both look
  /// for the parameter's debug variable through the whole function.
  llvm::DenseMap<const llvm::Argument *, bool> UnsignedArgs;
  llvm::DenseMap<std::pair<const llvm::Argument *, uint64_t>, std::string>
      Fields;
  std::string Why;
};

} // namespace greenc

#endif // GREENC_EXPRWRITER_H
