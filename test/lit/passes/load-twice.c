// Loading the plugin with -fplugin= and -fpass-plugin= together registers the
// passes once: the object holds exactly one record.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -fpass-plugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

int sum(int n, const int *x) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += x[i];
  return s;
}

// CHECK: record version=1
// CHECK-LABEL: function sum
// CHECK-NOT: record
// CHECK-NOT: function sum
