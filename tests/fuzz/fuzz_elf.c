/* libFuzzer target for kernel/proc/elf_parse.c and kernel/proc/exec_stack.c.
 * Build and run: make fuzz-elf (mk/fuzz-elf.mk).
 *
 * Each input, in a heap buffer of exactly its size (a read past the end is
 * an AddressSanitizer report), is taken as the head of a file whose size
 * is the larger of the input's size and the end of the section header
 * table its ELF header claims (real binaries keep that table at the end,
 * so the seed heads of tests/host/data/elf/ parse as the whole files).
 *   1. elf_parse() must agree with an independent reference checker
 *      (ref_parse below: the rules of include/kernel/elf.h written as one
 *      straight pass over byte-decoded fields) on the result code;
 *   2. an accepted image must satisfy every promise of the header:
 *      segments inside the file and user space, congruent, ascending and
 *      page-disjoint, the entry in an executable one, and so on;
 *   3. parsing again with a shorter head, through ELF_NEED_PHDRS and
 *      elf_parse_phdrs(), must give the same result and image;
 *   4. elf_is_script() must not crash and give NUL-terminated strings;
 *   5. the input split at NULs into argv/envp, exec_stack_build() must
 *      succeed and read back (argc, argv, envp, auxv) exactly.
 * Any mismatch prints what differed and traps. */
#include <kernel/elf.h>
#include <kernel/exec_stack.h>
#include <uapi/auxvec.h>
#include <uapi/errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAILF(...)                                                                                 \
    do {                                                                                           \
        fprintf(stderr, "fuzz_elf: " __VA_ARGS__);                                                 \
        fprintf(stderr, "\n");                                                                     \
        __builtin_trap();                                                                          \
    } while (0)

/* ---- The reference checker ---------------------------------------------- */

static uint64_t le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

struct ref_ph {
    uint64_t type, flags, offset, vaddr, filesz, memsz;
};

static struct ref_ph ref_ph_at(const uint8_t *p)
{
    return (struct ref_ph){le(p, 4),      le(p + 4, 4),  le(p + 8, 8),
                           le(p + 16, 8), le(p + 32, 8), le(p + 40, 8)};
}

/* One PT_LOAD against the file and the previous one (NULL for the first). */
static int ref_load(const struct ref_ph *ph, const struct ref_ph *prev, uint64_t type,
                    uint64_t file_size)
{
    if (ph->filesz > ph->memsz)
        return -ENOEXEC;
    if (ph->filesz && (ph->offset > file_size || ph->filesz > file_size - ph->offset))
        return -ENOEXEC;
    if ((ph->vaddr - ph->offset) % 4096)
        return -ENOEXEC;
    if (ph->vaddr > ELF_USER_END || ph->memsz > ELF_USER_END - ph->vaddr)
        return -ENOEXEC;
    if (type == ET_EXEC && ph->memsz && ph->vaddr < 0x8000)
        return -ENOEXEC;
    if (prev) {
        uint64_t prev_end_page = (prev->vaddr + prev->memsz + 4095) / 4096;
        if (ph->vaddr < prev->vaddr || ph->vaddr / 4096 < prev_end_page)
            return -ENOEXEC;
    }
    return 0;
}

static int ref_interp(const struct ref_ph *ph, const uint8_t *head, size_t head_len,
                      uint64_t file_size)
{
    if (ph->filesz < 2 || ph->filesz > 4096)
        return -ENOEXEC;
    if (ph->offset > file_size || ph->filesz > file_size - ph->offset)
        return -EIO;
    if (ph->offset + ph->filesz <= head_len && head[ph->offset + ph->filesz - 1] != 0)
        return -ENOEXEC;
    return 0;
}

static int ref_parse(const uint8_t *d, size_t n, uint64_t file_size)
{
    if (file_size < 64)
        return -ENOEXEC;
    if (memcmp(d, "\177ELF", 4) || d[4] != 2 || d[5] != 1 || d[6] != 1 || le(d + 20, 4) != 1)
        return -ENOEXEC;
    uint64_t type = le(d + 16, 2), phoff = le(d + 32, 8), phnum = le(d + 56, 2);
    if ((type != 2 && type != 3) || le(d + 18, 2) != 183 || le(d + 54, 2) != 56)
        return -ENOEXEC;
    if (phnum == 0 || phnum > 73 || phoff > file_size || phnum * 56 > file_size - phoff)
        return -ENOEXEC;
    if (phoff + phnum * 56 > n)
        return ELF_NEED_PHDRS;
    struct ref_ph loads[ELF_MAX_LOADS];
    size_t nloads = 0;
    bool seen_interp = false;
    for (uint64_t i = 0; i < phnum; i++) {
        struct ref_ph ph = ref_ph_at(d + phoff + i * 56);
        int r = 0;
        if (ph.type == PT_LOAD) {
            r = ref_load(&ph, nloads ? &loads[nloads - 1] : NULL, type, file_size);
            if (!r && nloads == ELF_MAX_LOADS)
                r = -ENOEXEC;
            if (!r)
                loads[nloads++] = ph;
        } else if (ph.type == PT_INTERP && !seen_interp) {
            r = ref_interp(&ph, d, n, file_size);
            seen_interp = true;
        }
        if (r)
            return r;
    }
    if (!nloads)
        return -ENOEXEC;
    uint64_t span = (loads[nloads - 1].vaddr + loads[nloads - 1].memsz + 4095) / 4096 * 4096 -
                    loads[0].vaddr / 4096 * 4096;
    if (span > ELF_MAX_SPAN)
        return -ENOMEM;
    uint64_t entry = le(d + 24, 8);
    for (size_t i = 0; i < nloads; i++)
        if ((loads[i].flags & PF_X) && entry >= loads[i].vaddr &&
            entry - loads[i].vaddr < loads[i].memsz)
            return 0;
    return -ENOEXEC;
}

/* ---- Properties of an accepted image ------------------------------------ */

static void check_image(const struct elf_image *img, const uint8_t *d, size_t n)
{
    if (img->nloads == 0 || img->nloads > ELF_MAX_LOADS)
        FAILF("nloads %u", img->nloads);
    if (img->phsize != img->phnum * sizeof(Elf64_Phdr) || img->phsize > ELF_MAX_PHDRS_SIZE)
        FAILF("phsize %u", img->phsize);
    bool entry_ok = false;
    for (unsigned i = 0; i < img->nloads; i++) {
        const struct elf_segment *s = &img->loads[i];
        if (s->filesz > s->memsz || (s->filesz && s->offset + s->filesz > img->file_size))
            FAILF("segment %u sizes", i);
        if ((s->vaddr - s->offset) % PAGE_SIZE || s->vaddr + s->memsz > ELF_USER_END ||
            s->vaddr + s->memsz < s->vaddr)
            FAILF("segment %u addresses", i);
        if (i && ALIGN_DOWN(s->vaddr, PAGE_SIZE) <
                     ALIGN_UP(img->loads[i - 1].vaddr + img->loads[i - 1].memsz, PAGE_SIZE))
            FAILF("segment %u overlaps", i);
        if (s->prot & ~(ELF_PROT_READ | ELF_PROT_WRITE | ELF_PROT_EXEC))
            FAILF("segment %u prot", i);
        if ((s->prot & ELF_PROT_EXEC) && img->entry >= s->vaddr && img->entry < s->vaddr + s->memsz)
            entry_ok = true;
    }
    if (!entry_ok)
        FAILF("entry 0x%llx", (unsigned long long)img->entry);
    if (!IS_ALIGNED(img->start, PAGE_SIZE) || !IS_ALIGNED(img->end, PAGE_SIZE) ||
        img->end <= img->start || img->end - img->start > ELF_MAX_SPAN)
        FAILF("span");
    if (img->max_align < PAGE_SIZE || (img->max_align & (img->max_align - 1)))
        FAILF("max_align 0x%llx", (unsigned long long)img->max_align);
    if (img->has_interp) {
        if (img->interp_size < 2 || img->interp_size > ELF_INTERP_MAX ||
            img->interp_offset + img->interp_size > img->file_size)
            FAILF("interp range");
        if (img->interp_offset + img->interp_size <= n) {
            if (img->interp != (const char *)d + img->interp_offset ||
                img->interp[img->interp_size - 1])
                FAILF("interp string");
        } else if (img->interp) {
            FAILF("interp pointer past head");
        }
    }
}

static bool same_image(const struct elf_image *a, const struct elf_image *b)
{
    if (a->type != b->type || a->entry != b->entry || a->file_size != b->file_size ||
        a->phoff != b->phoff || a->phnum != b->phnum || a->phsize != b->phsize ||
        a->phdr_vaddr != b->phdr_vaddr || a->phdr_mapped != b->phdr_mapped ||
        a->nloads != b->nloads || a->start != b->start || a->end != b->end ||
        a->max_align != b->max_align || a->has_interp != b->has_interp ||
        a->interp_offset != b->interp_offset || a->interp_size != b->interp_size ||
        a->exec_stack != b->exec_stack || a->has_tls != b->has_tls ||
        memcmp(&a->tls, &b->tls, sizeof(a->tls)) || a->has_property != b->has_property ||
        a->property_offset != b->property_offset || a->property_size != b->property_size)
        return false;
    for (unsigned i = 0; i < a->nloads; i++) {
        const struct elf_segment *x = &a->loads[i], *y = &b->loads[i];
        if (x->vaddr != y->vaddr || x->memsz != y->memsz || x->offset != y->offset ||
            x->filesz != y->filesz || x->prot != y->prot)
            return false;
    }
    return true;
}

/* ---- The ELF parser ----------------------------------------------------- */

static uint64_t claimed_size(const uint8_t *d, size_t n)
{
    if (n < 64)
        return n;
    uint64_t shoff = le(d + 40, 8), shend = shoff + le(d + 58, 2) * le(d + 60, 2);
    if (shend < shoff || shend > (1ULL << 40))
        return n;
    return MAX((uint64_t)n, shend);
}

static void fuzz_parse(const uint8_t *d, size_t n)
{
    uint64_t file_size = claimed_size(d, n);
    struct elf_image img, img2;
    const char *why = NULL;
    int r = elf_parse(d, n, file_size, &img, &why);
    int want = ref_parse(d, n, file_size);
    if (r != want)
        FAILF("elf_parse %d (%s), reference %d", r, why ? why : "-", want);
    if (r < 0 && !why)
        FAILF("error %d without a reason", r);
    if (r != 0)
        return;
    check_image(&img, d, n);
    /* Again from a shorter head: the table must be read separately. */
    size_t head = sizeof(Elf64_Ehdr) + d[n - 1] % 64;
    if (head >= n || head >= img.phoff + img.phsize)
        return;
    r = elf_parse(d, head, file_size, &img2, &why);
    if (r != ELF_NEED_PHDRS)
        FAILF("short head: %d, want ELF_NEED_PHDRS", r);
    r = elf_parse_phdrs(&img2, d + img2.phoff, img2.phsize, &why);
    if (r == 0 && img2.has_interp && !img2.interp && img2.interp_offset + img2.interp_size <= n)
        r = elf_check_interp(&img2, (const char *)d + img2.interp_offset, img2.interp_size, &why);
    if (r != 0 || !same_image(&img, &img2))
        FAILF("two-step parse differs: %d (%s)", r, why ? why : "-");
}

/* ---- Scripts and stacks ------------------------------------------------- */

static void fuzz_script(const uint8_t *d, size_t n)
{
    struct elf_script s;
    int r = elf_is_script(d, n, &s);
    if (r == 0) {
        if (!memchr(s.interp, 0, sizeof(s.interp)) || !memchr(s.arg, 0, sizeof(s.arg)))
            FAILF("script strings not terminated");
        if (n < 2 || d[0] != '#' || d[1] != '!')
            FAILF("accepted a non-script");
    } else if (r != -ENOEXEC) {
        FAILF("elf_is_script %d", r);
    }
}

static uint64_t rd64(const uint8_t *base, uint64_t base_addr, uint64_t addr)
{
    uint64_t v;
    memcpy(&v, base + (addr - base_addr), 8);
    return v;
}

/* Compare the NULL-terminated pointer array at addr with want[0..n). */
static uint64_t check_strings(const uint8_t *buf, uint64_t lo, uint64_t addr,
                              const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++, addr += 8) {
        uint64_t s = rd64(buf, lo, addr);
        if (s < lo || strcmp((const char *)buf + (s - lo), want[i]))
            FAILF("string %zu differs", i);
    }
    if (rd64(buf, lo, addr))
        FAILF("array not NULL-terminated");
    return addr + 8;
}

static void fuzz_stack(const uint8_t *d, size_t n)
{
    if (n > 4096)
        return;
    /* Strings: the input split at NUL bytes; the first d[0] % 8 go to argv,
     * the last is execfn, the rest to envp. */
    char *text = malloc(n + 1);
    memcpy(text, d, n);
    text[n] = '\0';
    const char *strs[4097];
    size_t count = 0;
    for (size_t i = 0; i <= n; i += strlen(text + i) + 1)
        strs[count++] = text + i;
    size_t argc = MIN((size_t)(n ? d[0] % 8 : 0), count - 1);
    struct exec_args a = {strs, argc, strs + argc, count - 1 - argc, strs[count - 1], EXEC_STK_LIM};
    struct exec_auxv aux = {.phdr = 0x400040,
                            .phnum = 6,
                            .entry = 0x400580,
                            .minsigstksz = n % 3 ? 4224 : 0,
                            .sysinfo_ehdr = n % 2 ? 0 : 0x1000};
    uint8_t rnd[EXEC_RANDOM_BYTES] = {0};
    size_t len = exec_stack_size(&a, &aux);
    uint8_t *buf = malloc(len);
    uint64_t top = ELF_STACK_TOP - 16 * (n % 7);
    struct exec_stack st;
    int r = exec_stack_build(buf, len, top, &a, &aux, rnd, &st);
    if (r != 0 || st.sp != top - len || st.sp % 16)
        FAILF("exec_stack_build %d", r);
    uint64_t lo = top - len;
    if (rd64(buf, lo, st.sp) != (argc ? argc : 1))
        FAILF("argc");
    static const char *const empty[] = {""};
    uint64_t p = check_strings(buf, lo, st.argv, argc ? a.argv : empty, argc ? argc : 1);
    p = check_strings(buf, lo, p, a.envp, a.envc);
    if (p != st.auxv)
        FAILF("auxv position");
    size_t words = 0;
    while (rd64(buf, lo, p + words * 8) != AT_NULL)
        words += 2;
    if (words + 2 != st.auxv_words)
        FAILF("auxv length");
    free(buf);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *d = malloc(size ? size : 1);
    memcpy(d, data, size);
    if (size)
        fuzz_parse(d, size);
    fuzz_script(d, size);
    fuzz_stack(d, size);
    free(d);
    return 0;
}
