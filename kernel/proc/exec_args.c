/* execve's argument vectors, copied from user space into one kernel arena
 * with the limits of Linux fs/exec.c (count(), copy_strings(): -EFAULT for
 * a bad pointer, -E2BIG past MAX_ARG_STRLEN per string or the stack-based
 * total). */
#include <kernel/exec_args.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#define ARENA_START (16UL << 10)

/* Count a NULL-terminated user pointer array (NULL array: 0 entries). */
static long count_user_ptrs(uint64_t uarr, size_t max)
{
    if (!uarr)
        return 0;
    for (size_t i = 0;; i++) {
        if (i >= max)
            return -E2BIG;
        uint64_t p;
        if (copy_from_user(&p, uarr + i * sizeof(p), sizeof(p)))
            return -EFAULT;
        if (!p)
            return (long)i;
    }
}

static int grow(struct exec_strings *s, size_t need)
{
    if (s->used + need <= s->cap)
        return 0;
    size_t cap = MAX(s->cap ? s->cap : ARENA_START, ARENA_START);
    while (cap < s->used + need)
        cap *= 2;
    char *n = kmalloc(cap);
    if (!n)
        return -ENOMEM;
    if (s->used)
        memcpy(n, s->arena, s->used);
    kfree(s->arena);
    s->arena = n;
    s->cap = cap;
    return 0;
}

/* Append one user string; *budget is what copy_strings() has left. The
 * arena may move, so strings are recorded as offsets until the end. */
static int copy_one(struct exec_strings *s, uint64_t ustr, uint64_t *budget, size_t *offset)
{
    long room = (long)MIN((uint64_t)EXEC_MAX_ARG_STRLEN, *budget);
    if (ustr >= USER_VA_END)
        return -EFAULT;
    long len = arch_strnlen_user((const char *)ustr, MIN((uint64_t)room, USER_VA_END - ustr));
    if (len < 0)
        return -EFAULT;
    if (len >= room)
        return -E2BIG;
    int err = grow(s, (size_t)len + 1);
    if (err)
        return err;
    if (copy_from_user(s->arena + s->used, ustr, (size_t)len + 1))
        return -EFAULT;
    s->arena[s->used + (size_t)len] = '\0'; /* it may have changed meanwhile */
    *offset = s->used;
    s->used += (size_t)len + 1;
    *budget -= (uint64_t)len + 1;
    return 0;
}

static int copy_vector(struct exec_strings *s, uint64_t uarr, size_t n, size_t first,
                       uint64_t *budget)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t p;
        if (copy_from_user(&p, uarr + i * sizeof(p), sizeof(p)))
            return -EFAULT;
        size_t off;
        int err = copy_one(s, p, budget, &off);
        if (err)
            return err;
        s->ptrs[first + i] = (const char *)off;
    }
    return 0;
}

int exec_strings_from_user(struct exec_strings *s, uint64_t uargv, uint64_t uenvp,
                           uint64_t stack_rlimit)
{
    memset(s, 0, sizeof(*s));
    long argc = count_user_ptrs(uargv, EXEC_MAX_ARG_STRINGS);
    if (argc < 0)
        return (int)argc;
    long envc = count_user_ptrs(uenvp, EXEC_MAX_ARG_STRINGS);
    if (envc < 0)
        return (int)envc;
    long limit = exec_strings_limit(stack_rlimit, (size_t)argc, (size_t)envc);
    if (limit < 0)
        return (int)limit;
    uint64_t budget = (uint64_t)limit;
    /* Room for an interpreter and its argument in front ("#!"). */
    s->ptrs = kmalloc(((size_t)argc + (size_t)envc + EXEC_EXTRA_ARGS) * sizeof(char *));
    if (!s->ptrs)
        return -ENOMEM;
    s->argc = (size_t)argc;
    s->envc = (size_t)envc;
    s->stack_rlimit = stack_rlimit;
    int err = copy_vector(s, uargv, s->argc, EXEC_EXTRA_ARGS, &budget);
    if (!err)
        err = copy_vector(s, uenvp, s->envc, EXEC_EXTRA_ARGS + s->argc, &budget);
    if (err) {
        exec_strings_free(s);
        return err;
    }
    for (size_t i = 0; i < s->argc + s->envc; i++)
        s->ptrs[EXEC_EXTRA_ARGS + i] = s->arena + (size_t)s->ptrs[EXEC_EXTRA_ARGS + i];
    s->first = EXEC_EXTRA_ARGS;
    return 0;
}

int exec_strings_from_kernel(struct exec_strings *s, const char *const *argv,
                             const char *const *envp, uint64_t stack_rlimit)
{
    size_t argc = 0, envc = 0;
    while (argv && argv[argc])
        argc++;
    while (envp && envp[envc])
        envc++;
    memset(s, 0, sizeof(*s));
    s->ptrs = kmalloc((argc + envc + EXEC_EXTRA_ARGS) * sizeof(char *));
    if (!s->ptrs)
        return -ENOMEM;
    for (size_t i = 0; i < argc; i++)
        s->ptrs[EXEC_EXTRA_ARGS + i] = argv[i];
    for (size_t i = 0; i < envc; i++)
        s->ptrs[EXEC_EXTRA_ARGS + argc + i] = envp[i];
    s->argc = argc;
    s->envc = envc;
    s->first = EXEC_EXTRA_ARGS;
    s->stack_rlimit = stack_rlimit;
    return 0;
}

int exec_strings_prepend(struct exec_strings *s, const char *arg)
{
    if (s->first == 0)
        return -ELOOP;
    s->ptrs[--s->first] = arg;
    s->argc++;
    return 0;
}

void exec_strings_args(const struct exec_strings *s, const char *execfn, struct exec_args *out)
{
    out->argv = s->ptrs + s->first;
    out->argc = s->argc;
    out->envp = s->ptrs + s->first + s->argc;
    out->envc = s->envc;
    out->execfn = execfn;
    out->stack_rlimit = s->stack_rlimit;
}

void exec_strings_free(struct exec_strings *s)
{
    kfree(s->arena);
    kfree(s->ptrs);
    memset(s, 0, sizeof(*s));
}
