/* open(2) (Linux fs/open.c and the open half of fs/namei.c): resolve or
 * create, check the kind of file against the flags, then let the file's
 * own open hook (devices, FIFOs) finish the job. */
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

#include "fs_internal.h"

static const struct file_ops path_only_ops; /* O_PATH: no operations */

int vfs_permission(struct inode *inode, int mask)
{
    /* Root (CAP_DAC_OVERRIDE) reads and writes anything; it may execute a
     * non-directory only if some execute bit is set (generic_permission). */
    if ((mask & MAY_EXEC) && !S_ISDIR(inode->i_mode) &&
        !(inode->i_mode & (S_IXUSR | S_IXGRP | S_IXOTH)))
        return -EACCES;
    return 0;
}

static int open_checks(struct inode *inode, int flags)
{
    if (S_ISLNK(inode->i_mode))
        return -ELOOP; /* O_NOFOLLOW on a symlink */
    if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
        return -ENOTDIR;
    if (S_ISDIR(inode->i_mode) &&
        ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
        return -EISDIR;
    int mask = 0;
    if ((flags & O_ACCMODE) != O_WRONLY)
        mask |= MAY_READ;
    if ((flags & O_ACCMODE) != O_RDONLY)
        mask |= MAY_WRITE;
    return vfs_permission(inode, mask);
}

static int open_path_created(const struct path *p, int flags, bool created, struct file **out)
{
    struct inode *inode = path_inode(p);
    struct file *f;
    if (flags & O_PATH) {
        f = file_alloc(&path_only_ops, NULL, flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW));
        if (!f)
            return -ENOMEM;
        f->f_path = *p;
        path_get(p);
        inode_get(inode);
        f->f_inode = inode;
        *out = f;
        return 0;
    }
    int err = open_checks(inode, flags);
    if (err)
        return err;
    unsigned fl = (unsigned)flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
    f = file_alloc(inode->i_fop, NULL, fl);
    if (!f)
        return -ENOMEM;
    f->f_path = *p;
    path_get(p);
    inode_get(inode);
    f->f_inode = inode;
    if (f->f_op && f->f_op->open) {
        err = f->f_op->open(inode, f);
        if (err) {
            f->f_op = NULL; /* no release for a failed open */
            file_put(f);
            return err;
        }
    }
    if (!f->f_op)
        f->f_op = &path_only_ops;
    if ((flags & O_TRUNC) && !created && S_ISREG(inode->i_mode)) {
        struct vfs_attr a = {.mask = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = 0};
        vfs_now(&a.mtime);
        a.ctime = a.mtime;
        err = vfs_setattr(inode, &a);
        if (err) {
            file_put(f);
            return err;
        }
    }
    *out = f;
    return 0;
}

int vfs_open_path(const struct path *p, int flags, struct file **out)
{
    return open_path_created(p, flags, false, out);
}

/* O_CREAT: find or make the last component (Linux open_last_lookups). */
static int open_create(const struct vfs_env *env, int dirfd, const char *path, int flags,
                       vfs_mode_t mode, struct path *res, bool *created)
{
    struct nameidata_last nl;
    int err = vfs_lookup_parent(env, dirfd, path, &nl);
    if (err)
        return err;
    if (nl.type != LAST_NORM || nl.trailing_slash) {
        nameidata_last_done(&nl);
        return -EISDIR;
    }
    mutex_lock(&vfs_ns_lock);
    struct dentry *d = vfs_lookup_child(nl.parent.dentry, nl.last, nl.len, &err);
    bool follow = false;
    if (d) {
        err = 0;
        if (flags & O_EXCL)
            err = -EEXIST;
        else if (S_ISLNK(d->d_inode->i_mode))
            follow = !(flags & O_NOFOLLOW);
        if (err || follow) {
            dput(d);
            d = NULL;
        }
    } else if (err == -ENOENT) {
        mode = S_IFREG | (mode & ~env_umask(env) & S_IALLUGO);
        err = vfs_create_locked(&nl.parent, nl.last, nl.len, mode, 0, &d);
        *created = !err;
    }
    if (d) {
        res->mnt = nl.parent.mnt;
        mnt_get(res->mnt);
        res->dentry = d;
        struct mount *m;
        while ((m = mount_lookup(res->mnt, res->dentry))) {
            mnt_get(m);
            struct path old = *res;
            res->mnt = m;
            res->dentry = dget(m->mnt_root);
            path_put(&old);
        }
    }
    mutex_unlock(&vfs_ns_lock);
    nameidata_last_done(&nl);
    if (follow) /* an existing symlink: open what it names (no creation
                 * through dangling links here: -ENOENT) */
        err = vfs_lookup(env, dirfd, path, LOOKUP_FOLLOW, res);
    return err;
}

int vfs_open(const struct vfs_env *env, int dirfd, const char *path, int flags, vfs_mode_t mode,
             struct file **out)
{
    if ((flags & __O_TMPFILE))
        return -EOPNOTSUPP;
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    struct path p;
    bool created = false;
    int err;
    if (flags & O_CREAT) {
        err = open_create(env, dirfd, path, flags, mode, &p, &created);
    } else {
        unsigned lf =
            (flags & O_NOFOLLOW ? 0 : LOOKUP_FOLLOW) | (flags & O_DIRECTORY ? LOOKUP_DIRECTORY : 0);
        err = vfs_lookup(env, dirfd, path, lf, &p);
    }
    if (err)
        return err;
    err = open_path_created(&p, flags, created, out);
    path_put(&p);
    return err;
}

int vfs_open_exec(const struct vfs_env *env, int dirfd, const char *path, struct file **out)
{
    struct path p;
    int err = vfs_lookup(env, dirfd, path, LOOKUP_FOLLOW, &p);
    if (err)
        return err;
    struct inode *inode = path_inode(&p);
    if (!S_ISREG(inode->i_mode))
        err = -EACCES;
    else if (p.mnt->mnt_flags & MS_NOEXEC)
        err = -EACCES;
    else
        err = vfs_permission(inode, MAY_EXEC);
    if (!err)
        err = open_path_created(&p, O_RDONLY, false, out);
    path_put(&p);
    return err;
}
