// At -O0 every function is optnone and values live in allocas; the executed
// view still gets trip counts (measured on a promoted clone with the same CFG):
// the header is the exit test, so a loop runs max(0, n) + 1 header executions
// and its body is skip_last.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -c %kernels/gemm.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK: module source={{.*}}gemm.c opt=O0
// CHECK-LABEL: function gemm
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=M status=exact
// CHECK: view executed insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=max(0, M) + 1 status=exact skip_last=0
// CHECK-NEXT: loop 2 parent=1 trip=max(0, N) + 1 status=exact skip_last=1
// CHECK-NEXT: loop 3 parent=2 trip=max(0, K) + 1 status=exact skip_last=1
// Array accesses get their base and index from the promoted clone; loads and
// stores of local variables (allocas) are counted without a base.
// CHECK: block {{[0-9]+}} loop=3 cond=always skip_last=1: load:ptrx1*2:8B {{.*}}load:f32x1*1:4B[A:K*@1 + @3] load:f32x1*1:4B[B:@2 + N*@3] load:f32x1*1:4B fma:f32x1*1
