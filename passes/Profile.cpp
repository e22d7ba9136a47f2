//===- Profile.cpp - llvm::json serialisation of greenc VIEW records ------===//
//
// Field names and shapes follow docs/profile.md; no hand-written JSON.
//
//===----------------------------------------------------------------------===//
#include "Profile.h"

using namespace llvm;

namespace greenc {

std::string OpRec::key() const {
  std::string K = Op + "|" + Ty + "|" + std::to_string(Lanes) + "|" + Role +
                  "|" + Callee + "|" + What + "|" + Base + "|" + Index + "|" +
                  std::to_string(Bytes) + "|" + BytesExpr;
  for (const auto &A : Args)
    K += "|" + (A ? *A : std::string("?"));
  return K;
}

json::Value OpRec::toJSON() const {
  json::Object O{{"op", Op}};
  if (!Ty.empty())
    O["ty"] = Ty;
  if (Lanes)
    O["lanes"] = Lanes;
  if (!Role.empty())
    O["role"] = Role;
  if (!Callee.empty())
    O["callee"] = Callee;
  if (!What.empty())
    O["what"] = What;
  O["n"] = N;
  if (Bytes >= 0)
    O["bytes"] = Bytes;
  else if (!BytesExpr.empty())
    O["bytes"] = BytesExpr;
  if (!Base.empty())
    O["base"] = Base;
  if (!Index.empty())
    O["index"] = Index;
  if (HasArgs) {
    json::Array A;
    for (const auto &Arg : Args)
      A.push_back(Arg ? json::Value(*Arg) : json::Value(nullptr));
    O["args"] = std::move(A);
  }
  return O;
}

json::Value LoopRec::toJSON() const {
  json::Object O{{"id", Id}, {"parent", Parent}};
  if (Line) {
    O["line"] = Line;
    O["col"] = Col;
  }
  if (!IV.empty())
    O["iv"] = IV;
  if (Trip)
    O["trip"] = *Trip;
  if (TripMax)
    O["trip_max"] = *TripMax;
  O["status"] = Status;
  if (!Reason.empty())
    O["reason"] = Reason;
  O["skip_last"] = SkipLast;
  O["cond"] = Cond;
  if (!Guard.empty())
    O["guard"] = Guard;
  if (!Recurrence.empty()) {
    json::Array A;
    for (const RecOpRec &R : Recurrence)
      A.push_back(json::Object{
          {"op", R.Op}, {"ty", R.Ty}, {"lanes", R.Lanes}, {"n", R.N}});
    O["recurrence"] = std::move(A);
    if (RecurrenceReassoc)
      O["recurrence_reassoc"] = true;
  }
  return O;
}

void BlockRec::add(const OpRec &O, uint64_t N) {
  std::string K = O.key();
  for (OpRec &E : Ops)
    if (E.key() == K) {
      E.N += N;
      return;
    }
  Ops.push_back(O);
  Ops.back().N = N;
}

json::Value BlockRec::toJSON() const {
  json::Object O{{"id", Id}, {"loop", Loop}, {"skip_last", SkipLast}};
  if (Line)
    O["line"] = Line;
  O["cond"] = Cond;
  if (!Guard.empty())
    O["guard"] = Guard;
  if (!Reason.empty())
    O["reason"] = Reason;
  json::Array A;
  for (const OpRec &Op : Ops)
    A.push_back(Op.toJSON());
  O["ops"] = std::move(A);
  return O;
}

json::Value SymbolRec::toJSON() const {
  json::Object O{{"name", Name}, {"kind", Kind}};
  if (Kind == "param")
    O["index"] = Index;
  else {
    O["base"] = Base;
    O["offset"] = Offset;
  }
  O["type"] = Type;
  return O;
}

json::Value View::toJSON() const {
  json::Array L, B, U;
  for (const LoopRec &R : Loops)
    L.push_back(R.toJSON());
  for (const BlockRec &R : Blocks)
    B.push_back(R.toJSON());
  for (const UnknownRec &R : Unknown) {
    json::Object O;
    if (R.Line)
      O["line"] = R.Line;
    O["reason"] = R.Reason;
    U.push_back(std::move(O));
  }
  return json::Object{{"loops", std::move(L)},
                      {"blocks", std::move(B)},
                      {"coverage", json::Object{{"insts", Insts},
                                                {"insts_exact", InstsExact},
                                                {"unknown", std::move(U)}}}};
}

} // namespace greenc
