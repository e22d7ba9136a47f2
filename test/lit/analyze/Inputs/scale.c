/* scale.c: compiles only with the quoted -D flags of its compile command
 * (LABEL and GREETING are strings with a blank in them, quoted two ways), so
 * a wrong split of "command" fails. */
#if !defined(LABEL) || !defined(GREETING)
#error LABEL and GREETING must come from the compile command
#endif
const char scale_label[] = LABEL " " GREETING;

void scale(int len, float a, float *x) {
  for (int i = 0; i < len; i++)
    x[i] *= a;
}
