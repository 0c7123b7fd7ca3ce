/* Host tests for kernel/proc/elf_parse.c: real Debian arm64 binaries from
 * tests/host/data/elf/ (values checked against `readelf -lhW` of the full
 * files, see the README there), every validation rule on a small
 * hand-built ELF mutated one field at a time, and truncated files. */
#include "test.h"

#include <kernel/elf.h>
#include <uapi/errno.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef ELF_TEST_DATA
#define ELF_TEST_DATA "tests/host/data/elf"
#endif

/* ---- Real binaries ------------------------------------------------------ */

struct want_load {
    uint64_t vaddr, memsz, offset, filesz;
    unsigned prot;
};

struct want {
    const char *file;
    uint64_t size; /* of the real file; the data may hold only its start */
    uint16_t type;
    uint64_t entry;
    uint16_t phnum;
    unsigned nloads;
    struct want_load loads[2];
    uint64_t start, end, phdr_vaddr;
    const char *interp;
    uint64_t interp_offset;
    bool has_tls;
    uint64_t tls_vaddr, tls_filesz, tls_memsz, tls_align;
};

#define RX (ELF_PROT_READ | ELF_PROT_EXEC)
#define RW (ELF_PROT_READ | ELF_PROT_WRITE)

static const struct want wants[] = {
    /* busybox-static 1:1.35.0-4+deb12u1+b1 arm64, bin/busybox */
    {"busybox.head",
     1846504,
     ET_EXEC,
     0x400580,
     6,
     2,
     {{0x400000, 0x1b20ca, 0, 0x1b20ca, RX}, {0x5c9850, 0xfdb8, 0x1b9850, 0x8cc8, RW}},
     0x400000,
     0x5da000,
     0x400040,
     NULL,
     0,
     true,
     0x5c9850,
     0x28,
     0x98,
     0x10},
    /* aarch64-linux-gnu-gcc 12.2 -O2 -static hello.c */
    {"hello-static.head",
     600096,
     ET_EXEC,
     0x4005c0,
     6,
     2,
     {{0x400000, 0x7e170, 0, 0x7e170, RX}, {0x48c808, 0xad30, 0x8c808, 0x5820, RW}},
     0x400000,
     0x498000,
     0x400040,
     NULL,
     0,
     true,
     0x48c808,
     0x20,
     0x68,
     8},
    /* -static-pie */
    {"hello-static-pie.head",
     600544,
     ET_DYN,
     0x8ac0,
     8,
     2,
     {{0, 0x88df8, 0, 0x88df8, RX}, {0x9c668, 0xaea0, 0x8c668, 0x59c0, RW}},
     0,
     0xa8000,
     0x40,
     NULL,
     0,
     true,
     0x9c668,
     0x20,
     0x68,
     8},
    /* -fPIE -pie, dynamic */
    {"hello-dynamic",
     67672,
     ET_DYN,
     0x6c0,
     10,
     2,
     {{0, 0x8ec, 0, 0x8ec, RX}, {0x1fdc4, 0x27c, 0xfdc4, 0x274, RW}},
     0,
     0x21000,
     0x40,
     "/lib/ld-linux-aarch64.so.1",
     0x270,
     true,
     0x1fdc4,
     4,
     4,
     4},
    /* libc6-arm64-cross 2.36-8cross1 ld-linux-aarch64.so.1 (= Debian's) */
    {"ld-linux-aarch64.so.1.head",
     202904,
     ET_DYN,
     0x1ac40,
     7,
     2,
     {{0, 0x26058, 0, 0x26058, RX}, {0x3eda0, 0x25d8, 0x2eda0, 0x2428, RW}},
     0,
     0x42000,
     0x40,
     NULL,
     0,
     false,
     0,
     0,
     0,
     0},
};

static uint8_t *load_file(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", ELF_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "  cannot open %s\n", path);
        return NULL;
    }
    uint8_t *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

static void check_want(const struct want *w, const struct elf_image *img)
{
    CHECK_EQ(img->type, w->type);
    CHECK_EQ(img->entry, w->entry);
    CHECK_EQ(img->file_size, w->size);
    CHECK_EQ(img->phoff, 64);
    CHECK_EQ(img->phnum, w->phnum);
    CHECK_EQ(img->phentsize, sizeof(Elf64_Phdr));
    CHECK_EQ(img->phsize, w->phnum * sizeof(Elf64_Phdr));
    CHECK_EQ(img->nloads, w->nloads);
    for (unsigned i = 0; i < w->nloads && i < img->nloads; i++) {
        CHECK_EQ(img->loads[i].vaddr, w->loads[i].vaddr);
        CHECK_EQ(img->loads[i].memsz, w->loads[i].memsz);
        CHECK_EQ(img->loads[i].offset, w->loads[i].offset);
        CHECK_EQ(img->loads[i].filesz, w->loads[i].filesz);
        CHECK_EQ(img->loads[i].prot, w->loads[i].prot);
    }
    CHECK_EQ(img->start, w->start);
    CHECK_EQ(img->end, w->end);
    CHECK(img->phdr_mapped);
    CHECK_EQ(img->phdr_vaddr, w->phdr_vaddr);
    CHECK_EQ(img->max_align, 0x10000);
    CHECK(!img->exec_stack);
    CHECK_EQ(img->has_interp, w->interp != NULL);
    if (w->interp) {
        CHECK_EQ(img->interp_offset, w->interp_offset);
        CHECK_EQ(img->interp_size, strlen(w->interp) + 1);
    }
    CHECK_EQ(img->has_tls, w->has_tls);
    CHECK_EQ(img->tls.vaddr, w->tls_vaddr);
    CHECK_EQ(img->tls.filesz, w->tls_filesz);
    CHECK_EQ(img->tls.memsz, w->tls_memsz);
    CHECK_EQ(img->tls.align, w->tls_align);
}

/* elf_parse with the whole stored head, then with heads of every length
 * from the ELF header on, taking the ELF_NEED_PHDRS path when short. */
static void check_real(const struct want *w)
{
    size_t len;
    uint8_t *data = load_file(w->file, &len);
    CHECK(data != NULL);
    if (!data)
        return;
    struct elf_image img;
    const char *why = NULL;
    CHECK_EQ(elf_parse(data, len, w->size, &img, &why), 0);
    check_want(w, &img);
    if (w->interp) {
        CHECK(img.interp && strcmp(img.interp, w->interp) == 0);
    }
    for (size_t head = sizeof(Elf64_Ehdr); head <= 1024; head++) {
        int r = elf_parse(data, head, w->size, &img, &why);
        bool short_head = head < img.phoff + img.phsize;
        CHECK_EQ(r, short_head ? ELF_NEED_PHDRS : 0);
        if (r == ELF_NEED_PHDRS)
            r = elf_parse_phdrs(&img, data + img.phoff, img.phsize, &why);
        CHECK_EQ(r, 0);
        check_want(w, &img);
        if (w->interp && head < img.interp_offset + img.interp_size) {
            CHECK(img.interp == NULL);
            CHECK_EQ(elf_check_interp(&img, (const char *)data + img.interp_offset, img.interp_size,
                                      &why),
                     0);
        }
    }
    free(data);
}

TEST(real_busybox_static)
{
    check_real(&wants[0]);
}

TEST(real_hello_static)
{
    check_real(&wants[1]);
}

TEST(real_hello_static_pie)
{
    check_real(&wants[2]);
}

TEST(real_hello_dynamic)
{
    check_real(&wants[3]);
}

TEST(real_ld_so)
{
    check_real(&wants[4]);
}

/* Where the last file byte any PT_LOAD needs lies. */
static uint64_t file_end(const struct want *w)
{
    uint64_t end = 0;
    for (unsigned i = 0; i < w->nloads; i++)
        end = MAX(end, w->loads[i].offset + w->loads[i].filesz);
    return end;
}

/* A file cut anywhere before its last PT_LOAD's file bytes end is
 * rejected: up to the end of the program headers as not even an ELF
 * table, after that because a segment's bytes are missing. The first 4 KiB
 * of cuts get a buffer of exactly the cut size, so ASan sees overreads. */
static void check_truncations(const struct want *w, size_t stop)
{
    size_t len;
    uint8_t *data = load_file(w->file, &len);
    if (!data)
        return;
    struct elf_image img;
    const char *why;
    size_t phend = 64 + w->phnum * sizeof(Elf64_Phdr);
    for (size_t cut = 0; cut < MIN(stop, len); cut++) {
        uint8_t *copy = data;
        if (cut < 4096) {
            copy = malloc(cut ? cut : 1);
            memcpy(copy, data, cut);
        }
        why = NULL;
        int r = elf_parse(copy, cut, cut, &img, &why);
        if (cut < phend) {
            CHECK_EQ(r, -ENOEXEC);
        } else {
            CHECK(r == -ENOEXEC || r == -EIO);
        }
        CHECK(why != NULL);
        if (copy != data)
            free(copy);
    }
    free(data);
}

TEST(truncated_dynamic_every_length)
{
    const struct want *w = &wants[3]; /* the whole file is stored */
    check_truncations(w, file_end(w));
    size_t len;
    uint8_t *data = load_file(w->file, &len);
    if (!data)
        return;
    struct elf_image img;
    const char *why;
    for (uint64_t cut = file_end(w); cut <= len; cut++)
        CHECK_EQ(elf_parse(data, cut, cut, &img, &why), 0);
    free(data);
}

TEST(truncated_heads)
{
    for (size_t i = 0; i < ARRAY_SIZE(wants); i++)
        check_truncations(&wants[i], 4096);
}

/* Real file sizes below a segment's file end are caught even with the
 * whole head present. */
TEST(real_file_size_too_small)
{
    size_t len;
    uint8_t *data = load_file("busybox.head", &len);
    if (!data)
        return;
    struct elf_image img;
    const char *why = NULL;
    CHECK_EQ(elf_parse(data, len, 0x1b9850 + 0x8cc8 - 1, &img, &why), -ENOEXEC);
    CHECK(why && strstr(why, "file range"));
    CHECK_EQ(elf_parse(data, len, 0x1b9850 + 0x8cc8, &img, &why), 0);
    CHECK_EQ(elf_parse(data, len, len - 1, &img, &why), -EINVAL); /* head past the file */
    free(data);
}

/* ---- A hand-built ELF, mutated rule by rule ----------------------------- */

/* ET_DYN: PT_PHDR, PT_INTERP, PT_LOAD R-X [0, 0x1000) from offset 0,
 * PT_LOAD RW- [0x11000, 0x13000) with 0x100 bytes from offset 0x1000,
 * PT_GNU_STACK RW-, PT_TLS; entry 0x300; the file is 0x1100 bytes. */
#define FAKE_PHNUM  6
#define FAKE_SIZE   0x1100
#define FAKE_INTERP "/lib/ld-linux-aarch64.so.1"

struct fake {
    _Alignas(8) uint8_t b[0x3000];
    uint64_t size;
};

static Elf64_Ehdr *eh(struct fake *f)
{
    return (Elf64_Ehdr *)f->b;
}

static Elf64_Phdr *ph(struct fake *f, unsigned i)
{
    return (Elf64_Phdr *)(f->b + eh(f)->e_phoff) + i;
}

enum { P_PHDR, P_INTERP, P_TEXT, P_DATA, P_STACK, P_TLS };

static void set_ph(struct fake *f, unsigned i, uint32_t type, uint32_t flags, uint64_t off,
                   uint64_t vaddr, uint64_t filesz, uint64_t memsz, uint64_t align)
{
    *ph(f, i) = (Elf64_Phdr){type, flags, off, vaddr, vaddr, filesz, memsz, align};
}

static void make_fake(struct fake *f)
{
    memset(f, 0, sizeof(*f));
    Elf64_Ehdr *e = eh(f);
    memcpy(e->e_ident, ELFMAG, SELFMAG);
    e->e_ident[EI_CLASS] = ELFCLASS64;
    e->e_ident[EI_DATA] = ELFDATA2LSB;
    e->e_ident[EI_VERSION] = EV_CURRENT;
    e->e_type = ET_DYN;
    e->e_machine = EM_AARCH64;
    e->e_version = EV_CURRENT;
    e->e_entry = 0x300;
    e->e_phoff = sizeof(Elf64_Ehdr);
    e->e_ehsize = sizeof(Elf64_Ehdr);
    e->e_phentsize = sizeof(Elf64_Phdr);
    e->e_phnum = FAKE_PHNUM;
    uint64_t phsize = FAKE_PHNUM * sizeof(Elf64_Phdr);
    set_ph(f, P_PHDR, PT_PHDR, PF_R, 64, 64, phsize, phsize, 8);
    set_ph(f, P_INTERP, PT_INTERP, PF_R, 0x200, 0x200, sizeof(FAKE_INTERP), sizeof(FAKE_INTERP), 1);
    set_ph(f, P_TEXT, PT_LOAD, PF_R | PF_X, 0, 0, 0x1000, 0x1000, 0x10000);
    set_ph(f, P_DATA, PT_LOAD, PF_R | PF_W, 0x1000, 0x11000, 0x100, 0x2000, 0x10000);
    set_ph(f, P_STACK, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
    set_ph(f, P_TLS, PT_TLS, PF_R, 0x1000, 0x11000, 0x10, 0x20, 8);
    memcpy(f->b + 0x200, FAKE_INTERP, sizeof(FAKE_INTERP));
    f->size = FAKE_SIZE;
}

static int parse_fake(struct fake *f, struct elf_image *img, const char **why)
{
    *why = NULL;
    size_t head = (size_t)MIN(f->size, (uint64_t)sizeof(f->b));
    int r = elf_parse(f->b, head, f->size, img, why);
    if (r == ELF_NEED_PHDRS)
        r = elf_parse_phdrs(img, f->b + img->phoff, img->phsize, why);
    if (r < 0 && !*why)
        fprintf(stderr, "  error %d without a reason\n", r);
    return r;
}

/* Parse, expect err and a reason containing what. */
static void expect(struct fake *f, int err, const char *what, int line)
{
    struct elf_image img;
    const char *why;
    int r = parse_fake(f, &img, &why);
    bool ok = r == err && (err == 0 || (why && strstr(why, what)));
    if (!ok) {
        fprintf(stderr, "  line %d: want %d (%s), got %d (%s)\n", line, err, what, r,
                why ? why : "-");
        host_test_fail(__FILE__, line, "expected parse result");
    }
}
#define EXPECT(f, err, what) expect(f, err, what, __LINE__)

TEST(fake_valid)
{
    struct fake f;
    make_fake(&f);
    struct elf_image img;
    const char *why;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK_EQ(img.type, ET_DYN);
    CHECK_EQ(img.entry, 0x300);
    CHECK_EQ(img.nloads, 2);
    CHECK_EQ(img.loads[1].vaddr, 0x11000);
    CHECK_EQ(img.loads[1].memsz, 0x2000);
    CHECK_EQ(img.loads[1].offset, 0x1000);
    CHECK_EQ(img.loads[1].filesz, 0x100);
    CHECK_EQ(img.loads[1].prot, RW);
    CHECK_EQ(img.start, 0);
    CHECK_EQ(img.end, 0x13000);
    CHECK(img.phdr_mapped);
    CHECK_EQ(img.phdr_vaddr, 64);
    CHECK_EQ(img.max_align, 0x10000);
    CHECK(img.has_interp);
    CHECK(img.interp && strcmp(img.interp, FAKE_INTERP) == 0);
    CHECK(!img.exec_stack);
    CHECK(img.has_tls);
    CHECK_EQ(img.tls.memsz, 0x20);
}

TEST(fake_ident)
{
    struct fake f;
    for (int i = 0; i < SELFMAG; i++) {
        make_fake(&f);
        f.b[i] ^= 0x20;
        EXPECT(&f, -ENOEXEC, "magic");
    }
    make_fake(&f);
    f.b[EI_CLASS] = ELFCLASS32;
    EXPECT(&f, -ENOEXEC, "ELFCLASS64");
    make_fake(&f);
    f.b[EI_CLASS] = ELFCLASSNONE;
    EXPECT(&f, -ENOEXEC, "ELFCLASS64");
    make_fake(&f);
    f.b[EI_DATA] = ELFDATA2MSB;
    EXPECT(&f, -ENOEXEC, "little-endian");
    make_fake(&f);
    f.b[EI_VERSION] = EV_NONE;
    EXPECT(&f, -ENOEXEC, "version");
    make_fake(&f);
    eh(&f)->e_version = 2;
    EXPECT(&f, -ENOEXEC, "version");
    make_fake(&f);
    f.b[EI_OSABI] = ELFOSABI_LINUX; /* busybox-static has it: accepted */
    EXPECT(&f, 0, "");
}

TEST(fake_type_machine)
{
    struct fake f;
    const uint16_t bad_types[] = {ET_NONE, ET_REL, ET_CORE, 0xfe00};
    for (size_t i = 0; i < ARRAY_SIZE(bad_types); i++) {
        make_fake(&f);
        eh(&f)->e_type = bad_types[i];
        EXPECT(&f, -ENOEXEC, "e_type");
    }
    const uint16_t bad_machines[] = {0, EM_ARM, EM_X86_64, 0xb6};
    for (size_t i = 0; i < ARRAY_SIZE(bad_machines); i++) {
        make_fake(&f);
        eh(&f)->e_machine = bad_machines[i];
        EXPECT(&f, -ENOEXEC, "e_machine");
    }
}

TEST(fake_phdr_table)
{
    struct fake f;
    const uint16_t bad_sizes[] = {0, 32, 55, 57, 64};
    for (size_t i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
        make_fake(&f);
        eh(&f)->e_phentsize = bad_sizes[i];
        EXPECT(&f, -ENOEXEC, "e_phentsize");
    }
    make_fake(&f);
    eh(&f)->e_phnum = 0;
    EXPECT(&f, -ENOEXEC, "e_phnum");
    make_fake(&f);
    f.size = sizeof(f.b);
    eh(&f)->e_phnum = ELF_MAX_PHNUM; /* 73: the rest are PT_NULL */
    EXPECT(&f, 0, "");
    eh(&f)->e_phnum = ELF_MAX_PHNUM + 1;
    EXPECT(&f, -ENOEXEC, "e_phnum");
    eh(&f)->e_phnum = PN_XNUM;
    EXPECT(&f, -ENOEXEC, "e_phnum");
    make_fake(&f);
    eh(&f)->e_phoff = FAKE_SIZE - FAKE_PHNUM * sizeof(Elf64_Phdr) + 1;
    EXPECT(&f, -ENOEXEC, "outside the file");
    make_fake(&f);
    eh(&f)->e_phoff = UINT64_MAX - 8;
    EXPECT(&f, -ENOEXEC, "outside the file");
    make_fake(&f);
    eh(&f)->e_phoff = UINT64_MAX;
    EXPECT(&f, -ENOEXEC, "outside the file");
}

/* The table at an unaligned offset past the head: ELF_NEED_PHDRS, then
 * the second step gives the same answer. */
TEST(fake_phdrs_past_head)
{
    struct fake f;
    make_fake(&f);
    uint64_t phsize = FAKE_PHNUM * sizeof(Elf64_Phdr);
    memmove(f.b + 0x803, f.b + 64, phsize);
    memset(f.b + 64, 0, phsize);
    eh(&f)->e_phoff = 0x803;
    struct elf_image img;
    const char *why = NULL;
    CHECK_EQ(elf_parse(f.b, 0x100, f.size, &img, &why), ELF_NEED_PHDRS);
    CHECK_EQ(img.phoff, 0x803);
    CHECK_EQ(img.phsize, phsize);
    CHECK_EQ(elf_parse_phdrs(&img, f.b + 0x803, phsize - 1, &why), -EINVAL);
    CHECK_EQ(elf_parse_phdrs(&img, f.b + 0x803, phsize, &why), 0);
    CHECK_EQ(img.nloads, 2);
    CHECK_EQ(img.phdr_vaddr, 0x803);
    CHECK(img.has_interp && img.interp == NULL); /* 0x200 is past the head */
    CHECK_EQ(elf_check_interp(&img, FAKE_INTERP, sizeof(FAKE_INTERP), &why), 0);
    CHECK_EQ(elf_check_interp(&img, FAKE_INTERP, sizeof(FAKE_INTERP) - 1, &why), -EINVAL);
    CHECK_EQ(elf_check_interp(&img, "/lib/ld-linux-aarch64.so.1x", sizeof(FAKE_INTERP), &why),
             -ENOEXEC);
    /* A second call starts afresh (no duplicated segments). */
    CHECK_EQ(elf_parse_phdrs(&img, f.b + 0x803, phsize, &why), 0);
    CHECK_EQ(img.nloads, 2);
    CHECK_EQ(elf_parse(f.b, 63, f.size, &img, &why), -EINVAL);
}

TEST(fake_load_sizes)
{
    struct fake f;
    make_fake(&f);
    ph(&f, P_DATA)->p_filesz = 0x2001;
    EXPECT(&f, -ENOEXEC, "p_filesz > p_memsz");
    make_fake(&f);
    ph(&f, P_DATA)->p_filesz = 0x101; /* one byte past the end of the file */
    EXPECT(&f, -ENOEXEC, "file range");
    make_fake(&f);
    ph(&f, P_DATA)->p_offset = UINT64_MAX - 0xfff;
    ph(&f, P_DATA)->p_vaddr = 0x11000 - 0x1000;
    EXPECT(&f, -ENOEXEC, "file range");
    make_fake(&f);
    ph(&f, P_DATA)->p_filesz = 0; /* pure bss: the offset does not matter */
    ph(&f, P_DATA)->p_offset = 0x7000;
    EXPECT(&f, 0, "");
    make_fake(&f);
    ph(&f, P_DATA)->p_memsz = UINT64_MAX - 0x10000; /* wraps */
    EXPECT(&f, -ENOEXEC, "user address space");
    make_fake(&f);
    ph(&f, P_DATA)->p_memsz = ELF_USER_END - 0x11000; /* ends at 2^48: fine... */
    EXPECT(&f, -ENOMEM, "span");                      /* ...but far too big */
    ph(&f, P_DATA)->p_memsz = ELF_USER_END - 0x11000 + 1;
    EXPECT(&f, -ENOEXEC, "user address space");
    make_fake(&f);
    ph(&f, P_DATA)->p_vaddr = 0x0000fffffffff000; /* a page below 2^48 */
    ph(&f, P_DATA)->p_memsz = 0x1000;
    EXPECT(&f, -ENOMEM, "span");
    ph(&f, P_DATA)->p_memsz = 0x1001;
    EXPECT(&f, -ENOEXEC, "user address space");
}

TEST(fake_span)
{
    struct fake f;
    make_fake(&f);
    ph(&f, P_DATA)->p_vaddr = ELF_MAX_SPAN - 0x2000; /* ends exactly at ELF_MAX_SPAN */
    ph(&f, P_DATA)->p_offset = 0x1000;
    EXPECT(&f, 0, "");
    ph(&f, P_DATA)->p_memsz = 0x2001;
    EXPECT(&f, -ENOMEM, "span");
    /* The same span as an ET_EXEC, moved up past mmap_min_addr. */
    make_fake(&f);
    eh(&f)->e_type = ET_EXEC;
    EXPECT(&f, -ENOEXEC, "mmap_min_addr");
    ph(&f, P_TEXT)->p_vaddr = ELF_MIN_VADDR;
    ph(&f, P_DATA)->p_vaddr += ELF_MIN_VADDR;
    eh(&f)->e_entry += ELF_MIN_VADDR;
    EXPECT(&f, 0, "");
}

TEST(fake_congruence)
{
    struct fake f;
    const uint64_t deltas[] = {1, 8, 0x800, 0xfff};
    for (size_t i = 0; i < ARRAY_SIZE(deltas); i++) {
        make_fake(&f);
        ph(&f, P_DATA)->p_vaddr += deltas[i];
        EXPECT(&f, -ENOEXEC, "modulo the page size");
        make_fake(&f);
        ph(&f, P_DATA)->p_offset += deltas[i]; /* no file bytes: only congruence */
        ph(&f, P_DATA)->p_filesz = 0;
        EXPECT(&f, -ENOEXEC, "modulo the page size");
    }
    /* p_align larger than a page is not required to hold (Linux maps on
     * page granularity), and a p_align that is not a power of two is
     * ignored for max_align. */
    make_fake(&f);
    ph(&f, P_DATA)->p_vaddr = 0x12000;
    ph(&f, P_DATA)->p_align = 0x3000;
    ph(&f, P_TEXT)->p_align = 0x1000;
    struct elf_image img;
    const char *why;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK_EQ(img.max_align, 0x1000);
    ph(&f, P_TEXT)->p_align = 0;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK_EQ(img.max_align, PAGE_SIZE); /* at least a page */
}

TEST(fake_order_and_overlap)
{
    struct fake f;
    make_fake(&f);
    Elf64_Phdr text = *ph(&f, P_TEXT);
    *ph(&f, P_TEXT) = *ph(&f, P_DATA);
    *ph(&f, P_DATA) = text;
    EXPECT(&f, -ENOEXEC, "ascending");
    make_fake(&f);
    ph(&f, P_DATA)->p_vaddr = 0xf00; /* inside the text segment */
    ph(&f, P_DATA)->p_offset = 0xf00;
    EXPECT(&f, -ENOEXEC, "overlap");
    make_fake(&f);
    ph(&f, P_DATA)->p_vaddr = 0; /* same start */
    ph(&f, P_DATA)->p_offset = 0x1000;
    EXPECT(&f, -ENOEXEC, "overlap");
    make_fake(&f);
    ph(&f, P_TEXT)->p_memsz = 0x800; /* no byte overlaps, but page 0 is shared */
    ph(&f, P_TEXT)->p_filesz = 0x800;
    ph(&f, P_DATA)->p_vaddr = 0xc00;
    ph(&f, P_DATA)->p_offset = 0xc00;
    EXPECT(&f, -ENOEXEC, "share a page");
    ph(&f, P_DATA)->p_vaddr = 0x1c00; /* the next page: fine */
    EXPECT(&f, 0, "");
    make_fake(&f);
    ph(&f, P_TEXT)->p_memsz = 0x1001; /* one byte into the next page */
    ph(&f, P_DATA)->p_vaddr = 0x1000;
    EXPECT(&f, -ENOEXEC, "share a page");
}

TEST(fake_too_many_loads)
{
    struct fake f;
    make_fake(&f);
    f.size = sizeof(f.b);
    eh(&f)->e_phnum = ELF_MAX_LOADS + 1;
    for (unsigned i = 0; i <= ELF_MAX_LOADS; i++)
        set_ph(&f, i, PT_LOAD, PF_R | PF_X, 0, (uint64_t)i * 0x1000, 0x100, 0x100, 0x1000);
    eh(&f)->e_entry = 0x10;
    EXPECT(&f, -ENOEXEC, "too many");
    eh(&f)->e_phnum = ELF_MAX_LOADS;
    EXPECT(&f, 0, "");
}

TEST(fake_entry)
{
    struct fake f;
    const uint64_t bad[] = {0x1000, 0x5000, 0x11000, 0x12fff, 0x13000, UINT64_MAX};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        make_fake(&f);
        eh(&f)->e_entry = bad[i];
        EXPECT(&f, -ENOEXEC, "entry");
    }
    const uint64_t good[] = {0, 0xfff};
    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        make_fake(&f);
        eh(&f)->e_entry = good[i];
        EXPECT(&f, 0, "");
    }
    make_fake(&f);
    ph(&f, P_DATA)->p_flags |= PF_X; /* now the data segment is executable */
    eh(&f)->e_entry = 0x12fff;
    EXPECT(&f, 0, "");
}

TEST(fake_no_load)
{
    struct fake f;
    make_fake(&f);
    ph(&f, P_TEXT)->p_type = PT_NOTE;
    ph(&f, P_DATA)->p_type = PT_NULL;
    EXPECT(&f, -ENOEXEC, "no PT_LOAD");
}

TEST(fake_interp)
{
    struct fake f;
    make_fake(&f);
    ph(&f, P_INTERP)->p_filesz = 1;
    EXPECT(&f, -ENOEXEC, "PT_INTERP size");
    ph(&f, P_INTERP)->p_filesz = 0;
    EXPECT(&f, -ENOEXEC, "PT_INTERP size");
    ph(&f, P_INTERP)->p_filesz = ELF_INTERP_MAX + 1;
    EXPECT(&f, -ENOEXEC, "PT_INTERP size");
    ph(&f, P_INTERP)->p_filesz = ELF_INTERP_MAX; /* allowed size, past the file */
    EXPECT(&f, -EIO, "PT_INTERP past");
    f.size = sizeof(f.b);
    EXPECT(&f, 0, ""); /* only the last byte must be NUL */
    f.b[0x200 + ELF_INTERP_MAX - 1] = 'x';
    EXPECT(&f, -ENOEXEC, "NUL");
    make_fake(&f);
    ph(&f, P_INTERP)->p_filesz = sizeof(FAKE_INTERP) - 1; /* drops the NUL */
    EXPECT(&f, -ENOEXEC, "NUL");
    make_fake(&f);
    ph(&f, P_INTERP)->p_offset = UINT64_MAX - 4;
    EXPECT(&f, -EIO, "PT_INTERP past");
    /* Only the first PT_INTERP counts, as in load_elf_binary(). */
    make_fake(&f);
    set_ph(&f, P_STACK, PT_INTERP, PF_R, 0x1000, 0, 2, 2, 1);
    struct elf_image img;
    const char *why;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(img.interp && strcmp(img.interp, FAKE_INTERP) == 0);
}

TEST(fake_stack_tls_property)
{
    struct fake f;
    struct elf_image img;
    const char *why;
    make_fake(&f);
    ph(&f, P_STACK)->p_flags |= PF_X;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(img.exec_stack);
    ph(&f, P_STACK)->p_type = PT_NULL; /* no PT_GNU_STACK: not executable on arm64 */
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(!img.exec_stack);
    ph(&f, P_STACK)->p_type = PT_GNU_PROPERTY;
    ph(&f, P_STACK)->p_offset = 0x300;
    ph(&f, P_STACK)->p_filesz = 0x20;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(img.has_property);
    CHECK_EQ(img.property_offset, 0x300);
    CHECK_EQ(img.property_size, 0x20);
    ph(&f, P_TLS)->p_type = PT_NULL;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(!img.has_tls);
}

TEST(fake_phdr_vaddr)
{
    struct fake f;
    struct elf_image img;
    const char *why;
    make_fake(&f);
    ph(&f, P_TEXT)->p_filesz = 64; /* the table starts just past the mapped bytes */
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(!img.phdr_mapped);
    CHECK_EQ(img.phdr_vaddr, 0);
    ph(&f, P_TEXT)->p_filesz = 65;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK(img.phdr_mapped);
    CHECK_EQ(img.phdr_vaddr, 64);
    /* The last PT_LOAD containing e_phoff wins, as in Linux 6.1. */
    make_fake(&f);
    ph(&f, P_DATA)->p_offset = 0;
    ph(&f, P_DATA)->p_vaddr = 0x11000;
    CHECK_EQ(parse_fake(&f, &img, &why), 0);
    CHECK_EQ(img.phdr_vaddr, 0x11040);
}

/* Each byte of the header and table changed to a few values: the parser
 * never crashes (ASan) and every failure has a reason. */
TEST(fake_every_byte)
{
    const uint8_t values[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
    struct fake f;
    struct elf_image img;
    const char *why;
    size_t end = 64 + FAKE_PHNUM * sizeof(Elf64_Phdr);
    for (size_t at = 0; at < end; at++) {
        for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
            make_fake(&f);
            f.b[at] = values[v];
            int r = parse_fake(&f, &img, &why);
            CHECK(r == 0 || (r < 0 && why));
        }
    }
}
