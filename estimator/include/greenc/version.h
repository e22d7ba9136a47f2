/* greenc/version.h: the greenc version and the profile schema version this build reads and writes. */
#ifndef GREENC_VERSION_H
#define GREENC_VERSION_H

#define GC_VERSION_STRING "0.1.0"
#define GC_PROFILE_SCHEMA 1
#define GC_PROFILE_MAGIC "GRNCPRF1"
#define GC_PROFILE_SECTION ".greenc.profile"

#endif
