/* Timed sleeping (include/kernel/timer.h). A sleeper arms a timer whose
 * callback wakes it, then sleeps the usual way: state set to sleeping
 * before the last check, so a wake-up between the check and schedule()
 * leaves the task RUNNING and schedule() returns at once (see wait.c). */
#include <kernel/sched.h>
#include <kernel/timer.h>
#include <uapi/errno.h>

static void timed_wait_fire(struct ktimer *t)
{
    struct timed_wait *tw = container_of(t, struct timed_wait, timer);
    __atomic_store_n(&tw->fired, true, __ATOMIC_RELEASE);
    wake_task(tw->task);
}

void timed_wait_begin(struct timed_wait *tw, uint64_t deadline_ns)
{
    ktimer_init(&tw->timer, timed_wait_fire);
    tw->task = current_task();
    tw->deadline_ns = deadline_ns;
    tw->fired = false;
    if (deadline_ns != KTIME_NEVER)
        ktimer_arm(&tw->timer, deadline_ns);
}

bool timed_wait_expired(struct timed_wait *tw)
{
    if (tw->deadline_ns == KTIME_NEVER)
        return false;
    return __atomic_load_n(&tw->fired, __ATOMIC_ACQUIRE) || clock_monotonic_ns() >= tw->deadline_ns;
}

void timed_wait_end(struct timed_wait *tw)
{
    if (tw->deadline_ns != KTIME_NEVER)
        ktimer_cancel(&tw->timer);
}

int sleep_until_ns(uint64_t deadline_ns, bool interruptible)
{
    struct timed_wait tw;
    int r = 0;
    timed_wait_begin(&tw, deadline_ns);
    for (;;) {
        sched_set_sleeping(interruptible);
        if (timed_wait_expired(&tw))
            break;
        if (interruptible && task_signal_pending(current_task())) {
            r = -EINTR;
            break;
        }
        schedule();
    }
    sched_set_running();
    timed_wait_end(&tw);
    return r;
}
