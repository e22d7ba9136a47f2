#include <stdio.h>
int main(void) { fputs("greenc: placeholder\n", stderr); return 2; }
