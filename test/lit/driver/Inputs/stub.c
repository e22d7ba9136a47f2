/* A translation unit to carry a hand-written profile section (the lit fixtures add it with llvm-objcopy). */
int greenc_fixture_stub(int x) { return x + 1; }
