/* test_objread.c: profile records read out of ELF objects, archives and raw
 * sections (greenc/objread.h).
 *
 * Fixtures are built here with libelf (relocatable objects with a
 * `.greenc.profile` section) and a hand-written ar archive, around the
 * hand-written profile payloads in test/unit/data/obj/. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "greenc/objread.h"
#include "greenc/version.h"

typedef struct buf {
  unsigned char *p;
  size_t n;
} buf;

static char tmpdir[256];

static void buf_add(buf *b, const void *p, size_t n) {
  b->p = realloc(b->p, b->n + n + 1);
  assert_non_null(b->p);
  memcpy(b->p + b->n, p, n);
  b->n += n;
}

static buf read_fixture(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/obj/%s", GREENC_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_add(&b, chunk, n);
  fclose(f);
  return b;
}

/* Append one record (header + payload) to b. */
static void add_record(buf *b, uint32_t version, const void *payload,
                       uint32_t len) {
  unsigned char h[16];
  memcpy(h, GC_PROFILE_MAGIC, 8);
  for (int i = 0; i < 4; i++) {
    h[8 + i] = (unsigned char)(version >> (8 * i));
    h[12 + i] = (unsigned char)(len >> (8 * i));
  }
  buf_add(b, h, sizeof h);
  buf_add(b, payload, len);
}

/* Write a relocatable x86-64 ELF object at path; with a profile section holding
 * sec when sec is non-NULL. */
static void write_elf(const char *path, const buf *sec) {
  static const char shstr[] = "\0.greenc.profile\0.shstrtab\0.text";
  assert_int_not_equal(elf_version(EV_CURRENT), EV_NONE);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  assert_true(fd >= 0);
  Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
  assert_non_null(e);
  Elf64_Ehdr *eh = elf64_newehdr(e);
  assert_non_null(eh);
  eh->e_ident[EI_DATA] = ELFDATA2LSB;
  eh->e_machine = EM_X86_64;
  eh->e_type = ET_REL;
  eh->e_version = EV_CURRENT;

  static unsigned char text[4] = {0xc3, 0, 0, 0};
  Elf_Scn *ts = elf_newscn(e);
  Elf_Data *td = elf_newdata(ts);
  td->d_buf = text;
  td->d_size = sizeof text;
  td->d_type = ELF_T_BYTE;
  td->d_align = 1;
  td->d_version = EV_CURRENT;
  Elf64_Shdr *tsh = elf64_getshdr(ts);
  tsh->sh_name = 27; /* ".text" */
  tsh->sh_type = SHT_PROGBITS;
  tsh->sh_flags = SHF_ALLOC | SHF_EXECINSTR;

  if (sec) {
    Elf_Scn *ps = elf_newscn(e);
    Elf_Data *pd = elf_newdata(ps);
    pd->d_buf = sec->p;
    pd->d_size = sec->n;
    pd->d_type = ELF_T_BYTE;
    pd->d_align = 1;
    pd->d_version = EV_CURRENT;
    Elf64_Shdr *psh = elf64_getshdr(ps);
    psh->sh_name = 1; /* ".greenc.profile" */
    psh->sh_type = SHT_PROGBITS;
    psh->sh_flags = 0;
  }
  Elf_Scn *ss = elf_newscn(e);
  Elf_Data *sd = elf_newdata(ss);
  sd->d_buf = (void *)shstr;
  sd->d_size = sizeof shstr;
  sd->d_type = ELF_T_BYTE;
  sd->d_align = 1;
  sd->d_version = EV_CURRENT;
  Elf64_Shdr *ssh = elf64_getshdr(ss);
  ssh->sh_name = 17; /* ".shstrtab" */
  ssh->sh_type = SHT_STRTAB;
  eh->e_shstrndx = (Elf64_Half)elf_ndxscn(ss);

  assert_true(elf_update(e, ELF_C_WRITE) >= 0);
  elf_end(e);
  close(fd);
}

static buf slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  buf b = {0};
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    buf_add(&b, chunk, n);
  fclose(f);
  return b;
}

/* Write a System V ar archive of the given member files, named by their base
 * names. */
static void write_ar(const char *path, const char *const *members, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs("!<arch>\n", f);
  for (size_t i = 0; i < n; i++) {
    buf m = slurp(members[i]);
    const char *base = strrchr(members[i], '/');
    base = base ? base + 1 : members[i];
    char name[17];
    snprintf(name, sizeof name, "%s/", base);
    fprintf(f, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, "0", "0", "0", "644",
            m.n);
    fwrite(m.p, 1, m.n, f);
    if (m.n % 2)
      fputc('\n', f);
    free(m.p);
  }
  fclose(f);
}

static const char *tmp_path(char *out, size_t n, const char *name) {
  snprintf(out, n, "%s/%s", tmpdir, name);
  return out;
}

static int setup_dir(void **state) {
  const char *t = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/greenc-objread-XXXXXX",
           t && *t ? t : "/tmp");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state) {
  static const char *const names[] = {"gemm.o", "plain.o",  "both.a",
                                      "none.a", "kernel.c", "empty.o"};
  char p[512];
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    unlink(tmp_path(p, sizeof p, names[i]));
  return rmdir(tmpdir);
}

static int has(const char *hay, const char *needle) {
  return strstr(hay, needle) != NULL;
}

/* Two records separated by linker padding come back in order, payload bytes
 * intact. */
static void test_section_two_records_with_padding(void **state) {
  buf g = read_fixture("gemm.json"), r = read_fixture("relu.json"), sec = {0};
  static const unsigned char zeros[7] = {0};
  add_record(&sec, 1, g.p, (uint32_t)g.n);
  buf_add(&sec, zeros, sizeof zeros);
  add_record(&sec, 1, r.p, (uint32_t)r.n);
  buf_add(&sec, zeros, 3);
  gc_objset *set = NULL;
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(gc_objset_add_section(set, "x.o", sec.p, sec.n), GC_OK);
  assert_int_equal(gc_objset_count(set), 2);
  assert_int_equal(gc_objset_nnotes(set), 0);
  const gc_objrec *a = gc_objset_record(set, 0), *b = gc_objset_record(set, 1);
  assert_int_equal(a->len, g.n);
  assert_memory_equal(a->payload, g.p, g.n);
  assert_int_equal(a->payload[a->len], '\0');
  assert_string_equal(a->origin, "x.o");
  assert_int_equal(b->len, r.n);
  assert_memory_equal(b->payload, r.p, r.n);
  assert_null(gc_objset_record(set, 2));
  gc_objset_free(set);
  free(g.p);
  free(r.p);
  free(sec.p);
}

/* A newer record is skipped with a named note; the record after it is still
 * read. */
static void test_section_newer_version_skipped(void **state) {
  buf sec = {0};
  add_record(&sec, GC_PROFILE_RECORD + 1, "{\"future\": true}", 16);
  add_record(&sec, 1, "{}", 2);
  gc_objset *set = NULL;
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(gc_objset_add_section(set, "k.o", sec.p, sec.n), GC_OK);
  assert_int_equal(gc_objset_count(set), 1);
  assert_string_equal(gc_objset_record(set, 0)->payload, "{}");
  assert_int_equal(gc_objset_nnotes(set), 1);
  const gc_objnote *n = gc_objset_note(set, 0);
  assert_int_equal(n->code, GC_EVERSION);
  assert_true(has(n->msg, "k.o"));
  assert_true(has(n->msg, "schema version 3"));
  gc_objset_free(set);
  free(sec.p);
}

/* Append a version 2 record: the JSON's length, then the JSON deflated. */
static void add_compressed(buf *b, const void *json, uint32_t len) {
  uLongf zlen = compressBound(len);
  unsigned char *z = malloc(4 + zlen);
  assert_non_null(z);
  for (int i = 0; i < 4; i++)
    z[i] = (unsigned char)(len >> (8 * i));
  assert_int_equal(compress2(z + 4, &zlen, json, len, 1), Z_OK);
  add_record(b, 2, z, (uint32_t)(4 + zlen));
  free(z);
}

/* A version 2 record inflates to the JSON it holds; one whose stream is
 * damaged, or that claims more than a zlib stream can hold, is noted and
 * skipped, and the record after it is still read. */
static void test_section_compressed(void **state) {
  buf g = read_fixture("gemm.json"), sec = {0};
  add_compressed(&sec, g.p, (uint32_t)g.n);
  gc_objset *set = NULL;
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(gc_objset_add_section(set, "z.o", sec.p, sec.n), GC_OK);
  assert_int_equal(gc_objset_count(set), 1);
  assert_int_equal(gc_objset_record(set, 0)->version, 2);
  assert_int_equal(gc_objset_record(set, 0)->len, g.n);
  assert_memory_equal(gc_objset_record(set, 0)->payload, g.p, g.n);
  assert_int_equal(gc_objset_record(set, 0)->payload[g.n], '\0');
  gc_objset_free(set);

  buf bad = {0};
  add_compressed(&bad, g.p, (uint32_t)g.n);
  bad.p[16 + 4 + 10] ^= 0x55; /* inside the deflate stream */
  add_record(&bad, 2, "\xff\xff\xff\x7f\x78\x01", 6); /* claims 2 GiB */
  add_record(&bad, 1, "{}", 2);
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(gc_objset_add_section(set, "b.o", bad.p, bad.n), GC_OK);
  assert_int_equal(gc_objset_count(set), 1);
  assert_string_equal(gc_objset_record(set, 0)->payload, "{}");
  assert_int_equal(gc_objset_nnotes(set), 2);
  assert_int_equal(gc_objset_note(set, 0)->code, GC_ESCHEMA);
  assert_true(has(gc_objset_note(set, 0)->msg,
                  "b.o: corrupt greenc profile: compressed record at offset 0 "
                  "does not inflate"));
  assert_true(has(gc_objset_note(set, 1)->msg, "claims 2147483647 bytes"));
  gc_objset_free(set);
  free(bad.p);
  free(sec.p);
  free(g.p);
}

/* Corruption stops the walk with a note; records before it are kept. */
static void test_section_corrupt(void **state) {
  gc_objset *set = NULL;
  buf sec = {0};
  add_record(&sec, 1, "{}", 2);
  buf_add(&sec, "GRNCPRF1\x01\0\0\0\xff\0\0\0{}",
          18); /* claims 255 bytes, has 2 */
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(gc_objset_add_section(set, "t.o", sec.p, sec.n), GC_ESCHEMA);
  assert_int_equal(gc_objset_count(set), 1);
  assert_int_equal(gc_objset_nnotes(set), 1);
  assert_true(
      has(gc_objset_note(set, 0)->msg, "truncated record at offset 18"));
  gc_objset_free(set);

  static const unsigned char junk[] = "\0\0XRNCPRF1\x01\0\0\0\0\0\0\0";
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(gc_objset_add_section(set, "j.o", junk, sizeof junk - 1),
                   GC_ESCHEMA);
  assert_int_equal(gc_objset_count(set), 0);
  assert_true(has(gc_objset_note(set, 0)->msg,
                  "no record magic 'GRNCPRF1' at offset 2"));
  gc_objset_free(set);

  static const unsigned char shorthdr[] = "GRNCPRF1\x01\0";
  assert_int_equal(gc_objset_new(&set), GC_OK);
  assert_int_equal(
      gc_objset_add_section(set, "s.o", shorthdr, sizeof shorthdr - 1),
      GC_ESCHEMA);
  assert_true(has(gc_objset_note(set, 0)->msg, "truncated record header"));
  gc_objset_free(set);
  free(sec.p);
}

/* An ELF relocatable object with a profile section, read from a file and from
 * memory. */
static void test_object_file(void **state) {
  char p[512];
  buf g = read_fixture("gemm.json"), sec = {0};
  add_record(&sec, 1, g.p, (uint32_t)g.n);
  write_elf(tmp_path(p, sizeof p, "gemm.o"), &sec);
  gc_objset *set = NULL;
  gc_error err = {0};
  assert_int_equal(gc_objread_path(&set, p, &err), GC_OK);
  assert_int_equal(gc_objset_count(set), 1);
  assert_string_equal(gc_objset_record(set, 0)->origin, p);
  assert_int_equal(gc_objset_record(set, 0)->version, 1);
  assert_memory_equal(gc_objset_record(set, 0)->payload, g.p, g.n);
  gc_objset_free(set);

  buf img = slurp(p);
  assert_int_equal(gc_objread_mem(&set, "mem.o", img.p, img.n, &err), GC_OK);
  assert_int_equal(gc_objset_count(set), 1);
  assert_string_equal(gc_objset_record(set, 0)->origin, "mem.o");
  gc_objset_free(set);
  free(img.p);
  free(g.p);
  free(sec.p);
}

/* An ELF object without the section: a named failure that says how to get a
 * profile. */
static void test_object_without_profile(void **state) {
  char p[512];
  write_elf(tmp_path(p, sizeof p, "plain.o"), NULL);
  gc_objset *set = (gc_objset *)1;
  gc_error err = {0};
  assert_int_equal(gc_objread_path(&set, p, &err), GC_EFORMAT);
  assert_null(set);
  assert_true(has(err.msg, p));
  assert_true(has(err.msg,
                  "no greenc profile: was it compiled with greencc --energy?"));
}

/* A section holding only newer records fails with GC_EVERSION, named. */
static void test_object_only_newer(void **state) {
  char p[512];
  buf sec = {0};
  add_record(&sec, 7, "{}", 2);
  write_elf(tmp_path(p, sizeof p, "empty.o"), &sec);
  gc_objset *set = NULL;
  gc_error err = {0};
  assert_int_equal(gc_objread_path(&set, p, &err), GC_EVERSION);
  assert_true(has(err.msg, "schema version 7"));
  free(sec.p);
}

/* A C source given by mistake. */
static void test_source_file_refused(void **state) {
  char p[512];
  FILE *f = fopen(tmp_path(p, sizeof p, "kernel.c"), "w");
  assert_non_null(f);
  fputs("void f(void) {}\n", f);
  fclose(f);
  gc_objset *set = NULL;
  gc_error err = {0};
  assert_int_equal(gc_objread_path(&set, p, &err), GC_EFORMAT);
  assert_true(has(err.msg, "not an ELF file"));
  assert_true(has(err.msg, "kernel.c"));

  assert_int_equal(gc_objread_path(&set, "/nonexistent/x.o", &err), GC_EIO);
  assert_true(has(err.msg, "/nonexistent/x.o"));
}

/* An archive: the member with a profile is read and named lib.a(member); the
 * other is noted. */
static void test_archive(void **state) {
  char g[512], pl[512], a[512], none[512];
  buf j = read_fixture("gemm.json"), sec = {0};
  add_record(&sec, 1, j.p, (uint32_t)j.n);
  write_elf(tmp_path(g, sizeof g, "gemm.o"), &sec);
  write_elf(tmp_path(pl, sizeof pl, "plain.o"), NULL);
  const char *both[] = {g, pl};
  write_ar(tmp_path(a, sizeof a, "both.a"), both, 2);
  gc_objset *set = NULL;
  gc_error err = {0};
  assert_int_equal(gc_objread_path(&set, a, &err), GC_OK);
  assert_int_equal(gc_objset_count(set), 1);
  char want[600];
  snprintf(want, sizeof want, "%s(gemm.o)", a);
  assert_string_equal(gc_objset_record(set, 0)->origin, want);
  assert_memory_equal(gc_objset_record(set, 0)->payload, j.p, j.n);
  assert_int_equal(gc_objset_nnotes(set), 1);
  assert_true(has(gc_objset_note(set, 0)->msg, "(plain.o): no greenc profile"));
  gc_objset_free(set);

  const char *only_plain[] = {pl};
  write_ar(tmp_path(none, sizeof none, "none.a"), only_plain, 1);
  assert_int_equal(gc_objread_path(&set, none, &err), GC_EFORMAT);
  assert_true(has(err.msg, "no greenc profile in any of its 1 ELF members"));
  free(j.p);
  free(sec.p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_section_two_records_with_padding),
      cmocka_unit_test(test_section_newer_version_skipped),
      cmocka_unit_test(test_section_compressed),
      cmocka_unit_test(test_section_corrupt),
      cmocka_unit_test(test_object_file),
      cmocka_unit_test(test_object_without_profile),
      cmocka_unit_test(test_object_only_newer),
      cmocka_unit_test(test_source_file_refused),
      cmocka_unit_test(test_archive),
  };
  return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
