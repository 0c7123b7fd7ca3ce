/* /dev/null, /dev/zero and /dev/full (Linux drivers/char/mem.c, mem(4)
 * and null(4), full(4)): major 1, minors 3, 5, 7. */
#include <kernel/chrdev.h>
#include <kernel/file.h>
#include <uapi/errno.h>

static long null_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(buf), UNUSED(pos);
    return 0;
}

static long null_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(pos);
    return (long)buf->len;
}

/* Every seek on these devices lands at 0 (mem.c null_lseek). */
static int64_t null_lseek(struct file *f, int64_t off, int whence)
{
    UNUSED(off), UNUSED(whence);
    f->f_pos = 0;
    return 0;
}

static long zero_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(pos);
    size_t done = 0;
    /* Zero in pieces so a fault late in a big buffer still reports the
     * bytes already cleared. */
    while (done < buf->len) {
        size_t n = MIN(buf->len - done, (size_t)4096);
        if (iobuf_zero(buf, done, n))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)done;
}

static long full_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(buf), UNUSED(pos);
    return -ENOSPC;
}

static const struct file_ops null_ops = {
    .read = null_read, .write = null_write, .llseek = null_lseek};
static const struct file_ops zero_ops = {
    .read = zero_read, .write = null_write, .llseek = null_lseek};
static const struct file_ops full_ops = {
    .read = zero_read, .write = full_write, .llseek = null_lseek};

int memdev_init(void)
{
    int err = chrdev_register_mode(1, 3, &null_ops, "null", 0666);
    if (!err)
        err = chrdev_register_mode(1, 5, &zero_ops, "zero", 0666);
    if (!err)
        err = chrdev_register_mode(1, 7, &full_ops, "full", 0666);
    return err;
}
