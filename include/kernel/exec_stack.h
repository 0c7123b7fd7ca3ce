/* The initial user stack of a new process, built the way Linux 6.1 does on
 * arm64 (fs/exec.c copy_strings(), fs/binfmt_elf.c create_elf_tables()),
 * into a kernel buffer that stands for the top of the user stack. Portable:
 * the caller has already copied argv/envp from user space and copies the
 * finished image out.
 *
 * From the stack top down (addresses descending):
 *     8 zero bytes            (bprm->p = vm_end - sizeof(void *))
 *     execfn string           AT_EXECFN: the path given to execve
 *     envp strings            envp[envc-1] highest
 *     argv strings            argv[0] lowest: arg_start
 *     padding to 16 bytes     (arch_align_stack without randomization)
 *     "aarch64\0"             AT_PLATFORM (ELF_PLATFORM)
 *     16 random bytes         AT_RANDOM
 *     padding, 0 or 8 bytes   (STACK_ROUND)
 *     auxv pairs ... AT_NULL, 0
 *     NULL, envp[envc-1] ... envp[0]
 *     NULL, argv[argc-1] ... argv[0]
 *     argc                    <- sp, 16-byte aligned (AAPCS64 5.2.2.1)
 */
#ifndef KERNEL_EXEC_STACK_H
#define KERNEL_EXEC_STACK_H

#include <kernel/types.h>

/* include/uapi/linux/binfmts.h and include/linux/binfmts.h */
#define EXEC_MAX_ARG_STRLEN  (32 * PAGE_SIZE) /* per string, with its NUL */
#define EXEC_MAX_ARG_STRINGS 0x7fffffffUL     /* per argv or envp array */
#define EXEC_ARG_MAX         131072UL         /* the string budget's floor */
#define EXEC_STK_LIM         (8UL << 20)      /* _STK_LIM: default stack rlimit */

#define EXEC_PLATFORM     "aarch64" /* arm64 ELF_PLATFORM (little-endian) */
#define EXEC_CLKTCK       100       /* AT_CLKTCK: CLOCKS_PER_SEC = USER_HZ */
#define EXEC_RANDOM_BYTES 16

/* Most auxv pairs we emit, AT_NULL included (Linux saved_auxv holds 25). */
#define EXEC_AUXV_MAX 22

struct exec_args {
    const char *const *argv; /* argc strings; argc 0 becomes { "" } (5.18+) */
    size_t argc;
    const char *const *envp;
    size_t envc;
    const char *execfn;    /* bprm->filename, for AT_EXECFN */
    uint64_t stack_rlimit; /* RLIMIT_STACK soft limit in bytes */
};

/* The values of the auxiliary vector that vary between processes. */
struct exec_auxv {
    uint64_t sysinfo_ehdr; /* vDSO base; 0 omits AT_SYSINFO_EHDR */
    uint64_t minsigstksz;  /* 0 emits AT_IGNORE instead, as Linux */
    uint64_t hwcap, hwcap2;
    uint64_t phdr;  /* the program's program headers in memory (biased) */
    uint64_t phnum; /* AT_PHENT is always sizeof(Elf64_Phdr) */
    uint64_t base;  /* interpreter load address, 0 without one */
    uint64_t flags; /* AT_FLAGS */
    uint64_t entry; /* the program's entry (biased), not the interpreter's */
    uint64_t uid, euid, gid, egid;
    bool secure;
};

/* Where things landed, as user addresses. */
struct exec_stack {
    uint64_t sp;                 /* initial SP: argc is here */
    uint64_t argv, envp, auxv;   /* the three arrays */
    size_t auxv_words;           /* auxv length in 64-bit words, AT_NULL pair included */
    uint64_t arg_start, arg_end; /* mm->arg_start/arg_end: the argv strings */
    uint64_t env_start, env_end; /* mm->env_start/env_end: the envp strings */
    uint64_t execfn, platform, random;
    size_t size; /* bytes used below stack_top: stack_top - sp */
};

/* bprm_stack_limits(): the bytes the strings (execfn, envp, argv and their
 * NULs) may take for this rlimit and these counts: min(3/4 of _STK_LIM,
 * rlimit / 4) but at least ARG_MAX, less the pointer arrays. -E2BIG if
 * the pointers alone do not fit or a count exceeds MAX_ARG_STRINGS. */
long exec_strings_limit(uint64_t stack_rlimit, size_t argc, size_t envc);

/* All of copy_strings()'s checks: every string (execfn included) at most
 * MAX_ARG_STRLEN with its NUL, the total within exec_strings_limit().
 * 0 or -E2BIG (-EINVAL for NULL pointers). */
int exec_check_args(const struct exec_args *args);

/* The bytes exec_stack_build() will use below a 16-byte aligned top. */
size_t exec_stack_size(const struct exec_args *args, const struct exec_auxv *aux);

/* Build the image into buf, which stands for user memory
 * [stack_top - buf_len, stack_top); stack_top must be 16-byte aligned.
 * Runs exec_check_args() first. Returns 0 with *out filled, -E2BIG (limits,
 * or buf too small) or -EINVAL. Bytes of buf below out->sp are untouched. */
int exec_stack_build(void *buf, size_t buf_len, uint64_t stack_top, const struct exec_args *args,
                     const struct exec_auxv *aux, const uint8_t random[EXEC_RANDOM_BYTES],
                     struct exec_stack *out);

#endif
