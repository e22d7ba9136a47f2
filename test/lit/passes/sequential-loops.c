// `@N` only appears inside loop N: a loop bounded by what an earlier loop left
// in `i` gets that loop's exit value, or is unknown/bounded with a reason --
// never a formula in the earlier loop's index.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -c %s -o %t.O0.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O0.bin %t.O0.o
// RUN: %python %S/Inputs/show-profile.py %t.O0.bin | FileCheck %s --check-prefix=O0
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s --check-prefix=O2

void prefix_then_fill(int n, float *x, float *y) {
  int i;
  for (i = 0; i < n; i++)
    if (x[i] < 0)
      break;
  for (int j = 0; j < i; j++)
    y[j] = 1.0f;
}

// O0-LABEL: function prefix_then_fill
// O0: view executed
// O0-NEXT: loop 1 parent=0 trip=- status=bounded max=max(0, n) + 1
// O0-NEXT: loop 2 parent=0 trip=- status=unknown reason=[trip count the value loop 1 leaves behind, which ScalarEvolution cannot compute]
// O2-LABEL: function prefix_then_fill
// O2-NOT: loop 2 {{.*}}@1
// O2: view executed
// O2-NOT: loop 2 {{.*}}@1
