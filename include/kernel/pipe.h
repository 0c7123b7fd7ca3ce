/* Pipes and FIFOs: a 64 KiB ring between writers and readers with the
 * semantics of Linux fs/pipe.c and pipe(7): blocking and O_NONBLOCK I/O,
 * writes of at most PIPE_BUF bytes never interleaved, EOF when the last
 * writer goes, EPIPE (and SIGPIPE, sent by the caller) when the last
 * reader has gone. The file layer calls these; data moves through a copy
 * callback so user and kernel buffers both work. */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include <kernel/mutex.h>
#include <kernel/types.h>
#include <kernel/wait.h>

#define PIPE_BUF      4096         /* limits.h: atomic write size */
#define PIPE_CAPACITY (64UL << 10) /* Linux's default: 16 pages */

struct poll_table;

struct pipe {
    struct mutex lock;             /* guards the ring and the counts */
    char *ring;                    /* PIPE_CAPACITY bytes, allocated on creation */
    size_t head, len;              /* read position; bytes queued (atomic reads) */
    int readers, writers;          /* open ends (atomic reads) */
    int refs;                      /* ends plus FIFO inode links (atomic) */
    unsigned r_counter, w_counter; /* opens so far, for FIFO open waits */
    struct wait_queue rd_wait, wr_wait;
};

/* Moves n bytes between kbuf and the caller's buffer at offset done:
 * 0 or -EFAULT. to_caller: pipe -> caller (read). */
struct pipe_io {
    int (*copy)(struct pipe_io *io, void *kbuf, size_t done, size_t n, bool to_caller);
    void *ctx;
};

/* A pipe with no ends open yet (refs 1): NULL if out of memory. */
struct pipe *pipe_create(void);
void pipe_get(struct pipe *p);
void pipe_put(struct pipe *p);

/* Attach or detach one end (pipe2 opens both; FIFOs one per open). */
void pipe_open_end(struct pipe *p, bool reader, bool writer);
void pipe_close_end(struct pipe *p, bool reader, bool writer);

/* FIFO open (fifo(7)): read-only opens wait for a writer and write-only
 * for a reader unless nonblock; a non-blocking write-only open without a
 * reader fails with -ENXIO. Attaches the end(s) on success. 0, -ENXIO or
 * -ERESTARTSYS (512). */
int pipe_fifo_open(struct pipe *p, bool reader, bool writer, bool nonblock);

/* Bytes moved, 0 at EOF, -EAGAIN, -EFAULT, -ERESTARTSYS (512; nothing
 * moved and a signal is pending), or for writes -EPIPE (no reader: the
 * caller raises SIGPIPE). */
long pipe_read(struct pipe *p, struct pipe_io *io, size_t n, bool nonblock);
long pipe_write(struct pipe *p, struct pipe_io *io, size_t n, bool nonblock);

/* POLLIN/POLLOUT/POLLHUP/POLLERR for an end opened for reading and/or
 * writing; registers on the pipe's queues when pt is registering. */
unsigned pipe_poll(struct pipe *p, bool reader, bool writer, struct poll_table *pt);
/* FIONREAD: bytes queued. */
int pipe_bytes_queued(struct pipe *p);

#endif
