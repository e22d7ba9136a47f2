/* traffic_main.c: one streaming call of dot over 2 x 256 KiB (cold caches,
 * every line touched once: the L1d misses are the compulsory ones). */
float dot(int n, const float *a, const float *b);
static float A[65536], B[65536];
int main(void) { return dot(65536, A, B) != 0.0f; }
