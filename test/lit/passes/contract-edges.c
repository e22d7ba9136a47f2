// Values the profile has no spelling for never reach it: string literals are
// no base or argument, odd integer widths round up to a listed `ty`, long
// double arithmetic is `other`, a bulk copy of unknown length is `other`, and
// constants stay within what readers parse. The estimator reads the result.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %greencc -O0 --energy=json -target x86_64-linux-gnu -c %s -o %t.2.o 2>%t.json
// RUN: %greencc -O2 --energy=json -target x86_64-linux-gnu -c %s -o %t.3.o 2>%t.json

#include <string.h>

static void note(const char *msg, long long v) { (void)msg; (void)v; }

void literal(void) { note("hello", -9223372036854775807LL - 1); }

_BitInt(4) narrow(_BitInt(4) a, _BitInt(4) b) { return a * b; }

long double wide(long double a, long double b) { return a * b + a; }

void copy_until(char *dst, const char *src) { memcpy(dst, src, strlen(src)); }

// CHECK-LABEL: function literal
// CHECK: call*1(note:?,?)
// CHECK-LABEL: function narrow
// CHECK: imul:i8x1*1:data
// A -O0 load of a promoted local is stack traffic, never a parameter's base.
// CHECK-NOT: [a:
// CHECK-LABEL: function wide
// CHECK: other*1<fma on f80>
// CHECK-LABEL: function copy_until
// CHECK: other*1<memcpy (length not expressible)>
// CHECK: unknown line={{.*}}: memcpy length not expressible
