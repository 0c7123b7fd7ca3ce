/* Embedded EL0 test programs as child processes (ktest_elf.h). */
#include <kernel/heap.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "ktest_elf.h"

long ktest_elf_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    const struct ktest_elf *m = ctx;
    if (off >= m->size)
        return 0;
    size_t n = MIN(len, m->size - off);
    memcpy(buf, m->data + off, n);
    return (long)n;
}

struct run {
    struct ktest_elf image;
    const char *name;
};

static int exec_run(void *arg)
{
    struct run *r = arg;
    struct exec_file f = {r->image.size, ktest_elf_read, &r->image};
    const char *const argv[] = {r->name};
    static const char *const envp[] = {"HOME=/"};
    struct exec_args args = {argv, 1, envp, 1, r->name, 8UL << 20};
    return exec_elf(&f, &args, r->name);
}

int ktest_run_elf(const char *name, const char *start, const char *end)
{
    /* The child reads *r before its exec returns, while we wait for it. */
    struct run r = {{start, (uintptr_t)end - (uintptr_t)start}, name};
    struct task *t = task_spawn_exec(name, current_task(), exec_run, &r);
    if (!t)
        return -1;
    int status = -1;
    if (task_wait(t->tgid, &status, false) <= 0)
        return -1;
    return status;
}
