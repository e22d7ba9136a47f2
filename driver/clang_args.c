/* clang_args.c: clang options whose value is the next argument. */
#include "clang_args.h"

#include <string.h>

int drv_clang_takes_value(const char *a) {
  /* Preprocessor, include paths, code generation pass-through, target,
   * dependency and diagnostics files, the linker. */
  static const char *const opts[] = {"-o",
                                     "--output",
                                     "-I",
                                     "-D",
                                     "-U",
                                     "-include",
                                     "-imacros",
                                     "-isystem",
                                     "-iquote",
                                     "-idirafter",
                                     "-iprefix",
                                     "-iwithprefix",
                                     "-isysroot",
                                     "-x",
                                     "-MF",
                                     "-MT",
                                     "-MQ",
                                     "-MJ",
                                     "-Xclang",
                                     "-Xlinker",
                                     "-Xpreprocessor",
                                     "-Xassembler",
                                     "-Xopenmp-target",
                                     "-mllvm",
                                     "-L",
                                     "-l",
                                     "-target",
                                     "-arch",
                                     "-T",
                                     "-z",
                                     "-u",
                                     "-e",
                                     "-F",
                                     "-framework",
                                     "--sysroot",
                                     "-aux-info",
                                     "-B",
                                     "-resource-dir",
                                     "-ivfsoverlay",
                                     "-dependency-file",
                                     "-serialize-diagnostics",
                                     "--serialize-diagnostics",
                                     "--param"};
  return drv_str_in(a, opts, sizeof opts / sizeof *opts);
}

int drv_str_in(const char *a, const char *const *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(a, v[i]) == 0)
      return 1;
  return 0;
}
