// Every kernel of the suite gives, at -O0 and -O2, a profile the estimator
// reads (greencc --energy=json exits 0 with one row per kernel function):
// the passes' output follows the contract as docs/profile.md's reader enforces it.
// REQUIRES: plugin
// RUN: for k in %kernels/*.c; do for o in -O0 -O2; do \
// RUN:   %greencc $o --energy=json -c $k -o %t.o 2>%t.json || { echo "FAILED $k $o"; cat %t.json; }; \
// RUN: done; done > %t.log; cat %t.log | FileCheck %s --allow-empty --check-prefix=NOFAIL
// RUN: %greencc -O2 --energy -c %examples/gemm.c -o %t.gemm.o 2>&1 | FileCheck %s --check-prefix=GEMM

// NOFAIL-NOT: FAILED

// GEMM: gemm {{.*}}2*M*N*K
