/* clang_args.h: what greencc and greenc analyze need to know of clang's
 * command line, in one place. */
#ifndef GREENC_DRIVER_CLANG_ARGS_H
#define GREENC_DRIVER_CLANG_ARGS_H

#include <stddef.h>

/* 1 when the clang (or gcc-compatible) option A takes its value as the next
 * argument ("-o out.o", "-I dir", "-x c", "-mllvm -opt"), so that the value is
 * never read as a flag or an input; 0 otherwise. Joined forms ("-Idir") are
 * single arguments and return 0. */
int drv_clang_takes_value(const char *a);

/* 1 when a equals one of the n strings of v. */
int drv_str_in(const char *a, const char *const *v, size_t n);

#endif
