/* A stand-in /dev/console until the terminal layer provides a tty-backed
 * one: writes go straight to the console (console_write, no printk
 * prefix), reads return end of file. Also the descriptor lookup of the
 * current task (fd_get), which gives tasks without a descriptor table the
 * console on 0, 1 and 2. Kernel only. */
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/printk.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

static long console_file_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(buf), UNUSED(pos);
    return 0;
}

static long console_file_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(pos);
    char chunk[256];
    size_t done = 0;
    while (done < buf->len) {
        size_t n = MIN(buf->len - done, sizeof(chunk));
        if (iobuf_copy_from(chunk, buf, done, n))
            return done ? (long)done : -EFAULT;
        console_write(chunk, n);
        done += n;
    }
    return (long)done;
}

static const struct file_ops console_file_ops = {
    .read = console_file_read,
    .write = console_file_write,
};

/* One static file, never freed: its count starts at 1 and only the
 * references handed out are ever dropped. */
static struct file console_file = {
    .f_count = 1,
    .f_op = &console_file_ops,
    .f_mode = FMODE_READ | FMODE_WRITE,
    .f_flags = O_RDWR,
    .f_pos_lock = MUTEX_INIT("console f_pos"),
};

struct file *fd_get(int fd)
{
    struct task *t = current_task();
    if (t->files)
        return fdtable_file(t->files, fd);
    if (fd < 0 || fd > 2)
        return NULL;
    file_get(&console_file);
    return &console_file;
}

int vfs_open_console_fds(struct task *t)
{
    if (!t->files && !(t->files = fdtable_create()))
        return -ENOMEM;
    for (int fd = 0; fd < 3; fd++) {
        file_get(&console_file);
        int r = fd_install_at(t->files, fd, &console_file, false);
        if (r < 0) {
            file_put(&console_file);
            return r;
        }
    }
    return 0;
}
