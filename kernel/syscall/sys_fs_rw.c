/* Data system calls: read(2), write(2), readv/writev(2), pread/pwrite(2),
 * preadv/pwritev(2), lseek(2), getdents64(2), ioctl(2), the sync family,
 * truncate(2)/ftruncate(2), fallocate(2). */
#define SYS_FS_INTERNAL
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctl.h>
#include <uapi/stat.h>
#include <uapi/uio.h>

#include "sys_handlers.h"

#define ARGS_UNUSED3 UNUSED(a3), UNUSED(a4), UNUSED(a5)

struct vfs_env sys_env(void)
{
    struct task *t = current_task();
    struct vfs_env env = {.fs = t->fs, .files = t->files};
    return env;
}

char *getname(uint64_t upath, int *err)
{
    char *buf = kmalloc(PATH_MAX);
    if (!buf) {
        *err = -ENOMEM;
        return NULL;
    }
    long n = strncpy_from_user(buf, upath, PATH_MAX);
    if (n < 0) {
        kfree(buf);
        *err = (int)n;
        return NULL;
    }
    return buf;
}

long sys_read(long fd, long buf, long count, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)buf, (size_t)count);
    long r = user_range_ok(b.uaddr, b.len) ? vfs_read(f, &b) : -EFAULT;
    file_put(f);
    return r;
}

long sys_write(long fd, long buf, long count, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)buf, (size_t)count);
    long r = user_range_ok(b.uaddr, b.len) ? vfs_write(f, &b) : -EFAULT;
    file_put(f);
    return r;
}

long sys_pread64(long fd, long buf, long count, long pos, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)buf, (size_t)count);
    long r = pos < 0                         ? -EINVAL
             : user_range_ok(b.uaddr, b.len) ? vfs_pread(f, &b, (uint64_t)pos)
                                             : -EFAULT;
    file_put(f);
    return r;
}

long sys_pwrite64(long fd, long buf, long count, long pos, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)buf, (size_t)count);
    long r = pos < 0                         ? -EINVAL
             : user_range_ok(b.uaddr, b.len) ? vfs_pwrite(f, &b, (uint64_t)pos)
                                             : -EFAULT;
    file_put(f);
    return r;
}

/* Linux do_loop_readv_writev: segment by segment, stopping at the first
 * short transfer; an error after progress returns the progress. */
static long do_rwv(long fd, long uiov, long cnt, int64_t pos, bool write)
{
    if (cnt < 0 || cnt > UIO_MAXIOV)
        return -EINVAL;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct iovec *iov = cnt ? kcalloc((size_t)cnt, sizeof(*iov)) : NULL;
    long r = 0;
    if (cnt && !iov)
        r = -ENOMEM;
    else if (cnt && copy_from_user(iov, (uint64_t)uiov, (size_t)cnt * sizeof(*iov)))
        r = -EFAULT;
    uint64_t total = 0;
    for (long k = 0; !r && k < cnt; k++) {
        if ((int64_t)iov[k].iov_len < 0 || (total += iov[k].iov_len) > INT64_MAX)
            r = -EINVAL;
        else if (!user_range_ok(iov[k].iov_base, iov[k].iov_len))
            r = -EFAULT;
    }
    if (!r && pos < -1)
        r = -EINVAL;
    if (!r && pos >= 0 && !f->f_op->llseek)
        r = -ESPIPE;
    long done = 0;
    for (long k = 0; !r && k < cnt; k++) {
        struct iobuf b = iobuf_user(iov[k].iov_base, iov[k].iov_len);
        if (!b.len)
            continue;
        long n;
        if (pos >= 0)
            n = write ? vfs_pwrite(f, &b, (uint64_t)pos + (uint64_t)done)
                      : vfs_pread(f, &b, (uint64_t)pos + (uint64_t)done);
        else
            n = write ? vfs_write(f, &b) : vfs_read(f, &b);
        if (n < 0) {
            if (!done)
                r = n;
            break;
        }
        done += n;
        if ((size_t)n < b.len)
            break;
    }
    if (!r && cnt == 0 && !(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
        r = -EBADF;
    kfree(iov);
    file_put(f);
    return r ? r : done;
}

long sys_readv(long fd, long iov, long cnt, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    return do_rwv(fd, iov, cnt, -1, false);
}

long sys_writev(long fd, long iov, long cnt, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    return do_rwv(fd, iov, cnt, -1, true);
}

/* On 64-bit the position is the low argument (pos_from_hilo). */
long sys_preadv(long fd, long iov, long cnt, long pos_l, long pos_h, long a5)
{
    UNUSED(pos_h), UNUSED(a5);
    return pos_l < 0 ? -EINVAL : do_rwv(fd, iov, cnt, pos_l, false);
}

long sys_pwritev(long fd, long iov, long cnt, long pos_l, long pos_h, long a5)
{
    UNUSED(pos_h), UNUSED(a5);
    return pos_l < 0 ? -EINVAL : do_rwv(fd, iov, cnt, pos_l, true);
}

long sys_lseek(long fd, long off, long whence, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    long r = (long)vfs_llseek(f, off, (int)whence);
    file_put(f);
    return r;
}

long sys_getdents64(long fd, long dirp, long count, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)dirp, (size_t)(unsigned)count);
    long r = user_range_ok(b.uaddr, b.len) ? vfs_getdents(f, &b) : -EFAULT;
    file_put(f);
    return r;
}

/* Linux do_vfs_ioctl: the generic requests first, then the file's own. */
long sys_ioctl(long fd, long cmd, long arg, long a3, long a4, long a5)
{
    ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    unsigned c = (unsigned)cmd;
    struct fdtable *ft = current_task()->files;
    long r;
    int v;
    if (c == FIOCLEX || c == FIONCLEX) {
        r = ft ? fd_set_flags(ft, (int)fd, c == FIOCLEX ? FD_CLOEXEC : 0) : 0;
    } else if (c == FIONBIO || c == FIOASYNC) {
        r = copy_from_user(&v, (uint64_t)arg, sizeof(v)) ? -EFAULT : 0;
        if (!r && c == FIONBIO) {
            if (v)
                __atomic_or_fetch(&f->f_flags, (unsigned)O_NONBLOCK, __ATOMIC_RELAXED);
            else
                __atomic_and_fetch(&f->f_flags, ~(unsigned)O_NONBLOCK, __ATOMIC_RELAXED);
        }
    } else if (c == FIONREAD && f->f_inode && S_ISREG(f->f_inode->i_mode)) {
        int64_t left = (int64_t)f->f_inode->i_size - (int64_t)f->f_pos;
        v = left > 0 ? (int)MIN(left, (int64_t)INT32_MAX) : 0;
        r = copy_to_user((uint64_t)arg, &v, sizeof(v)) ? -EFAULT : 0;
    } else {
        r = vfs_ioctl(f, c, (unsigned long)arg);
    }
    file_put(f);
    return r;
}

long sys_sync(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), ARGS_UNUSED3;
    return 0; /* everything lives in RAM */
}

long sys_syncfs(long fd, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

long sys_fsync(long fd, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), ARGS_UNUSED3;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    long r = vfs_fsync(f);
    file_put(f);
    return r;
}

long sys_fdatasync(long fd, long a1, long a2, long a3, long a4, long a5)
{
    return sys_fsync(fd, a1, a2, a3, a4, a5);
}

long sys_ftruncate(long fd, long len, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), ARGS_UNUSED3;
    if (len < 0)
        return -EINVAL;
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    long r = vfs_ftruncate(f, len);
    file_put(f);
    return r;
}

long sys_truncate(long upath, long len, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), ARGS_UNUSED3;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    struct vfs_env env = sys_env();
    err = vfs_truncate_path(&env, path, len);
    kfree(path);
    return err;
}

long sys_fallocate(long fd, long mode, long off, long len, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    long r = vfs_fallocate(f, (int)mode, off, len);
    file_put(f);
    return r;
}
