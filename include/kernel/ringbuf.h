/* A byte ring buffer of fixed power-of-two capacity. Not locked: the
 * owner names the lock that guards it. head and tail count bytes ever
 * written and read, so full/empty need no spare slot. */
#ifndef KERNEL_RINGBUF_H
#define KERNEL_RINGBUF_H

#include <kernel/types.h>

#define RINGBUF_SIZE 1024

struct ringbuf {
    uint32_t head; /* next write position (mod RINGBUF_SIZE) */
    uint32_t tail; /* next read position */
    unsigned char data[RINGBUF_SIZE];
};

_Static_assert((RINGBUF_SIZE & (RINGBUF_SIZE - 1)) == 0, "ring size must be a power of two");

static inline uint32_t ringbuf_used(const struct ringbuf *r)
{
    return r->head - r->tail;
}

static inline bool ringbuf_put(struct ringbuf *r, unsigned char c)
{
    if (ringbuf_used(r) == RINGBUF_SIZE)
        return false;
    r->data[r->head++ & (RINGBUF_SIZE - 1)] = c;
    return true;
}

static inline int ringbuf_get(struct ringbuf *r)
{
    if (!ringbuf_used(r))
        return -1;
    return r->data[r->tail++ & (RINGBUF_SIZE - 1)];
}

#endif
