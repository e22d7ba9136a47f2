// C++ input: template instantiations and instance methods get source names
// (`this` first), and a member read through `this` is a field symbol.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O1 -target x86_64-linux-gnu -x c++ -c %S/Inputs/methods.cpp -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function _Z3useiPfS_P1S
// CHECK: loop 2 parent=0 trip=s->n status=exact
// CHECK-LABEL: function _Z4axpyIfEviT_PKS0_PS0_
// CHECK-NEXT: params n:i32 a:f32 x:ptr y:ptr
// CHECK-LABEL: function _ZN1S3runEPf
// CHECK-NEXT: params this:ptr x:ptr
// CHECK: loop 1 parent=0 trip=this->n status=exact {{.*}} iv=i
