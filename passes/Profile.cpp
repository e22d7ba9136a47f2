//===- Profile.cpp - JSON form of greenc VIEW records ---------------------===//
//
// Field names and shapes follow docs/profile.md; no hand-written JSON. The
// records are streamed through llvm::json::OStream (the profile of a large
// translation unit is megabytes; a json::Value tree of it cost more than the
// counting). An object's keys are written in the sorted order llvm::json
// prints a json::Object in, so the text is unchanged.
//
//===----------------------------------------------------------------------===//
#include "Profile.h"

using namespace llvm;

namespace greenc {

/// Writes Key: S when S is not empty.
static void attributeIf(json::OStream &J, StringRef Key, const std::string &S) {
  if (!S.empty())
    J.attribute(Key, S);
}

void OpRec::write(json::OStream &J) const {
  J.object([&] {
    if (HasArgs)
      J.attributeArray("args", [&] {
        for (const auto &Arg : Args)
          J.value(Arg ? json::Value(*Arg) : json::Value(nullptr));
      });
    attributeIf(J, "base", Base);
    if (Bytes >= 0)
      J.attribute("bytes", Bytes);
    else
      attributeIf(J, "bytes", BytesExpr);
    attributeIf(J, "callee", Callee);
    attributeIf(J, "index", Index);
    if (Lanes)
      J.attribute("lanes", Lanes);
    J.attribute("n", N);
    J.attribute("op", Op);
    attributeIf(J, "role", Role);
    attributeIf(J, "ty", Ty);
    attributeIf(J, "what", What);
  });
}

void LoopRec::write(json::OStream &J) const {
  J.object([&] {
    if (Line)
      J.attribute("col", Col);
    J.attribute("cond", Cond);
    attributeIf(J, "guard", Guard);
    J.attribute("id", Id);
    attributeIf(J, "iv", IV);
    if (Line)
      J.attribute("line", Line);
    J.attribute("parent", Parent);
    attributeIf(J, "reason", Reason);
    if (!Recurrence.empty()) {
      J.attributeArray("recurrence", [&] {
        for (const RecOpRec &R : Recurrence)
          J.object([&] {
            J.attribute("lanes", R.Lanes);
            J.attribute("n", R.N);
            J.attribute("op", R.Op);
            J.attribute("ty", R.Ty);
          });
      });
      if (RecurrenceReassoc)
        J.attribute("recurrence_reassoc", true);
    }
    J.attribute("skip_last", SkipLast);
    J.attribute("status", Status);
    if (Trip)
      J.attribute("trip", *Trip);
    if (TripMax)
      J.attribute("trip_max", *TripMax);
  });
}

bool OpRec::sameKey(const OpRec &O) const {
  return Op == O.Op && Ty == O.Ty && Lanes == O.Lanes && Role == O.Role &&
         Callee == O.Callee && What == O.What && Base == O.Base &&
         Index == O.Index && Bytes == O.Bytes && BytesExpr == O.BytesExpr &&
         Args == O.Args;
}

void BlockRec::add(const OpRec &O, uint64_t N) {
  for (OpRec &E : Ops)
    if (E.sameKey(O)) {
      E.N += N;
      return;
    }
  Ops.push_back(O);
  Ops.back().N = N;
}

void BlockRec::write(json::OStream &J) const {
  J.object([&] {
    J.attribute("cond", Cond);
    attributeIf(J, "guard", Guard);
    J.attribute("id", Id);
    if (Line)
      J.attribute("line", Line);
    J.attribute("loop", Loop);
    J.attributeArray("ops", [&] {
      for (const OpRec &Op : Ops)
        Op.write(J);
    });
    attributeIf(J, "reason", Reason);
    J.attribute("skip_last", SkipLast);
  });
}

void SymbolRec::write(json::OStream &J) const {
  bool Param = Kind == "param";
  J.object([&] {
    if (!Param)
      J.attribute("base", Base);
    if (Param)
      J.attribute("index", Index);
    J.attribute("kind", Kind);
    J.attribute("name", Name);
    if (!Param)
      J.attribute("offset", Offset);
    J.attribute("type", Type);
  });
}

void View::write(json::OStream &J) const {
  J.object([&] {
    J.attributeArray("blocks", [&] {
      for (const BlockRec &R : Blocks)
        R.write(J);
    });
    J.attributeObject("coverage", [&] {
      J.attribute("insts", Insts);
      J.attribute("insts_exact", InstsExact);
      J.attributeArray("unknown", [&] {
        for (const UnknownRec &R : Unknown)
          J.object([&] {
            if (R.Line)
              J.attribute("line", R.Line);
            J.attribute("reason", R.Reason);
          });
      });
    });
    J.attributeArray("loops", [&] {
      for (const LoopRec &R : Loops)
        R.write(J);
    });
  });
}

json::Value View::toJSON() const {
  std::string S;
  raw_string_ostream OS(S);
  {
    json::OStream J(OS);
    write(J);
  }
  return cantFail(json::parse(S));
}

} // namespace greenc
