// `-fplugin-arg-greenc-locations-only` (for the compile-time benchmark: what
// the plugin costs before it counts anything) turns source-location tracking
// on as greenc does without -g, runs no greenc pass and drops the locations
// before code generation: no profile section, no debug metadata in the IR,
// and the machine code clang makes without the plugin.
// REQUIRES: plugin
// RUN: %clang -O2 -target x86_64-linux-gnu -c %s -o %t.plain.o
// RUN: %clang -O2 -target x86_64-linux-gnu -fplugin=%plugin -fplugin-arg-greenc-locations-only -c %s -o %t.loc.o
// RUN: llvm-readelf -S %t.loc.o | FileCheck --check-prefix=SECTIONS %s
// RUN: llvm-objdump -d %t.plain.o | tail -n +3 > %t.plain.s
// RUN: llvm-objdump -d %t.loc.o | tail -n +3 > %t.loc.s
// RUN: diff %t.plain.s %t.loc.s
// RUN: %clang -O2 -target x86_64-linux-gnu -fplugin=%plugin -fplugin-arg-greenc-locations-only -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s

void scale(int n, float a, float *restrict x) {
  for (int i = 0; i < n; i++)
    x[i] *= a;
}

// SECTIONS: .text
// SECTIONS-NOT: .greenc.profile
// SECTIONS-NOT: .debug_
// IR-LABEL: define {{.*}} @scale(
// IR-NOT: !dbg
