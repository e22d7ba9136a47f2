// Without --energy, greencc is clang: same preprocessed output, same object, same exit code.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %greencc -E -DGREENC_VALUE=42 %s > %t/greencc.i
// RUN: %clang -E -DGREENC_VALUE=42 %s > %t/clang.i
// RUN: diff %t/clang.i %t/greencc.i
// RUN: %greencc -O2 -DGREENC_VALUE=1 -c %s -o %t/a.o
// RUN: llvm-readelf -S %t/a.o | FileCheck %s --check-prefix=NOPROFILE
// RUN: cd %t && %greencc -DGREENC_VALUE=1 -c %s && test -f %t/greencc-passthrough.o
// NOPROFILE-NOT: .greenc.profile

int value(void) { return GREENC_VALUE; }
