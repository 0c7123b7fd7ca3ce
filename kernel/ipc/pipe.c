/* Pipes (include/kernel/pipe.h). One mutex per pipe serialises readers
 * and writers; sleepers wait on rd_wait (for data or the last writer) and
 * wr_wait (for room or the last reader) with the lock dropped. */
#include <kernel/heap.h>
#include <kernel/page_alloc.h>
#include <kernel/pipe.h>
#include <kernel/poll.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#define ERESTARTSYS 512
#define PIPE_ORDER  4 /* 16 pages */

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)

struct pipe *pipe_create(void)
{
    struct pipe *p = kzalloc(sizeof(*p));
    if (!p)
        return NULL;
    p->ring = alloc_pages(PIPE_ORDER);
    if (!p->ring) {
        kfree(p);
        return NULL;
    }
    mutex_init(&p->lock, "pipe");
    wait_queue_init(&p->rd_wait, "pipe_rd");
    wait_queue_init(&p->wr_wait, "pipe_wr");
    p->refs = 1;
    return p;
}

void pipe_get(struct pipe *p)
{
    __atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
}

void pipe_put(struct pipe *p)
{
    if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL))
        return;
    free_pages(p->ring, PIPE_ORDER);
    kfree(p);
}

void pipe_open_end(struct pipe *p, bool reader, bool writer)
{
    mutex_lock(&p->lock);
    if (reader) {
        __atomic_add_fetch(&p->readers, 1, __ATOMIC_RELEASE);
        p->r_counter++;
    }
    if (writer) {
        __atomic_add_fetch(&p->writers, 1, __ATOMIC_RELEASE);
        p->w_counter++;
    }
    /* One reference per end: pipe_close_end drops them the same way. */
    __atomic_add_fetch(&p->refs, (int)reader + (int)writer, __ATOMIC_RELAXED);
    mutex_unlock(&p->lock);
    /* A FIFO opener may be waiting for the other side. */
    wake_up_all(&p->rd_wait);
    wake_up_all(&p->wr_wait);
}

void pipe_close_end(struct pipe *p, bool reader, bool writer)
{
    mutex_lock(&p->lock);
    if (reader)
        __atomic_sub_fetch(&p->readers, 1, __ATOMIC_RELEASE);
    if (writer)
        __atomic_sub_fetch(&p->writers, 1, __ATOMIC_RELEASE);
    mutex_unlock(&p->lock);
    /* Readers see EOF, writers EPIPE. */
    wake_up_all(&p->rd_wait);
    wake_up_all(&p->wr_wait);
    if (reader)
        pipe_put(p);
    if (writer)
        pipe_put(p);
}

static bool counter_moved(struct pipe *p, unsigned *seen, bool reader_side)
{
    unsigned now = LOAD(*(reader_side ? &p->r_counter : &p->w_counter));
    return now != *seen;
}

int pipe_fifo_open(struct pipe *p, bool reader, bool writer, bool nonblock)
{
    if (writer && !reader && nonblock && LOAD(p->readers) == 0)
        return -ENXIO;
    /* Linux fifo_open(): wait for the counter of the other side to move,
     * so an open/close pair by the other side also releases us. */
    mutex_lock(&p->lock);
    unsigned seen_w = p->w_counter, seen_r = p->r_counter;
    mutex_unlock(&p->lock);
    pipe_open_end(p, reader, writer);
    int err = 0;
    if (reader && !writer && !nonblock && LOAD(p->writers) == 0)
        err = wait_event_interruptible(&p->rd_wait,
                                       LOAD(p->writers) > 0 || counter_moved(p, &seen_w, false));
    else if (writer && !reader && LOAD(p->readers) == 0)
        err = wait_event_interruptible(&p->wr_wait,
                                       LOAD(p->readers) > 0 || counter_moved(p, &seen_r, true));
    if (err) {
        pipe_close_end(p, reader, writer);
        return -ERESTARTSYS;
    }
    return 0;
}

/* p->lock held: move up to n bytes from the ring to the caller. */
static int ring_out(struct pipe *p, struct pipe_io *io, size_t done, size_t n)
{
    while (n) {
        size_t chunk = MIN(n, PIPE_CAPACITY - p->head);
        int err = io->copy(io, p->ring + p->head, done, chunk, true);
        if (err)
            return err;
        p->head = (p->head + chunk) % PIPE_CAPACITY;
        __atomic_store_n(&p->len, p->len - chunk, __ATOMIC_RELEASE);
        done += chunk;
        n -= chunk;
    }
    return 0;
}

/* p->lock held: move n bytes from the caller into the ring's free space. */
static int ring_in(struct pipe *p, struct pipe_io *io, size_t done, size_t n)
{
    while (n) {
        size_t tail = (p->head + p->len) % PIPE_CAPACITY;
        size_t chunk = MIN(n, PIPE_CAPACITY - tail);
        int err = io->copy(io, p->ring + tail, done, chunk, false);
        if (err)
            return err;
        __atomic_store_n(&p->len, p->len + chunk, __ATOMIC_RELEASE);
        done += chunk;
        n -= chunk;
    }
    return 0;
}

static bool readable(struct pipe *p)
{
    return LOAD(p->len) > 0 || LOAD(p->writers) == 0;
}

long pipe_read(struct pipe *p, struct pipe_io *io, size_t n, bool nonblock)
{
    if (!n)
        return 0;
    mutex_lock(&p->lock);
    for (;;) {
        if (p->len) {
            size_t take = MIN(n, p->len);
            int err = ring_out(p, io, 0, take);
            mutex_unlock(&p->lock);
            wake_up_all(&p->wr_wait);
            return err ? err : (long)take;
        }
        if (LOAD(p->writers) == 0) {
            mutex_unlock(&p->lock);
            return 0;
        }
        mutex_unlock(&p->lock);
        if (nonblock)
            return -EAGAIN;
        if (wait_event_interruptible(&p->rd_wait, readable(p)))
            return -ERESTARTSYS;
        mutex_lock(&p->lock);
    }
}

static bool writable(struct pipe *p, size_t need)
{
    return PIPE_CAPACITY - LOAD(p->len) >= need || LOAD(p->readers) == 0;
}

long pipe_write(struct pipe *p, struct pipe_io *io, size_t n, bool nonblock)
{
    if (!n)
        return 0;
    /* Up to PIPE_BUF bytes go in one piece; larger writes may be split
     * and interleaved with other writers (pipe(7)). */
    size_t atomic = n <= PIPE_BUF ? n : 1;
    size_t done = 0;
    mutex_lock(&p->lock);
    for (;;) {
        if (LOAD(p->readers) == 0) {
            mutex_unlock(&p->lock);
            return done ? (long)done : -EPIPE;
        }
        size_t room = PIPE_CAPACITY - p->len;
        if (room >= atomic) {
            size_t put = MIN(room, n - done);
            int err = ring_in(p, io, done, put);
            if (err) {
                mutex_unlock(&p->lock);
                wake_up_all(&p->rd_wait);
                return done ? (long)done : err;
            }
            done += put;
            wake_up_all(&p->rd_wait);
            if (done == n)
                break;
        }
        mutex_unlock(&p->lock);
        if (nonblock)
            return done ? (long)done : -EAGAIN;
        if (wait_event_interruptible(&p->wr_wait, writable(p, atomic)))
            return done ? (long)done : -ERESTARTSYS;
        mutex_lock(&p->lock);
    }
    mutex_unlock(&p->lock);
    return (long)done;
}

unsigned pipe_poll(struct pipe *p, bool reader, bool writer, struct poll_table *pt)
{
    unsigned mask = 0;
    if (reader) {
        poll_wait(pt, &p->rd_wait);
        if (LOAD(p->len))
            mask |= POLLIN | POLLRDNORM;
        /* Linux reports HUP only once a writer has existed (w_counter). */
        if (LOAD(p->writers) == 0 && LOAD(p->w_counter))
            mask |= POLLHUP;
    }
    if (writer) {
        poll_wait(pt, &p->wr_wait);
        if (PIPE_CAPACITY - LOAD(p->len) >= PIPE_BUF)
            mask |= POLLOUT | POLLWRNORM;
        if (LOAD(p->readers) == 0)
            mask |= POLLERR;
    }
    return mask;
}

int pipe_bytes_queued(struct pipe *p)
{
    return (int)LOAD(p->len);
}
