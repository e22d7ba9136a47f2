/* version.c: placeholder translation unit until the estimator sources land. */
#include "greenc/version.h"
const char *gc_version(void);
const char *gc_version(void) { return GC_VERSION_STRING; }
