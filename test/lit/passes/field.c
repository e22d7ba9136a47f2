// Sizes read through a struct parameter become `field` symbols (p->n, p->d),
// named from the clang AST (-fplugin=) or from debug info (-g); with neither,
// the trip is unknown and says why.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/config.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %clang -fpass-plugin=%plugin -g -O2 -target x86_64-linux-gnu -c %kernels/config.c -o %t.g.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.g.bin %t.g.o
// RUN: %python %S/Inputs/show-profile.py %t.g.bin | FileCheck %s
// RUN: %clang -fpass-plugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/config.c -o %t.none.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.none.bin %t.none.o
// RUN: %python %S/Inputs/show-profile.py %t.none.bin | FileCheck %s --check-prefix=NONAME

// CHECK-LABEL: function layer_scale
// CHECK: symbols {{.*}}p->d:field@p+4 {{.*}}p->n:field@p+0
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=p->n status=exact {{.*}} iv=i
// CHECK-NEXT: loop 2 parent=1 trip=p->d status=exact {{.*}} iv=j

// NONAME-LABEL: function layer_scale
// NONAME: view source
// NONAME-NEXT: loop 1 parent=0 trip=- status=unknown reason=[trip count depends on the value at byte 0 of parameter arg0 (nothing names it: use -g or load the plugin with -fplugin=)]
