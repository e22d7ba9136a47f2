// The source view of gemm: trips M, N, K in source names, guarded by M > 0 etc.,
// loop lines and variables without -g (from the clang plugin),
// one fma per inner iteration, affine indices of A and B in loop indices.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/gemm.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function gemm
// CHECK-NEXT: params M:i32 N:i32 K:i32 A:ptr B:ptr C:ptr
// CHECK-NEXT: symbols M:param N:param K:param
// CHECK-NEXT: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=M status=exact skip_last=0 cond=guard[M > 0] line=3 iv=i
// CHECK-NEXT: loop 2 parent=1 trip=N status=exact skip_last=0 cond=guard[N > 0] line=4 iv=j
// CHECK-NEXT: loop 3 parent=2 trip=K status=exact skip_last=0 cond=guard[K > 0] line=6 iv=k
// CHECK: block {{[0-9]+}} loop=3 cond=always skip_last=0: {{.*}}load:f32x1*1:4B[A:K*@1 + @3] {{.*}}load:f32x1*1:4B[B:@2 + N*@3] fma:f32x1*1
// CHECK: store:f32x1*1:4B[C:N*@1 + @2]
// CHECK: view executed
