/* Open files and the I/O entry points (Linux fs/file_table.c,
 * fs/read_write.c, fs/readdir.c). */
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include <uapi/statfs.h>

#include "fs_internal.h"

/* Linux MAX_RW_COUNT: one read or write moves at most INT_MAX rounded
 * down to a page. */
#define MAX_RW_COUNT (0x7fffffffUL & ~(PAGE_SIZE - 1))

struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned f_flags)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return NULL;
    f->f_count = 1;
    f->f_op = ops;
    f->private_data = priv;
    f->f_flags = f_flags;
    switch (f_flags & O_ACCMODE) {
    case O_RDONLY:
        f->f_mode = FMODE_READ;
        break;
    case O_WRONLY:
        f->f_mode = FMODE_WRITE;
        break;
    case O_RDWR:
        f->f_mode = FMODE_READ | FMODE_WRITE;
        break;
    default:
        f->f_mode = 0; /* 3: ioctl only (Linux open(2) NOTES) */
    }
    if (f_flags & O_PATH)
        f->f_mode = FMODE_PATH;
    mutex_init(&f->f_pos_lock, "f_pos");
    return f;
}

void file_get(struct file *f)
{
    ref_inc(&f->f_count);
}

void file_put(struct file *f)
{
    if (!f || !ref_dec(&f->f_count))
        return;
    if (f->f_op && f->f_op->release)
        f->f_op->release(f);
    /* The inode before the path: the path's mount may be the last thing
     * keeping the super block (which inode_put needs) alive. */
    inode_put(f->f_inode);
    path_put(&f->f_path);
    kfree(f);
}

/* Regular files and directories keep the offset consistent between
 * threads (Linux FMODE_ATOMIC_POS); pipes and terminals need no lock, and
 * must not hold one while they sleep. */
static bool pos_locked(struct file *f)
{
    return f->f_inode && (S_ISREG(f->f_inode->i_mode) || S_ISDIR(f->f_inode->i_mode));
}

static long rw_check(struct file *f, unsigned need)
{
    if (!(f->f_mode & need))
        return -EBADF;
    if (f->f_inode && S_ISDIR(f->f_inode->i_mode))
        return -EISDIR;
    return 0;
}

static long do_rw(struct file *f, const struct iobuf *in, uint64_t *pos, bool write)
{
    struct iobuf buf = *in;
    if (buf.len > MAX_RW_COUNT)
        buf.len = MAX_RW_COUNT;
    long (*op)(struct file *, const struct iobuf *, uint64_t *) =
        write ? f->f_op->write : f->f_op->read;
    if (!op)
        return -EINVAL;
    if (buf.len == 0)
        return 0;
    return op(f, &buf, pos);
}

static long rw_at_fpos(struct file *f, const struct iobuf *buf, bool write)
{
    long err = rw_check(f, write ? FMODE_WRITE : FMODE_READ);
    if (err)
        return err;
    bool lock = pos_locked(f);
    if (lock)
        mutex_lock(&f->f_pos_lock);
    uint64_t pos = f->f_pos;
    long n = do_rw(f, buf, &pos, write);
    if (n > 0 || (write && (f->f_flags & O_APPEND)))
        f->f_pos = pos;
    if (lock)
        mutex_unlock(&f->f_pos_lock);
    return n;
}

long vfs_read(struct file *f, const struct iobuf *buf)
{
    return rw_at_fpos(f, buf, false);
}

long vfs_write(struct file *f, const struct iobuf *buf)
{
    return rw_at_fpos(f, buf, true);
}

static long rw_at(struct file *f, const struct iobuf *buf, uint64_t pos, bool write)
{
    long err = rw_check(f, write ? FMODE_WRITE : FMODE_READ);
    if (err)
        return err;
    if (!f->f_op->llseek)
        return -ESPIPE;
    if ((int64_t)pos < 0)
        return -EINVAL;
    return do_rw(f, buf, &pos, write);
}

long vfs_pread(struct file *f, const struct iobuf *buf, uint64_t pos)
{
    return rw_at(f, buf, pos, false);
}

long vfs_pwrite(struct file *f, const struct iobuf *buf, uint64_t pos)
{
    return rw_at(f, buf, pos, true);
}

long kernel_read(struct file *f, void *buf, size_t len, uint64_t off)
{
    struct iobuf b = iobuf_kernel(buf, len);
    return vfs_pread(f, &b, off);
}

long kernel_write(struct file *f, const void *buf, size_t len, uint64_t off)
{
    struct iobuf b = iobuf_kernel((void *)buf, len);
    return vfs_pwrite(f, &b, off);
}

int64_t vfs_llseek(struct file *f, int64_t off, int whence)
{
    if (f->f_mode & FMODE_PATH)
        return -EBADF;
    if (whence < SEEK_SET || whence > SEEK_HOLE)
        return -EINVAL;
    if (!f->f_op->llseek)
        return -ESPIPE;
    mutex_lock(&f->f_pos_lock);
    int64_t r = f->f_op->llseek(f, off, whence);
    mutex_unlock(&f->f_pos_lock);
    return r;
}

/* Linux generic_file_llseek: offsets past the end are fine, negative ones
 * are -EINVAL; SEEK_DATA/SEEK_HOLE see one data extent up to i_size.
 * f_pos_lock held. */
int64_t generic_file_llseek(struct file *f, int64_t off, int whence)
{
    struct inode *i = f->f_inode;
    mutex_lock(&i->i_lock);
    int64_t size = (int64_t)i->i_size;
    mutex_unlock(&i->i_lock);
    int64_t base = 0;
    switch (whence) {
    case SEEK_SET:
        break;
    case SEEK_CUR:
        base = (int64_t)f->f_pos;
        break;
    case SEEK_END:
        base = size;
        break;
    case SEEK_DATA:
        if (off < 0 || off >= size)
            return -ENXIO;
        break;
    case SEEK_HOLE:
        if (off < 0 || off >= size)
            return -ENXIO;
        off = size;
        break;
    default:
        return -EINVAL;
    }
    int64_t pos;
    if (__builtin_add_overflow(base, off, &pos) || pos < 0)
        return -EINVAL;
    f->f_pos = (uint64_t)pos;
    return pos;
}

/* ---- getdents64 ---- */

struct dirent_buf {
    struct dir_context ctx;
    char *buf;
    size_t cap, used;
    bool full;
};

static bool dirent_emit(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
                        unsigned type, uint64_t next_pos)
{
    struct dirent_buf *db = container_of(ctx, struct dirent_buf, ctx);
    size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
    if (db->used + reclen > db->cap) {
        db->full = true;
        return false;
    }
    struct linux_dirent64 *d = (struct linux_dirent64 *)(db->buf + db->used);
    memset(d, 0, reclen);
    d->d_ino = ino;
    d->d_off = (int64_t)next_pos;
    d->d_reclen = (uint16_t)reclen;
    d->d_type = (uint8_t)type;
    memcpy(d->d_name, name, len);
    db->used += reclen;
    ctx->pos = next_pos;
    return true;
}

long vfs_getdents(struct file *f, const struct iobuf *buf)
{
    if (f->f_mode & FMODE_PATH)
        return -EBADF;
    if (!f->f_op->iterate)
        return -ENOTDIR;
    struct dirent_buf db = {.ctx = {.emit = dirent_emit}};
    db.cap = MIN(buf->len, (size_t)65536);
    db.buf = kmalloc(db.cap ? db.cap : 1);
    if (!db.buf)
        return -ENOMEM;
    mutex_lock(&f->f_pos_lock);
    db.ctx.pos = f->f_pos;
    mutex_lock(&vfs_ns_lock);
    long err = f->f_op->iterate(f, &db.ctx);
    mutex_unlock(&vfs_ns_lock);
    if (!err && db.full && db.used == 0)
        err = -EINVAL; /* not even one entry fits (Linux filldir) */
    if (!err && db.used)
        err = iobuf_copy_to(buf, 0, db.buf, db.used);
    if (!err)
        f->f_pos = db.ctx.pos;
    mutex_unlock(&f->f_pos_lock);
    kfree(db.buf);
    return err ? err : (long)db.used;
}

long vfs_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    if (f->f_mode & FMODE_PATH)
        return -EBADF;
    if (!f->f_op->ioctl)
        return -ENOTTY;
    return f->f_op->ioctl(f, cmd, arg);
}

int vfs_fsync(struct file *f)
{
    if (f->f_mode & FMODE_PATH)
        return -EBADF;
    if (f->f_op->fsync)
        return f->f_op->fsync(f);
    /* RAM file systems have nothing to write back; devices and pipes
     * cannot be synced (Linux: -EINVAL without an fsync method). */
    return f->f_inode && (S_ISREG(f->f_inode->i_mode) || S_ISDIR(f->f_inode->i_mode)) ? 0 : -EINVAL;
}

int vfs_ftruncate(struct file *f, int64_t len)
{
    if (len < 0)
        return -EINVAL;
    if (f->f_mode & FMODE_PATH)
        return -EBADF;
    if (!f->f_inode || !S_ISREG(f->f_inode->i_mode) || !(f->f_mode & FMODE_WRITE))
        return -EINVAL;
    struct vfs_attr a = {.mask = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = (uint64_t)len};
    vfs_now(&a.mtime);
    a.ctime = a.mtime;
    return vfs_setattr(f->f_inode, &a);
}

/* Linux vfs_fallocate's checks, in its order. */
int vfs_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (!(f->f_mode & FMODE_WRITE))
        return -EBADF;
    if (!f->f_inode || S_ISFIFO(f->f_inode->i_mode))
        return -ESPIPE;
    if (S_ISDIR(f->f_inode->i_mode))
        return -EISDIR;
    if (!S_ISREG(f->f_inode->i_mode))
        return -ENODEV;
    if (!f->f_op->fallocate)
        return -EOPNOTSUPP;
    return f->f_op->fallocate(f, mode, (uint64_t)off, (uint64_t)len);
}

/* ---- nameless files ---- */

#define PIPEFS_MAGIC 0x50495045

static void anon_statfs(struct super_block *sb, struct statfs *st)
{
    UNUSED(sb);
    st->f_type = PIPEFS_MAGIC;
}

static const struct super_ops anon_sops = {.statfs = anon_statfs};
static struct super_block anon_sb = {.s_op = &anon_sops, .s_dev = MKDEV(0, 12)};

struct inode *anon_inode_new(vfs_mode_t mode, vfs_dev_t rdev)
{
    struct inode *i = inode_alloc(&anon_sb, mode);
    if (i)
        i->i_rdev = rdev;
    return i;
}
