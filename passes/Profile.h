//===- Profile.h - in-memory form of a greenc VIEW (docs/profile.md) ------===//
//
// Plain records for one function's view (loops, blocks with op counts,
// coverage, symbols used) and their JSON form. write() streams a record
// through llvm::json::OStream, keys in the sorted order llvm::json gives an
// object's keys, with no json::Value tree in between; View::toJSON() is the
// same text parsed, for printing and comparing. Produced by GreencAnalysis,
// printed by `opt -passes=greenc-print`, emitted by ProfileEmitter into the
// `.greenc.profile` section.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_PROFILE_H
#define GREENC_PROFILE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace greenc {

/// One OP entry: a distinct (op, ty, lanes, role, callee, base, index...)
/// with its number of occurrences per execution of the block.
struct OpRec {
  std::string Op, Ty, Role, Callee, What, Base, Index;
  unsigned Lanes = 0;    // 0: not applicable (calls, other)
  int64_t Bytes = -1;    // per occurrence for load/store, -1: absent
  std::string BytesExpr; // bulk memory: EXPR; empty when unknown
  bool HasArgs = false;  // a direct call (callee defined here or declared)
  std::vector<std::optional<std::string>> Args;
  uint64_t N = 0;
  /// Whether O is the same entry (every field but N and HasArgs): add()
  /// merges such entries.
  bool sameKey(const OpRec &O) const;
  void write(llvm::json::OStream &J) const;
};

/// One (op, ty, lanes) on a loop's critical recurrence, n per iteration.
struct RecOpRec {
  std::string Op, Ty;
  unsigned Lanes = 1;
  uint64_t N = 0;
};

struct LoopRec {
  unsigned Id = 0, Parent = 0, Line = 0, Col = 0;
  std::string IV;
  std::optional<std::string> Trip, TripMax;
  std::string Status = "unknown", Reason;
  bool SkipLast = false;
  std::string Cond = "always", Guard; // relative to the parent's iteration
  std::vector<RecOpRec>
      Recurrence;                 // critical loop-carried cycle (Recurrence.h)
  bool RecurrenceReassoc = false; // every op on it may be reassociated
  void write(llvm::json::OStream &J) const;
};

struct BlockRec {
  unsigned Id = 0, Loop = 0, Line = 0;
  bool SkipLast = false;
  std::string Cond = "always", Guard, Reason;
  std::vector<OpRec> Ops;
  void add(const OpRec &O, uint64_t N = 1);
  void write(llvm::json::OStream &J) const;
};

struct SymbolRec {
  std::string Name, Kind, Base, Type;
  unsigned Index = 0;
  uint64_t Offset = 0;
  void write(llvm::json::OStream &J) const;
};

struct UnknownRec {
  unsigned Line = 0;
  std::string Reason;
};

/// The VIEW of docs/profile.md for one function.
struct View {
  std::vector<LoopRec> Loops;
  std::vector<BlockRec> Blocks;
  uint64_t Insts = 0, InstsExact = 0;
  std::vector<UnknownRec> Unknown;
  std::map<std::string, SymbolRec> Symbols; // names used by EXPRs
  void write(llvm::json::OStream &J) const;
  llvm::json::Value toJSON() const;
};

} // namespace greenc

#endif // GREENC_PROFILE_H
