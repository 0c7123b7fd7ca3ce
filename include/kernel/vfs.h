/* The virtual file system: inodes, dentries, mounts, path walk and the
 * file-system types behind them (Linux fs/ is the model, much smaller).
 * Files and descriptors are in file.h and fdtable.h.
 *
 * Objects:
 *   struct inode       a file's identity and attributes; the file system's
 *                      data hangs off i_private. Refcounted (i_count).
 *   struct dentry      a name in a directory; the tree of dentries is the
 *                      name cache. For "dcache-backed" file systems (tmpfs,
 *                      devtmpfs) the tree is the directory itself: a name
 *                      not in it does not exist. Refcounted (d_count); a
 *                      linked dentry holds a reference on itself (the tree's)
 *                      and on its inode; every dentry holds one on its
 *                      parent.
 *   struct super_block one mounted instance of a file-system type.
 *   struct mount       where a super block's root is attached: (parent
 *                      mount, mountpoint dentry). Refcounted (mnt_count):
 *                      open files and cwd/root references count, so umount
 *                      knows when it is busy.
 *   struct path        (mount, dentry): a position in the namespace.
 *
 * Locking (SMP):
 *   vfs_ns_lock (a mutex) serialises every change to the namespace: the
 *   dentry tree (d_parent, d_name, d_children, d_inode of linked dentries),
 *   the mount table, and directory contents of every file system. Path walks
 *   take it too, so a walk sees a consistent tree. It is never held while
 *   file data moves, so a blocking read elsewhere cannot stall a lookup.
 *   inode->i_lock (a mutex) guards the inode's attributes and data (size,
 *   times, mode, tmpfs pages). Order: vfs_ns_lock, then i_lock, then any
 *   spinlock. Reference counts are atomic and need no lock.
 *
 * Portable: kernel/fs/ builds on the host (tests/host/test_vfs*.c); the
 * kernel-only parts are the console file, the boot glue and the syscalls. */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include <kernel/list.h>
#include <kernel/mutex.h>
#include <kernel/types.h>

struct inode;
struct dentry;
struct file;
struct file_ops;
struct super_block;
struct mount;
struct statfs;
struct stat;
struct statx;
struct fdtable;

#define NAME_MAX    255  /* bytes in one component */
#define PATH_MAX    4096 /* bytes in a path, with its NUL */
#define MAXSYMLINKS 40   /* symlinks followed in one walk (Linux namei.c) */
#define VFS_BLKSIZE 4096 /* st_blksize */

typedef uint32_t vfs_mode_t;
typedef uint32_t vfs_dev_t; /* user-space encoding, uapi/stat.h MKDEV */

struct vfs_time {
    int64_t sec;
    int64_t nsec;
};

/* Attributes a setattr changes (a mask of ATTR_*). */
#define ATTR_MODE  (1u << 0)
#define ATTR_UID   (1u << 1)
#define ATTR_GID   (1u << 2)
#define ATTR_SIZE  (1u << 3)
#define ATTR_ATIME (1u << 4)
#define ATTR_MTIME (1u << 5)
#define ATTR_CTIME (1u << 6)

struct vfs_attr {
    unsigned mask;
    vfs_mode_t mode;
    uint32_t uid, gid;
    uint64_t size;
    struct vfs_time atime, mtime, ctime;
};

/* Operations on inodes; directory operations are called with vfs_ns_lock
 * held and the target names already checked (absent for create, present
 * for remove). NULL hooks mean "not supported" (-EPERM / -EOPNOTSUPP as
 * Linux answers). */
struct inode_ops {
    /* Cache miss in a directory of a file system that is not dcache-backed:
     * the inode called name, or NULL and -ENOENT in *err. */
    struct inode *(*lookup)(struct inode *dir, const char *name, size_t len, int *err);
    /* Make a new inode of the given mode/rdev in dir (regular, dir, device,
     * fifo, socket); the caller links it under the dentry. */
    int (*create)(struct inode *dir, vfs_mode_t mode, vfs_dev_t rdev, struct inode **out);
    int (*symlink)(struct inode *dir, const char *target, struct inode **out);
    /* Directory-entry bookkeeping (nlink, times, sizes) after the VFS has
     * linked/unlinked the dentry. */
    int (*link)(struct inode *dir, struct inode *inode);
    int (*unlink)(struct inode *dir, struct inode *inode);
    int (*rmdir)(struct inode *dir, struct inode *inode);
    int (*rename)(struct inode *old_dir, struct inode *new_dir, struct inode *inode,
                  struct inode *replaced, bool exchange);
    /* Copy at most len bytes of the link target to buf: the length. */
    long (*readlink)(struct inode *inode, char *buf, size_t len);
    /* Apply the attributes in a (ATTR_SIZE truncates). i_lock not held. */
    int (*setattr)(struct inode *inode, const struct vfs_attr *a);
};

struct inode {
    /* Fixed at creation. */
    uint64_t i_ino;
    struct super_block *i_sb;
    const struct inode_ops *i_op;
    const struct file_ops *i_fop; /* default file ops when opened */
    vfs_dev_t i_rdev;

    uint32_t i_count; /* references (atomic) */

    struct mutex i_lock; /* guards everything below */
    vfs_mode_t i_mode;
    uint32_t i_uid, i_gid;
    uint32_t i_nlink;
    uint64_t i_size;
    uint64_t i_blocks; /* 512-byte units */
    struct vfs_time i_atime, i_mtime, i_ctime;
    uint64_t i_dir_seq; /* directories: next readdir cookie (>= 2) */
    void *i_private;    /* file-system data (tmpfs pages, link target) */
    void *i_pipe;       /* FIFOs: the pipe, attached by the FIFO open hook */
};

struct dentry {
    /* Guarded by vfs_ns_lock. */
    struct dentry *d_parent; /* itself for a root */
    char *d_name;            /* NUL-terminated, kmalloc'ed */
    size_t d_len;
    struct inode *d_inode;
    struct list_node d_children; /* children's d_sibling, in d_seq order */
    struct list_node d_sibling;
    uint64_t d_seq;    /* readdir cookie in the parent */
    bool d_linked;     /* in its parent's d_children (holds the tree's ref) */
    unsigned d_mounts; /* mounts on this dentry */
    struct super_block *d_sb;

    uint32_t d_count; /* references (atomic) */
};

struct super_ops {
    /* Last reference to an inode is gone: free the fs data. */
    void (*evict)(struct inode *inode);
    void (*statfs)(struct super_block *sb, struct statfs *st);
    /* The super block is being unmounted and freed. */
    void (*kill)(struct super_block *sb);
};

#define SB_DCACHE_BACKED 1u /* the dentry tree is the directory (tmpfs) */

struct super_block {
    const struct super_ops *s_op;
    const struct fs_type *s_type;
    struct dentry *s_root;
    uint32_t s_dev;            /* anonymous device number */
    unsigned s_flags;          /* SB_* */
    unsigned long s_mnt_flags; /* MS_* from mount */
    uint64_t s_next_ino;       /* atomic */
    uint32_t s_count;          /* mounts using it (vfs_ns_lock) */
    void *s_fs_info;
};

struct mount {
    /* Guarded by vfs_ns_lock. */
    struct super_block *mnt_sb;
    struct dentry *mnt_root;
    struct mount *mnt_parent; /* itself for the root mount */
    struct dentry *mnt_mountpoint;
    struct list_node mnt_node; /* in the mount table */
    unsigned long mnt_flags;
    int mnt_id;
    char *mnt_devname; /* mount(2)'s source, for /proc/mounts (kmalloc'ed) */

    uint32_t mnt_count; /* references (atomic); the table holds one */
};

struct path {
    struct mount *mnt;
    struct dentry *dentry;
};

/* A file-system type for mount(2): "tmpfs", "devtmpfs", "proc", ... */
struct fs_type {
    const char *name;
    /* A super block with its root dentry set (one reference for the
     * mount), or NULL with *err. data is mount(2)'s option string or NULL. */
    struct super_block *(*get_sb)(const struct fs_type *t, unsigned long flags, const char *data,
                                  int *err);
    struct list_node node;
};

/* The process's view: root, cwd, umask (CLONE_FS shares it). */
struct fs_context {
    uint32_t count;    /* atomic */
    struct mutex lock; /* guards root, cwd and umask */
    struct path root, cwd;
    unsigned umask;
};

/* root and cwd = "/", umask 022; NULL if out of memory. */
struct fs_context *fs_context_create(void);
struct fs_context *fs_context_dup(struct fs_context *src); /* fork without CLONE_FS */
void fs_context_get(struct fs_context *fs);
void fs_context_put(struct fs_context *fs);

/* What a path walk needs from the caller: its fs context (root, cwd) and
 * descriptor table (dirfds). */
struct vfs_env {
    struct fs_context *fs;
    struct fdtable *files;
};

extern struct mutex vfs_ns_lock;

/* Set up the VFS (lists, built-in fs types, char devices) and mount a
 * tmpfs as "/". Idempotent for host tests: vfs_reset() tears it down. */
int vfs_init(void);
void vfs_reset(void);
/* The root of the namespace, referenced (path_put when done). */
void vfs_root_path(struct path *out);

/* ---- references ---- */
void inode_get(struct inode *i);
void inode_put(struct inode *i);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void mnt_get(struct mount *m);
void mnt_put(struct mount *m);
void path_get(const struct path *p);
void path_put(struct path *p);
static inline struct inode *path_inode(const struct path *p)
{
    return p->dentry->d_inode;
}
static inline bool path_equal(const struct path *a, const struct path *b)
{
    return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* ---- inodes and dentries (for file-system code) ---- */
struct inode *inode_alloc(struct super_block *sb, vfs_mode_t mode);
/* A detached dentry named name under parent (may be NULL for a root). */
struct dentry *dentry_alloc(struct dentry *parent, const char *name, size_t len);
/* Link/unlink d in its parent (vfs_ns_lock held); d_inode set first. */
void dentry_link(struct dentry *d);
void dentry_unlink(struct dentry *d);
/* A linked child named name, referenced, or NULL (vfs_ns_lock held). */
struct dentry *dentry_find(struct dentry *dir, const char *name, size_t len);
struct super_block *sb_alloc(const struct super_ops *ops, const struct fs_type *t);

/* The current time for timestamps (kernel: clock; host: the test's). */
void vfs_now(struct vfs_time *t);

/* ---- file-system types and mounts ---- */
int register_fs_type(struct fs_type *t);
const struct fs_type *find_fs_type(const char *name);
/* Attach a new super block of type fstype at path (a directory). */
int vfs_mount(const struct path *at, const char *fstype, unsigned long flags, const char *data);
/* The same with mount(2)'s source name (NULL: "none"), shown by
 * vfs_mounts_show. */
int vfs_mount_dev(const struct path *at, const char *source, const char *fstype,
                  unsigned long flags, const char *data);
/* For /proc/mounts and /proc/self/mountinfo: fn for each mount reachable
 * from root, in mount order, with its source, mount point (as seen from
 * root), type name, MS_* flags and ids. Runs without vfs_ns_lock held. */
struct mount_info {
    const char *source, *where, *type;
    unsigned long flags;
    int id, parent_id;
    uint32_t dev;
};
int vfs_mounts_show(const struct path *root, void (*fn)(void *arg, const struct mount_info *mi),
                    void *arg);
/* Detach the mount whose root is at: -EINVAL if at is not a mount root,
 * -EBUSY if it is in use (files, cwds or mounts below) unless MNT_DETACH. */
int vfs_umount(struct path *at, int flags);
/* Visit the registered types / the mount table in order, vfs_ns_lock
 * held by the caller (procfs: /proc/filesystems, /proc/mounts). */
void vfs_for_each_fs_type(void (*fn)(void *arg, const struct fs_type *t), void *arg);
void vfs_for_each_mount(void (*fn)(void *arg, struct mount *m), void *arg);
/* The mount on (mnt, dentry), or NULL (vfs_ns_lock held). */
struct mount *mount_lookup(struct mount *mnt, struct dentry *d);

/* ---- path walk (namei.c) ---- */
#define LOOKUP_FOLLOW    1u /* follow a final symlink */
#define LOOKUP_DIRECTORY 2u /* the result must be a directory */
#define LOOKUP_EMPTY     4u /* "" means dirfd itself (AT_EMPTY_PATH) */
#define LOOKUP_PARENT    8u /* stop at the parent of the last component */

/* Resolve path relative to dirfd (AT_FDCWD: the cwd). On success *out is
 * referenced. */
int vfs_lookup(const struct vfs_env *env, int dirfd, const char *path, unsigned flags,
               struct path *out);

/* The parent directory of path's last component, and that component.
 * last points into a kmalloc'ed copy (*buf, kfree it); a path ending in
 * "/" or "." or ".." gives that name in *last too (callers reject). *trailing
 * is set when the path ended with a slash. */
enum last_type { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };
struct nameidata_last {
    struct path parent;
    const char *last;
    size_t len;
    enum last_type type;
    bool trailing_slash;
    char *buf;
};
int vfs_lookup_parent(const struct vfs_env *env, int dirfd, const char *path,
                      struct nameidata_last *nl);
void nameidata_last_done(struct nameidata_last *nl);

/* The starting point for dirfd (AT_FDCWD or a directory fd), referenced. */
int vfs_dirfd_path(const struct vfs_env *env, int dirfd, struct path *out);

/* Write the absolute name of p (as seen from root) into buf: its length
 * with the NUL, -ERANGE if it does not fit, -ENOENT if p was unlinked. */
long vfs_path_name(const struct path *root, const struct path *p, char *buf, size_t len);

/* ---- permission ---- */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4
/* 0 or -EACCES. Every caller is root for now (no credentials yet): read
 * and write are always allowed, execute needs some x bit on non-dirs. */
int vfs_permission(struct inode *inode, int mask);

/* ---- namespace operations (vfs_ops.c); all take the same env ---- */
int vfs_mknod(const struct vfs_env *env, int dirfd, const char *path, vfs_mode_t mode,
              vfs_dev_t dev);
int vfs_mkdir(const struct vfs_env *env, int dirfd, const char *path, vfs_mode_t mode);
int vfs_symlink(const struct vfs_env *env, const char *target, int dirfd, const char *path);
int vfs_unlink(const struct vfs_env *env, int dirfd, const char *path);
int vfs_rmdir(const struct vfs_env *env, int dirfd, const char *path);
int vfs_link(const struct vfs_env *env, int olddirfd, const char *oldpath, int newdirfd,
             const char *newpath, int flags);
int vfs_rename(const struct vfs_env *env, int olddirfd, const char *oldpath, int newdirfd,
               const char *newpath, unsigned flags);
long vfs_readlink(const struct vfs_env *env, int dirfd, const char *path, char *buf, size_t len);
int vfs_setattr(struct inode *inode, const struct vfs_attr *a);
/* The mode, owner and time changes of a, under the inode's lock (for
 * setattr hooks after their own work, such as a truncate). */
void inode_apply_attr(struct inode *inode, const struct vfs_attr *a);
void vfs_fill_stat(struct inode *inode, struct stat *st);
void vfs_fill_statx(const struct path *p, unsigned mask, struct statx *st);
int vfs_statfs(const struct path *p, struct statfs *st);
int vfs_access(const struct vfs_env *env, int dirfd, const char *path, int mode, int flags);
int vfs_chdir(const struct vfs_env *env, const char *path);
int vfs_chroot(const struct vfs_env *env, const char *path);
int vfs_truncate_path(const struct vfs_env *env, const char *path, int64_t len);

/* ---- file systems ---- */
extern struct fs_type tmpfs_type;
extern struct fs_type devtmpfs_type;
struct super_block *tmpfs_create_sb(unsigned long flags, int *err);
/* Bytes of file data tmpfs may hold in all (statfs, -ENOSPC); 0: no
 * limit beyond the heap. */
void tmpfs_set_limit(uint64_t bytes);

/* FIFO opens: the pipe layer installs its hook (fs/pipe.c's fifo_open). */
extern int (*vfs_fifo_open)(struct inode *inode, struct file *f);

/* Unpack a newc cpio archive into the tree at root: 0, or -EINVAL for a
 * malformed archive (what was unpacked before stays), -ENOMEM/-ENOSPC. */
int cpio_unpack(const void *data, size_t len, const struct path *root);

/* Boot: mount "/" and unpack the initramfs (kernel/fs/boot.c). */
int vfs_init_root(void);

#endif
