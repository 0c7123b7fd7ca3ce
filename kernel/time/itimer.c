/* ITIMER_REAL (setitimer(2), getitimer(2)): a kernel timer per process
 * that sends SIGALRM when it expires (Linux kernel/time/itimer.c
 * it_real_fn). Allocated at the first setitimer, never inherited by fork,
 * freed at exit (itimer_exit).
 *
 * As in Linux, a periodic timer is not re-armed by its expiry but when the
 * SIGALRM it sent is dequeued for delivery (dequeue_signal calls
 * itimer_sigalrm_dequeued): a process that ignores or blocks SIGALRM gets
 * no further expiries, and the rate can never exceed what the process
 * handles. */
#include <kernel/clock.h>
#include <kernel/heap.h>
#include <kernel/rlimit.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <uapi/errno.h>

#define ITIMER_MIN_REARM_NS 50000ULL

struct itimer {
    struct ktimer timer;
    struct task *task;    /* the process the signal goes to */
    uint64_t interval_ns; /* atomic; 0 = one-shot */
    uint64_t expires_ns;  /* the last deadline armed; only the task writes it */
};

static uint64_t fired; /* expirations since boot, for the tests; atomic */

uint64_t itimer_fired_count(void)
{
    return __atomic_load_n(&fired, __ATOMIC_RELAXED);
}

static void itimer_fire(struct ktimer *kt)
{
    struct itimer *it = container_of(kt, struct itimer, timer);
    __atomic_fetch_add(&fired, 1, __ATOMIC_RELAXED);
    signal_send_process(it->task, SIGALRM, NULL);
}

static void arm(struct itimer *it, uint64_t deadline)
{
    it->expires_ns = deadline;
    ktimer_arm(&it->timer, deadline);
}

void itimer_sigalrm_dequeued(struct task *t)
{
    struct itimer *it = t->itimer;
    if (!it)
        return;
    uint64_t interval = __atomic_load_n(&it->interval_ns, __ATOMIC_RELAXED);
    uint64_t deadline;
    if (!interval || ktimer_deadline(&it->timer, &deadline))
        return;
    /* hrtimer_forward(): the first period boundary after now. */
    uint64_t now = clock_monotonic_ns(), next = it->expires_ns;
    if (next <= now)
        next += ((now - next) / interval + 1) * interval;
    arm(it, next);
}

int itimer_real_get(struct task *t, uint64_t *value_ns, uint64_t *interval_ns)
{
    *value_ns = *interval_ns = 0;
    struct itimer *it = t->itimer;
    if (!it)
        return 0;
    uint64_t deadline;
    if (ktimer_deadline(&it->timer, &deadline)) {
        uint64_t now = clock_monotonic_ns();
        /* An expiry that is due but not yet run reads as 1 us, as in
         * Linux's itimer_get_remtime. */
        *value_ns = deadline > now ? deadline - now : 1000;
    }
    *interval_ns = __atomic_load_n(&it->interval_ns, __ATOMIC_RELAXED);
    return 0;
}

int itimer_real_set(struct task *t, uint64_t value_ns, uint64_t interval_ns, uint64_t *old_value,
                    uint64_t *old_interval)
{
    itimer_real_get(t, old_value, old_interval);
    struct itimer *it = t->itimer;
    if (!it) {
        if (!value_ns)
            return 0;
        it = kzalloc(sizeof(*it));
        if (!it)
            return -ENOMEM;
        ktimer_init(&it->timer, itimer_fire);
        it->task = t;
        t->itimer = it;
    }
    ktimer_cancel(&it->timer); /* no callback runs past this point */
    __atomic_store_n(&it->interval_ns, value_ns ? interval_ns : 0, __ATOMIC_RELAXED);
    if (value_ns)
        arm(it, deadline_after_ns(value_ns));
    return 0;
}

void itimer_exit(struct task *t)
{
    struct itimer *it = t->itimer;
    if (!it)
        return;
    ktimer_cancel(&it->timer);
    t->itimer = NULL;
    kfree(it);
}
