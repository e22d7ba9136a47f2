//===- Options.h - greenc plugin options ----------------------------------===//
//
// What the user passes as `-fplugin-arg-greenc-<name>=<value>` (or
// `#pragma greenc param(M=64)`), shared between the clang plugin that parses
// it and the passes that use it. Owned by the PassBuilder callback: no
// global state.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_OPTIONS_H
#define GREENC_OPTIONS_H

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

/// The plugins are built with hidden visibility (fewer dynamic symbols and
/// relocations to resolve each time clang loads them); what GreencClang.so
/// calls in GreencPlugin.so, and what the host looks up, is exported.
#define GREENC_EXPORT __attribute__((visibility("default")))

namespace greenc {

struct GREENC_EXPORT GreencOptions {
  /// `opt=O2`: the level recorded in module.opt ("" = from the pipeline).
  std::string Opt;
  /// `param=M=64` (repeatable) and `#pragma greenc param(M=64)`.
  std::vector<std::pair<std::string, int64_t>> Params;
  /// Parameter names per function, from the clang AST (clang discards IR
  /// value names before a plugin can ask it not to).
  std::map<std::string, std::vector<std::string>> ArgNames;
  /// Struct fields read through pointer parameters, from the AST:
  /// function -> (parameter index, byte offset, field name).
  struct Field {
    unsigned Arg;
    uint64_t Offset;
    std::string Name;
  };
  std::map<std::string, std::vector<Field>> ArgFields;
  /// Indices of parameters of unsigned integer type (always >= 0).
  std::map<std::string, std::vector<unsigned>> UnsignedArgs;
  /// Loop variables by the position of their `for` (line, column).
  std::map<std::pair<unsigned, unsigned>, std::string> LoopVars;
  /// `print`: also print the profile payload, indented, to stderr.
  bool Print = false;
  /// `instrument`: add dynamic block counters (passes/Instrument.h) on the
  /// executed view's blocks; `instrument=source`: on the source view's.
  bool Instrument = false;
  bool InstrumentSource = false;
  /// Set by the clang plugin when it turned source-location tracking on
  /// itself (no -g, no -Rpass): the locations are dropped again after the
  /// last greenc pass, so the back end runs as it does without the plugin.
  bool DropLocations = false;
  /// `locations-only`: for the compile-time benchmark: source-location
  /// tracking as greenc sets it up, and no greenc pass (no profile).
  bool LocationsOnly = false;
  /// Parse one `name=value` plugin argument; false with Err set if invalid.
  bool parseArg(const std::string &Arg, std::string &Err);
  void setParam(const std::string &Name, int64_t Value);
};

} // namespace greenc

#endif // GREENC_OPTIONS_H
