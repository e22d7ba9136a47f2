// On a non-ELF target the plugin warns that it wrote no section and the
// compilation still succeeds.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-apple-darwin -c %s -o %t.o 2>&1 | FileCheck %s

void scale(int n, float *x) {
  for (int i = 0; i < n; i++)
    x[i] *= 2.0f;
}

// CHECK: warning: greenc: no .greenc.profile section written: target '{{.*}}apple{{.*}}' is not ELF
