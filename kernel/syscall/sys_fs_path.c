/* Name system calls: mkdirat, mknodat, unlinkat, renameat(2), linkat,
 * symlinkat, readlinkat, faccessat(2), chdir/fchdir/chroot, getcwd(2),
 * umask(2), mount(2), umount2(2). Each copies its paths in and calls the
 * VFS. */
#define SYS_FS_INTERNAL
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

#include "sys_handlers.h"

#define U3 UNUSED(a3), UNUSED(a4), UNUSED(a5)

long sys_mkdirat(long dirfd, long upath, long mode, long a3, long a4, long a5)
{
    U3;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_mkdir(&env, (int)dirfd, path, (vfs_mode_t)mode);
    kfree(path);
    return err;
}

long sys_mknodat(long dirfd, long upath, long mode, long dev, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_mknod(&env, (int)dirfd, path, (vfs_mode_t)mode, (vfs_dev_t)dev);
    kfree(path);
    return err;
}

long sys_unlinkat(long dirfd, long upath, long flags, long a3, long a4, long a5)
{
    U3;
    if (flags & ~(long)AT_REMOVEDIR)
        return -EINVAL;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = (flags & AT_REMOVEDIR) ? vfs_rmdir(&env, (int)dirfd, path)
                                 : vfs_unlink(&env, (int)dirfd, path);
    kfree(path);
    return err;
}

/* Two paths in, or an error (both freed on failure). */
static int getname2(uint64_t u1, uint64_t u2, char **p1, char **p2)
{
    int err;
    *p1 = getname(u1, &err);
    if (!*p1)
        return err ? err : -EFAULT;
    *p2 = getname(u2, &err);
    if (!*p2) {
        kfree(*p1);
        *p1 = NULL;
        return err ? err : -EFAULT;
    }
    return 0;
}

long sys_renameat2(long olddir, long uold, long newdir, long unew, long flags, long a5)
{
    UNUSED(a5);
    char *o, *n;
    int err = getname2((uint64_t)uold, (uint64_t)unew, &o, &n);
    if (err)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_rename(&env, (int)olddir, o, (int)newdir, n, (unsigned)flags);
    kfree(o);
    kfree(n);
    return err;
}

long sys_renameat(long olddir, long uold, long newdir, long unew, long a4, long a5)
{
    UNUSED(a4);
    return sys_renameat2(olddir, uold, newdir, unew, 0, a5);
}

long sys_linkat(long olddir, long uold, long newdir, long unew, long flags, long a5)
{
    UNUSED(a5);
    char *o, *n;
    int err = getname2((uint64_t)uold, (uint64_t)unew, &o, &n);
    if (err)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_link(&env, (int)olddir, o, (int)newdir, n, (int)flags);
    kfree(o);
    kfree(n);
    return err;
}

long sys_symlinkat(long utarget, long newdir, long upath, long a3, long a4, long a5)
{
    U3;
    char *t, *p;
    int err = getname2((uint64_t)utarget, (uint64_t)upath, &t, &p);
    if (err)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_symlink(&env, t, (int)newdir, p);
    kfree(t);
    kfree(p);
    return err;
}

long sys_readlinkat(long dirfd, long upath, long ubuf, long size, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if ((int)size <= 0)
        return -EINVAL;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    char *buf = kmalloc(PATH_MAX);
    struct vfs_env env = sys_env();
    long n =
        buf ? vfs_readlink(&env, (int)dirfd, path, buf, MIN((size_t)(int)size, (size_t)PATH_MAX))
            : -ENOMEM;
    if (n > 0 && copy_to_user((uint64_t)ubuf, buf, (size_t)n))
        n = -EFAULT;
    kfree(buf);
    kfree(path);
    return n;
}

long sys_faccessat2(long dirfd, long upath, long mode, long flags, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_access(&env, (int)dirfd, path, (int)mode, (int)flags);
    kfree(path);
    return err;
}

long sys_faccessat(long dirfd, long upath, long mode, long a3, long a4, long a5)
{
    UNUSED(a3);
    return sys_faccessat2(dirfd, upath, mode, 0, a4, a5);
}

long sys_chdir(long upath, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), U3;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_chdir(&env, path);
    kfree(path);
    return err;
}

long sys_chroot(long upath, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), U3;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_chroot(&env, path);
    kfree(path);
    return err;
}

long sys_fchdir(long fd, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), U3;
    struct fs_context *fs = current_task()->fs;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    if (!f->f_path.dentry || !S_ISDIR(f->f_inode->i_mode) || !fs) {
        file_put(f);
        return fs ? -ENOTDIR : -EINVAL;
    }
    path_get(&f->f_path);
    mutex_lock(&fs->lock);
    struct path old = fs->cwd;
    fs->cwd = f->f_path;
    mutex_unlock(&fs->lock);
    path_put(&old);
    file_put(f);
    return 0;
}

/* getcwd(2): the length with the NUL, -ERANGE if size is too small. */
long sys_getcwd(long ubuf, long size, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), U3;
    struct fs_context *fs = current_task()->fs;
    char *buf = kmalloc(PATH_MAX);
    if (!buf)
        return -ENOMEM;
    struct path root, cwd;
    if (fs) {
        mutex_lock(&fs->lock);
        root = fs->root;
        cwd = fs->cwd;
        path_get(&root);
        path_get(&cwd);
        mutex_unlock(&fs->lock);
    } else {
        vfs_root_path(&root);
        cwd = root;
        path_get(&cwd);
    }
    long n = vfs_path_name(&root, &cwd, buf, PATH_MAX);
    path_put(&root);
    path_put(&cwd);
    if (n > 0 && (unsigned long)n > (unsigned long)size)
        n = -ERANGE;
    if (n > 0 && copy_to_user((uint64_t)ubuf, buf, (size_t)n))
        n = -EFAULT;
    kfree(buf);
    return n;
}

long sys_umask(long mask, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), U3;
    struct fs_context *fs = current_task()->fs;
    if (!fs)
        return 022;
    return __atomic_exchange_n(&fs->umask, (unsigned)mask & 0777, __ATOMIC_RELAXED);
}

/* A mount(2) string argument (type or source): NULL stays NULL. */
static int mount_string(uint64_t u, char **out)
{
    *out = NULL;
    if (!u)
        return 0;
    int err;
    *out = getname(u, &err);
    return *out ? 0 : err;
}

long sys_mount(long usrc, long utarget, long utype, long flags, long udata, long a5)
{
    UNUSED(a5);
    char *src = NULL, *target = NULL, *type = NULL, *data = NULL;
    int err = mount_string((uint64_t)usrc, &src);
    if (!err)
        err = mount_string((uint64_t)utarget, &target);
    if (!err)
        err = mount_string((uint64_t)utype, &type);
    if (!err)
        err = mount_string((uint64_t)udata, &data);
    if (!err && !target)
        err = -EFAULT;
    struct vfs_env env = sys_env();
    struct path p;
    if (!err)
        err = vfs_lookup(&env, AT_FDCWD, target, LOOKUP_FOLLOW, &p);
    if (!err) {
        unsigned long fl = (unsigned long)flags;
        if ((fl & MS_MGC_MSK) == MS_MGC_VAL)
            fl &= ~(unsigned long)MS_MGC_MSK;
        if (fl &
            (MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
            err = vfs_mount(&p, "", fl, data);
        else if (!type)
            err = -EFAULT;
        else
            err = vfs_mount_dev(&p, src, type, fl, data);
        path_put(&p);
    }
    kfree(src);
    kfree(target);
    kfree(type);
    kfree(data);
    return err;
}

long sys_umount2(long utarget, long flags, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), U3;
    int err;
    char *target = getname((uint64_t)utarget, &err);
    if (!target)
        return err;
    struct vfs_env env = sys_env();
    struct path p;
    err = vfs_lookup(&env, AT_FDCWD, target, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
    if (!err) {
        err = vfs_umount(&p, (int)flags);
        path_put(&p);
    }
    kfree(target);
    return err;
}
