// Code the counter cannot model compiles with the plugin at -O0 and -O2, and
// the profile says what was not counted: indirect call, inline asm, a branch
// on setjmp's result, irreducible control flow.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -c %kernels/hostile.c -o %t.O0.o
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/hostile.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function apply
// CHECK: block {{.*}}call*1(<indirect>)<indirect>
// CHECK: unknown line={{.*}}: indirect call: callee unknown
// CHECK-LABEL: function with_asm
// CHECK: other*1<inline asm>
// CHECK: unknown line={{.*}}: inline asm is not costed
// CHECK-LABEL: function with_setjmp
// CHECK: loop 1 parent=0 trip=n status=exact skip_last=0 cond=data
// CHECK: unknown line={{.*}}: branch on the result of a call
// CHECK-LABEL: function irreducible
// CHECK: unknown line={{.*}}(irreducible control flow)
