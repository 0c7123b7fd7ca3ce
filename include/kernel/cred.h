/* Process credentials: real, effective, saved and file-system user and
 * group ids and the supplementary groups (credentials(7)). All zero is
 * root, which is what a new task gets (task_alloc zeroes the task); fork
 * copies the parent's (misc_fork_resources). Only the task itself changes
 * its own credentials, so there is no lock; another task reading them
 * (a permission check) sees either the old or the new value of each id.
 * Capabilities are not modelled: a task is privileged when its effective
 * uid is 0 (file access: its fsuid). */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <kernel/types.h>

/* Linux allows NGROUPS_MAX = 65536 supplementary groups; we keep this many
 * inline and refuse more with -EINVAL. */
#define CRED_GROUPS_MAX 32
#define NGROUPS_MAX     65536

struct cred {
    uint32_t uid, euid, suid, fsuid;
    uint32_t gid, egid, sgid, fsgid;
    uint32_t ngroups;
    uint32_t groups[CRED_GROUPS_MAX]; /* sorted ascending, as Linux keeps them */
};

static inline bool cred_is_root(const struct cred *c)
{
    return c->euid == 0;
}

#endif
