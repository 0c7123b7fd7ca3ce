/* Open files: what a descriptor refers to (Linux struct file). A file is
 * refcounted (descriptors, dup, fork, in-flight system calls each hold a
 * reference) and has an offset, flags and the operations of its kind:
 * a tmpfs file, a directory, a device, a pipe end, the console.
 *
 * Data moves through a struct iobuf, which names either a kernel buffer
 * (exec, cpio, procfs) or a user one; iobuf_copy_to/from use
 * copy_to_user/copy_from_user for user buffers, so a bad pointer gives
 * -EFAULT, and a read that faults after some progress returns the bytes
 * done (as Linux). */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H

#include <kernel/mutex.h>
#include <kernel/types.h>
#include <kernel/vfs.h>

struct poll_table;

struct iobuf {
    union {
        char *kaddr;
        uint64_t uaddr;
    };
    size_t len;
    bool user;
};

static inline struct iobuf iobuf_kernel(void *p, size_t len)
{
    struct iobuf b = {.kaddr = p, .len = len, .user = false};
    return b;
}

static inline struct iobuf iobuf_user(uint64_t addr, size_t len)
{
    struct iobuf b = {.uaddr = addr, .len = len, .user = true};
    return b;
}

/* Copy n bytes into / out of the buffer at offset off: 0 or -EFAULT. */
int iobuf_copy_to(const struct iobuf *b, size_t off, const void *src, size_t n);
int iobuf_copy_from(void *dst, const struct iobuf *b, size_t off, size_t n);
int iobuf_zero(const struct iobuf *b, size_t off, size_t n);

/* One directory entry handed to a getdents buffer; false when it is full. */
struct dir_context {
    bool (*emit)(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
                 uint64_t next_pos);
    uint64_t pos; /* the position to start at (file offset) */
};

/* File operations. A NULL hook gives Linux's answer for "not supported":
 * read/write -EINVAL, llseek -ESPIPE, iterate -ENOTDIR, ioctl -ENOTTY,
 * poll "always ready". */
struct file_ops {
    /* Called by open for device nodes, FIFOs and fs files after f is set
     * up: may replace f->f_op and set f->private_data. 0 or -errno. */
    int (*open)(struct inode *inode, struct file *f);
    /* Bytes moved (0 at end of file) or -errno; *pos is the position to
     * use and to advance (f_pos or a pread offset). */
    long (*read)(struct file *f, const struct iobuf *buf, uint64_t *pos);
    long (*write)(struct file *f, const struct iobuf *buf, uint64_t *pos);
    /* The new position or -errno; NULL: -ESPIPE. */
    int64_t (*llseek)(struct file *f, int64_t off, int whence);
    /* Emit entries from ctx->pos on (vfs_ns_lock held). */
    int (*iterate)(struct file *f, struct dir_context *ctx);
    long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
    unsigned (*poll)(struct file *f, struct poll_table *pt);
    int (*fsync)(struct file *f);
    /* fallocate(2) on [off, off + len), already checked; NULL: -EOPNOTSUPP. */
    int (*fallocate)(struct file *f, int mode, uint64_t off, uint64_t len);
    /* Reserved for file mappings (mmap of files comes later). */
    int (*mmap)(struct file *f, void *vma);
    /* The last reference is gone. */
    void (*release)(struct file *f);
};

#define FMODE_READ  1u
#define FMODE_WRITE 2u
#define FMODE_PATH  4u /* O_PATH: no I/O at all */

struct file {
    uint32_t f_count; /* atomic */
    const struct file_ops *f_op;
    struct path f_path; /* empty (NULLs) for anonymous files */
    struct inode *f_inode;
    unsigned f_mode;         /* FMODE_*, fixed at open */
    unsigned f_flags;        /* O_* status flags (atomic; F_SETFL) */
    struct mutex f_pos_lock; /* guards f_pos and serialises seek/read/write */
    uint64_t f_pos;
    void *private_data;
};

/* A new file with one reference: mode from f_flags' access mode. NULL if
 * out of memory. */
struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned f_flags);
void file_get(struct file *f);
void file_put(struct file *f);

/* An inode for a file that has no name (pipes, sockets, the console
 * stand-in), so fstat works on it: on an internal "pipefs" super block,
 * with one reference. NULL if out of memory. Set f->f_inode to it. */
struct inode *anon_inode_new(vfs_mode_t mode, vfs_dev_t rdev);
/* fstat/fstatfs on an open file (named or not). */
int vfs_fstat(struct file *f, struct stat *st);
int vfs_fstatfs(struct file *f, struct statfs *st);

/* Open path (relative to dirfd) with open(2) flags and create mode (umask
 * not yet applied: env->fs->umask is). The file, referenced, in *out. */
int vfs_open(const struct vfs_env *env, int dirfd, const char *path, int flags, vfs_mode_t mode,
             struct file **out);
/* Open an already resolved path (referenced by the caller). */
int vfs_open_path(const struct path *p, int flags, struct file **out);
/* For execve: a regular file with some x bit, opened for reading. */
int vfs_open_exec(const struct vfs_env *env, int dirfd, const char *path, struct file **out);

/* Read/write at f_pos (advancing it) or at *pos (pread/pwrite). */
long vfs_read(struct file *f, const struct iobuf *buf);
long vfs_write(struct file *f, const struct iobuf *buf);
long vfs_pread(struct file *f, const struct iobuf *buf, uint64_t pos);
long vfs_pwrite(struct file *f, const struct iobuf *buf, uint64_t pos);
int64_t vfs_llseek(struct file *f, int64_t off, int whence);
/* getdents64 into buf: bytes filled, 0 at the end, -EINVAL if even one
 * entry does not fit. */
long vfs_getdents(struct file *f, const struct iobuf *buf);
long vfs_ioctl(struct file *f, unsigned cmd, unsigned long arg);
int vfs_ftruncate(struct file *f, int64_t len);
int vfs_fsync(struct file *f);
int vfs_fallocate(struct file *f, int mode, int64_t off, int64_t len);

/* Read from a kernel buffer at off (exec reads ELF files this way). */
long kernel_read(struct file *f, void *buf, size_t len, uint64_t off);
long kernel_write(struct file *f, const void *buf, size_t len, uint64_t off);

/* Generic lseek over i_size (regular files, block devices). */
int64_t generic_file_llseek(struct file *f, int64_t off, int whence);

#endif
