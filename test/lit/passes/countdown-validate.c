// Static == dynamic for countdown loops and a `<=` test: the -O0 executed
// view and the -O0 and -O2 source views. At -O0 the executed view's loops are
// not rotated: the header runs the test once more than the body, and
// ScalarEvolution's trip holds `n - min(3, n) + 3`; that it is never negative
// (so the division by the step is exact) comes from pairing n with the
// minimum's operand, not from a guard. The instrumented builds' block
// counters must equal the static counts, over sizes below, at and above each
// bound, and negative ones. (-O2's executed view unrolls these loops at run
// time, with an unsigned exit test that ScalarEvolution cannot count.)
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -c %s -o %t/k0.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t/k0.bin %t/k0.o
// RUN: %python %S/Inputs/show-profile.py %t/k0.bin | FileCheck %s --check-prefix=PROF
// RUN: %greencc -O0 --energy=instrument %s -o %t/prog0 > %t/build0.txt 2>&1
// RUN: %greenc validate -- %t/prog0 > %t/out0.txt 2> %t/err0.txt; echo "exit $?" >> %t/out0.txt
// RUN: FileCheck %s --check-prefix=CHECK < %t/out0.txt
// RUN: %greencc -O0 --energy=instrument -fplugin-arg-greenc-instrument=source %s -o %t/progs0 > %t/builds0.txt 2>&1
// RUN: %greenc validate -- %t/progs0 > %t/outs0.txt 2> %t/errs0.txt; echo "exit $?" >> %t/outs0.txt
// RUN: FileCheck %s --check-prefix=SOURCE < %t/outs0.txt
// RUN: %greencc -O2 --energy=instrument -fplugin-arg-greenc-instrument=source %s -o %t/progs2 > %t/builds2.txt 2>&1
// RUN: %greenc validate -- %t/progs2 > %t/outs2.txt 2> %t/errs2.txt; echo "exit $?" >> %t/outs2.txt
// RUN: FileCheck %s --check-prefix=SOURCE < %t/outs2.txt

// PROF-LABEL: function down_long line=
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(-min(3, n) + n + 3, 4) + 1 status=exact
// PROF-LABEL: function down_int line=
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(-min(-1, n - 4) + n - 1, 4) + 1 status=exact
// PROF-LABEL: function up_le line=
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip={{.*}} status=exact

// CHECK: greenc validate: executed view
// CHECK-DAG: {{^}}down_long  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}down_int  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}up_le  ({{.*}})  equal{{$}}
// CHECK: summary: {{[0-9]+}} equal, 0 within, 0 mismatch, 0 unchecked
// CHECK: exit 0

// SOURCE: greenc validate: source view
// SOURCE-DAG: {{^}}down_long  ({{.*}})  equal{{$}}
// SOURCE-DAG: {{^}}down_int  ({{.*}})  equal{{$}}
// SOURCE-DAG: {{^}}up_le  ({{.*}})  equal{{$}}
// SOURCE: summary: {{[0-9]+}} equal, 0 within, 0 mismatch, 0 unchecked
// SOURCE: exit 0

__attribute__((noinline)) void down_long(long n, float *c) {
  for (long i = n; i >= 4; i -= 4)
    c[i & 63] += 1.0f;
}

__attribute__((noinline)) void down_int(int n, float *c) {
  for (int i = n - 4; i >= 0; i -= 4)
    c[i & 63] += 1.0f;
}

__attribute__((noinline)) void up_le(int n, float *c) {
  for (int i = 0; i <= n; i += 3)
    c[i & 63] += 1.0f;
}

int main(void) {
  static float buf[64];
  static const int sizes[] = {-9, -1, 0, 1, 3, 4, 5, 7, 8, 37, 40, 1001};
  for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    down_long(sizes[k], buf);
    down_int(sizes[k], buf);
    up_le(sizes[k], buf);
  }
  return 0;
}
