/* Kernel timers and timed sleeping (include/kernel/timer.h): a thread
 * sleeps 20 ms and wakes on time, timers fire in deadline order, a
 * cancelled timer never fires, and the wait-queue variants report
 * timeout, condition and signal correctly. */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <kernel/wait.h>
#include <uapi/errno.h>

#define MS 1000000ULL

struct sleeper_result {
    uint64_t slept_ns;
    int ret;
    volatile bool done;
    struct wait_queue done_wq;
};

static void sleeper(void *arg)
{
    struct sleeper_result *r = arg;
    uint64_t t0 = clock_monotonic_ns();
    r->ret = sleep_until_ns(t0 + 20 * MS, true);
    r->slept_ns = clock_monotonic_ns() - t0;
    __atomic_store_n(&r->done, true, __ATOMIC_RELEASE);
    wake_up_all(&r->done_wq);
}

KTEST(timer_thread_sleeps_20ms)
{
    static struct sleeper_result r;
    r.done = false;
    wait_queue_init(&r.done_wq, "sleeper_done");
    KT_ASSERT(kthread_create("sleeper", sleeper, &r));
    wait_event(&r.done_wq, __atomic_load_n(&r.done, __ATOMIC_ACQUIRE));
    pr_info("  slept %lu us\n", (unsigned long)(r.slept_ns / 1000));
    KT_ASSERT(r.ret == 0);
    KT_ASSERT(r.slept_ns >= 20 * MS);
    KT_ASSERT(r.slept_ns < 30 * MS); /* generous: TCG may be slow */
    return KTEST_PASS;
}

/* Sub-tick sleeps end close to their deadline, not at the next 4 ms tick. */
KTEST(timer_sleep_is_finer_than_the_tick)
{
    uint64_t total = 0;
    for (int i = 0; i < 10; i++) {
        uint64_t t0 = clock_monotonic_ns();
        KT_ASSERT(sleep_until_ns(t0 + MS, false) == 0);
        uint64_t d = clock_monotonic_ns() - t0;
        KT_ASSERT(d >= MS);
        total += d;
    }
    pr_info("  10 x 1 ms sleeps took %lu us\n", (unsigned long)(total / 1000));
    KT_ASSERT(total < 10 * 3 * MS);
    return KTEST_PASS;
}

static int order[4];
static int norder;

struct id_timer {
    struct ktimer t;
    int id;
};

static void record(struct ktimer *t)
{
    if (norder < 4)
        order[norder++] = container_of(t, struct id_timer, t)->id;
}

KTEST(timer_two_timers_fire_in_order_and_cancel_works)
{
    static struct id_timer a, b, c;
    norder = 0;
    ktimer_init(&a.t, record);
    ktimer_init(&b.t, record);
    ktimer_init(&c.t, record);
    a.id = 1, b.id = 2, c.id = 3;
    uint64_t now = clock_monotonic_ns();
    ktimer_arm(&b.t, now + 6 * MS); /* armed first, fires second */
    ktimer_arm(&a.t, now + 3 * MS);
    ktimer_arm(&c.t, now + 4 * MS);
    KT_ASSERT(ktimer_cancel(&c.t));
    KT_ASSERT(!ktimer_pending(&c.t));
    KT_ASSERT(sleep_until_ns(now + 10 * MS, false) == 0);
    KT_ASSERT(norder == 2);
    KT_ASSERT(order[0] == 1 && order[1] == 2);
    KT_ASSERT(!ktimer_cancel(&a.t));
    return KTEST_PASS;
}

static struct wait_queue test_wq = WAIT_QUEUE_INIT(test_wq);
static volatile int flag;

static void set_flag_later(void *arg)
{
    UNUSED(arg);
    sleep_until_ns(clock_monotonic_ns() + 5 * MS, false);
    flag = 1;
    wake_up_all(&test_wq);
}

KTEST(timer_wait_event_timeout_results)
{
    flag = 0;
    uint64_t t0 = clock_monotonic_ns();
    int r = wait_event_interruptible_timeout(&test_wq, flag != 0, 5 * MS);
    uint64_t d = clock_monotonic_ns() - t0;
    KT_ASSERT(r == -ETIMEDOUT);
    KT_ASSERT(d >= 5 * MS && d < 20 * MS);
    /* A true condition wins over a past deadline. */
    KT_ASSERT(wait_event_deadline(&test_wq, true, 0) == 0);
    KT_ASSERT(kthread_create("flagger", set_flag_later, NULL));
    r = wait_event_interruptible_deadline(&test_wq, flag != 0, deadline_after_ns(500 * MS));
    KT_ASSERT(r == 0);
    KT_ASSERT(flag == 1);
    return KTEST_PASS;
}

KTEST(timer_sleep_interrupted_by_signal)
{
    struct task *self = current_task();
    /* Kernel threads take no signals: raise the "signal pending" flag
     * (task_signal_pending) directly. */
    __atomic_store_n(&self->sig.flag, 1, __ATOMIC_RELEASE);
    uint64_t t0 = clock_monotonic_ns();
    int r = sleep_until_ns(t0 + 100 * MS, true);
    int r2 = wait_event_interruptible_timeout(&test_wq, false, 100 * MS);
    __atomic_store_n(&self->sig.flag, 0, __ATOMIC_RELEASE);
    KT_ASSERT(r == -EINTR);
    KT_ASSERT(r2 == -EINTR);
    KT_ASSERT(clock_monotonic_ns() - t0 < 50 * MS);
    return KTEST_PASS;
}
