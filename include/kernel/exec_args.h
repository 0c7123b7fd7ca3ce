/* execve's argv and envp held in the kernel while the old program goes
 * away (kernel/proc/exec_args.c). */
#ifndef KERNEL_EXEC_ARGS_H
#define KERNEL_EXEC_ARGS_H

#include <kernel/exec_stack.h>
#include <kernel/types.h>

/* Slots kept free in front of argv for "#!" interpreters: each level
 * adds the interpreter, maybe its argument, and replaces argv[0] with the
 * script path (Linux allows 4 levels: BINPRM_MAX_RECURSION). */
#define EXEC_EXTRA_ARGS 10

struct exec_strings {
    char *arena; /* the copied strings (user copies only) */
    size_t used, cap;
    const char **ptrs; /* [first, first+argc): argv; then envc envp */
    size_t first, argc, envc;
    uint64_t stack_rlimit;
};

/* Copy from user space: 0, -EFAULT, -E2BIG or -ENOMEM. */
int exec_strings_from_user(struct exec_strings *s, uint64_t uargv, uint64_t uenvp,
                           uint64_t stack_rlimit);
/* Use kernel vectors as they are (NULL-terminated; they must outlive s). */
int exec_strings_from_kernel(struct exec_strings *s, const char *const *argv,
                             const char *const *envp, uint64_t stack_rlimit);
/* Put arg in front of argv ("#!" handling); -ELOOP when out of slots. */
int exec_strings_prepend(struct exec_strings *s, const char *arg);
void exec_strings_args(const struct exec_strings *s, const char *execfn, struct exec_args *out);
void exec_strings_free(struct exec_strings *s);

#endif
