/* Host tests for kernel/proc/exec_stack.c: the image is read back the way
 * a C runtime's _start does (argc at sp, argv, envp, auxv walk to AT_NULL)
 * through the user addresses it holds; the exact Linux 6.1 layout is
 * checked on a small case, and the E2BIG limits of fs/exec.c at their
 * boundaries. */
#include "test.h"

#include <kernel/elf.h>
#include <kernel/exec_stack.h>
#include <uapi/auxvec.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

#define TOP     ELF_STACK_TOP
#define BUF_LEN (64 * 1024)
#define POISON  0xa5

static const uint8_t rnd[EXEC_RANDOM_BYTES] = {1, 2,  3,  4,  5,  6,  7,  8,
                                               9, 10, 11, 12, 13, 14, 15, 16};

/* A user-memory view of the buffer standing for [top - len, top). */
struct view {
    uint8_t *buf;
    size_t len;
    uint64_t top;
};

static bool inside(const struct view *v, uint64_t addr, size_t n)
{
    return addr >= v->top - v->len && addr <= v->top && n <= v->top - addr;
}

static uint64_t rd(const struct view *v, uint64_t addr)
{
    uint64_t x = 0;
    CHECK(inside(v, addr, 8));
    CHECK(addr % 8 == 0);
    if (inside(v, addr, 8))
        memcpy(&x, v->buf + (addr - (v->top - v->len)), 8);
    return x;
}

static const char *str_at(const struct view *v, uint64_t addr)
{
    CHECK(inside(v, addr, 1));
    if (!inside(v, addr, 1))
        return "";
    const char *s = (const char *)v->buf + (addr - (v->top - v->len));
    CHECK(memchr(s, 0, v->top - addr) != NULL);
    return s;
}

static struct exec_auxv sample_aux(void)
{
    return (struct exec_auxv){
        .sysinfo_ehdr = 0,
        .minsigstksz = 4224,
        .hwcap = HWCAP_FP | HWCAP_ASIMD | HWCAP_EVTSTRM | HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 |
                 HWCAP_SHA2 | HWCAP_CRC32 | HWCAP_CPUID,
        .hwcap2 = 0,
        .phdr = 0xaaaaaaaa0040,
        .phnum = 10,
        .base = 0xfffff7fc0000,
        .flags = 0,
        .entry = 0xaaaaaaaa06c0,
        .uid = 1000,
        .euid = 1001,
        .gid = 100,
        .egid = 101,
        .secure = true,
    };
}

/* The auxv types Linux 6.1 emits on arm64, in order (create_elf_tables). */
static const uint64_t linux_order[] = {
    AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, AT_HWCAP,  AT_PAGESZ, AT_CLKTCK, AT_PHDR,     AT_PHENT,
    AT_PHNUM,        AT_BASE,        AT_FLAGS,  AT_ENTRY,  AT_UID,    AT_EUID,     AT_GID,
    AT_EGID,         AT_SECURE,      AT_RANDOM, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, AT_NULL,
};

/* Walk the image as _start would and compare with what went in. */
static void check_image(const struct view *v, const struct exec_args *a,
                        const struct exec_auxv *aux, const struct exec_stack *st)
{
    CHECK_EQ(st->sp % 16, 0);
    CHECK_EQ(st->size, v->top - st->sp);
    uint64_t p = st->sp;
    size_t argc = rd(v, p);
    CHECK_EQ(argc, a->argc ? a->argc : 1);
    p += 8;
    CHECK_EQ(p, st->argv);
    for (size_t i = 0; i < argc; i++, p += 8) {
        uint64_t s = rd(v, p);
        CHECK(s >= st->arg_start && s < st->arg_end);
        CHECK(strcmp(str_at(v, s), a->argc ? a->argv[i] : "") == 0);
    }
    CHECK_EQ(rd(v, p), 0);
    p += 8;
    CHECK_EQ(p, st->envp);
    for (size_t i = 0; i < a->envc; i++, p += 8) {
        uint64_t s = rd(v, p);
        CHECK(s >= st->env_start && s < st->env_end);
        CHECK(strcmp(str_at(v, s), a->envp[i]) == 0);
    }
    CHECK_EQ(rd(v, p), 0);
    p += 8;
    CHECK_EQ(p, st->auxv);

    size_t k = aux->sysinfo_ehdr ? 0 : 1, pairs = 0;
    for (;; p += 16, pairs++) {
        uint64_t type = rd(v, p), val = rd(v, p + 8);
        uint64_t want_type = linux_order[k++];
        if (want_type == AT_MINSIGSTKSZ && !aux->minsigstksz)
            want_type = AT_IGNORE;
        CHECK_EQ(type, want_type);
        switch (type) {
        case AT_SYSINFO_EHDR:
            CHECK_EQ(val, aux->sysinfo_ehdr);
            break;
        case AT_MINSIGSTKSZ:
            CHECK_EQ(val, aux->minsigstksz);
            break;
        case AT_HWCAP:
            CHECK_EQ(val, aux->hwcap);
            break;
        case AT_HWCAP2:
            CHECK_EQ(val, aux->hwcap2);
            break;
        case AT_PAGESZ:
            CHECK_EQ(val, 4096);
            break;
        case AT_CLKTCK:
            CHECK_EQ(val, 100);
            break;
        case AT_PHDR:
            CHECK_EQ(val, aux->phdr);
            break;
        case AT_PHENT:
            CHECK_EQ(val, 56);
            break;
        case AT_PHNUM:
            CHECK_EQ(val, aux->phnum);
            break;
        case AT_BASE:
            CHECK_EQ(val, aux->base);
            break;
        case AT_FLAGS:
            CHECK_EQ(val, aux->flags);
            break;
        case AT_ENTRY:
            CHECK_EQ(val, aux->entry);
            break;
        case AT_UID:
            CHECK_EQ(val, aux->uid);
            break;
        case AT_EUID:
            CHECK_EQ(val, aux->euid);
            break;
        case AT_GID:
            CHECK_EQ(val, aux->gid);
            break;
        case AT_EGID:
            CHECK_EQ(val, aux->egid);
            break;
        case AT_SECURE:
            CHECK_EQ(val, aux->secure);
            break;
        case AT_RANDOM:
            CHECK_EQ(val, st->random);
            CHECK(inside(v, val, 16) && memcmp(v->buf + (val - (v->top - v->len)), rnd, 16) == 0);
            break;
        case AT_EXECFN:
            CHECK_EQ(val, st->execfn);
            CHECK(strcmp(str_at(v, val), a->execfn) == 0);
            break;
        case AT_PLATFORM:
            CHECK_EQ(val, st->platform);
            CHECK(strcmp(str_at(v, val), "aarch64") == 0);
            break;
        default:
            CHECK(type == AT_NULL || type == AT_IGNORE);
            break;
        }
        if (type == AT_NULL || k == ARRAY_SIZE(linux_order)) {
            CHECK_EQ(val, 0);
            break;
        }
    }
    CHECK_EQ(st->auxv_words, (pairs + 1) * 2);
    p += 16;
    /* Then at most 8 bytes of padding, the random bytes, the platform. */
    CHECK(st->random == p || st->random == p + 8);
    CHECK_EQ(st->platform, st->random + 16);
    CHECK(st->platform + 8 <= st->arg_start && st->arg_start - (st->platform + 8) < 16);
    /* The strings are packed: argv, envp, execfn, then 8 zero bytes. */
    CHECK_EQ(st->env_start, st->arg_end);
    CHECK_EQ(st->env_end, st->execfn);
    CHECK_EQ(st->execfn + strlen(a->execfn) + 1 + 8, v->top);
    CHECK_EQ(rd(v, v->top - 8), 0);
}

static int build(struct view *v, const struct exec_args *a, const struct exec_auxv *aux,
                 struct exec_stack *st)
{
    memset(v->buf, POISON, v->len);
    return exec_stack_build(v->buf, v->len, v->top, a, aux, rnd, st);
}

/* Nothing below sp was written. */
static void check_untouched(const struct view *v, const struct exec_stack *st)
{
    size_t below = v->len - st->size;
    for (size_t i = 0; i < below; i++) {
        if (v->buf[i] != POISON) {
            host_test_fail(__FILE__, __LINE__, "byte below sp untouched");
            return;
        }
    }
}

TEST(stack_busybox_sh)
{
    const char *argv[] = {"busybox", "sh", "-c", "echo hi"};
    const char *envp[] = {"HOME=/", "PATH=/sbin:/bin", "TERM=linux"};
    struct exec_args a = {argv, 4, envp, 3, "/bin/busybox", EXEC_STK_LIM};
    struct exec_auxv aux = sample_aux();
    struct view v = {malloc(BUF_LEN), BUF_LEN, TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    check_image(&v, &a, &aux, &st);
    check_untouched(&v, &st);
    CHECK_EQ(st.size, exec_stack_size(&a, &aux));
    /* With a vDSO and without AT_MINSIGSTKSZ. */
    aux.sysinfo_ehdr = 0xfffff7ffd000;
    aux.minsigstksz = 0;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    check_image(&v, &a, &aux, &st);
    free(v.buf);
}

/* By hand, after create_elf_tables(): top T; T-8 zero word; "/a" at
 * T-11; "a" at T-13 = arg_start; aligned down to T-16; "aarch64" at T-24;
 * random at T-40; 20 auxv pairs (320 bytes) end at T-40, 4 words (argc,
 * argv[0], NULL, NULL) below: T-392, rounded down to T-400 = sp, so the
 * auxv is at T-368 and 8 bytes of padding lie between it and the random
 * bytes. */
TEST(stack_exact_layout)
{
    const char *argv[] = {"a"};
    struct exec_args a = {argv, 1, NULL, 0, "/a", EXEC_STK_LIM};
    struct exec_auxv aux = sample_aux();
    struct view v = {malloc(BUF_LEN), BUF_LEN, TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    CHECK_EQ(st.execfn, TOP - 11);
    CHECK_EQ(st.arg_start, TOP - 13);
    CHECK_EQ(st.arg_end, TOP - 11);
    CHECK_EQ(st.env_start, TOP - 11);
    CHECK_EQ(st.env_end, TOP - 11);
    CHECK_EQ(st.platform, TOP - 24);
    CHECK_EQ(st.random, TOP - 40);
    CHECK_EQ(st.sp, TOP - 400);
    CHECK_EQ(st.argv, TOP - 392);
    CHECK_EQ(st.envp, TOP - 376);
    CHECK_EQ(st.auxv, TOP - 368);
    CHECK_EQ(st.auxv_words, 40);
    check_image(&v, &a, &aux, &st);
    /* One more auxv pair moves sp down by 16. */
    aux.sysinfo_ehdr = 0xfffff7ffd000;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    CHECK_EQ(st.sp, TOP - 416);
    check_image(&v, &a, &aux, &st);
    free(v.buf);
}

/* Alignment holds for every count and string length mix. */
TEST(stack_alignment_sweep)
{
    static const char *const pool[] = {"",        "x",        "yy",        "zzz",
                                       "0123456", "01234567", "012345678", "0123456789abcdef"};
    const char *argv[8], *envp[8];
    struct view v = {malloc(BUF_LEN), BUF_LEN, TOP - 4096};
    struct exec_auxv aux = sample_aux();
    struct exec_stack st;
    for (size_t argc = 0; argc < 8; argc++) {
        for (size_t envc = 0; envc < 8; envc++) {
            for (size_t f = 0; f < ARRAY_SIZE(pool); f++) {
                for (size_t i = 0; i < 8; i++) {
                    argv[i] = pool[(i + f) % ARRAY_SIZE(pool)];
                    envp[i] = pool[(i * 3 + f) % ARRAY_SIZE(pool)];
                }
                struct exec_args a = {argv, argc, envp, envc, pool[f], EXEC_STK_LIM};
                CHECK_EQ(build(&v, &a, &aux, &st), 0);
                check_image(&v, &a, &aux, &st);
                CHECK_EQ(st.size, exec_stack_size(&a, &aux));
            }
        }
    }
    free(v.buf);
}

TEST(stack_empty_argv)
{
    struct exec_args a = {NULL, 0, NULL, 0, "/bin/true", EXEC_STK_LIM};
    struct exec_auxv aux = sample_aux();
    struct view v = {malloc(BUF_LEN), BUF_LEN, TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    CHECK_EQ(rd(&v, st.sp), 1); /* argc 1, argv[0] "" */
    check_image(&v, &a, &aux, &st);
    free(v.buf);
}

TEST(stack_buffer_and_args)
{
    const char *argv[] = {"prog", "arg"};
    struct exec_args a = {argv, 2, NULL, 0, "/prog", EXEC_STK_LIM};
    struct exec_auxv aux = sample_aux();
    size_t need = exec_stack_size(&a, &aux);
    struct view v = {malloc(need), need, TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    check_image(&v, &a, &aux, &st);
    v.len = need - 1;
    CHECK_EQ(build(&v, &a, &aux, &st), -E2BIG);
    v.len = need;
    v.top = TOP - 8; /* not 16-byte aligned */
    CHECK_EQ(build(&v, &a, &aux, &st), -EINVAL);
    v.top = 16; /* the buffer would wrap below 0 */
    CHECK_EQ(build(&v, &a, &aux, &st), -EINVAL);
    v.top = TOP;
    a.execfn = NULL;
    CHECK_EQ(build(&v, &a, &aux, &st), -EINVAL);
    a.execfn = "/prog";
    a.argv = NULL;
    CHECK_EQ(build(&v, &a, &aux, &st), -EINVAL);
    a.argv = argv;
    a.envc = 1; /* envp NULL */
    CHECK_EQ(build(&v, &a, &aux, &st), -EINVAL);
    free(v.buf);
}

/* ---- Limits ------------------------------------------------------------- */

TEST(limits_budget)
{
    /* 8 MiB rlimit: a quarter, 2 MiB, less the pointers. */
    CHECK_EQ(exec_strings_limit(8 << 20, 1, 0), (2 << 20) - 8);
    CHECK_EQ(exec_strings_limit(8 << 20, 0, 0), (2 << 20) - 8); /* argc 0 counts as 1 */
    CHECK_EQ(exec_strings_limit(8 << 20, 3, 5), (2 << 20) - 64);
    /* Unlimited: 3/4 of _STK_LIM. Tiny: ARG_MAX. */
    CHECK_EQ(exec_strings_limit(UINT64_MAX, 1, 0), (6 << 20) - 8);
    CHECK_EQ(exec_strings_limit(100 << 20, 1, 0), (6 << 20) - 8);
    CHECK_EQ(exec_strings_limit(4096, 1, 0), 131072 - 8);
    /* The pointers alone must leave room. */
    CHECK_EQ(exec_strings_limit(4096, 1, 16382), 8);
    CHECK_EQ(exec_strings_limit(4096, 1, 16383), -E2BIG);
    CHECK_EQ(exec_strings_limit(8 << 20, EXEC_MAX_ARG_STRINGS + 1, 0), -E2BIG);
    CHECK_EQ(exec_strings_limit(8 << 20, 1, EXEC_MAX_ARG_STRINGS + 1), -E2BIG);
}

static char *string_of(size_t n, char c)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

TEST(limits_max_arg_strlen)
{
    char *ok = string_of(EXEC_MAX_ARG_STRLEN - 1, 'a'); /* with the NUL: 128 KiB */
    char *big = string_of(EXEC_MAX_ARG_STRLEN, 'b');
    const char *argv[] = {"prog", ok};
    const char *envp[] = {ok};
    struct exec_args a = {argv, 2, envp, 1, "/prog", EXEC_STK_LIM};
    CHECK_EQ(exec_check_args(&a), 0);
    argv[1] = big;
    CHECK_EQ(exec_check_args(&a), -E2BIG);
    argv[1] = "x";
    envp[0] = big;
    CHECK_EQ(exec_check_args(&a), -E2BIG);
    envp[0] = "y";
    a.execfn = big;
    CHECK_EQ(exec_check_args(&a), -E2BIG);
    a.execfn = ok;
    CHECK_EQ(exec_check_args(&a), 0);
    /* A build with a 128 KiB string works and reads back. */
    argv[1] = ok;
    a.execfn = "/prog";
    struct exec_auxv aux = sample_aux();
    size_t need = exec_stack_size(&a, &aux);
    struct view v = {malloc(need), need, TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    check_image(&v, &a, &aux, &st);
    a.stack_rlimit = 4096; /* budget ARG_MAX: 128 KiB + the rest no longer fits */
    CHECK_EQ(build(&v, &a, &aux, &st), -E2BIG);
    free(v.buf);
    free(ok);
    free(big);
}

/* Strings exactly filling the budget pass; one more byte fails. */
TEST(limits_total)
{
    enum { ENVC = 20 };
    const char *argv[] = {"a"};
    char *envp[ENVC];
    long budget = exec_strings_limit(EXEC_STK_LIM, 1, ENVC);
    CHECK(budget > 0);
    /* execfn "/x" 3 bytes + argv "a" 2 bytes + ENVC strings. */
    long left = budget - 5;
    for (int i = 0; i < ENVC; i++) {
        long n = left / (ENVC - i);
        envp[i] = string_of((size_t)n - 1, (char)('A' + i));
        left -= n;
    }
    CHECK_EQ(left, 0);
    struct exec_args a = {argv, 1, (const char *const *)envp, ENVC, "/x", EXEC_STK_LIM};
    CHECK_EQ(exec_check_args(&a), 0);
    struct exec_auxv aux = sample_aux();
    size_t need = exec_stack_size(&a, &aux);
    struct view v = {malloc(need), need, TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    check_image(&v, &a, &aux, &st);
    a.execfn = "/xy";
    CHECK_EQ(exec_check_args(&a), -E2BIG);
    CHECK_EQ(build(&v, &a, &aux, &st), -E2BIG);
    free(v.buf);
    for (int i = 0; i < ENVC; i++)
        free(envp[i]);
}

/* ---- With the ELF parser: what exec will do ----------------------------- */

static uint8_t *load(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", ELF_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* load_elf_binary() for an ET_DYN with an interpreter, without ASLR:
 * ELF_ET_DYN_BASE rounded down to the largest p_align, less the first
 * vaddr, page-aligned. */
static uint64_t pie_bias(const struct elf_image *img)
{
    uint64_t bias = ELF_ET_DYN_BASE & ~(img->max_align - 1);
    return ALIGN_DOWN(bias - img->loads[0].vaddr, PAGE_SIZE);
}

TEST(stack_for_dynamic_pie)
{
    size_t len, ld_len;
    uint8_t *exe = load("hello-dynamic", &len);
    uint8_t *ld = load("ld-linux-aarch64.so.1.head", &ld_len);
    CHECK(exe && ld);
    if (!exe || !ld)
        return;
    struct elf_image img, interp;
    const char *why;
    CHECK_EQ(elf_parse(exe, len, 67672, &img, &why), 0);
    CHECK_EQ(elf_parse(ld, ld_len, 202904, &interp, &why), 0);
    uint64_t bias = pie_bias(&img);
    CHECK_EQ(bias, 0xaaaaaaaa0000); /* the address arm64 PIEs get with ASLR off */
    /* The interpreter goes top-down below the mmap base. */
    uint64_t ld_base = ALIGN_DOWN(ELF_MMAP_BASE - (interp.end - interp.start), interp.max_align);
    struct exec_auxv aux = sample_aux();
    aux.phdr = bias + img.phdr_vaddr;
    aux.phnum = img.phnum;
    aux.entry = bias + img.entry;
    aux.base = ld_base;
    const char *argv[] = {"hello"};
    const char *envp[] = {"LANG=C"};
    struct exec_args a = {argv, 1, envp, 1, "/bin/hello", EXEC_STK_LIM};
    struct view v = {malloc(BUF_LEN), BUF_LEN, ELF_STACK_TOP};
    struct exec_stack st;
    CHECK_EQ(build(&v, &a, &aux, &st), 0);
    check_image(&v, &a, &aux, &st);
    CHECK_EQ(aux.phdr, 0xaaaaaaaa0040);
    CHECK_EQ(aux.entry, 0xaaaaaaaa06c0);
    CHECK_EQ(ld_base + interp.entry, ld_base + 0x1ac40); /* where exec jumps */
    free(v.buf);
    free(exe);
    free(ld);
}
