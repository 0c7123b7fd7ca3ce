/* Wait queues: a task sleeps on one until another wakes it. The sleeper
 * re-checks its condition after every wake-up (wake-ups may be spurious
 * or raced), so the usual pattern is wait_event(). */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include <kernel/list.h>
#include <kernel/spinlock.h>

struct task;

/* Lock order: a wait queue's lock before the run-queue lock. */
struct wait_queue {
    struct spinlock lock;     /* guards waiters */
    struct list_node waiters; /* struct waiter.node */
};

struct waiter {
    struct list_node node;
    struct task *task;
};

#define WAIT_QUEUE_INIT(name)                                                                      \
    {                                                                                              \
        SPINLOCK_INIT(#name), LIST_HEAD_INIT((name).waiters)                                       \
    }

void wait_queue_init(struct wait_queue *wq, const char *name);

/* Queue the current task on wq and mark it sleeping (interruptible by
 * signals when interruptible is set). Then the caller checks its condition
 * and calls schedule() if still unmet; wait_finish() in any case. */
void wait_prepare(struct wait_queue *wq, struct waiter *w, bool interruptible);
void wait_finish(struct wait_queue *wq, struct waiter *w);

/* Wake every waiter; returns how many were woken. Safe from interrupts. */
unsigned wake_up_all(struct wait_queue *wq);
unsigned wake_up_one(struct wait_queue *wq);

/* Sleep until cond holds; uninterruptible. */
#define wait_event(wq, cond)                                                                       \
    do {                                                                                           \
        struct waiter w_ = {0};                                                                    \
        for (;;) {                                                                                 \
            wait_prepare((wq), &w_, false);                                                        \
            if (cond)                                                                              \
                break;                                                                             \
            schedule();                                                                            \
        }                                                                                          \
        wait_finish((wq), &w_);                                                                    \
    } while (0)

/* Sleep until cond holds or a signal is pending: 0 or -EINTR. */
#define wait_event_interruptible(wq, cond)                                                         \
    ({                                                                                             \
        struct waiter w_ = {0};                                                                    \
        int r_ = 0;                                                                                \
        for (;;) {                                                                                 \
            wait_prepare((wq), &w_, true);                                                         \
            if (cond)                                                                              \
                break;                                                                             \
            if (task_signal_pending(current_task())) {                                             \
                r_ = -EINTR;                                                                       \
                break;                                                                             \
            }                                                                                      \
            schedule();                                                                            \
        }                                                                                          \
        wait_finish((wq), &w_);                                                                    \
        r_;                                                                                        \
    })

#endif
