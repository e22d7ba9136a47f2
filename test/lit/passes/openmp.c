// OpenMP: `#pragma omp parallel for` compiles with the plugin at -O0 and -O2
// (-fopenmp, no link). The loop is outlined into scale.omp_outlined, whose
// bounds come from __kmpc_for_static_init_4 through memory: its trip is not
// exact in either view (unknown or bounded, with a reason), its blocks are
// data, and the profile lists what was not modelled (at the pragma's line).
// scale itself calls __kmpc_fork_call, which runs the outlined body on every
// thread of a team: the call record names the body with "what": "parallel",
// the profile says what is not modelled, and greenc report gives scale's
// FLOPs as unknown with that reason (never 0, nor the body's count once).
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -fopenmp -target x86_64-linux-gnu -c %s -o %t.O0.o 2> %t.O0.err
// RUN: FileCheck %s --check-prefix=DIAG --allow-empty < %t.O0.err
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O0.bin %t.O0.o
// RUN: %python %S/Inputs/show-profile.py %t.O0.bin | FileCheck %s
// RUN: %clang -fplugin=%plugin -O2 -fopenmp -target x86_64-linux-gnu -c %s -o %t.O2.o 2> %t.O2.err
// RUN: FileCheck %s --check-prefix=DIAG --allow-empty < %t.O2.err
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O2.bin %t.O2.o
// RUN: %python %S/Inputs/show-profile.py %t.O2.bin | FileCheck %s
// RUN: %greenc report %t.O2.o --param n=1000 | FileCheck %s --check-prefix=RPT

// RPT-LABEL: scale  {{.*}}openmp.c:
// RPT-NEXT: FLOPs    unknown (scale.omp_outlined runs on every thread of an OpenMP team: the team's size and each thread's share of the work are set at run time)
// RPT: energy   unknown (unbounded count: call has no upper bound)

// At most a warning, never an error.
// DIAG-NOT: error

// CHECK-LABEL: function scale line=
// CHECK: view source
// CHECK: block 0 loop=0 cond=always skip_last=0: {{.*}}call*1(scale.omp_outlined)<parallel>
// CHECK: unknown line=[[@LINE+23]]: OpenMP parallel region: scale.omp_outlined runs on every thread of a team sized at run time
// CHECK: view executed
// CHECK: call*1(scale.omp_outlined)<parallel>
// CHECK-LABEL: function scale.omp_outlined line=
// CHECK-NOT: status=exact
// CHECK: view source
// CHECK-NOT: status=exact
// CHECK: loop 1 parent=0 trip=- status={{bounded max=[0-9]+|unknown}} reason=[{{.+}}] skip_last={{[01]}} cond=data line=[[@LINE+16]]
// CHECK-NOT: status=exact
// CHECK: cond=data {{.*}}fmul:f32x1*1
// CHECK-NOT: status=exact
// CHECK: unknown line=[[@LINE+12]]: loop 1: {{.+}}
// CHECK-NOT: status=exact
// CHECK: view executed
// CHECK-NOT: status=exact
// CHECK: loop 1 parent=0 trip=- status={{bounded max=[0-9]+|unknown}} reason=[{{.+}}]
// CHECK-NOT: status=exact
// CHECK: fmul:f32x
// CHECK-NOT: status=exact
// CHECK: unknown line={{[0-9]+}}: loop 1: {{.+}}
// CHECK-NOT: status=exact

void scale(int n, float a, float *restrict x) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    x[i] *= a;
}
