/* greenc/objread.h: read greenc profile records out of ELF files
 * (docs/profile.md, "Where it lives").
 *
 * Reads a relocatable object, a static archive (every member), an executable or
 * a shared library with libelf, finds each `.greenc.profile` section and walks
 * its records: zero padding skipped, magic, version and length checked. Each
 * record's JSON payload comes back with its origin ("gemm.o",
 * "libk.a(gemm.o)"); nothing is parsed here.
 *
 * Ownership: gc_objread_path() and gc_objread_mem() hand back a gc_objset that
 * the caller frees with gc_objset_free(); every pointer obtained from it
 * (records, payloads, origins, notes) lives as long as the set.
 *
 * Failure model: a file that yields no record at all fails with a message
 * naming it (GC_EIO: unreadable; GC_EFORMAT: not an ELF file, or no profile
 * section; GC_ESCHEMA: only corrupt records; GC_EVERSION: only records of a
 * newer schema). A file that yields at least one record succeeds, and each
 * record it had to skip (newer version, corrupt data, an archive member that is
 * not ELF) is kept as a note. */
#ifndef GREENC_OBJREAD_H
#define GREENC_OBJREAD_H

#include <stddef.h>

#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_objset gc_objset;

typedef struct gc_objrec {
  const char *origin; /* "path" or "archive(member)"; owned by the set */
  unsigned version;   /* schema version from the record header (<=
                         GC_PROFILE_SCHEMA) */
  const char
      *payload; /* the JSON text, NUL-terminated copy; owned by the set */
  size_t len;   /* payload length in bytes, without the NUL */
} gc_objrec;

typedef struct gc_objnote {
  int code;        /* gc_status of the skipped part (GC_EVERSION, GC_ESCHEMA,
                      GC_EFORMAT) */
  const char *msg; /* "libk.a(x.o): ...", owned by the set */
} gc_objnote;

/* Read every record of the file at path. */
int gc_objread_path(gc_objset **out, const char *path, gc_error *err);
/* Same over an in-memory image (not copied: buf must outlive the call only);
 * name is used in messages. */
int gc_objread_mem(gc_objset **out, const char *name, const void *buf,
                   size_t len, gc_error *err);
void gc_objset_free(gc_objset *set);

size_t gc_objset_count(const gc_objset *set);
const gc_objrec *gc_objset_record(const gc_objset *set, size_t i);
size_t gc_objset_nnotes(const gc_objset *set);
const gc_objnote *gc_objset_note(const gc_objset *set, size_t i);

/* Walk the raw bytes of one `.greenc.profile` section (exposed for tests and
 * for readers of other containers): appends its records to set, origin naming
 * them. Returns GC_OK when the whole section was walked (skipped newer records
 * are notes), or GC_ESCHEMA after recording a note for the first corrupt byte
 * (records before it are kept). */
int gc_objset_add_section(gc_objset *set, const char *origin,
                          const unsigned char *data, size_t len);
/* An empty set, to be filled by gc_objset_add_section(). */
int gc_objset_new(gc_objset **out);

#ifdef __cplusplus
}
#endif
#endif
