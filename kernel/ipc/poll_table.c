/* Poll tables (include/kernel/poll.h). */
#include <kernel/heap.h>
#include <kernel/poll.h>
#include <kernel/string.h>
#include <uapi/errno.h>

void poll_table_init(struct poll_table *pt)
{
    memset(pt, 0, sizeof(*pt));
    pt->registering = true;
    pt->last = &pt->first;
}

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
    if (!pt || !pt->registering || !wq)
        return;
    struct poll_chunk *c = pt->last;
    if (c->n == POLL_CHUNK_ENTRIES) {
        struct poll_chunk *n = kzalloc(sizeof(*n));
        if (!n) {
            pt->error = -ENOMEM;
            return;
        }
        c->next = n;
        pt->last = c = n;
    }
    struct poll_entry *e = &c->e[c->n++];
    e->wq = wq;
    memset(&e->w, 0, sizeof(e->w));
    wait_prepare(wq, &e->w, true);
}

void poll_table_release(struct poll_table *pt)
{
    for (unsigned i = 0; i < pt->first.n; i++)
        wait_finish(pt->first.e[i].wq, &pt->first.e[i].w);
    struct poll_chunk *c = pt->first.next;
    while (c) {
        for (unsigned i = 0; i < c->n; i++)
            wait_finish(c->e[i].wq, &c->e[i].w);
        struct poll_chunk *next = c->next;
        kfree(c);
        c = next;
    }
    pt->first.n = 0;
    pt->first.next = NULL;
    pt->last = &pt->first;
}
