// With the plugin, -emit-llvm output is valid IR that opt reads back (the
// plugin records parameter names as metadata; it does not turn value names
// on in the middle of the compilation, which left duplicate names such as
// two %wide.load in a vectorised loop), and the analysis on that IR still
// uses the source's parameter names.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%plugin -passes=greenc-print -disable-output %t.ll 2>&1 | FileCheck %s

void axpy(int n, float alpha, const float *restrict x, float *restrict y) {
  for (int i = 0; i < n; i++)
    y[i] += alpha * x[i];
}

// CHECK-LABEL: greenc executed view of 'axpy':
// CHECK: "guard": "n > 0 && n >= 8",
// CHECK: "trip": "udiv(n, 8)"
