//===- Warning.h - greenc's warning diagnostic ---------------------------===//
//
// A warning from greenc, shown by clang as `warning: greenc: ...`: what the
// passes say when they cannot do something and the compile goes on.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_WARNING_H
#define GREENC_WARNING_H

#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include <string>

namespace greenc {

class GreencWarning : public llvm::DiagnosticInfo {
public:
  explicit GreencWarning(const llvm::Twine &Msg)
      : llvm::DiagnosticInfo(kind(), llvm::DS_Warning), Msg(Msg.str()) {}
  void print(llvm::DiagnosticPrinter &DP) const override {
    DP << "greenc: " << Msg;
  }

private:
  static int kind() {
    static const int K = llvm::getNextAvailablePluginDiagnosticKind();
    return K;
  }
  std::string Msg;
};

} // namespace greenc

#endif // GREENC_WARNING_H
