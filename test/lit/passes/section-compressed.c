// A profile of 64 KB or more is written as a version 2 record: LE u32 length
// of the JSON, then the JSON as a zlib stream; show-profile.py and greenc
// report inflate it. (Smaller profiles stay version 1: section.c.)
// REQUIRES: plugin
// RUN: %python -c "import sys; sys.stdout.write(''.join(open(sys.argv[1]).read().replace('KERNEL', 'k%%d' %% i) for i in range(40)))" %S/Inputs/one-kernel.c > %t.c
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %t.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: od -A d -t x1 -N 12 %t.bin | FileCheck %s --check-prefix=HDR
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s --check-prefix=REC
// RUN: %greenc report %t.o | FileCheck %s --check-prefix=RPT

// HDR: 0000000 47 52 4e 43 50 52 46 31 02 00 00 00
// REC: record version=2 greenc_profile=1
// REC-LABEL: function k0 line=1
// REC-LABEL: function k39 line=
// RPT: k0  {{.*}}3*n*m
// RPT: k39 {{.*}}3*n*m
