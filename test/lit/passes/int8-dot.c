// An int8 dot product: i8 loads, and the widened multiply and accumulate are
// integer ops on data (role data), while the loop counter is addr. The
// multiply's only use is the accumulate: an integer MAC (`<mac>`).
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/dot_i8.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function dot_i8
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=n status=exact
// CHECK: block {{[0-9]+}} loop=1 cond=always skip_last=0: load:i8x1*1:1B[a:@1] load:i8x1*1:1B[b:@1] imul:i32x1*1:data<mac> iadd:i32x1*1:data
// CHECK: block {{[0-9]+}} loop=1 cond=always skip_last=0: iadd:i32x1*1:addr icmp:i32x1*1:addr
