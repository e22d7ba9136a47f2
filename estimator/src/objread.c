/* objread.c: find `.greenc.profile` sections in ELF objects, archives,
 * executables and shared libraries (libelf) and split them into records
 * (docs/profile.md). See greenc/objread.h for the contract. */
#define _POSIX_C_SOURCE 200809L
#include "greenc/objread.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "greenc/version.h"

#define REC_HEADER 16u

struct gc_objset {
  gc_objrec *recs;
  size_t nrecs, caprecs;
  gc_objnote *notes;
  size_t nnotes, capnotes;
};

/* What one reading pass found, to decide between success and a named failure.
 */
typedef struct scan_stats {
  size_t sections;  /* profile sections seen */
  size_t members;   /* archive members that are ELF */
  size_t first_err; /* index of the first note added by this file */
} scan_stats;

static char *dup_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *s = malloc((size_t)n + 1);
  if (!s)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

int gc_objset_new(gc_objset **out) {
  *out = calloc(1, sizeof **out);
  return *out ? GC_OK : GC_ENOMEM;
}

void gc_objset_free(gc_objset *set) {
  if (!set)
    return;
  for (size_t i = 0; i < set->nrecs; i++) {
    free((char *)set->recs[i].origin);
    free((char *)set->recs[i].payload);
  }
  for (size_t i = 0; i < set->nnotes; i++)
    free((char *)set->notes[i].msg);
  free(set->recs);
  free(set->notes);
  free(set);
}

size_t gc_objset_count(const gc_objset *set) { return set ? set->nrecs : 0; }
const gc_objrec *gc_objset_record(const gc_objset *set, size_t i) {
  return set && i < set->nrecs ? &set->recs[i] : NULL;
}
size_t gc_objset_nnotes(const gc_objset *set) { return set ? set->nnotes : 0; }
const gc_objnote *gc_objset_note(const gc_objset *set, size_t i) {
  return set && i < set->nnotes ? &set->notes[i] : NULL;
}

/* Takes ownership of msg (NULL means allocation failed). */
static int add_note(gc_objset *set, int code, char *msg) {
  if (!msg)
    return GC_ENOMEM;
  if (set->nnotes == set->capnotes) {
    size_t cap = set->capnotes ? 2 * set->capnotes : 4;
    gc_objnote *n = realloc(set->notes, cap * sizeof *n);
    if (!n) {
      free(msg);
      return GC_ENOMEM;
    }
    set->notes = n;
    set->capnotes = cap;
  }
  set->notes[set->nnotes].code = code;
  set->notes[set->nnotes].msg = msg;
  set->nnotes++;
  return GC_OK;
}

/* Append a record; takes pl (malloc'd, NUL-terminated, len bytes) in all
 * cases. */
static int take_record(gc_objset *set, const char *origin, unsigned version,
                       char *pl, size_t len) {
  int rc = GC_ENOMEM;
  char *o = strdup(origin);
  if (!o)
    goto done;
  if (set->nrecs == set->caprecs) {
    size_t cap = set->caprecs ? 2 * set->caprecs : 4;
    gc_objrec *r = realloc(set->recs, cap * sizeof *r);
    if (!r)
      goto done;
    set->recs = r;
    set->caprecs = cap;
  }
  set->recs[set->nrecs++] =
      (gc_objrec){.origin = o, .version = version, .payload = pl, .len = len};
  o = pl = NULL;
  rc = GC_OK;
done:
  free(o);
  free(pl);
  return rc;
}

static int add_record(gc_objset *set, const char *origin, unsigned version,
                      const unsigned char *p, size_t len) {
  char *pl = malloc(len + 1);
  if (!pl)
    return GC_ENOMEM;
  memcpy(pl, p, len);
  pl[len] = '\0';
  return take_record(set, origin, version, pl, len);
}

static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

/* Record a corrupt-section note and return GC_ESCHEMA (or GC_ENOMEM). */
static int corrupt(gc_objset *set, char *msg) {
  int rc = add_note(set, GC_ESCHEMA, msg);
  return rc != GC_OK ? rc : GC_ESCHEMA;
}

/* A version 2 record: LE u32 length of the JSON, then the JSON as a zlib
 * stream (RFC 1950) that must inflate to exactly that length. One that does
 * not is noted as corrupt and skipped; its framing was sound, so the records
 * after it are still read. */
static int add_compressed(gc_objset *set, const char *origin, size_t pos,
                          const unsigned char *p, size_t len) {
  if (len < 4)
    return add_note(set, GC_ESCHEMA,
                    dup_printf("%s: corrupt greenc profile: compressed "
                               "record at offset %zu has no length",
                               origin, pos));
  uint32_t jlen = le32(p);
  /* Deflate expands at most ~1032:1; a larger claim is a corrupt header, not
   * a reason to allocate gigabytes. */
  if (jlen > 1032u * (len - 4) + 64u)
    return add_note(set, GC_ESCHEMA,
                    dup_printf("%s: corrupt greenc profile: compressed "
                               "record at offset %zu claims %u bytes "
                               "from %zu",
                               origin, pos, (unsigned)jlen, len - 4));
  char *pl = malloc((size_t)jlen + 1);
  if (!pl)
    return GC_ENOMEM;
  uLongf got = jlen;
  int z = uncompress((Bytef *)pl, &got, p + 4, (uLong)(len - 4));
  if (z != Z_OK || got != jlen) {
    free(pl);
    return add_note(set, GC_ESCHEMA,
                    dup_printf("%s: corrupt greenc profile: compressed record "
                               "at offset %zu does not inflate to its %u "
                               "bytes (zlib: %s)",
                               origin, pos, (unsigned)jlen,
                               z != Z_OK ? zError(z) : "length differs"));
  }
  pl[jlen] = '\0';
  return take_record(set, origin, 2, pl, jlen);
}

int gc_objset_add_section(gc_objset *set, const char *origin,
                          const unsigned char *data, size_t len) {
  size_t pos = 0;
  while (pos < len) {
    if (data[pos] == 0) {
      pos++;
      continue;
    }
    size_t left = len - pos;
    if (left < REC_HEADER)
      return corrupt(set,
                     dup_printf("%s: corrupt greenc profile: truncated record "
                                "header at offset %zu (%zu bytes left, "
                                "a header is %u)",
                                origin, pos, left, REC_HEADER));
    if (memcmp(data + pos, GC_PROFILE_MAGIC, 8) != 0)
      return corrupt(
          set,
          dup_printf(
              "%s: corrupt greenc profile: no record magic '%s' at offset %zu",
              origin, GC_PROFILE_MAGIC, pos));
    uint32_t version = le32(data + pos + 8);
    uint32_t plen = le32(data + pos + 12);
    if (plen > left - REC_HEADER)
      return corrupt(
          set, dup_printf("%s: corrupt greenc profile: truncated record at "
                          "offset %zu (payload of %u bytes, "
                          "%zu left)",
                          origin, pos, (unsigned)plen, left - REC_HEADER));
    const unsigned char *payload = data + pos + REC_HEADER;
    if (version == 0)
      return corrupt(set, dup_printf("%s: corrupt greenc profile: record at "
                                     "offset %zu has schema version 0",
                                     origin, pos));
    int rc;
    if (version > GC_PROFILE_RECORD)
      rc = add_note(set, GC_EVERSION,
                    dup_printf("%s: skipped a profile record of schema version "
                               "%u (offset %zu): this greenc reads "
                               "versions up to %d; update greenc",
                               origin, (unsigned)version, pos,
                               GC_PROFILE_RECORD));
    else if (version == 2)
      rc = add_compressed(set, origin, pos, payload, plen);
    else
      rc = add_record(set, origin, version, payload, plen);
    if (rc != GC_OK)
      return rc;
    pos += REC_HEADER + plen;
  }
  return GC_OK;
}

/* Scan one ELF image (not an archive) for profile sections. */
static int scan_elf(gc_objset *set, Elf *e, const char *origin, scan_stats *st,
                    gc_error *err) {
  size_t shstrndx;
  if (elf_getshdrstrndx(e, &shstrndx) != 0)
    return add_note(set, GC_EFORMAT,
                    dup_printf("%s: unreadable ELF section headers: %s", origin,
                               elf_errmsg(-1)));
  Elf_Scn *scn = NULL;
  while ((scn = elf_nextscn(e, scn)) != NULL) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh))
      continue;
    const char *name = elf_strptr(e, shstrndx, sh.sh_name);
    if (!name || strcmp(name, GC_PROFILE_SECTION) != 0)
      continue;
    st->sections++;
    if (sh.sh_type == SHT_NOBITS)
      continue;
    if ((sh.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0) {
      int rc = add_note(set, GC_EFORMAT,
                        dup_printf("%s: cannot decompress %s: %s", origin,
                                   GC_PROFILE_SECTION, elf_errmsg(-1)));
      if (rc != GC_OK)
        return rc;
      continue;
    }
    Elf_Data *d = NULL;
    while ((d = elf_getdata(scn, d)) != NULL) {
      if (!d->d_buf || d->d_size == 0)
        continue;
      int rc = gc_objset_add_section(set, origin, d->d_buf, d->d_size);
      if (rc == GC_ENOMEM)
        return rc;
    }
  }
  (void)err;
  return GC_OK;
}

static const char *kind_hint(const unsigned char *p, size_t n) {
  if (n >= 4 && p[0] == 'B' && p[1] == 'C' && p[2] == 0xC0 && p[3] == 0xDE)
    return "LLVM bitcode (built with -flto?), not an ELF file";
  if (n >= 4 && p[0] == 0xDE && p[1] == 0xC0 && p[2] == 0x17 && p[3] == 0x0B)
    return "LLVM bitcode wrapper, not an ELF file";
  if (n >= 2 && p[0] == '#' && p[1] == '!')
    return "a script, not an ELF file";
  for (size_t i = 0; i < n && i < 512; i++)
    if (p[i] == 0)
      return "not an ELF file";
  return n ? "not an ELF file (a text file: give the object file compiled with "
             "greencc --energy, not the source)"
           : "not an ELF file (empty)";
}

/* Read from an Elf handle (file or memory) opened by the caller; fd is -1 for
 * memory. */
static int read_top(gc_objset *set, Elf *top, int fd, const char *name,
                    const unsigned char *head, size_t headlen, gc_error *err) {
  int rc = GC_OK;
  size_t before = set->nrecs, notes_before = set->nnotes;
  scan_stats st = {0, 0, set->nnotes};
  Elf_Kind kind = elf_kind(top);
  if (kind == ELF_K_ELF) {
    rc = scan_elf(set, top, name, &st, err);
  } else if (kind == ELF_K_AR) {
    Elf_Cmd cmd = ELF_C_READ;
    Elf *m;
    while ((m = elf_begin(fd, cmd, top)) != NULL) {
      Elf_Arhdr *ah = elf_getarhdr(m);
      const char *mname = ah && ah->ar_name ? ah->ar_name : "?";
      char *origin = dup_printf("%s(%s)", name, mname);
      if (!origin) {
        elf_end(m);
        rc = GC_ENOMEM;
        goto done;
      }
      if (elf_kind(m) == ELF_K_ELF) {
        st.members++;
        size_t secs = st.sections;
        rc = scan_elf(set, m, origin, &st, err);
        if (rc == GC_OK && st.sections == secs)
          rc = add_note(set, GC_EFORMAT,
                        dup_printf("%s: no greenc profile", origin));
      } else if (mname[0] != '/') {
        rc = add_note(
            set, GC_EFORMAT,
            dup_printf("%s: archive member is not an ELF object: skipped",
                       origin));
      }
      free(origin);
      cmd = elf_next(m);
      elf_end(m);
      if (rc != GC_OK)
        goto done;
    }
  } else {
    rc =
        gc_error_set(err, GC_EFORMAT, "%s: %s", name, kind_hint(head, headlen));
    goto done;
  }
  if (rc != GC_OK)
    goto done;
  if (set->nrecs > before)
    goto done;
  /* Nothing read: fail, naming the file and the first thing that went wrong. */
  if (st.sections == 0) {
    if (kind == ELF_K_AR)
      rc = gc_error_set(err, GC_EFORMAT,
                        "%s: no greenc profile in any of its %zu ELF members: "
                        "were they compiled with greencc "
                        "--energy?",
                        name, st.members);
    else
      rc = gc_error_set(
          err, GC_EFORMAT,
          "%s: no greenc profile: was it compiled with greencc --energy?",
          name);
  } else {
    /* Prefer a note about a profile record (corrupt, newer) over one about a
     * member without a profile. */
    const gc_objnote *first = NULL;
    for (size_t i = notes_before;
         i < set->nnotes && (!first || first->code == GC_EFORMAT); i++)
      if (!first || set->notes[i].code != GC_EFORMAT)
        first = &set->notes[i];
    if (first)
      rc = gc_error_set(err, first->code, "%s", first->msg);
    else
      rc = gc_error_set(err, GC_EFORMAT, "%s: empty greenc profile section",
                        name);
  }
done:
  return rc;
}

static unsigned libelf_version = EV_NONE;
static void init_libelf(void) { libelf_version = elf_version(EV_CURRENT); }

/* libelf's one global setting, made once (readers may run on threads). */
static int ensure_libelf(gc_error *err) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, init_libelf);
  if (libelf_version == EV_NONE)
    return gc_error_set(err, GC_EIO, "libelf initialisation failed: %s",
                        elf_errmsg(-1));
  return GC_OK;
}

int gc_objread_mem(gc_objset **out, const char *name, const void *buf,
                   size_t len, gc_error *err) {
  gc_objset *set = NULL;
  Elf *e = NULL;
  int rc = ensure_libelf(err);
  *out = NULL;
  if (rc != GC_OK)
    goto done;
  if ((rc = gc_objset_new(&set)) != GC_OK) {
    gc_error_set(err, rc, "%s: out of memory", name);
    goto done;
  }
  e = elf_memory((char *)buf, len);
  if (!e) {
    rc = gc_error_set(err, GC_EFORMAT, "%s: %s", name, kind_hint(buf, len));
    goto done;
  }
  rc = read_top(set, e, -1, name, buf, len, err);
  if (rc == GC_ENOMEM)
    gc_error_set(err, rc, "%s: out of memory", name);
done:
  if (e)
    elf_end(e);
  if (rc == GC_OK)
    *out = set;
  else
    gc_objset_free(set);
  return rc;
}

int gc_objread_path(gc_objset **out, const char *path, gc_error *err) {
  gc_objset *set = NULL;
  Elf *e = NULL;
  int fd = -1;
  unsigned char head[512];
  ssize_t headlen = 0;
  int rc = ensure_libelf(err);
  *out = NULL;
  if (rc != GC_OK)
    goto done;
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    rc = gc_error_set(err, GC_EIO, "%s: %s", path, strerror(errno));
    goto done;
  }
  headlen = pread(fd, head, sizeof head, 0);
  if (headlen < 0) {
    rc = gc_error_set(err, GC_EIO, "%s: %s", path, strerror(errno));
    goto done;
  }
  if ((rc = gc_objset_new(&set)) != GC_OK) {
    gc_error_set(err, rc, "%s: out of memory", path);
    goto done;
  }
  e = elf_begin(fd, ELF_C_READ, NULL);
  if (!e) {
    rc = gc_error_set(err, GC_EFORMAT, "%s: %s", path,
                      kind_hint(head, (size_t)headlen));
    goto done;
  }
  rc = read_top(set, e, fd, path, head, (size_t)headlen, err);
  if (rc == GC_ENOMEM)
    gc_error_set(err, rc, "%s: out of memory", path);
done:
  if (e)
    elf_end(e);
  if (fd >= 0)
    close(fd);
  if (rc == GC_OK)
    *out = set;
  else
    gc_objset_free(set);
  return rc;
}
