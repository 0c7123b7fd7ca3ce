/* The console terminal as files: /dev/console (5,1), /dev/tty (5,0: the
 * caller's controlling terminal) and /dev/ttyAMA0 (204,64). read, write,
 * ioctl and poll go to the line discipline (kernel/tty) with the caller's
 * job-control identity; data crosses through a kernel bounce buffer since
 * the line discipline never touches user memory. */
#include <kernel/chrdev.h>
#include <kernel/console_tty.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/poll.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/tty.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define CHUNK 1024

static void caller_of(struct tty *tty, struct tty_caller *who)
{
    struct task *t = current_task();
    who->pid = t->tgid;
    who->pgrp = t->pgid;
    who->sid = t->sid;
    who->ctty = tty_is_ctty_of(tty, t->sid) ? tty : NULL;
    who->ttin_ignored = signal_ignored_or_blocked(t, SIGTTIN);
    who->ttou_ignored = signal_ignored_or_blocked(t, SIGTTOU);
    who->pgrp_orphaned = signal_pgrp_is_orphaned(t->pgid);
    who->privileged = true; /* everyone is root for now */
}

static bool nonblocking(struct file *f)
{
    return __atomic_load_n(&f->f_flags, __ATOMIC_RELAXED) & O_NONBLOCK;
}

static long console_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(pos);
    struct tty *tty = console_tty();
    struct tty_caller who;
    caller_of(tty, &who);
    size_t n = MIN(buf->len, (size_t)TTY_BUF_SIZE);
    if (!n)
        return 0;
    char *k = kmalloc(n);
    if (!k)
        return -ENOMEM;
    long r = tty_read(tty, &who, k, n, nonblocking(f));
    if (r > 0 && iobuf_copy_to(buf, 0, k, (size_t)r))
        r = -EFAULT;
    kfree(k);
    return r;
}

static long console_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(pos);
    struct tty *tty = console_tty();
    struct tty_caller who;
    caller_of(tty, &who);
    char *k = kmalloc(CHUNK);
    if (!k)
        return -ENOMEM;
    size_t done = 0;
    long r = 0;
    while (done < buf->len) {
        size_t n = MIN(buf->len - done, (size_t)CHUNK);
        if (iobuf_copy_from(k, buf, done, n)) {
            r = -EFAULT;
            break;
        }
        r = tty_write(tty, &who, k, n, nonblocking(f));
        if (r <= 0)
            break;
        done += (size_t)r;
        if ((size_t)r < n)
            break;
    }
    kfree(k);
    return done ? (long)done : r;
}

static long console_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    UNUSED(f);
    struct tty *tty = console_tty();
    struct tty_ioctl_info info;
    if (tty_ioctl_info(cmd, &info))
        return -ENOTTY;
    char kbuf[64];
    if (info.size > sizeof(kbuf))
        return -ENOTTY;
    if (info.kind == TTY_IOCTL_IN && copy_from_user(kbuf, arg, info.size))
        return -EFAULT;
    struct tty_caller who;
    caller_of(tty, &who);
    long r = tty_ioctl(tty, &who, cmd, arg, kbuf);
    if (r >= 0 && info.kind == TTY_IOCTL_OUT && copy_to_user(arg, kbuf, info.size))
        return -EFAULT;
    return r;
}

static unsigned console_poll(struct file *f, struct poll_table *pt)
{
    UNUSED(f);
    poll_wait(pt, console_tty_wait_queue());
    unsigned m = tty_poll(console_tty());
    return (m & TTY_POLLIN ? POLLIN : 0) | (m & TTY_POLLRDNORM ? POLLRDNORM : 0) |
           (m & TTY_POLLOUT ? POLLOUT : 0) | (m & TTY_POLLWRNORM ? POLLWRNORM : 0);
}

static const struct file_ops console_fops = {
    .read = console_read,
    .write = console_write,
    .ioctl = console_ioctl,
    .poll = console_poll,
};

/* ttyAMA0 opened without O_NOCTTY by a session leader without a terminal
 * becomes its controlling terminal; /dev/console never does (Linux
 * tty_open: the console is noctty). */
static int ttyama_open(struct inode *inode, struct file *f)
{
    UNUSED(inode);
    f->f_op = &console_fops;
    if (!(f->f_flags & O_NOCTTY)) {
        struct tty_caller who;
        caller_of(console_tty(), &who);
        tty_open_set_ctty(console_tty(), &who);
    }
    return 0;
}

/* /dev/tty: the caller's controlling terminal, or ENXIO. */
static int devtty_open(struct inode *inode, struct file *f)
{
    UNUSED(inode);
    if (!tty_is_ctty_of(console_tty(), current_task()->sid))
        return -ENXIO;
    f->f_op = &console_fops;
    return 0;
}

static const struct file_ops ttyama_open_ops = {.open = ttyama_open};
static const struct file_ops devtty_open_ops = {.open = devtty_open};

int console_files_init(void)
{
    int err = chrdev_register_mode(5, 1, &console_fops, "console", 0600);
    if (!err)
        err = chrdev_register_mode(5, 0, &devtty_open_ops, "tty", 0666);
    if (!err)
        err = chrdev_register_mode(204, 64, &ttyama_open_ops, "ttyAMA0", 0660);
    return err;
}
