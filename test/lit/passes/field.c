// Sizes read through a struct parameter become `field` symbols named from
// debug info (p->n, p->d); without debug info the trip is unknown and says why.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -g -target x86_64-linux-gnu -c %kernels/config.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/config.c -o %t.nodbg.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.nodbg.bin %t.nodbg.o
// RUN: %python %S/Inputs/show-profile.py %t.nodbg.bin | FileCheck %s --check-prefix=NODBG

// CHECK-LABEL: function layer_scale
// CHECK: symbols {{.*}}p->d:field@p+4 {{.*}}p->n:field@p+0
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=p->n status=exact {{.*}} iv=i
// CHECK-NEXT: loop 2 parent=1 trip=p->d status=exact {{.*}} iv=j

// NODBG-LABEL: function layer_scale
// NODBG: view source
// NODBG-NEXT: loop 1 parent=0 trip=- status=unknown reason=[trip count depends on the value at byte 0 of parameter p (no debug info names it; use -g)]
