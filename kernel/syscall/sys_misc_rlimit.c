/* Resource limits: getrlimit(2), setrlimit(2), prlimit64(2) (Linux 6.1
 * kernel/sys.c do_prlimit and its callers, same check order), and the
 * per-process misc state's fork/exit hooks (include/kernel/rlimit.h).
 * Limits are stored and reported; enforcing them is up to each resource's
 * owner (task_rlimit(): exec for STACK, the VFS for NOFILE, ...). */
#include <kernel/clock.h>
#include <kernel/cred.h>
#include <kernel/page_alloc.h>
#include <kernel/rlimit.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

void rlimits_init(struct rlimits *r)
{
    rlimits_init_defaults(r, rlimits_max_threads(page_alloc_total_pages() * PAGE_SIZE));
}

uint64_t task_rlimit(const struct task *t, unsigned resource)
{
    if (resource >= RLIM_NLIMITS)
        return RLIM_INFINITY;
    return __atomic_load_n(&t->rlimits.lim[resource].rlim_cur, __ATOMIC_RELAXED);
}

void misc_fork_resources(struct task *child, const struct task *parent)
{
    child->cred = parent->cred;
    rlimits_copy(&child->rlimits, &parent->rlimits);
    child->personality = parent->personality;
    child->itimer = NULL; /* setitimer(2): timers are not inherited */
}

void misc_release_resources(struct task *t)
{
    itimer_exit(t);
}

/* Only the caller's own process is reachable (no pid lookup yet). */
static struct task *rlimit_target(long pid)
{
    struct task *self = current_task();
    return pid == 0 || pid == self->tgid ? self : NULL;
}

static int do_prlimit(struct task *t, unsigned long resource, const struct rlimit *new_lim,
                      struct rlimit *old)
{
    if (resource >= RLIM_NLIMITS)
        return -EINVAL;
    struct rlimit *lim = &t->rlimits.lim[resource];
    if (new_lim) {
        int err = rlimit_check((unsigned)resource, lim, new_lim, cred_is_root(&t->cred));
        if (err)
            return err;
    }
    if (old)
        *old = *lim;
    if (new_lim) {
        __atomic_store_n(&lim->rlim_max, new_lim->rlim_max, __ATOMIC_RELAXED);
        __atomic_store_n(&lim->rlim_cur, new_lim->rlim_cur, __ATOMIC_RELAXED);
    }
    return 0;
}

long sys_getrlimit(long resource, long urlim, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct rlimit old;
    int err = do_prlimit(current_task(), (unsigned long)resource, NULL, &old);
    if (err)
        return err;
    return copy_to_user((uint64_t)urlim, &old, sizeof(old));
}

long sys_setrlimit(long resource, long urlim, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct rlimit nl;
    if (copy_from_user(&nl, (uint64_t)urlim, sizeof(nl)))
        return -EFAULT;
    return do_prlimit(current_task(), (unsigned long)resource, &nl, NULL);
}

long sys_prlimit64(long pid, long resource, long unew, long uold, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    struct rlimit nl, old;
    if (unew && copy_from_user(&nl, (uint64_t)unew, sizeof(nl)))
        return -EFAULT;
    struct task *t = rlimit_target(pid);
    if (!t)
        return -ESRCH;
    int err = do_prlimit(t, (unsigned long)resource, unew ? &nl : NULL, uold ? &old : NULL);
    if (!err && uold && copy_to_user((uint64_t)uold, &old, sizeof(old)))
        err = -EFAULT;
    return err;
}
