// A large function (thousands of blocks and instructions) compiles with the
// plugin and is counted.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O1 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

#define STEP(k) if (x[(k)] > 0.0f) s += x[(k)] * (float)(k); else s -= x[(k) + 1];
#define S10(k) STEP(k) STEP(k + 1) STEP(k + 2) STEP(k + 3) STEP(k + 4) STEP(k + 5) STEP(k + 6) STEP(k + 7) STEP(k + 8) STEP(k + 9)
#define S100(k) S10(k) S10(k + 10) S10(k + 20) S10(k + 30) S10(k + 40) S10(k + 50) S10(k + 60) S10(k + 70) S10(k + 80) S10(k + 90)
#define S1000(k) S100(k) S100(k + 100) S100(k + 200) S100(k + 300) S100(k + 400) S100(k + 500) S100(k + 600) S100(k + 700) S100(k + 800) S100(k + 900)

float big(const float *x) {
  float s = 0.0f;
  S1000(0)
  S1000(1000)
  return s;
}

// CHECK-LABEL: function big
// CHECK: view source insts={{[0-9][0-9][0-9][0-9]+}}
// CHECK: view executed insts={{[0-9][0-9][0-9][0-9]+}}
