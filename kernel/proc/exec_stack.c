/* The initial process stack (include/kernel/exec_stack.h): argument limits
 * as Linux fs/exec.c (6.1) enforces them and the layout of fs/binfmt_elf.c
 * create_elf_tables() on arm64. */
#include <kernel/exec_stack.h>
#include <kernel/string.h>
#include <uapi/auxvec.h>
#include <uapi/elf.h>
#include <uapi/errno.h>

/* argv when argc is 0: do_execveat_common() adds "" (Linux 5.18+). */
static const char *const empty_argv[] = {""};

static size_t argc_of(const struct exec_args *a)
{
    return a->argc ? a->argc : 1;
}

static const char *arg_at(const struct exec_args *a, size_t i)
{
    return a->argc ? a->argv[i] : empty_argv[0];
}

long exec_strings_limit(uint64_t stack_rlimit, size_t argc, size_t envc)
{
    if (argc > EXEC_MAX_ARG_STRINGS || envc > EXEC_MAX_ARG_STRINGS)
        return -E2BIG; /* count() */
    uint64_t limit = MIN(EXEC_STK_LIM / 4 * 3, stack_rlimit / 4);
    limit = MAX(limit, EXEC_ARG_MAX);
    uint64_t ptr_size = ((uint64_t)MAX(argc, (size_t)1) + envc) * sizeof(uint64_t);
    if (limit <= ptr_size)
        return -E2BIG;
    return (long)(limit - ptr_size);
}

/* strlen + 1 if within MAX_ARG_STRLEN (valid_arg_len()), else 0. */
static size_t arg_len(const char *s)
{
    size_t n = strnlen(s, EXEC_MAX_ARG_STRLEN);
    return n < EXEC_MAX_ARG_STRLEN ? n + 1 : 0;
}

/* Charge one string against *left as copy_strings() moves bprm->p down. */
static int charge(const char *s, uint64_t *left)
{
    if (!s)
        return -EINVAL;
    size_t len = arg_len(s);
    if (!len || len > *left)
        return -E2BIG;
    *left -= len;
    return 0;
}

int exec_check_args(const struct exec_args *a)
{
    if (!a || !a->execfn || (a->argc && !a->argv) || (a->envc && !a->envp))
        return -EINVAL;
    long limit = exec_strings_limit(a->stack_rlimit, a->argc, a->envc);
    if (limit < 0)
        return (int)limit;
    uint64_t left = (uint64_t)limit;
    int r = charge(a->execfn, &left);
    for (size_t i = 0; !r && i < a->envc; i++)
        r = charge(a->envp[i], &left);
    for (size_t i = 0; !r && i < argc_of(a); i++)
        r = charge(arg_at(a, i), &left);
    return r;
}

/* The auxiliary vector in create_elf_tables() order: ARCH_DLINFO (arm64
 * elf.h) first, then the generic entries. Returns the number of pairs,
 * AT_NULL included. */
static size_t fill_auxv(uint64_t v[2 * EXEC_AUXV_MAX], const struct exec_auxv *aux, uint64_t execfn,
                        uint64_t platform, uint64_t random)
{
    size_t n = 0;
#define AUX(id, val)                                                                               \
    do {                                                                                           \
        v[n++] = (id);                                                                             \
        v[n++] = (val);                                                                            \
    } while (0)
    if (aux->sysinfo_ehdr)
        AUX(AT_SYSINFO_EHDR, aux->sysinfo_ehdr);
    if (aux->minsigstksz)
        AUX(AT_MINSIGSTKSZ, aux->minsigstksz);
    else
        AUX(AT_IGNORE, 0);
    AUX(AT_HWCAP, aux->hwcap);
    AUX(AT_PAGESZ, PAGE_SIZE);
    AUX(AT_CLKTCK, EXEC_CLKTCK);
    AUX(AT_PHDR, aux->phdr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, aux->phnum);
    AUX(AT_BASE, aux->base);
    AUX(AT_FLAGS, aux->flags);
    AUX(AT_ENTRY, aux->entry);
    AUX(AT_UID, aux->uid);
    AUX(AT_EUID, aux->euid);
    AUX(AT_GID, aux->gid);
    AUX(AT_EGID, aux->egid);
    AUX(AT_SECURE, aux->secure ? 1 : 0);
    AUX(AT_RANDOM, random);
    AUX(AT_HWCAP2, aux->hwcap2);
    AUX(AT_EXECFN, execfn);
    AUX(AT_PLATFORM, platform);
    AUX(AT_NULL, 0);
#undef AUX
    return n / 2;
}

/* Offsets below the (16-byte aligned) stack top, computed once so the
 * build can check the buffer before writing anything. */
struct layout {
    uint64_t execfn, env_start, arg_start; /* string areas */
    uint64_t platform, random;             /* above the tables */
    uint64_t auxv_end;                     /* the tables end here */
    uint64_t sp;                           /* argc */
    size_t pairs;                          /* auxv pairs */
};

static size_t strings_len(const char *const *v, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(v[i]) + 1;
    return total;
}

/* Distances down from the top; the caller checked exec_check_args(). */
static void plan(const struct exec_args *a, const struct exec_auxv *aux, struct layout *l)
{
    uint64_t p = sizeof(uint64_t); /* the zero word at the very top */
    p += strlen(a->execfn) + 1;
    l->execfn = p;
    p += strings_len(a->envp, a->envc);
    l->env_start = p;
    p += a->argc ? strings_len(a->argv, a->argc) : 1;
    l->arg_start = p;
    p = ALIGN_UP(p, 16); /* arch_align_stack(): sp & ~0xf */
    p += sizeof(EXEC_PLATFORM);
    l->platform = p;
    p += EXEC_RANDOM_BYTES;
    l->random = p;
    l->auxv_end = p;
    uint64_t scratch[2 * EXEC_AUXV_MAX];
    l->pairs = fill_auxv(scratch, aux, 0, 0, 0);
    p += l->pairs * 2 * sizeof(uint64_t);
    size_t items = (argc_of(a) + 1) + (a->envc + 1) + 1; /* pointers, NULLs, argc */
    p += items * sizeof(uint64_t);
    l->sp = ALIGN_UP(p, 16); /* STACK_ROUND() */
}

size_t exec_stack_size(const struct exec_args *args, const struct exec_auxv *aux)
{
    struct layout l;
    plan(args, aux, &l);
    return l.sp;
}

static void put_u64(uint8_t *at, uint64_t v)
{
    memcpy(at, &v, sizeof(v));
}

/* Copy n strings upward from user address addr (buffer position at),
 * storing each one's address at ptrs (as create_elf_tables() walks the
 * strings from arg_start). Returns the address past the last string. */
static uint64_t put_strings(uint8_t **ptrs, uint8_t *at, uint64_t addr, const char *const *v,
                            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        memcpy(at, v[i], len);
        put_u64(*ptrs, addr);
        *ptrs += sizeof(uint64_t);
        at += len;
        addr += len;
    }
    put_u64(*ptrs, 0); /* the array's NULL */
    *ptrs += sizeof(uint64_t);
    return addr;
}

/* Write the planned image: top is buf's end, user address stack_top. */
static void write_image(uint8_t *top, uint64_t stack_top, const struct exec_args *a,
                        const struct exec_auxv *aux, const uint8_t *random, const struct layout *l,
                        struct exec_stack *out)
{
    memset(top - l->sp, 0, l->sp);
    memcpy(top - l->execfn, a->execfn, strlen(a->execfn) + 1);
    memcpy(top - l->platform, EXEC_PLATFORM, sizeof(EXEC_PLATFORM));
    memcpy(top - l->random, random, EXEC_RANDOM_BYTES);

    uint8_t *ptrs = top - l->sp;
    put_u64(ptrs, argc_of(a));
    ptrs += sizeof(uint64_t);
    out->argv = stack_top - l->sp + sizeof(uint64_t);
    const char *const *argv = a->argc ? a->argv : empty_argv;
    out->arg_start = stack_top - l->arg_start;
    out->arg_end = put_strings(&ptrs, top - l->arg_start, out->arg_start, argv, argc_of(a));
    out->envp = out->argv + (argc_of(a) + 1) * sizeof(uint64_t);
    out->env_start = out->arg_end;
    out->env_end = put_strings(&ptrs, top - l->env_start, out->env_start, a->envp, a->envc);

    out->execfn = stack_top - l->execfn;
    out->platform = stack_top - l->platform;
    out->random = stack_top - l->random;
    uint64_t v[2 * EXEC_AUXV_MAX];
    size_t pairs = fill_auxv(v, aux, out->execfn, out->platform, out->random);
    memcpy(ptrs, v, pairs * 2 * sizeof(uint64_t));
    out->auxv = out->envp + (a->envc + 1) * sizeof(uint64_t);
    out->auxv_words = pairs * 2;
}

int exec_stack_build(void *buf, size_t buf_len, uint64_t stack_top, const struct exec_args *args,
                     const struct exec_auxv *aux, const uint8_t random[EXEC_RANDOM_BYTES],
                     struct exec_stack *out)
{
    if (!buf || !aux || !random || !out || !IS_ALIGNED(stack_top, 16) || stack_top < buf_len)
        return -EINVAL;
    int r = exec_check_args(args);
    if (r)
        return r;
    struct layout l;
    plan(args, aux, &l);
    if (l.sp > buf_len)
        return -E2BIG;
    memset(out, 0, sizeof(*out));
    write_image((uint8_t *)buf + buf_len, stack_top, args, aux, random, &l, out);
    out->sp = stack_top - l.sp;
    out->size = l.sp;
    return 0;
}
