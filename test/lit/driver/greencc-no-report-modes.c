// REQUIRES: plugin
// -S and -E produce no object: greencc compiles as asked and says why there is no report.
// RUN: %greencc --energy -S %s -o %t.s 2>&1 | FileCheck %s --check-prefix=ASM
// RUN: %greencc --energy -E %s -o %t.i 2>&1 | FileCheck %s --check-prefix=PRE
// ASM: greencc: note: no energy report: -S writes assembly, not an object file
// PRE: greencc: note: no energy report: -E/-M only preprocess; nothing is compiled

void scale(int n, float *x) {
  for (int i = 0; i < n; i++)
    x[i] *= 2.0f;
}
