/* A task's resources besides memory, per subsystem: copied or shared at
 * fork as the clone flags say, reset at exec, released at exit. Each
 * subsystem owns its part; this file only sequences them. */
#include <kernel/fdtable.h>
#include <kernel/rlimit.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/sched.h>

#include "task_internal.h"

static int fork_files(struct task *child, struct task *parent, unsigned long flags)
{
    if (parent->files) {
        if (flags & CLONE_FILES) {
            fdtable_get(parent->files);
            child->files = parent->files;
        } else if (!(child->files = fdtable_dup(parent->files))) {
            return -ENOMEM;
        }
    }
    if (parent->fs) {
        if (flags & CLONE_FS) {
            fs_context_get(parent->fs);
            child->fs = parent->fs;
        } else if (!(child->fs = fs_context_dup(parent->fs))) {
            return -ENOMEM;
        }
    }
    return 0;
}

int task_fork_resources(struct task *child, struct task *parent, unsigned long flags)
{
    misc_fork_resources(child, parent);
    int err = fork_files(child, parent, flags);
    if (!err)
        err = signal_fork(child, parent, flags);
    return err;
}

void task_exec_resources(struct task *t)
{
    if (t->files)
        fdtable_close_on_exec(t->files);
    signal_exec(t);
}

void task_release_resources(struct task *t)
{
    misc_release_resources(t);
    if (t->files) {
        spin_lock(&tasklist_lock); /* procfs takes references under it */
        struct fdtable *files = t->files;
        t->files = NULL;
        spin_unlock(&tasklist_lock);
        fdtable_put(files);
    }
    if (t->fs) {
        spin_lock(&tasklist_lock);
        struct fs_context *fs = t->fs;
        t->fs = NULL;
        spin_unlock(&tasklist_lock);
        fs_context_put(fs);
    }
}

uint64_t task_stack_rlimit(const struct task *t)
{
    return task_rlimit(t, RLIMIT_STACK);
}
