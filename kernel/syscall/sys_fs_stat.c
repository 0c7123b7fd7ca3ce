/* Attribute system calls: newfstatat(2), fstat(2), statx(2), statfs(2),
 * fstatfs(2), fchmod/fchmodat(2), fchown/fchownat(2), utimensat(2). */
#define SYS_FS_INTERNAL
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include <uapi/statfs.h>

#include "sys_handlers.h"

#define U3 UNUSED(a3), UNUSED(a4), UNUSED(a5)

/* Resolve (dirfd, user path, AT_* flags) to a path; an empty path with
 * AT_EMPTY_PATH on a nameless file (a pipe) gives *file instead. */
static int resolve_at(long dirfd, long upath, int flags, struct path *p, struct file **file)
{
    int err;
    *file = NULL;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    if (!path[0] && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
        kfree(path);
        struct file *f = fd_get((int)dirfd);
        if (!f)
            return -EBADF;
        if (f->f_path.dentry) {
            *p = f->f_path;
            path_get(p);
            file_put(f);
        } else {
            *file = f;
        }
        return 0;
    }
    struct vfs_env env = sys_env();
    unsigned lf = (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
                  (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
    err = vfs_lookup(&env, (int)dirfd, path, lf, p);
    kfree(path);
    return err;
}

static struct inode *resolved_inode(struct path *p, struct file *f)
{
    return f ? f->f_inode : path_inode(p);
}

static void resolved_put(struct path *p, struct file *f)
{
    if (f)
        file_put(f);
    else
        path_put(p);
}

static long stat_out(struct inode *i, long ubuf)
{
    if (!i)
        return -EBADF;
    struct stat st;
    vfs_fill_stat(i, &st);
    return copy_to_user((uint64_t)ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_newfstatat(long dirfd, long upath, long ubuf, long flags, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
        return -EINVAL;
    struct path p;
    struct file *f;
    int err = resolve_at(dirfd, upath, (int)flags, &p, &f);
    if (err)
        return err;
    long r = stat_out(resolved_inode(&p, f), ubuf);
    resolved_put(&p, f);
    return r;
}

long sys_fstat(long fd, long ubuf, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), U3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    long r = stat_out(f->f_inode, ubuf);
    file_put(f);
    return r;
}

long sys_statx(long dirfd, long upath, long flags, long mask, long ubuf, long a5)
{
    UNUSED(a5);
    if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    if ((unsigned)mask & STATX__RESERVED)
        return -EINVAL;
    struct path p;
    struct file *f;
    int err = resolve_at(dirfd, upath, (int)flags, &p, &f);
    if (err)
        return err;
    struct statx sx;
    if (f) {
        struct path anon = {.mnt = NULL, .dentry = NULL};
        struct dentry fake = {.d_inode = f->f_inode};
        anon.dentry = &fake;
        if (f->f_inode)
            vfs_fill_statx(&anon, (unsigned)mask, &sx);
        else
            err = -EBADF;
    } else {
        vfs_fill_statx(&p, (unsigned)mask, &sx);
    }
    resolved_put(&p, f);
    if (!err && copy_to_user((uint64_t)ubuf, &sx, sizeof(sx)))
        err = -EFAULT;
    return err;
}

long sys_statfs(long upath, long ubuf, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), U3;
    struct path p;
    struct file *f;
    int err = resolve_at(AT_FDCWD, upath, 0, &p, &f);
    if (err)
        return err;
    struct statfs st;
    vfs_statfs(&p, &st);
    path_put(&p);
    return copy_to_user((uint64_t)ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_fstatfs(long fd, long ubuf, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), U3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct statfs st;
    int err = vfs_fstatfs(f, &st);
    file_put(f);
    if (!err && copy_to_user((uint64_t)ubuf, &st, sizeof(st)))
        err = -EFAULT;
    return err;
}

static int chmod_inode(struct inode *i, long mode)
{
    struct vfs_attr a = {.mask = ATTR_MODE | ATTR_CTIME, .mode = (vfs_mode_t)mode & S_IALLUGO};
    vfs_now(&a.ctime);
    return vfs_setattr(i, &a);
}

/* Linux chown_common: -1 leaves an id alone; changing a non-directory's
 * owner clears set-user-ID, and set-group-ID if group-executable. */
static int chown_inode(struct inode *i, long uid, long gid)
{
    struct vfs_attr a = {.mask = ATTR_CTIME};
    vfs_now(&a.ctime);
    if ((int)uid != -1) {
        a.mask |= ATTR_UID;
        a.uid = (uint32_t)uid;
    }
    if ((int)gid != -1) {
        a.mask |= ATTR_GID;
        a.gid = (uint32_t)gid;
    }
    mutex_lock(&i->i_lock);
    vfs_mode_t mode = i->i_mode;
    mutex_unlock(&i->i_lock);
    if (!S_ISDIR(mode) && (a.mask & (ATTR_UID | ATTR_GID))) {
        vfs_mode_t nm = mode & ~(vfs_mode_t)S_ISUID;
        if (mode & S_IXGRP)
            nm &= ~(vfs_mode_t)S_ISGID;
        if (nm != mode) {
            a.mask |= ATTR_MODE;
            a.mode = nm & S_IALLUGO;
        }
    }
    return vfs_setattr(i, &a);
}

/* Attribute changes need a real open file: O_PATH descriptors are EBADF. */
static struct file *fd_get_attr(long fd, int *err)
{
    struct file *f = fd_get((int)fd);
    *err = 0;
    if (!f)
        *err = -EBADF;
    else if ((f->f_mode & FMODE_PATH) || !f->f_inode) {
        file_put(f);
        f = NULL;
        *err = -EBADF;
    }
    return f;
}

long sys_fchmod(long fd, long mode, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), U3;
    int err;
    struct file *f = fd_get_attr(fd, &err);
    if (!f)
        return err;
    err = chmod_inode(f->f_inode, mode);
    file_put(f);
    return err;
}

long sys_fchmodat(long dirfd, long upath, long mode, long a3, long a4, long a5)
{
    U3;
    struct path p;
    struct file *f;
    int err = resolve_at(dirfd, upath, 0, &p, &f);
    if (err)
        return err;
    err = chmod_inode(resolved_inode(&p, f), mode);
    resolved_put(&p, f);
    return err;
}

long sys_fchown(long fd, long uid, long gid, long a3, long a4, long a5)
{
    U3;
    int err;
    struct file *f = fd_get_attr(fd, &err);
    if (!f)
        return err;
    err = chown_inode(f->f_inode, uid, gid);
    file_put(f);
    return err;
}

long sys_fchownat(long dirfd, long upath, long uid, long gid, long flags, long a5)
{
    UNUSED(a5);
    if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct path p;
    struct file *f;
    int err = resolve_at(dirfd, upath, (int)flags, &p, &f);
    if (err)
        return err;
    err = chown_inode(resolved_inode(&p, f), uid, gid);
    resolved_put(&p, f);
    return err;
}

struct timespec64 {
    int64_t tv_sec;
    int64_t tv_nsec;
};

static int utime_field(const struct timespec64 *t, struct vfs_time *out, unsigned bit,
                       unsigned *mask)
{
    if (t->tv_nsec == UTIME_OMIT)
        return 0;
    *mask |= bit;
    if (t->tv_nsec == UTIME_NOW) {
        vfs_now(out);
        return 0;
    }
    if (t->tv_nsec < 0 || t->tv_nsec >= 1000000000)
        return -EINVAL;
    out->sec = t->tv_sec;
    out->nsec = t->tv_nsec;
    return 0;
}

/* utimensat(2), with Linux's extension: a NULL path means dirfd itself. */
long sys_utimensat(long dirfd, long upath, long utimes, long flags, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct timespec64 ts[2];
    struct vfs_attr a = {.mask = 0};
    if (utimes) {
        if (copy_from_user(ts, (uint64_t)utimes, sizeof(ts)))
            return -EFAULT;
        int err = utime_field(&ts[0], &a.atime, ATTR_ATIME, &a.mask);
        if (!err)
            err = utime_field(&ts[1], &a.mtime, ATTR_MTIME, &a.mask);
        if (err)
            return err;
    } else {
        a.mask = ATTR_ATIME | ATTR_MTIME;
        vfs_now(&a.atime);
        a.mtime = a.atime;
    }
    struct path p = {0};
    struct file *f = NULL;
    int err;
    if (!upath) {
        if (flags & AT_SYMLINK_NOFOLLOW)
            return -EINVAL;
        f = fd_get((int)dirfd);
        err = f ? 0 : -EBADF;
    } else {
        err = resolve_at(dirfd, upath, (int)flags, &p, &f);
    }
    if (err)
        return err;
    struct inode *i = resolved_inode(&p, f);
    if (!i) {
        err = -EBADF;
    } else if (a.mask) {
        a.mask |= ATTR_CTIME;
        vfs_now(&a.ctime);
        err = vfs_setattr(i, &a);
    }
    resolved_put(&p, f);
    return err;
}
