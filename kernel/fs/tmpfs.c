/* tmpfs: a file system in memory whose directories are the dentry tree
 * itself (Linux mm/shmem.c and fs/libfs.c's dcache_readdir are the
 * model). Inodes carry their data: file pages (tmpfs_file.c), a symlink
 * target, a device number. Directory-entry changes arrive with
 * vfs_ns_lock held; inode fields change under i_lock. */
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include <uapi/statfs.h>

#include "fs_internal.h"
#include "tmpfs_internal.h"

/* Linux shmem reports directory sizes in units of a bogus entry size. */
#define BOGO_DIRENT_SIZE 20

uint64_t tmpfs_used_pages;    /* atomic, every instance */
uint64_t tmpfs_limit_pages;   /* 0: no limit */
static uint64_t tmpfs_inodes; /* atomic, live inodes of every instance */

void tmpfs_set_limit(uint64_t bytes)
{
    tmpfs_limit_pages = bytes / PAGE_SIZE;
}

void tmpfs_reset(void)
{
    tmpfs_limit_pages = 0;
}

static int enxio_open(struct inode *inode, struct file *f)
{
    UNUSED(inode), UNUSED(f);
    return -ENXIO;
}

/* Block devices and sockets have no driver to open yet. */
static const struct file_ops enxio_ops = {.open = enxio_open};

static const struct inode_ops tmpfs_dir_iops;
static const struct inode_ops tmpfs_node_iops;

const struct file_ops dcache_dir_ops = {
    .iterate = dcache_iterate,
    .llseek = generic_file_llseek,
};

static void dir_size_add(struct inode *dir, int entries)
{
    dir->i_size = (uint64_t)((int64_t)dir->i_size + entries * BOGO_DIRENT_SIZE);
}

static struct inode *tmpfs_new_inode(struct super_block *sb, vfs_mode_t mode, vfs_dev_t rdev)
{
    struct inode *i = inode_alloc(sb, mode);
    if (!i)
        return NULL;
    __atomic_add_fetch(&tmpfs_inodes, 1, __ATOMIC_RELAXED);
    switch (mode & S_IFMT) {
    case S_IFDIR:
        i->i_op = &tmpfs_dir_iops;
        i->i_fop = &dcache_dir_ops;
        i->i_nlink = 2;
        i->i_size = 2 * BOGO_DIRENT_SIZE;
        break;
    case S_IFREG:
        i->i_op = &tmpfs_node_iops;
        i->i_fop = &tmpfs_file_ops;
        break;
    case S_IFLNK:
        i->i_op = &tmpfs_node_iops;
        break;
    case S_IFCHR:
        i->i_op = &tmpfs_node_iops;
        i->i_fop = &chrdev_file_ops;
        i->i_rdev = rdev;
        break;
    case S_IFIFO:
        i->i_op = &tmpfs_node_iops;
        i->i_fop = &fifo_file_ops;
        break;
    default: /* S_IFBLK, S_IFSOCK */
        i->i_op = &tmpfs_node_iops;
        i->i_fop = &enxio_ops;
        i->i_rdev = rdev;
        break;
    }
    return i;
}

static int tmpfs_create(struct inode *dir, vfs_mode_t mode, vfs_dev_t rdev, struct inode **out)
{
    struct inode *i = tmpfs_new_inode(dir->i_sb, mode, rdev);
    if (!i)
        return -ENOSPC; /* Linux shmem: no memory for an inode is ENOSPC */
    mutex_lock(&dir->i_lock);
    if (S_ISDIR(mode))
        dir->i_nlink++;
    dir_size_add(dir, 1);
    inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
    mutex_unlock(&dir->i_lock);
    *out = i;
    return 0;
}

static int tmpfs_symlink(struct inode *dir, const char *target, struct inode **out)
{
    size_t len = strlen(target);
    char *copy = kmalloc(len + 1);
    if (!copy)
        return -ENOSPC;
    memcpy(copy, target, len + 1);
    int err = tmpfs_create(dir, S_IFLNK | 0777, 0, out);
    if (err) {
        kfree(copy);
        return err;
    }
    (*out)->i_private = copy;
    (*out)->i_size = len;
    return 0;
}

static long tmpfs_readlink(struct inode *inode, char *buf, size_t len)
{
    const char *t = inode->i_private;
    size_t n = MIN(len, (size_t)inode->i_size);
    memcpy(buf, t, n);
    return (long)n;
}

static void dir_changed(struct inode *dir, int entries, int links)
{
    mutex_lock(&dir->i_lock);
    dir_size_add(dir, entries);
    dir->i_nlink = (uint32_t)((int)dir->i_nlink + links);
    inode_touch(dir, ATTR_MTIME | ATTR_CTIME);
    mutex_unlock(&dir->i_lock);
}

static void links_changed(struct inode *i, int delta, bool zero)
{
    mutex_lock(&i->i_lock);
    i->i_nlink = zero ? 0 : (uint32_t)((int)i->i_nlink + delta);
    inode_touch(i, ATTR_CTIME);
    mutex_unlock(&i->i_lock);
}

static int tmpfs_link(struct inode *dir, struct inode *inode)
{
    links_changed(inode, 1, false);
    dir_changed(dir, 1, 0);
    return 0;
}

static int tmpfs_unlink(struct inode *dir, struct inode *inode)
{
    links_changed(inode, -1, false);
    dir_changed(dir, -1, 0);
    return 0;
}

static int tmpfs_rmdir(struct inode *dir, struct inode *inode)
{
    links_changed(inode, 0, true);
    dir_changed(dir, -1, -1);
    return 0;
}

static int tmpfs_rename(struct inode *old_dir, struct inode *new_dir, struct inode *inode,
                        struct inode *replaced, bool exchange)
{
    bool is_dir = S_ISDIR(inode->i_mode);
    if (exchange) {
        bool other_dir = S_ISDIR(replaced->i_mode);
        if (old_dir != new_dir && is_dir != other_dir) {
            int d = is_dir ? 1 : -1; /* the directory moves to new_dir */
            dir_changed(new_dir, 0, d);
            dir_changed(old_dir, 0, -d);
        } else {
            dir_changed(old_dir, 0, 0);
            if (new_dir != old_dir)
                dir_changed(new_dir, 0, 0);
        }
        links_changed(inode, 0, false);
        links_changed(replaced, 0, false);
        return 0;
    }
    if (replaced) {
        if (S_ISDIR(replaced->i_mode)) {
            links_changed(replaced, 0, true);
            dir_changed(new_dir, -1, -1);
        } else {
            links_changed(replaced, -1, false);
            dir_changed(new_dir, -1, 0);
        }
    }
    dir_changed(old_dir, -1, is_dir ? -1 : 0);
    dir_changed(new_dir, 1, is_dir ? 1 : 0);
    links_changed(inode, 0, false); /* ctime */
    return 0;
}

static int tmpfs_setattr(struct inode *inode, const struct vfs_attr *a)
{
    if (a->mask & ATTR_SIZE) {
        if (!S_ISREG(inode->i_mode))
            return -EINVAL;
        int err = tmpfs_truncate(inode, a->size);
        if (err)
            return err;
    }
    inode_apply_attr(inode, a);
    return 0;
}

static const struct inode_ops tmpfs_dir_iops = {
    .create = tmpfs_create,
    .symlink = tmpfs_symlink,
    .link = tmpfs_link,
    .unlink = tmpfs_unlink,
    .rmdir = tmpfs_rmdir,
    .rename = tmpfs_rename,
    .setattr = tmpfs_setattr,
};

static const struct inode_ops tmpfs_node_iops = {
    .readlink = tmpfs_readlink,
    .setattr = tmpfs_setattr,
};

/* Entries of a dcache-backed directory: ".", "..", then children by
 * cookie; the file position is the next cookie to emit. */
int dcache_iterate(struct file *f, struct dir_context *ctx)
{
    struct dentry *dir = f->f_path.dentry;
    if (ctx->pos == 0 && !ctx->emit(ctx, ".", 1, dir->d_inode->i_ino, DT_DIR, 1))
        return 0;
    if (ctx->pos == 1 && !ctx->emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino, DT_DIR, 2))
        return 0;
    struct list_node *n;
    list_for_each(n, &dir->d_children)
    {
        struct dentry *c = list_entry(n, struct dentry, d_sibling);
        if (c->d_seq < ctx->pos)
            continue;
        struct inode *i = c->d_inode;
        if (!ctx->emit(ctx, c->d_name, c->d_len, i->i_ino, mode_to_dtype(i->i_mode), c->d_seq + 1))
            return 0;
    }
    return 0;
}

static void tmpfs_evict(struct inode *inode)
{
    if (S_ISREG(inode->i_mode))
        tmpfs_free_data(inode);
    else if (S_ISLNK(inode->i_mode))
        kfree(inode->i_private);
    inode->i_private = NULL;
    __atomic_sub_fetch(&tmpfs_inodes, 1, __ATOMIC_RELAXED);
}

/* Linux shmem_statfs: blocks of the size limit (RAM/2 by default), free
 * ones, and inode counts. */
static void tmpfs_statfs(struct super_block *sb, struct statfs *st)
{
    UNUSED(sb);
    uint64_t used = __atomic_load_n(&tmpfs_used_pages, __ATOMIC_RELAXED);
    uint64_t limit = tmpfs_limit_pages ? tmpfs_limit_pages : used + (1u << 18);
    st->f_type = TMPFS_MAGIC;
    st->f_blocks = limit;
    st->f_bfree = limit > used ? limit - used : 0;
    st->f_bavail = st->f_bfree;
    uint64_t inodes = __atomic_load_n(&tmpfs_inodes, __ATOMIC_RELAXED);
    st->f_files = limit;
    st->f_ffree = limit > inodes ? limit - inodes : 0;
}

static const struct super_ops tmpfs_sops = {
    .evict = tmpfs_evict,
    .statfs = tmpfs_statfs,
};

struct super_block *tmpfs_create_sb(unsigned long flags, int *err)
{
    UNUSED(flags);
    struct super_block *sb = sb_alloc(&tmpfs_sops, &tmpfs_type);
    if (!sb) {
        *err = -ENOMEM;
        return NULL;
    }
    sb->s_flags = SB_DCACHE_BACKED;
    struct inode *root = tmpfs_new_inode(sb, S_IFDIR | 0755, 0);
    struct dentry *d = root ? dentry_alloc(NULL, "/", 1) : NULL;
    if (!d) {
        inode_put(root);
        kfree(sb);
        *err = -ENOMEM;
        return NULL;
    }
    d->d_inode = root;
    d->d_sb = sb;
    sb->s_root = d;
    return sb;
}

/* mount -t tmpfs: options (size=, mode=) are accepted and ignored. */
static struct super_block *tmpfs_get_sb(const struct fs_type *t, unsigned long flags,
                                        const char *data, int *err)
{
    UNUSED(t), UNUSED(data);
    struct super_block *sb = tmpfs_create_sb(flags, err);
    if (sb)
        sb->s_root->d_inode->i_mode = S_IFDIR | 01777;
    return sb;
}

struct fs_type tmpfs_type = {.name = "tmpfs", .get_sb = tmpfs_get_sb};
struct fs_type ramfs_type = {.name = "ramfs", .get_sb = tmpfs_get_sb};
