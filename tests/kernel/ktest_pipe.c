/* The pipe core between kernel threads: data arrives in order across
 * wrap-around, a writer blocks on a full pipe until a reader makes room,
 * EOF after the last writer, EPIPE without readers, EAGAIN when
 * non-blocking, and small writes stay whole. */
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/pipe.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>

static int kcopy(struct pipe_io *io, void *kbuf, size_t done, size_t n, bool to_caller)
{
    char *mine = (char *)io->ctx + done;
    if (to_caller)
        memcpy(mine, kbuf, n);
    else
        memcpy(kbuf, mine, n);
    return 0;
}

#define TOTAL (300UL << 10) /* more than four pipe-fulls */

struct writer_args {
    struct pipe *p;
    volatile bool done;
};

static void writer(void *arg)
{
    struct writer_args *a = arg;
    char *buf = kmalloc(3000);
    size_t sent = 0;
    while (buf && sent < TOTAL) {
        size_t n = MIN((size_t)3000, TOTAL - sent);
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)((sent + i) * 7);
        struct pipe_io io = {kcopy, buf};
        long r = pipe_write(a->p, &io, n, false);
        if (r <= 0)
            break;
        sent += (size_t)r;
    }
    kfree(buf);
    pipe_close_end(a->p, false, true);
    a->done = true;
}

KTEST(pipe_stream_blocks_and_ends_with_eof)
{
    struct pipe *p = pipe_create();
    KT_ASSERT(p);
    pipe_open_end(p, true, false);
    pipe_open_end(p, false, true);
    pipe_put(p);
    static struct writer_args a;
    a.p = p;
    a.done = false;
    KT_ASSERT(kthread_create("pipe-writer", writer, &a));
    char *buf = kmalloc(5000);
    KT_ASSERT(buf);
    size_t got = 0;
    bool ok = true;
    for (;;) {
        struct pipe_io io = {kcopy, buf};
        long r = pipe_read(p, &io, 5000, false);
        if (r < 0) {
            ok = false;
            break;
        }
        if (r == 0)
            break;
        for (long i = 0; i < r; i++)
            ok &= buf[i] == (char)((got + (size_t)i) * 7);
        got += (size_t)r;
    }
    kfree(buf);
    while (!a.done)
        sched_yield();
    pipe_close_end(p, true, false);
    KT_ASSERT(ok);
    KT_ASSERT(got == TOTAL);
    return KTEST_PASS;
}

KTEST(pipe_nonblocking_epipe_and_atomic_writes)
{
    struct pipe *p = pipe_create();
    KT_ASSERT(p);
    pipe_open_end(p, true, false);
    pipe_open_end(p, false, true);
    pipe_put(p);
    static char buf[PIPE_BUF];
    struct pipe_io io = {kcopy, buf};
    KT_ASSERT(pipe_read(p, &io, 10, true) == -EAGAIN);
    /* Fill to one byte short of capacity: a PIPE_BUF write no longer fits
     * whole and must not be split. */
    size_t filled = 0;
    while (filled < PIPE_CAPACITY - 1) {
        size_t n = MIN((size_t)PIPE_BUF, PIPE_CAPACITY - 1 - filled);
        KT_ASSERT(pipe_write(p, &io, n, true) == (long)n);
        filled += n;
    }
    KT_ASSERT(pipe_write(p, &io, PIPE_BUF, true) == -EAGAIN);
    KT_ASSERT(pipe_bytes_queued(p) == (int)(PIPE_CAPACITY - 1));
    pipe_close_end(p, true, false);
    KT_ASSERT(pipe_write(p, &io, 1, true) == -EPIPE);
    pipe_close_end(p, false, true);
    return KTEST_PASS;
}
