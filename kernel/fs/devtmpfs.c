/* devtmpfs: one tmpfs instance, shared by every mount of it (as Linux's
 * drivers/base/devtmpfs.c), holding a node for each registered character
 * device. Devices registered after the first mount appear at once. */
#include <kernel/chrdev.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#include "fs_internal.h"

static struct super_block *dev_sb; /* vfs_ns_lock */

/* vfs_ns_lock held. An existing name is left alone. */
static void add_node_locked(const char *name, unsigned major, unsigned minor, unsigned mode)
{
    struct dentry *root = dev_sb->s_root;
    size_t len = strlen(name);
    if (!len || len > NAME_MAX || strchr(name, '/'))
        return; /* sub-directories (pts/0) are not made here */
    struct dentry *d = dentry_find(root, name, len);
    if (d) {
        dput(d);
        return;
    }
    struct inode *dir = root->d_inode, *inode = NULL;
    d = dentry_alloc(root, name, len);
    if (!d)
        return;
    if (dir->i_op->create(dir, S_IFCHR | (mode & 07777), MKDEV(major, minor), &inode)) {
        dput(d);
        return;
    }
    d->d_inode = inode;
    dentry_link(d);
    dput(d);
}

void devtmpfs_add(const char *name, unsigned major, unsigned minor, unsigned mode)
{
    mutex_lock(&vfs_ns_lock);
    if (dev_sb)
        add_node_locked(name, major, minor, mode);
    mutex_unlock(&vfs_ns_lock);
}

static void populate(void *arg, const char *name, unsigned major, unsigned minor, unsigned mode)
{
    UNUSED(arg);
    add_node_locked(name, major, minor, mode);
}

/* Called with vfs_ns_lock held (vfs_mount). */
static struct super_block *devtmpfs_get_sb(const struct fs_type *t, unsigned long flags,
                                           const char *data, int *err)
{
    UNUSED(t), UNUSED(data);
    if (!dev_sb) {
        dev_sb = tmpfs_create_sb(flags, err);
        if (!dev_sb)
            return NULL;
        dev_sb->s_type = &devtmpfs_type;
        dev_sb->s_count = 1; /* devtmpfs keeps it across umounts */
        chrdev_for_each(populate, NULL);
    }
    return dev_sb;
}

void devtmpfs_reset(void)
{
    mutex_lock(&vfs_ns_lock);
    if (dev_sb && --dev_sb->s_count == 0)
        sb_kill_tree(dev_sb);
    dev_sb = NULL;
    mutex_unlock(&vfs_ns_lock);
}

struct fs_type devtmpfs_type = {.name = "devtmpfs", .get_sb = devtmpfs_get_sb};
