// Linking two objects keeps both records in the output's .greenc.profile.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -fPIC -target x86_64-linux-gnu -c %kernels/saxpy.c -o %t.a.o
// RUN: %clang -fplugin=%plugin -O2 -fPIC -target x86_64-linux-gnu -c %kernels/dot_i8.c -o %t.b.o
// RUN: %clang -target x86_64-linux-gnu -shared %t.a.o %t.b.o -o %t.so
// RUN: llvm-readelf -S %t.so | FileCheck %s --check-prefix=SEC
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.so
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// SEC: .greenc.profile PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} {{[0-9a-f]+}} 00 0 0 1
// CHECK: record version=1
// CHECK-LABEL: function saxpy
// CHECK: record version=1
// CHECK-LABEL: function dot_i8
