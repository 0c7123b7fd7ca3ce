/* Pipe ends and FIFOs as files: pipe2(2) makes an anonymous pipe with a
 * read end and a write end; opening a FIFO node attaches to the pipe kept
 * with its inode. Writes to a pipe without readers raise SIGPIPE and fail
 * with EPIPE (pipe(7)). */
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/pipe.h>
#include <kernel/poll.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctl.h>

#include "../syscall/sys_handlers.h"

static int iobuf_pipe_copy(struct pipe_io *io, void *kbuf, size_t done, size_t n, bool to_caller)
{
    const struct iobuf *b = io->ctx;
    return to_caller ? iobuf_copy_to(b, done, kbuf, n) : iobuf_copy_from(kbuf, b, done, n);
}

static struct pipe *pipe_of(struct file *f)
{
    return f->private_data;
}

static bool nonblocking(struct file *f)
{
    return __atomic_load_n(&f->f_flags, __ATOMIC_RELAXED) & O_NONBLOCK;
}

static long pipe_file_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(pos);
    struct pipe_io io = {iobuf_pipe_copy, (void *)buf};
    return pipe_read(pipe_of(f), &io, buf->len, nonblocking(f));
}

static long pipe_file_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(pos);
    struct pipe_io io = {iobuf_pipe_copy, (void *)buf};
    long r = pipe_write(pipe_of(f), &io, buf->len, nonblocking(f));
    if (r == -EPIPE)
        signal_send_thread(current_task(), SIGPIPE, NULL);
    return r;
}

static unsigned pipe_file_poll(struct file *f, struct poll_table *pt)
{
    return pipe_poll(pipe_of(f), f->f_mode & FMODE_READ, f->f_mode & FMODE_WRITE, pt);
}

static long pipe_file_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    if (cmd != FIONREAD)
        return -ENOTTY;
    int n = pipe_bytes_queued(pipe_of(f));
    return copy_to_user(arg, &n, sizeof(n)) ? -EFAULT : 0;
}

static void pipe_file_release(struct file *f)
{
    pipe_close_end(pipe_of(f), f->f_mode & FMODE_READ, f->f_mode & FMODE_WRITE);
}

static const struct file_ops pipe_file_ops = {
    .read = pipe_file_read,
    .write = pipe_file_write,
    .poll = pipe_file_poll,
    .ioctl = pipe_file_ioctl,
    .release = pipe_file_release,
};

/* ---- pipe2 ---- */

long sys_pipe2(long ufds, long flags, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (flags & ~(long)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct task *t = current_task();
    struct pipe *p = pipe_create();
    if (!p)
        return -ENFILE;
    unsigned status = (unsigned)flags & O_NONBLOCK;
    struct file *r = file_alloc(&pipe_file_ops, p, O_RDONLY | status);
    struct file *w = r ? file_alloc(&pipe_file_ops, p, O_WRONLY | status) : NULL;
    if (!w) {
        if (r) {
            r->f_op = NULL; /* not attached yet: no release */
            file_put(r);
        }
        pipe_put(p);
        return -ENFILE;
    }
    pipe_open_end(p, true, true);
    pipe_put(p); /* the ends hold it now */
    bool cloexec = flags & O_CLOEXEC;
    int fds[2];
    fds[0] = fd_install(t->files, r, cloexec);
    if (fds[0] < 0) {
        file_put(r);
        file_put(w);
        return fds[0];
    }
    fds[1] = fd_install(t->files, w, cloexec);
    if (fds[1] < 0) {
        fd_close(t->files, fds[0]);
        file_put(w);
        return fds[1];
    }
    if (copy_to_user((uint64_t)ufds, fds, sizeof(fds))) {
        fd_close(t->files, fds[0]);
        fd_close(t->files, fds[1]);
        return -EFAULT;
    }
    return 0;
}

/* ---- FIFOs ---- */

/* Pipes of FIFO inodes that are open somewhere: the entry lives while any
 * open (or opener still waiting) uses it, and the data goes with it, as in
 * Linux when the last end of a FIFO closes. */
struct fifo_entry {
    struct list_node node;
    const struct inode *inode;
    struct pipe *pipe;
    unsigned users; /* opens in progress or open files (fifo_lock) */
};

static struct spinlock fifo_lock = SPINLOCK_INIT("fifo");
static struct list_node fifos = LIST_HEAD_INIT(fifos); /* guarded by fifo_lock */

static struct fifo_entry *fifo_find(const struct inode *inode)
{
    struct list_node *pos;
    list_for_each(pos, &fifos)
    {
        struct fifo_entry *e = list_entry(pos, struct fifo_entry, node);
        if (e->inode == inode)
            return e;
    }
    return NULL;
}

static struct fifo_entry *fifo_attach(const struct inode *inode)
{
    struct fifo_entry *n = kzalloc(sizeof(*n));
    struct pipe *p = n ? pipe_create() : NULL;
    spin_lock(&fifo_lock);
    struct fifo_entry *e = fifo_find(inode);
    if (!e && p) {
        n->inode = inode;
        n->pipe = p;
        list_add_tail(&fifos, &n->node);
        e = n;
        n = NULL;
        p = NULL;
    }
    if (e)
        e->users++;
    spin_unlock(&fifo_lock);
    if (p)
        pipe_put(p);
    kfree(n);
    return e;
}

static void fifo_detach(struct fifo_entry *e)
{
    spin_lock(&fifo_lock);
    bool last = --e->users == 0;
    if (last)
        list_remove(&e->node);
    spin_unlock(&fifo_lock);
    if (last) {
        pipe_put(e->pipe);
        kfree(e);
    }
}

/* A FIFO file is a pipe file (private_data is the pipe) that also leaves
 * its inode's entry when it closes. */
static void fifo_file_release(struct file *f)
{
    pipe_file_release(f);
    spin_lock(&fifo_lock);
    struct fifo_entry *e = fifo_find(f->f_inode);
    spin_unlock(&fifo_lock);
    if (e)
        fifo_detach(e);
}

static const struct file_ops fifo_file_ops = {
    .read = pipe_file_read,
    .write = pipe_file_write,
    .poll = pipe_file_poll,
    .ioctl = pipe_file_ioctl,
    .release = fifo_file_release,
};

static int fifo_open(struct inode *inode, struct file *f)
{
    struct fifo_entry *e = fifo_attach(inode);
    if (!e)
        return -ENOMEM;
    int err =
        pipe_fifo_open(e->pipe, f->f_mode & FMODE_READ, f->f_mode & FMODE_WRITE, nonblocking(f));
    if (err) {
        fifo_detach(e);
        return err;
    }
    f->private_data = e->pipe;
    f->f_op = &fifo_file_ops;
    return 0;
}

void pipe_fifo_init(void)
{
    vfs_fifo_open = fifo_open;
}
