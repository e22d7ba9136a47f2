// REQUIRES: plugin
// With --energy, a compile error still gives clang's message and exit code, and no report.
// RUN: %greencc --energy -c %s -o %t.o > %t.out 2>&1; echo "exit $?" >> %t.out
// RUN: FileCheck %s < %t.out
// CHECK: error: use of undeclared identifier 'undeclared_thing'
// CHECK-NOT: greenc report
// CHECK: exit 1

int broken(void) { return undeclared_thing; }
