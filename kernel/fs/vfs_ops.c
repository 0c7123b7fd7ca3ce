/* Namespace operations: mknod, mkdir, symlink, unlink, rmdir, link,
 * rename, readlink (Linux fs/namei.c do_*at). Each resolves the parent,
 * then checks and changes the directory under vfs_ns_lock; the file system
 * only keeps its counts (nlink, times) in step. Errors follow Linux's
 * order of checks. */
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include <uapi/stat.h>

#include "fs_internal.h"

int vfs_create_locked(const struct path *parent, const char *name, size_t len, vfs_mode_t mode,
                      vfs_dev_t rdev, struct dentry **out)
{
    struct inode *dir = path_inode(parent);
    if (dir->i_nlink == 0)
        return -ENOENT; /* the directory was removed */
    if (parent->mnt->mnt_flags & MS_RDONLY)
        return -EROFS;
    if (!dir->i_op || !dir->i_op->create)
        return -EPERM;
    struct dentry *d = dentry_alloc(parent->dentry, name, len);
    if (!d)
        return -ENOMEM;
    struct inode *inode = NULL;
    int err = dir->i_op->create(dir, mode, rdev, &inode);
    if (err) {
        dput(d);
        return err;
    }
    d->d_inode = inode;
    dentry_link(d);
    *out = d;
    return 0;
}

unsigned env_umask(const struct vfs_env *env)
{
    if (!env || !env->fs)
        return 022;
    return __atomic_load_n(&env->fs->umask, __ATOMIC_RELAXED);
}

/* The shared front half of mknod/mkdir/symlink/link: the parent, the name
 * checked (not "." or "..", not already there). Returns with vfs_ns_lock
 * held on success. is_dir: a trailing slash is allowed. */
static int create_prep(const struct vfs_env *env, int dirfd, const char *path, bool is_dir,
                       struct nameidata_last *nl)
{
    int err = vfs_lookup_parent(env, dirfd, path, nl);
    if (err)
        return err;
    if (nl->type != LAST_NORM) {
        nameidata_last_done(nl);
        return -EEXIST;
    }
    mutex_lock(&vfs_ns_lock);
    struct dentry *d = vfs_lookup_child(nl->parent.dentry, nl->last, nl->len, &err);
    if (d) {
        dput(d);
        err = -EEXIST;
    } else if (err == -ENOENT) {
        err = (nl->trailing_slash && !is_dir) ? -ENOENT : 0;
    }
    if (err) {
        mutex_unlock(&vfs_ns_lock);
        nameidata_last_done(nl);
    }
    return err;
}

static int create_done(struct nameidata_last *nl, int err, struct dentry *d)
{
    mutex_unlock(&vfs_ns_lock);
    if (!err)
        dput(d);
    nameidata_last_done(nl);
    return err;
}

int vfs_mknod(const struct vfs_env *env, int dirfd, const char *path, vfs_mode_t mode,
              vfs_dev_t dev)
{
    vfs_mode_t type = mode & S_IFMT;
    if (type == 0)
        type = S_IFREG;
    if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
        type != S_IFSOCK)
        return type == S_IFDIR ? -EPERM : -EINVAL;
    struct nameidata_last nl;
    int err = create_prep(env, dirfd, path, false, &nl);
    if (err)
        return err;
    mode = type | (mode & ~env_umask(env) & S_IALLUGO);
    struct dentry *d = NULL;
    err = vfs_create_locked(&nl.parent, nl.last, nl.len, mode,
                            (type == S_IFCHR || type == S_IFBLK) ? dev : 0, &d);
    return create_done(&nl, err, d);
}

int vfs_mkdir(const struct vfs_env *env, int dirfd, const char *path, vfs_mode_t mode)
{
    struct nameidata_last nl;
    int err = create_prep(env, dirfd, path, true, &nl);
    if (err)
        return err;
    mode = S_IFDIR | (mode & ~env_umask(env) & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX));
    struct dentry *d = NULL;
    err = vfs_create_locked(&nl.parent, nl.last, nl.len, mode, 0, &d);
    return create_done(&nl, err, d);
}

int vfs_symlink(const struct vfs_env *env, const char *target, int dirfd, const char *path)
{
    size_t tlen = strnlen(target, PATH_MAX);
    if (tlen >= PATH_MAX)
        return -ENAMETOOLONG;
    if (tlen == 0)
        return -ENOENT;
    struct nameidata_last nl;
    int err = create_prep(env, dirfd, path, false, &nl);
    if (err)
        return err;
    struct inode *dir = path_inode(&nl.parent);
    struct dentry *d = NULL;
    if (dir->i_nlink == 0)
        err = -ENOENT;
    else if (!dir->i_op || !dir->i_op->symlink)
        err = -EPERM;
    else if (!(d = dentry_alloc(nl.parent.dentry, nl.last, nl.len)))
        err = -ENOMEM;
    struct inode *inode = NULL;
    if (!err && (err = dir->i_op->symlink(dir, target, &inode)) != 0) {
        dput(d);
        d = NULL;
    }
    if (!err) {
        d->d_inode = inode;
        dentry_link(d);
    }
    return create_done(&nl, err, d);
}

/* ---- removal ---- */

static bool dir_empty(struct dentry *d)
{
    return list_empty(&d->d_children);
}

static int remove_prep(const struct vfs_env *env, int dirfd, const char *path, bool rmdir,
                       struct nameidata_last *nl, struct dentry **victim)
{
    int err = vfs_lookup_parent(env, dirfd, path, nl);
    if (err)
        return err;
    switch (nl->type) {
    case LAST_NORM:
        break;
    case LAST_DOT:
        err = rmdir ? -EINVAL : -EISDIR;
        break;
    case LAST_DOTDOT:
        err = rmdir ? -ENOTEMPTY : -EISDIR;
        break;
    case LAST_ROOT:
        err = rmdir ? -EBUSY : -EISDIR;
        break;
    }
    if (err) {
        nameidata_last_done(nl);
        return err;
    }
    mutex_lock(&vfs_ns_lock);
    struct dentry *d = vfs_lookup_child(nl->parent.dentry, nl->last, nl->len, &err);
    if (d) {
        vfs_mode_t mode = d->d_inode->i_mode;
        if (rmdir && !S_ISDIR(mode))
            err = -ENOTDIR;
        else if (!rmdir && S_ISDIR(mode))
            err = -EISDIR;
        else if (!rmdir && nl->trailing_slash)
            err = -ENOTDIR;
        else if (d->d_mounts)
            err = -EBUSY;
        else if (rmdir && !dir_empty(d))
            err = -ENOTEMPTY;
        else if (!d->d_linked)
            err = -EPERM; /* not a dcache-backed directory */
    }
    if (err) {
        if (d)
            dput(d);
        mutex_unlock(&vfs_ns_lock);
        nameidata_last_done(nl);
        return err;
    }
    *victim = d;
    return 0;
}

static int do_remove(const struct vfs_env *env, int dirfd, const char *path, bool rmdir)
{
    struct nameidata_last nl;
    struct dentry *d = NULL;
    int err = remove_prep(env, dirfd, path, rmdir, &nl, &d);
    if (err)
        return err;
    struct inode *dir = path_inode(&nl.parent);
    int (*op)(struct inode *, struct inode *) =
        dir->i_op ? (rmdir ? dir->i_op->rmdir : dir->i_op->unlink) : NULL;
    if (nl.parent.mnt->mnt_flags & MS_RDONLY)
        err = -EROFS;
    else if (!op)
        err = -EPERM;
    else
        err = op(dir, d->d_inode);
    if (!err)
        dentry_unlink(d);
    dput(d);
    mutex_unlock(&vfs_ns_lock);
    nameidata_last_done(&nl);
    return err;
}

int vfs_unlink(const struct vfs_env *env, int dirfd, const char *path)
{
    return do_remove(env, dirfd, path, false);
}

int vfs_rmdir(const struct vfs_env *env, int dirfd, const char *path)
{
    return do_remove(env, dirfd, path, true);
}

/* ---- link ---- */

int vfs_link(const struct vfs_env *env, int olddirfd, const char *oldpath, int newdirfd,
             const char *newpath, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct path old;
    unsigned lf = (flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0) |
                  (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
    int err = vfs_lookup(env, olddirfd, oldpath, lf, &old);
    if (err)
        return err;
    struct nameidata_last nl;
    err = create_prep(env, newdirfd, newpath, false, &nl);
    if (err) {
        path_put(&old);
        return err;
    }
    struct inode *inode = path_inode(&old);
    struct inode *dir = path_inode(&nl.parent);
    struct dentry *d = NULL;
    if (nl.parent.mnt != old.mnt)
        err = -EXDEV;
    else if (S_ISDIR(inode->i_mode))
        err = -EPERM;
    else if (inode->i_nlink == 0)
        err = -ENOENT;
    else if (dir->i_nlink == 0)
        err = -ENOENT;
    else if (!dir->i_op || !dir->i_op->link)
        err = -EPERM;
    else if (!(d = dentry_alloc(nl.parent.dentry, nl.last, nl.len)))
        err = -ENOMEM;
    if (!err)
        err = dir->i_op->link(dir, inode);
    if (!err) {
        inode_get(inode);
        d->d_inode = inode;
        dentry_link(d);
    } else if (d) {
        dput(d);
        d = NULL;
    }
    err = create_done(&nl, err, d);
    path_put(&old);
    return err;
}

/* ---- rename ---- */

static bool is_ancestor(struct dentry *anc, struct dentry *d)
{
    for (;;) {
        if (d == anc)
            return true;
        if (is_root(d))
            return false;
        d = d->d_parent;
    }
}

/* Move d under parent with a new name (prealloc'ed, consumed). */
static void dentry_move(struct dentry *d, struct dentry *parent, char *name, size_t len)
{
    dget(d); /* keep it while it is briefly unlinked */
    dentry_unlink(d);
    struct dentry *old_parent = d->d_parent;
    d->d_parent = dget(parent);
    dput(old_parent);
    kfree(d->d_name);
    d->d_name = name;
    d->d_len = len;
    dentry_link(d);
    dput(d);
}

static char *dup_name(const char *s, size_t len)
{
    char *p = kmalloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static int rename_checks(struct dentry *od, struct dentry *nd, struct nameidata_last *o,
                         struct nameidata_last *n, unsigned flags)
{
    bool odir = S_ISDIR(od->d_inode->i_mode);
    if ((o->trailing_slash || n->trailing_slash) && !odir && !(flags & RENAME_EXCHANGE))
        return -ENOTDIR;
    if (flags & RENAME_EXCHANGE) {
        if (!nd)
            return -ENOENT;
        bool ndir = S_ISDIR(nd->d_inode->i_mode);
        if ((o->trailing_slash && !odir) || (n->trailing_slash && !ndir))
            return -ENOTDIR;
        if (is_ancestor(od, n->parent.dentry) || is_ancestor(nd, o->parent.dentry))
            return -EINVAL;
    } else {
        if (is_ancestor(od, n->parent.dentry))
            return -EINVAL;
        if (nd && (flags & RENAME_NOREPLACE))
            return -EEXIST;
        if (nd && nd->d_inode == od->d_inode)
            return 1; /* the same file: nothing to do (rename(2)) */
        if (nd) {
            bool ndir = S_ISDIR(nd->d_inode->i_mode);
            if (odir && !ndir)
                return -ENOTDIR;
            if (!odir && ndir)
                return -EISDIR;
            if (ndir && !dir_empty(nd))
                return -ENOTEMPTY;
        }
    }
    if (od->d_mounts || (nd && nd->d_mounts))
        return -EBUSY;
    if (!od->d_linked || (nd && !nd->d_linked))
        return -EPERM;
    if (path_inode(&n->parent)->i_nlink == 0)
        return -ENOENT;
    return 0;
}

static int rename_locked(struct nameidata_last *o, struct nameidata_last *n, unsigned flags)
{
    int err = 0;
    struct dentry *od = vfs_lookup_child(o->parent.dentry, o->last, o->len, &err);
    if (!od)
        return err;
    struct dentry *nd = vfs_lookup_child(n->parent.dentry, n->last, n->len, &err);
    if (!nd && err != -ENOENT) {
        dput(od);
        return err;
    }
    err = rename_checks(od, nd, o, n, flags);
    if (err == 1 || (!err && nd == od)) {
        err = 0;
        goto out;
    }
    struct inode *odir = path_inode(&o->parent), *ndir = path_inode(&n->parent);
    char *nname = err ? NULL : dup_name(n->last, n->len);
    char *oname = err || !(flags & RENAME_EXCHANGE) ? NULL : dup_name(o->last, o->len);
    if (!err && (!nname || ((flags & RENAME_EXCHANGE) && !oname)))
        err = -ENOMEM;
    if (!err && (!odir->i_op || !odir->i_op->rename))
        err = -EPERM;
    if (!err)
        err = odir->i_op->rename(odir, ndir, od->d_inode, nd ? nd->d_inode : NULL,
                                 flags & RENAME_EXCHANGE);
    if (err) {
        kfree(nname);
        kfree(oname);
        goto out;
    }
    if (flags & RENAME_EXCHANGE) {
        struct dentry *op = o->parent.dentry;
        dentry_move(od, n->parent.dentry, nname, n->len);
        dentry_move(nd, op, oname, o->len);
    } else {
        if (nd)
            dentry_unlink(nd);
        dentry_move(od, n->parent.dentry, nname, n->len);
    }
out:
    dput(od);
    if (nd)
        dput(nd);
    return err;
}

int vfs_rename(const struct vfs_env *env, int olddirfd, const char *oldpath, int newdirfd,
               const char *newpath, unsigned flags)
{
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
        return -EINVAL;
    if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
        return -EINVAL;
    if (flags & RENAME_WHITEOUT)
        return -EINVAL; /* overlayfs only; needs CAP_MKNOD */
    struct nameidata_last o, n;
    int err = vfs_lookup_parent(env, olddirfd, oldpath, &o);
    if (err)
        return err;
    err = vfs_lookup_parent(env, newdirfd, newpath, &n);
    if (err) {
        nameidata_last_done(&o);
        return err;
    }
    if (o.parent.mnt != n.parent.mnt)
        err = -EXDEV;
    else if (o.type != LAST_NORM || n.type != LAST_NORM)
        err = -EBUSY;
    else if (o.parent.mnt->mnt_flags & MS_RDONLY)
        err = -EROFS;
    if (!err) {
        mutex_lock(&vfs_ns_lock);
        err = rename_locked(&o, &n, flags);
        mutex_unlock(&vfs_ns_lock);
    }
    nameidata_last_done(&n);
    nameidata_last_done(&o);
    return err;
}

long vfs_readlink(const struct vfs_env *env, int dirfd, const char *path, char *buf, size_t len)
{
    struct path p;
    int err = vfs_lookup(env, dirfd, path, LOOKUP_EMPTY, &p);
    if (err)
        return err;
    struct inode *i = path_inode(&p);
    long n = -EINVAL;
    if (S_ISLNK(i->i_mode) && i->i_op && i->i_op->readlink)
        n = i->i_op->readlink(i, buf, len);
    path_put(&p);
    return n;
}
