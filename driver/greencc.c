#include <stdio.h>
int main(void) { fputs("greencc: placeholder\n", stderr); return 2; }
