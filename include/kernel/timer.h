/* Kernel timers and timed sleeping.
 *
 * A struct ktimer calls a function once the monotonic clock
 * (clock_monotonic_ns(), CLOCK_MONOTONIC) reaches its deadline. Pending
 * timers sit in one list ordered by deadline (kernel/time/timer.c, under
 * timer_lock); the generic-timer interrupt runs the expired ones and
 * programs the comparator for the next deadline, so a timer fires within
 * microseconds of its deadline, not at the next 4 ms scheduler tick (Linux
 * hrtimers behave the same way; nanosleep(1 ms) sleeps about 1 ms there).
 *
 * Callbacks run in interrupt context with interrupts masked and no lock
 * held: they must not sleep; they may wake tasks, send signals and re-arm
 * their own timer. ktimer_cancel() waits for a running callback, so after
 * it returns the callback is not running and will not run (until re-armed).
 *
 * Timed sleeping, for any code that blocks with a timeout (poll, tty,
 * futex, rt_sigtimedwait, nanosleep):
 *   - sleep_until_ns(deadline, interruptible): sleep until a deadline.
 *   - wait_event_interruptible_deadline(wq, cond, deadline): wait on a
 *     wait queue (include/kernel/wait.h) until cond holds, the deadline
 *     passes or a signal is pending. Returns 0 / -ETIMEDOUT / -EINTR.
 *   - wait_event_interruptible_timeout(wq, cond, timeout_ns): the same with
 *     a relative timeout.
 *   - wait_event_deadline(wq, cond, deadline): uninterruptible; 0 /
 *     -ETIMEDOUT.
 *   - struct timed_wait: the building block of the macros, for code that
 *     sleeps on several wait queues at once (poll): timed_wait_begin()
 *     arms a timer that wakes the current task at the deadline;
 *     timed_wait_expired() tells whether it has passed; timed_wait_end()
 *     disarms it (always call it before the struct goes out of scope).
 * Deadlines are absolute CLOCK_MONOTONIC nanoseconds; KTIME_NEVER means no
 * timeout. Use deadline_after_ns() to turn a relative timeout into one. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <kernel/list.h>
#include <kernel/machine.h>
#include <kernel/sched.h>
#include <kernel/types.h>
#include <kernel/wait.h>
#include <uapi/errno.h>

#define KTIME_NEVER UINT64_MAX

struct ktimer;
typedef void (*ktimer_fn)(struct ktimer *t);

struct ktimer {
    struct list_node node; /* in the pending list; guarded by timer_lock */
    uint64_t deadline_ns;  /* CLOCK_MONOTONIC; guarded by timer_lock */
    ktimer_fn fn;          /* set once by ktimer_init */
    bool pending;          /* queued; guarded by timer_lock */
};

void ktimer_init(struct ktimer *t, ktimer_fn fn);
/* Queue t to fire at deadline_ns (a deadline in the past fires at the next
 * timer interrupt, which is programmed at once). Re-arming a pending timer
 * moves it. Safe from any context, including the timer's own callback. */
void ktimer_arm(struct ktimer *t, uint64_t deadline_ns);
/* Dequeue t; true if it was pending (or re-armed itself meanwhile). Waits for a running callback of
 * t to return first, so never call it from t's own callback. */
bool ktimer_cancel(struct ktimer *t);
bool ktimer_pending(struct ktimer *t);
/* If t is pending: true with its deadline in *deadline_ns. */
bool ktimer_deadline(struct ktimer *t, uint64_t *deadline_ns);

/* The timer interrupt (kernel/arch/arm64/timer.c): run every timer whose
 * deadline is <= now_ns; returns the earliest remaining deadline, or
 * KTIME_NEVER. */
uint64_t ktimers_run(uint64_t now_ns);

/* now + ns, saturating at KTIME_NEVER. */
static inline uint64_t deadline_after_ns(uint64_t ns)
{
    uint64_t now = clock_monotonic_ns();
    return ns >= KTIME_NEVER - now ? KTIME_NEVER : now + ns;
}

/* Sleep the current task until clock_monotonic_ns() >= deadline_ns.
 * Returns 0 once the deadline passed, or -EINTR if interruptible and a
 * signal is pending (at once if one already was). */
int sleep_until_ns(uint64_t deadline_ns, bool interruptible);

struct timed_wait {
    struct ktimer timer;
    struct task *task;
    uint64_t deadline_ns;
    bool fired; /* set by the timer; atomic */
};

void timed_wait_begin(struct timed_wait *tw, uint64_t deadline_ns);
bool timed_wait_expired(struct timed_wait *tw);
void timed_wait_end(struct timed_wait *tw);

/* Shared body of the macros below; interruptible decides whether a
 * pending signal ends the wait with -EINTR. */
#define wait_event_deadline_common_(wq, cond, deadline_ns, interruptible)                          \
    ({                                                                                             \
        struct timed_wait tw_;                                                                     \
        struct waiter wq_w_ = {0};                                                                 \
        int wq_r_ = 0;                                                                             \
        timed_wait_begin(&tw_, (deadline_ns));                                                     \
        for (;;) {                                                                                 \
            wait_prepare((wq), &wq_w_, (interruptible));                                           \
            if (cond)                                                                              \
                break;                                                                             \
            if (timed_wait_expired(&tw_)) {                                                        \
                wq_r_ = -ETIMEDOUT;                                                                \
                break;                                                                             \
            }                                                                                      \
            if ((interruptible) && task_signal_pending(current_task())) {                          \
                wq_r_ = -EINTR;                                                                    \
                break;                                                                             \
            }                                                                                      \
            schedule();                                                                            \
        }                                                                                          \
        wait_finish((wq), &wq_w_);                                                                 \
        timed_wait_end(&tw_);                                                                      \
        wq_r_;                                                                                     \
    })

/* Sleep until cond holds (0), the absolute monotonic deadline passes
 * (-ETIMEDOUT) or a signal is pending (-EINTR). cond is checked first, so
 * a true cond wins over a past deadline. */
#define wait_event_interruptible_deadline(wq, cond, deadline_ns)                                   \
    wait_event_deadline_common_(wq, cond, deadline_ns, true)

/* The same with a timeout relative to now. */
#define wait_event_interruptible_timeout(wq, cond, timeout_ns)                                     \
    wait_event_deadline_common_(wq, cond, deadline_after_ns(timeout_ns), true)

/* Uninterruptible: 0 or -ETIMEDOUT. */
#define wait_event_deadline(wq, cond, deadline_ns)                                                 \
    wait_event_deadline_common_(wq, cond, deadline_ns, false)

/* Portable core of the pending list (kernel/time/timer_list.c), kept apart
 * so the host tests can run it. The caller holds the lock guarding head. */
void timer_list_insert(struct list_node *head, struct ktimer *t);
/* The first timer with deadline <= now, removed from the list, or NULL. */
struct ktimer *timer_list_pop_expired(struct list_node *head, uint64_t now_ns);
/* The earliest deadline, or KTIME_NEVER for an empty list. */
uint64_t timer_list_next_deadline(const struct list_node *head);

#endif
