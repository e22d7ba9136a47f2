/* validate.h: `greenc validate` (driver/validate.c, docs/validation.md). */
#ifndef GREENC_DRIVER_VALIDATE_H
#define GREENC_DRIVER_VALIDATE_H

/* argv[0] is the first argument after "validate". Returns greenc's exit
 * status: 0 every function equal, 1 the program or its counts could not be
 * read, 2 usage, 3 a static/dynamic mismatch, 4 the program could not be run
 * or the report not built. */
int drv_validate(int argc, char **argv);

#endif
