/* sendfile(2): copy between descriptors inside the kernel through a
 * bounce buffer (Linux uses the page cache and splice; the result is the
 * same). With an offset pointer the input's file position is left alone
 * and *offset advances instead. */
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "../syscall/sys_handlers.h"

#define SENDFILE_CHUNK (64UL << 10)
#define MAX_RW_COUNT   0x7ffff000L /* Linux caps one transfer (INT_MAX & PAGE_MASK) */

static long copy_loop(struct file *out, struct file *in, int64_t *off, size_t count, char *buf)
{
    size_t done = 0;
    while (done < count) {
        size_t want = MIN(count - done, (size_t)SENDFILE_CHUNK);
        struct iobuf kb = iobuf_kernel(buf, want);
        long n = off ? vfs_pread(in, &kb, (uint64_t)*off) : vfs_read(in, &kb);
        if (n <= 0)
            return done ? (long)done : n;
        struct iobuf wb = iobuf_kernel(buf, (size_t)n);
        long w = vfs_write(out, &wb);
        if (w <= 0)
            return done ? (long)done : w;
        if (off)
            *off += w;
        else if (w < n) /* give back what was read but not written */
            vfs_llseek(in, w - n, 1 /* SEEK_CUR */);
        done += (size_t)w;
        if (w < n)
            break;
    }
    return (long)done;
}

long sys_sendfile(long out_fd, long in_fd, long uoffset, long count, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    struct file *in = fd_get((int)in_fd), *out = fd_get((int)out_fd);
    long ret;
    if (!in || !out || !(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE)) {
        ret = -EBADF;
        goto out;
    }
    if (out->f_flags & O_APPEND) {
        ret = -EINVAL;
        goto out;
    }
    int64_t off = 0;
    if (uoffset && copy_from_user(&off, (uint64_t)uoffset, sizeof(off))) {
        ret = -EFAULT;
        goto out;
    }
    if (off < 0 || count < 0) {
        ret = -EINVAL;
        goto out;
    }
    char *buf = kmalloc(SENDFILE_CHUNK);
    if (!buf) {
        ret = -ENOMEM;
        goto out;
    }
    ret = copy_loop(out, in, uoffset ? &off : NULL, (size_t)MIN(count, MAX_RW_COUNT), buf);
    kfree(buf);
    if (uoffset && ret >= 0 && copy_to_user((uint64_t)uoffset, &off, sizeof(off)))
        ret = -EFAULT;
out:
    if (in)
        file_put(in);
    if (out)
        file_put(out);
    return ret;
}
