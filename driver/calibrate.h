/* calibrate.h: `greenc calibrate`, fitting a hardware model to this machine
 * (driver/calibrate.c, docs/calibration.md). */
#ifndef GREENC_DRIVER_CALIBRATE_H
#define GREENC_DRIVER_CALIBRATE_H

/* argv[0] is the first argument after "calibrate". Returns greenc's exit code:
 * 0 written, 2 usage, 4 a benchmark could not be built or run, or the model
 * not written. */
int drv_calibrate(int argc, char **argv);

#endif
