/* Path walk (Linux fs/namei.c, path_resolution(7)): component by
 * component from the root or a starting directory, "." and "..", mounts
 * crossed both ways, symlinks followed up to MAXSYMLINKS in one walk.
 * The whole walk runs under vfs_ns_lock (vfs.h), so it sees one tree. */
#include <kernel/fdtable.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include "fs_internal.h"

struct walk {
    const struct path *root;
    struct path cur; /* referenced */
    int links;       /* symlinks followed so far */
};

static bool is_dir(const struct path *p)
{
    return p->dentry && p->dentry->d_inode && S_ISDIR(p->dentry->d_inode->i_mode);
}

/* Replace cur by next (whose references the caller hands over). */
static void walk_move(struct walk *w, struct mount *mnt, struct dentry *d)
{
    path_put(&w->cur);
    w->cur.mnt = mnt;
    w->cur.dentry = d;
}

/* Down through mounts stacked on the current position. */
static void cross_mounts_down(struct walk *w)
{
    struct mount *m;
    while ((m = mount_lookup(w->cur.mnt, w->cur.dentry))) {
        mnt_get(m);
        walk_move(w, m, dget(m->mnt_root));
    }
}

/* "..": never above the root; from a mount's root first up to where it is
 * mounted (Linux follow_dotdot). */
static void walk_dotdot(struct walk *w)
{
    for (;;) {
        if (path_equal(&w->cur, w->root))
            return;
        if (w->cur.dentry != w->cur.mnt->mnt_root) {
            struct dentry *parent = dget(w->cur.dentry->d_parent);
            mnt_get(w->cur.mnt);
            walk_move(w, w->cur.mnt, parent);
            return;
        }
        struct mount *m = w->cur.mnt;
        if (m->mnt_parent == m)
            return; /* the namespace root (or a detached mount) */
        mnt_get(m->mnt_parent);
        walk_move(w, m->mnt_parent, dget(m->mnt_mountpoint));
    }
}

/* A child of the current directory, referenced, or NULL with *err. */
struct dentry *vfs_lookup_child(struct dentry *dir, const char *name, size_t len, int *err)
{
    struct dentry *d = dentry_find(dir, name, len);
    if (d)
        return d;
    struct inode *di = dir->d_inode;
    if ((dir->d_sb->s_flags & SB_DCACHE_BACKED) || !di->i_op || !di->i_op->lookup) {
        *err = -ENOENT;
        return NULL;
    }
    struct inode *i = di->i_op->lookup(di, name, len, err);
    if (!i)
        return NULL;
    d = dentry_alloc(dir, name, len);
    if (!d) {
        inode_put(i);
        *err = -ENOMEM;
        return NULL;
    }
    d->d_inode = i; /* detached: looked up afresh each time */
    return d;
}

static int walk_path(struct walk *w, const char *p, bool follow_last, struct nameidata_last *nl);

/* Follow the symlink d (referenced; consumed) found in the current
 * directory: the walk continues from the link's target. */
static int follow_link(struct walk *w, struct dentry *d)
{
    int err = 0;
    if (++w->links > MAXSYMLINKS)
        err = -ELOOP;
    char *target = err ? NULL : kmalloc(PATH_MAX);
    if (!err && !target)
        err = -ENOMEM;
    struct inode *i = d->d_inode;
    long n = 0;
    if (!err) {
        n = i->i_op && i->i_op->readlink ? i->i_op->readlink(i, target, PATH_MAX - 1) : -EINVAL;
        if (n < 0)
            err = (int)n;
        else if (n == 0)
            err = -ENOENT;
    }
    if (!err) {
        target[n] = '\0';
        err = walk_path(w, target, true, NULL);
    }
    kfree(target);
    dput(d);
    return err;
}

/* One step from the current directory to name. */
static int walk_step(struct walk *w, const char *name, size_t len, bool last, bool follow_last,
                     bool trailing)
{
    if (len == 1 && name[0] == '.')
        return 0;
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        walk_dotdot(w);
        return 0;
    }
    int err = 0;
    struct dentry *d = vfs_lookup_child(w->cur.dentry, name, len, &err);
    if (!d)
        return err;
    struct inode *i = d->d_inode;
    if (S_ISLNK(i->i_mode) && (!last || follow_last || trailing))
        return follow_link(w, d);
    mnt_get(w->cur.mnt);
    walk_move(w, w->cur.mnt, d);
    cross_mounts_down(w);
    return 0;
}

static int walk_path(struct walk *w, const char *p, bool follow_last, struct nameidata_last *nl)
{
    if (*p == '/') {
        path_get(w->root);
        walk_move(w, w->root->mnt, w->root->dentry);
        cross_mounts_down(w);
    }
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            return 0;
        const char *name = p;
        size_t len = 0;
        while (name[len] && name[len] != '/')
            len++;
        if (len > NAME_MAX)
            return -ENAMETOOLONG;
        p = name + len;
        bool trailing = *p == '/';
        while (*p == '/')
            p++;
        bool last = *p == '\0';
        if (!is_dir(&w->cur))
            return -ENOTDIR;
        if (last && nl) {
            nl->last = name;
            nl->len = len;
            nl->trailing_slash = trailing;
            return 0;
        }
        int err = walk_step(w, name, len, last, follow_last, trailing);
        if (err)
            return err;
        if (last && trailing && !is_dir(&w->cur))
            return -ENOTDIR;
    }
}

int walk_locked(const struct path *root, struct path *cur, const char *path, unsigned flags,
                struct nameidata_last *nl)
{
    struct walk w = {.root = root, .cur = *cur, .links = 0};
    int err = walk_path(&w, path, flags & LOOKUP_FOLLOW, nl);
    if (!err && (flags & LOOKUP_DIRECTORY) && !is_dir(&w.cur))
        err = -ENOTDIR;
    *cur = w.cur;
    return err;
}

/* The starting directory: the cwd for AT_FDCWD, else the directory dirfd
 * names (Linux path_init). any: AT_EMPTY_PATH, any kind of file. */
static int start_path(const struct vfs_env *env, int dirfd, bool any, struct path *out)
{
    if (dirfd == AT_FDCWD) {
        if (env && env->fs) {
            mutex_lock(&env->fs->lock);
            *out = env->fs->cwd;
            path_get(out);
            mutex_unlock(&env->fs->lock);
        } else {
            vfs_root_path(out);
        }
        return out->mnt ? 0 : -ENOENT;
    }
    struct file *f = env && env->files ? fdtable_file(env->files, dirfd) : NULL;
    if (!f)
        return -EBADF;
    int err = 0;
    if (!f->f_path.dentry)
        err = any ? -EBADF : -ENOTDIR;
    else if (!any && !S_ISDIR(f->f_inode->i_mode))
        err = -ENOTDIR;
    if (!err) {
        *out = f->f_path;
        path_get(out);
    }
    file_put(f);
    return err;
}

int vfs_dirfd_path(const struct vfs_env *env, int dirfd, struct path *out)
{
    return start_path(env, dirfd, true, out);
}

static int check_path_len(const char *path)
{
    return strnlen(path, PATH_MAX) >= PATH_MAX ? -ENAMETOOLONG : 0;
}

int vfs_lookup(const struct vfs_env *env, int dirfd, const char *path, unsigned flags,
               struct path *out)
{
    int err = check_path_len(path);
    if (err)
        return err;
    if (!*path) {
        if (!(flags & LOOKUP_EMPTY))
            return -ENOENT;
        err = start_path(env, dirfd, true, out);
        if (!err && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(path_inode(out)->i_mode)) {
            path_put(out);
            err = -ENOTDIR;
        }
        return err;
    }
    struct path root, cur = {0};
    env_root(env, &root);
    if (!root.mnt)
        return -ENOENT;
    if (path[0] != '/')
        err = start_path(env, dirfd, false, &cur);
    if (!err) {
        mutex_lock(&vfs_ns_lock);
        err = walk_locked(&root, &cur, path, flags, NULL);
        mutex_unlock(&vfs_ns_lock);
    }
    path_put(&root);
    if (err)
        path_put(&cur);
    else
        *out = cur;
    return err;
}

int vfs_lookup_parent(const struct vfs_env *env, int dirfd, const char *path,
                      struct nameidata_last *nl)
{
    memset(nl, 0, sizeof(*nl));
    int err = check_path_len(path);
    if (err)
        return err;
    if (!*path)
        return -ENOENT;
    size_t n = strlen(path);
    nl->buf = kmalloc(n + 1);
    if (!nl->buf)
        return -ENOMEM;
    memcpy(nl->buf, path, n + 1);
    struct path root, cur = {0};
    env_root(env, &root);
    if (!root.mnt)
        err = -ENOENT;
    else if (path[0] != '/')
        err = start_path(env, dirfd, false, &cur);
    if (!err) {
        mutex_lock(&vfs_ns_lock);
        err = walk_locked(&root, &cur, nl->buf, LOOKUP_FOLLOW, nl);
        mutex_unlock(&vfs_ns_lock);
        if (!err && !nl->last) {
            /* "/" or "a//": the path names a directory, not a new entry.
             * Report it as the name "." in itself. */
            nl->last = ".";
            nl->len = 1;
            nl->type = LAST_ROOT;
            nl->trailing_slash = true;
        } else if (!err && nl->len == 1 && nl->last[0] == '.') {
            nl->type = LAST_DOT;
        } else if (!err && nl->len == 2 && nl->last[0] == '.' && nl->last[1] == '.') {
            nl->type = LAST_DOTDOT;
        }
    }
    path_put(&root);
    if (err) {
        path_put(&cur);
        kfree(nl->buf);
        nl->buf = NULL;
    } else {
        nl->parent = cur;
    }
    return err;
}

void nameidata_last_done(struct nameidata_last *nl)
{
    path_put(&nl->parent);
    kfree(nl->buf);
    nl->buf = NULL;
}

/* getcwd(2) / d_path: walk up to root, crossing mounts; names are
 * prepended from the end of buf. */
long vfs_path_name(const struct path *root, const struct path *p, char *buf, size_t len)
{
    /* procfs reads links (/proc/pid/cwd, fd/N) from inside a walk, with
     * the lock already held. */
    bool locked = mutex_held(&vfs_ns_lock);
    if (!locked)
        mutex_lock(&vfs_ns_lock);
    struct path cur = *p;
    size_t pos = len;
    long err = 0;
    /* Detached dentries of file systems that are not dcache-backed (procfs)
     * are looked up afresh and still name their file. */
    if (!is_root(cur.dentry) && !cur.dentry->d_linked &&
        (cur.dentry->d_sb->s_flags & SB_DCACHE_BACKED))
        err = -ENOENT;
    if (!err && pos < 1)
        err = -ERANGE;
    if (!err)
        buf[--pos] = '\0';
    while (!err && !path_equal(&cur, root)) {
        if (cur.dentry == cur.mnt->mnt_root) {
            if (cur.mnt->mnt_parent == cur.mnt)
                break; /* outside root (after chroot): Linux shows the global path */
            cur.dentry = cur.mnt->mnt_mountpoint;
            cur.mnt = cur.mnt->mnt_parent;
            continue;
        }
        struct dentry *d = cur.dentry;
        if (pos < d->d_len + 1) {
            err = -ERANGE;
            break;
        }
        pos -= d->d_len;
        memcpy(buf + pos, d->d_name, d->d_len);
        buf[--pos] = '/';
        cur.dentry = d->d_parent;
    }
    if (!locked)
        mutex_unlock(&vfs_ns_lock);
    if (err)
        return err;
    if (pos == len - 1) { /* the root itself */
        if (pos < 1)
            return -ERANGE;
        buf[--pos] = '/';
    }
    size_t n = len - pos;
    memmove(buf, buf + pos, n);
    return (long)n;
}
