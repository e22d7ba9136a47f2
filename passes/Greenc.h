//===- Greenc.h - entry points shared by the pass plugin and clang plugin -===//
//
// GreencPlugin.so defines these; GreencClang.so (the clang plugin part)
// calls them. See GreencPlugin.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef GREENC_GREENC_H
#define GREENC_GREENC_H

#include "Options.h"
#include <memory>
#include <string>

namespace llvm {
class PassBuilder;
}

namespace greenc {

/// Register greenc's analyses, printer/emitter pipeline names and extension
/// point callbacks, with the given plugin options.
GREENC_EXPORT void registerGreenc(llvm::PassBuilder &PB,
                                  std::shared_ptr<const GreencOptions> Opts);

/// Path of GreencPlugin.so, to recognise it among -fpass-plugin= paths.
GREENC_EXPORT std::string pluginPath();

} // namespace greenc

#endif // GREENC_GREENC_H
