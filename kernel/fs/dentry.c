/* Inodes, dentries and their reference counts (Linux fs/inode.c,
 * fs/dcache.c, much reduced: the tree is the cache and there is no LRU). */
#include <kernel/heap.h>
#include <kernel/panic.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#include "fs_internal.h"

struct mutex vfs_ns_lock = MUTEX_INIT("vfs_ns_lock");

struct inode *inode_alloc(struct super_block *sb, vfs_mode_t mode)
{
    struct inode *i = kzalloc(sizeof(*i));
    if (!i)
        return NULL;
    i->i_sb = sb;
    i->i_ino = __atomic_add_fetch(&sb->s_next_ino, 1, __ATOMIC_RELAXED);
    i->i_count = 1;
    i->i_mode = mode;
    i->i_nlink = 1;
    i->i_dir_seq = 2;
    mutex_init(&i->i_lock, "inode");
    vfs_now(&i->i_mtime);
    i->i_atime = i->i_ctime = i->i_mtime;
    return i;
}

void inode_get(struct inode *i)
{
    ref_inc(&i->i_count);
}

void inode_put(struct inode *i)
{
    if (!i || !ref_dec(&i->i_count))
        return;
    if (i->i_sb && i->i_sb->s_op && i->i_sb->s_op->evict)
        i->i_sb->s_op->evict(i);
    kfree(i);
}

/* Record a change of times (ATTR_ATIME/MTIME/CTIME); i_lock held. */
void inode_touch(struct inode *i, unsigned which)
{
    struct vfs_time now;
    vfs_now(&now);
    if (which & ATTR_ATIME)
        i->i_atime = now;
    if (which & ATTR_MTIME)
        i->i_mtime = now;
    if (which & ATTR_CTIME)
        i->i_ctime = now;
}

struct dentry *dentry_alloc(struct dentry *parent, const char *name, size_t len)
{
    struct dentry *d = kzalloc(sizeof(*d));
    if (!d)
        return NULL;
    d->d_name = kmalloc(len + 1);
    if (!d->d_name) {
        kfree(d);
        return NULL;
    }
    memcpy(d->d_name, name, len);
    d->d_name[len] = '\0';
    d->d_len = len;
    d->d_count = 1;
    list_init(&d->d_children);
    list_init(&d->d_sibling);
    if (parent) {
        d->d_parent = dget(parent);
        d->d_sb = parent->d_sb;
    } else {
        d->d_parent = d;
    }
    return d;
}

struct dentry *dget(struct dentry *d)
{
    ref_inc(&d->d_count);
    return d;
}

/* The last reference frees the dentry, its inode reference and then its
 * reference on the parent, iteratively (deep trees must not recurse). */
void dput(struct dentry *d)
{
    while (d && ref_dec(&d->d_count)) {
        BUG_ON(d->d_linked);
        struct dentry *parent = is_root(d) ? NULL : d->d_parent;
        inode_put(d->d_inode);
        kfree(d->d_name);
        kfree(d);
        d = parent;
    }
}

/* The tree takes its own reference; children are kept in d_seq order, so
 * readdir can resume at a cookie even while entries come and go. */
void dentry_link(struct dentry *d)
{
    struct dentry *parent = d->d_parent;
    struct inode *dir = parent->d_inode;
    dget(d);
    d->d_seq = dir->i_dir_seq++;
    list_add_tail(&parent->d_children, &d->d_sibling);
    d->d_linked = true;
}

void dentry_unlink(struct dentry *d)
{
    if (!d->d_linked)
        return;
    list_remove(&d->d_sibling);
    d->d_linked = false;
    dput(d);
}

struct dentry *dentry_find(struct dentry *dir, const char *name, size_t len)
{
    struct list_node *n;
    list_for_each(n, &dir->d_children)
    {
        struct dentry *c = list_entry(n, struct dentry, d_sibling);
        if (c->d_len == len && memcmp(c->d_name, name, len) == 0)
            return dget(c);
    }
    return NULL;
}

/* ---- paths and mounts ---- */

void path_get(const struct path *p)
{
    if (p->mnt)
        mnt_get(p->mnt);
    if (p->dentry)
        dget(p->dentry);
}

void path_put(struct path *p)
{
    if (p->dentry)
        dput(p->dentry);
    if (p->mnt)
        mnt_put(p->mnt);
    p->dentry = NULL;
    p->mnt = NULL;
}

void mnt_get(struct mount *m)
{
    ref_inc(&m->mnt_count);
}

static void mnt_free(struct mount *m)
{
    struct super_block *sb = m->mnt_sb;
    struct mount *parent = m->mnt_parent;
    if (m->mnt_mountpoint && parent != m)
        dput(m->mnt_mountpoint);
    dput(m->mnt_root);
    if (--sb->s_count == 0)
        sb_kill_tree(sb);
    kfree(m->mnt_devname);
    kfree(m);
    if (parent != m)
        mnt_put(parent);
}

/* The last reference to a mount can go from a file's close (no lock) or
 * from inside a walk (lock held): take the lock only if needed. */
void mnt_put(struct mount *m)
{
    if (!ref_dec(&m->mnt_count))
        return;
    bool locked = mutex_held(&vfs_ns_lock);
    if (!locked)
        mutex_lock(&vfs_ns_lock);
    mnt_free(m);
    if (!locked)
        mutex_unlock(&vfs_ns_lock);
}

struct super_block *sb_alloc(const struct super_ops *ops, const struct fs_type *t)
{
    static uint32_t next_anon_minor = 1;
    struct super_block *sb = kzalloc(sizeof(*sb));
    if (!sb)
        return NULL;
    sb->s_op = ops;
    sb->s_type = t;
    /* Anonymous block devices are major 0 (Linux get_anon_bdev). */
    sb->s_dev = MKDEV(0, __atomic_fetch_add(&next_anon_minor, 1, __ATOMIC_RELAXED));
    return sb;
}

/* Unlink every dentry of a dead super block, children first, then let the
 * file system free its own state. Open files keep their dentries and
 * inodes alive (and the mount keeps the super block until they close). */
void sb_kill_tree(struct super_block *sb)
{
    struct dentry *d = sb->s_root;
    while (d) {
        if (!list_empty(&d->d_children)) {
            d = list_entry(d->d_children.next, struct dentry, d_sibling);
            continue;
        }
        struct dentry *parent = is_root(d) ? NULL : d->d_parent;
        dentry_unlink(d);
        d = parent;
    }
    if (sb->s_op && sb->s_op->kill)
        sb->s_op->kill(sb);
    dput(sb->s_root);
    kfree(sb);
}
