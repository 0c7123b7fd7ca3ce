/* User and group ids (credentials(7)): get/set uid, gid, their real,
 * effective, saved and file-system variants, and the supplementary
 * groups. The rules are Linux 6.1 kernel/sys.c and kernel/groups.c with
 * CAP_SETUID/CAP_SETGID meaning "effective uid 0" (include/kernel/cred.h).
 * (uid_t)-1 means "leave unchanged" where Linux says so. */
#include <kernel/cred.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

#define NO_CHANGE 0xffffffffU

static struct cred *my_cred(void)
{
    return &current_task()->cred;
}

#define A0_ONLY UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5)
#define NO_ARGS UNUSED(a0), A0_ONLY

long sys_getuid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    NO_ARGS;
    return my_cred()->uid;
}

long sys_geteuid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    NO_ARGS;
    return my_cred()->euid;
}

long sys_getgid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    NO_ARGS;
    return my_cred()->gid;
}

long sys_getegid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    NO_ARGS;
    return my_cred()->egid;
}

/* The four ids of one kind (user or group) of a struct cred. */
struct idset {
    uint32_t *r, *e, *s, *fs;
};

static struct idset uids(struct cred *c)
{
    return (struct idset){&c->uid, &c->euid, &c->suid, &c->fsuid};
}

static struct idset gids(struct cred *c)
{
    return (struct idset){&c->gid, &c->egid, &c->sgid, &c->fsgid};
}

/* __sys_setuid / __sys_setgid. */
static long set_id(struct idset ids, uint32_t id, bool capable)
{
    if (id == NO_CHANGE)
        return -EINVAL;
    if (capable) {
        *ids.r = *ids.s = id;
    } else if (id != *ids.r && id != *ids.s) {
        return -EPERM;
    }
    *ids.e = *ids.fs = id;
    return 0;
}

/* __sys_setreuid / __sys_setregid. */
static long set_re_id(struct idset ids, uint32_t r, uint32_t e, bool capable)
{
    uint32_t old_r = *ids.r, old_e = *ids.e, old_s = *ids.s;
    if (r != NO_CHANGE && r != old_r && r != old_e && !capable)
        return -EPERM;
    if (e != NO_CHANGE && e != old_r && e != old_e && e != old_s && !capable)
        return -EPERM;
    if (r != NO_CHANGE)
        *ids.r = r;
    if (e != NO_CHANGE)
        *ids.e = e;
    if (r != NO_CHANGE || (e != NO_CHANGE && e != old_r))
        *ids.s = *ids.e;
    *ids.fs = *ids.e;
    return 0;
}

static bool one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
    return id == a || id == b || id == c;
}

/* __sys_setresuid / __sys_setresgid. */
static long set_res_id(struct idset ids, uint32_t r, uint32_t e, uint32_t s, bool capable)
{
    uint32_t o_r = *ids.r, o_e = *ids.e, o_s = *ids.s;
    if (!capable) {
        if ((r != NO_CHANGE && !one_of(r, o_r, o_e, o_s)) ||
            (e != NO_CHANGE && !one_of(e, o_r, o_e, o_s)) ||
            (s != NO_CHANGE && !one_of(s, o_r, o_e, o_s)))
            return -EPERM;
    }
    if (r != NO_CHANGE)
        *ids.r = r;
    if (e != NO_CHANGE)
        *ids.e = e;
    if (s != NO_CHANGE)
        *ids.s = s;
    *ids.fs = *ids.e;
    return 0;
}

/* __sys_setfsuid / __sys_setfsgid: always returns the old value. */
static long set_fs_id(struct idset ids, uint32_t id, bool capable)
{
    uint32_t old = *ids.fs;
    if (id == NO_CHANGE)
        return old;
    if (one_of(id, *ids.r, *ids.e, *ids.s) || id == old || capable)
        *ids.fs = id;
    return old;
}

static long get_res_id(struct idset ids, long ur, long ue, long us)
{
    if (copy_to_user((uint64_t)ur, ids.r, 4) || copy_to_user((uint64_t)ue, ids.e, 4) ||
        copy_to_user((uint64_t)us, ids.s, 4))
        return -EFAULT;
    return 0;
}

long sys_setuid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    A0_ONLY;
    struct cred *c = my_cred();
    return set_id(uids(c), (uint32_t)a0, cred_is_root(c));
}

long sys_setgid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    A0_ONLY;
    struct cred *c = my_cred();
    return set_id(gids(c), (uint32_t)a0, cred_is_root(c));
}

long sys_setreuid(long r, long e, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct cred *c = my_cred();
    return set_re_id(uids(c), (uint32_t)r, (uint32_t)e, cred_is_root(c));
}

long sys_setregid(long r, long e, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct cred *c = my_cred();
    return set_re_id(gids(c), (uint32_t)r, (uint32_t)e, cred_is_root(c));
}

long sys_setresuid(long r, long e, long s, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct cred *c = my_cred();
    return set_res_id(uids(c), (uint32_t)r, (uint32_t)e, (uint32_t)s, cred_is_root(c));
}

long sys_setresgid(long r, long e, long s, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct cred *c = my_cred();
    return set_res_id(gids(c), (uint32_t)r, (uint32_t)e, (uint32_t)s, cred_is_root(c));
}

long sys_getresuid(long ur, long ue, long us, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return get_res_id(uids(my_cred()), ur, ue, us);
}

long sys_getresgid(long ur, long ue, long us, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return get_res_id(gids(my_cred()), ur, ue, us);
}

long sys_setfsuid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    A0_ONLY;
    struct cred *c = my_cred();
    return set_fs_id(uids(c), (uint32_t)a0, cred_is_root(c));
}

long sys_setfsgid(long a0, long a1, long a2, long a3, long a4, long a5)
{
    A0_ONLY;
    struct cred *c = my_cred();
    return set_fs_id(gids(c), (uint32_t)a0, cred_is_root(c));
}

long sys_getgroups(long size, long ulist, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    const struct cred *c = my_cred();
    int n = (int)size;
    if (n < 0)
        return -EINVAL;
    if (n == 0)
        return c->ngroups;
    if ((uint32_t)n < c->ngroups)
        return -EINVAL;
    if (copy_to_user((uint64_t)ulist, c->groups, 4UL * c->ngroups))
        return -EFAULT;
    return c->ngroups;
}

long sys_setgroups(long size, long ulist, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct cred *c = my_cred();
    if (!cred_is_root(c))
        return -EPERM;
    unsigned n = (unsigned)(int)size;
    if (n > NGROUPS_MAX)
        return -EINVAL;
    if (n > CRED_GROUPS_MAX)
        return -EINVAL; /* more than we keep (cred.h) */
    uint32_t g[CRED_GROUPS_MAX];
    if (n && copy_from_user(g, (uint64_t)ulist, 4UL * n))
        return -EFAULT;
    /* groups_sort(): getgroups returns them in ascending order. */
    for (unsigned i = 1; i < n; i++) {
        uint32_t v = g[i];
        unsigned j = i;
        for (; j > 0 && g[j - 1] > v; j--)
            g[j] = g[j - 1];
        g[j] = v;
    }
    for (unsigned i = 0; i < n; i++)
        c->groups[i] = g[i];
    c->ngroups = n;
    return 0;
}
