/* greenc/version.h: the greenc version, the profile schema version this build
 * reads and writes, and the record format versions of the `.greenc.profile`
 * section (docs/profile.md). */
#ifndef GREENC_VERSION_H
#define GREENC_VERSION_H

#define GC_VERSION_STRING "0.1.0"
#define GC_PROFILE_SCHEMA 1
/* Record header versions: 1 = the JSON payload as is; 2 = its length (LE u32),
 * then the JSON as a zlib stream. */
#define GC_PROFILE_RECORD 2
#define GC_PROFILE_MAGIC "GRNCPRF1"
#define GC_PROFILE_SECTION ".greenc.profile"

#endif
