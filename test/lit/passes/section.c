// The profile lives in a non-allocated PROGBITS section `.greenc.profile`
// (flags none, alignment 1), framed as magic GRNCPRF1, LE u32 version 1,
// LE u32 payload length, JSON payload.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/saxpy.c -o %t.o
// RUN: llvm-readelf -S %t.o | FileCheck %s --check-prefix=SEC
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: od -A d -t x1 -N 12 %t.bin | FileCheck %s --check-prefix=HDR
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s --check-prefix=REC

// SEC: .greenc.profile PROGBITS 0000000000000000 {{[0-9a-f]+}} {{[0-9a-f]+}} 00 0 0 1
// HDR: 0000000 47 52 4e 43 50 52 46 31 01 00 00 00
// REC: record version=1 greenc_profile=1
// REC-LABEL: function saxpy
