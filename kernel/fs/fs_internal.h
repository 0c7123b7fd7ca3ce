/* Helpers shared by the files of kernel/fs (not an API for others). */
#ifndef KERNEL_FS_INTERNAL_H
#define KERNEL_FS_INTERNAL_H

#include <kernel/file.h>
#include <kernel/vfs.h>

static inline void ref_inc(uint32_t *c)
{
    __atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
}

/* True when this drop was the last reference. */
static inline bool ref_dec(uint32_t *c)
{
    return __atomic_sub_fetch(c, 1, __ATOMIC_ACQ_REL) == 0;
}

/* A dentry is the root of its file system. */
static inline bool is_root(const struct dentry *d)
{
    return d->d_parent == d;
}

/* "." or "..". */
static inline bool is_dot_or_dotdot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* d_type for a mode (linux/fs_types.h: S_DT). */
static inline unsigned mode_to_dtype(vfs_mode_t mode)
{
    return (mode >> 12) & 15;
}

void inode_touch(struct inode *i, unsigned which); /* ATTR_*TIME, i_lock held */
struct fs_context;
/* root and cwd of env (global root if env has no fs), referenced. */
void env_root(const struct vfs_env *env, struct path *out);
/* Free a detached super block's tree (vfs_ns_lock held). */
void sb_kill_tree(struct super_block *sb);
/* The walk itself, vfs_ns_lock held (namei.c). */
int walk_locked(const struct path *root, struct path *cur, const char *path, unsigned flags,
                struct nameidata_last *nl);
/* A child of dir (linked, or fresh from the fs lookup), referenced, or
 * NULL with *err (vfs_ns_lock held). */
struct dentry *vfs_lookup_child(struct dentry *dir, const char *name, size_t len, int *err);
/* Create name in parent (vfs_ns_lock held): the new dentry, referenced. */
int vfs_create_locked(const struct path *parent, const char *name, size_t len, vfs_mode_t mode,
                      vfs_dev_t rdev, struct dentry **out);
/* Files: the generic directory iterator over a dcache-backed tree. */
int dcache_iterate(struct file *f, struct dir_context *ctx);
extern const struct file_ops dcache_dir_ops;
/* Char-device open (chrdev.c): dispatch by i_rdev. */
int chrdev_open(struct inode *inode, struct file *f);
extern const struct file_ops chrdev_file_ops;
extern const struct file_ops fifo_file_ops;
/* devtmpfs: nodes for devices registered so far. */
void devtmpfs_add(const char *name, unsigned major, unsigned minor, unsigned mode);
void devtmpfs_reset(void);
void mounts_reset(void);
void fstypes_reset(void);
void tmpfs_reset(void);
/* The mode after umask for a new object. */
unsigned env_umask(const struct vfs_env *env);

#endif
