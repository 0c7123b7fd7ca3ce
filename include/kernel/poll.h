/* Waiting on many objects at once (poll, ppoll, select, pselect6): each
 * object's poll hook reports its ready mask and, while a poll table is
 * registering, queues the caller on the object's wait queue with
 * poll_wait(). The caller sleeps until one of those queues wakes it,
 * then asks every object again. Queuing before checking makes a wake-up
 * between the check and the sleep harmless. */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#include <kernel/types.h>
#include <kernel/wait.h>

/* Event bits (include/uapi/asm-generic/poll.h). */
#define POLLIN     0x0001
#define POLLPRI    0x0002
#define POLLOUT    0x0004
#define POLLERR    0x0008
#define POLLHUP    0x0010
#define POLLNVAL   0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLLMSG    0x0400
#define POLLRDHUP  0x2000

#define POLL_CHUNK_ENTRIES 16

struct poll_entry {
    struct wait_queue *wq;
    struct waiter w;
};

/* Entries never move once queued (queues link them by address), so the
 * table grows by chunks. */
struct poll_chunk {
    struct poll_chunk *next;
    unsigned n;
    struct poll_entry e[POLL_CHUNK_ENTRIES];
};

struct poll_table {
    bool registering;        /* false: only report masks, queue nothing */
    struct poll_chunk first; /* more chunks hang off first.next */
    struct poll_chunk *last;
    int error; /* -ENOMEM if an entry could not be added */
};

void poll_table_init(struct poll_table *pt);
/* Queue the caller on wq (an object's poll hook calls this; pt may be
 * NULL: then nothing happens). */
void poll_wait(struct poll_table *pt, struct wait_queue *wq);
/* Leave every queue; the table can register again afterwards. */
void poll_table_release(struct poll_table *pt);

#endif
