/* fork(2), vfork(2) and clone(2) with fork semantics (Linux
 * kernel/fork.c copy_process is the model). The child gets a copy of the
 * caller's user registers with x0 = 0, a copy-on-write copy of its address
 * space (or, for vfork, the same one while the parent sleeps), and the
 * caller's descriptors, signal handlers, process group and session. */
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/sched.h>

#include "task_internal.h"

/* Flags that need threads or namespaces, which come later. */
#define CLONE_UNSUPPORTED                                                                          \
    (CLONE_THREAD | CLONE_SIGHAND | CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |  \
     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_PIDFD)

static int check_flags(unsigned long flags)
{
    /* copy_process()'s rules first, so the errors match Linux. */
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if (flags & CLONE_UNSUPPORTED)
        return -EINVAL;
    /* Sharing memory without vfork's wait is a thread: not yet. */
    if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
        return -EINVAL;
    return 0;
}

static void copy_user_frame(struct task *child, struct task *parent, uint64_t new_sp)
{
    struct trap_frame *f = (struct trap_frame *)((char *)child->kstack_top - sizeof(*f));
    *f = *parent->user_frame;
    f->regs[0] = 0; /* the child's return value */
    if (new_sp)
        f->sp = new_sp;
    child->user_frame = f;
}

static void link_child(struct task *child, struct task *parent, unsigned long flags)
{
    spin_lock(&tasklist_lock);
    struct task *p = (flags & CLONE_PARENT) && parent->parent ? parent->parent : parent;
    child->parent = p;
    child->pgid = parent->pgid;
    child->sid = parent->sid;
    list_add_tail(&p->children, &child->sibling);
    spin_unlock(&tasklist_lock);
}

static bool vfork_done(struct task *child)
{
    return __atomic_load_n(&child->vfork_released, __ATOMIC_ACQUIRE);
}

long task_fork(unsigned long flags, uint64_t new_sp, uint64_t tls, uint64_t child_tid)
{
    int err = check_flags(flags);
    if (err)
        return err;
    struct task *parent = current_task();
    struct task *child = task_alloc(parent->comm);
    if (!child)
        return -EAGAIN;
    if (flags & CLONE_VM) {
        mm_get(parent->mm);
        child->mm = parent->mm;
    } else {
        child->mm = mm_fork(parent->mm);
        if (!child->mm) {
            task_free(child);
            return -ENOMEM;
        }
    }
    err = task_fork_resources(child, parent, flags);
    if (err) {
        task_release_resources(child);
        task_free(child);
        return err;
    }
    copy_user_frame(child, parent, new_sp);
    arch_fork_user_state(child);
    if (flags & CLONE_SETTLS)
        child->tls = tls;
    if (flags & CLONE_CHILD_SETTID)
        child->set_child_tid = child_tid;
    if (flags & CLONE_CHILD_CLEARTID)
        child->clear_child_tid = child_tid;
    child->nice = parent->nice;
    child->dumpable = parent->dumpable;
    child->no_new_privs = parent->no_new_privs;
    child->exit_signal = (int)(flags & CSIGNAL);
    if (flags & CLONE_VFORK)
        child->vfork_parent = parent;
    long pid = child->pid;
    link_child(child, parent, flags);
    task_start_in_user(child);
    sched_start_task(child);
    if (flags & CLONE_VFORK)
        wait_event(&parent->child_wait, vfork_done(child));
    return pid;
}

void task_vfork_release(struct task *t)
{
    struct task *parent = t->vfork_parent;
    if (!parent)
        return;
    t->vfork_parent = NULL;
    __atomic_store_n(&t->vfork_released, true, __ATOMIC_RELEASE);
    wake_up_all(&parent->child_wait);
}
