// A compile error passes through greencc with clang's message and clang's exit code.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -c %s -o %t/c.o > %t/clang.out 2>&1; echo "exit $?" >> %t/clang.out
// RUN: %greencc -c %s -o %t/g.o > %t/greencc.out 2>&1; echo "exit $?" >> %t/greencc.out
// RUN: FileCheck %s < %t/greencc.out
// RUN: grep '^exit' %t/clang.out > %t/clang.rc && grep '^exit' %t/greencc.out > %t/greencc.rc
// RUN: diff %t/clang.rc %t/greencc.rc
// CHECK: error: use of undeclared identifier 'undeclared_thing'
// CHECK: exit 1

int broken(void) { return undeclared_thing; }
