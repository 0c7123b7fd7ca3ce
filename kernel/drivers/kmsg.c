/* /dev/kmsg (1,11), Documentation/ABI/testing/dev-kmsg: each read returns
 * one log record "prio,seq,usec,-;text\n" (-EINVAL if the buffer is too
 * small for it), blocking for the next one unless O_NONBLOCK (-EAGAIN);
 * each write adds one line to the log, with "<N>" setting its level.
 * Lseek SEEK_SET/SEEK_DATA go back to the oldest record, SEEK_END to
 * after the newest. Kernel only. */
#include <kernel/chrdev.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/mutex.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define RAW_MAX    1152 /* a printk line (1024) plus its prefix */
#define RECORD_MAX 4200 /* a record with every byte escaped */
#define POLL_NS    (50 * 1000000ULL)

struct kmsg_reader {
    struct mutex lock; /* guards the fields below and the buffers */
    uint64_t pos;      /* byte position in the printk stream */
    uint64_t seq;      /* records seen from the start */
    char raw[RAW_MAX];
    char rec[RECORD_MAX];
};

static int kmsg_open(struct inode *inode, struct file *f)
{
    UNUSED(inode);
    if (!(f->f_mode & FMODE_READ))
        return 0;
    struct kmsg_reader *r = kzalloc(sizeof(*r));
    if (!r)
        return -ENOMEM;
    mutex_init(&r->lock, "kmsg reader");
    f->private_data = r;
    return 0;
}

static void kmsg_release(struct file *f)
{
    kfree(f->private_data);
}

/* The next record into r->rec: its length, or 0 if none is complete. */
static size_t next_record(struct kmsg_reader *r)
{
    for (;;) {
        uint64_t peek = r->pos;
        size_t n = printk_log_read(&peek, r->raw, sizeof(r->raw));
        if (peek - n > r->pos) /* the ring dropped what we had not read */
            r->pos = peek - n;
        size_t outn;
        size_t used = kmsg_format_record(r->raw, n, r->seq, r->rec, sizeof(r->rec), &outn);
        if (!used && n == sizeof(r->raw))
            used = n; /* an over-long fragment: skip it */
        if (!used)
            return 0;
        r->pos += used;
        if (outn) {
            r->seq++;
            return outn;
        }
    }
}

static long kmsg_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(pos);
    struct kmsg_reader *r = f->private_data;
    if (!r)
        return -EBADF;
    mutex_lock(&r->lock);
    long ret;
    for (;;) {
        uint64_t save_pos = r->pos, save_seq = r->seq;
        size_t n = next_record(r);
        if (n) {
            if (n > buf->len) {
                r->pos = save_pos; /* Linux keeps the record for a bigger read */
                r->seq = save_seq;
                ret = -EINVAL;
            } else {
                ret = iobuf_copy_to(buf, 0, r->rec, n) ? -EFAULT : (long)n;
            }
            break;
        }
        if (f->f_flags & O_NONBLOCK) {
            ret = -EAGAIN;
            break;
        }
        /* printk has no wait queue to sleep on: look again shortly. */
        if (sleep_until_ns(deadline_after_ns(POLL_NS), true)) {
            ret = -EINTR;
            break;
        }
    }
    mutex_unlock(&r->lock);
    return ret;
}

#define WRITE_MAX 1000 /* one line, below printk's line limit */

static long kmsg_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(pos);
    if (buf->len > WRITE_MAX)
        return -EINVAL;
    char line[WRITE_MAX + 1];
    if (iobuf_copy_from(line, buf, 0, buf->len))
        return -EFAULT;
    size_t n = buf->len;
    line[n] = '\0';
    const char *text = line;
    int level = LOG_WARNING; /* Linux default_message_loglevel */
    if (n >= 3 && line[0] == '<' && line[1] >= '0' && line[1] <= '9') {
        size_t k = 1;
        unsigned v = 0;
        while (k < n && line[k] >= '0' && line[k] <= '9')
            v = v * 10 + (unsigned)(line[k++] - '0');
        if (k < n && line[k] == '>') {
            level = (int)(v & 7);
            text = line + k + 1;
        }
    }
    size_t tl = strnlen(text, n);
    while (tl && text[tl - 1] == '\n')
        tl--;
    printk(level, "%.*s\n", (int)tl, text);
    return (long)buf->len;
}

static int64_t kmsg_llseek(struct file *f, int64_t off, int whence)
{
    struct kmsg_reader *r = f->private_data;
    if (off)
        return -ESPIPE;
    if (!r)
        return 0;
    mutex_lock(&r->lock);
    int64_t ret = 0;
    if (whence == SEEK_SET || whence == SEEK_DATA) {
        r->pos = 0;
        r->seq = 0;
    } else if (whence == SEEK_END) {
        while (next_record(r))
            ;
    } else {
        ret = -EINVAL;
    }
    mutex_unlock(&r->lock);
    return ret;
}

static const struct file_ops kmsg_ops = {
    .open = kmsg_open,
    .read = kmsg_read,
    .write = kmsg_write,
    .llseek = kmsg_llseek,
    .release = kmsg_release,
};

int kmsg_dev_init(void)
{
    return chrdev_register_mode(1, 11, &kmsg_ops, "kmsg", 0644);
}
