/* Kernel timers (include/kernel/timer.h): one pending list for the whole
 * system, ordered by deadline. The generic-timer interrupt on any CPU runs
 * the expired timers (ktimers_run); arming a timer programs the local
 * CPU's comparator when the new deadline is earlier than what it waits
 * for (timer_program_event), so the deadline is met without waiting for
 * the next scheduler tick. Every CPU's tick also runs the list, which
 * bounds the lateness of a timer armed on another CPU to one tick. */
#include <kernel/arch.h>
#include <kernel/machine.h>
#include <kernel/percpu.h>
#include <kernel/spinlock.h>
#include <kernel/timer.h>

static struct spinlock timer_lock = SPINLOCK_INIT("ktimers");
static struct list_node pending = LIST_HEAD_INIT(pending); /* guarded by timer_lock */
/* The timer whose callback each CPU is running, for ktimer_cancel(). */
static struct ktimer *running[MAX_CPUS]; /* guarded by timer_lock */

void ktimer_init(struct ktimer *t, ktimer_fn fn)
{
    list_init(&t->node);
    t->deadline_ns = KTIME_NEVER;
    t->fn = fn;
    t->pending = false;
}

void ktimer_arm(struct ktimer *t, uint64_t deadline_ns)
{
    spin_lock(&timer_lock);
    if (t->pending)
        list_remove(&t->node);
    t->deadline_ns = deadline_ns;
    t->pending = true;
    timer_list_insert(&pending, t);
    if (timer_list_next_deadline(&pending) == deadline_ns)
        timer_program_event(deadline_ns);
    spin_unlock(&timer_lock);
}

static bool callback_running(const struct ktimer *t)
{
    for (unsigned i = 0; i < MAX_CPUS; i++)
        if (running[i] == t)
            return true;
    return false;
}

bool ktimer_cancel(struct ktimer *t)
{
    spin_lock(&timer_lock);
    bool was = t->pending;
    if (was) {
        list_remove(&t->node);
        t->pending = false;
    }
    /* Like Linux del_timer_sync(): the callback may be running on another
     * CPU; the caller may free t once we return. */
    while (callback_running(t)) {
        spin_unlock(&timer_lock);
        arch_cpu_relax();
        spin_lock(&timer_lock);
        if (t->pending) { /* the callback re-armed itself */
            list_remove(&t->node);
            t->pending = false;
            was = true;
        }
    }
    spin_unlock(&timer_lock);
    return was;
}

bool ktimer_pending(struct ktimer *t)
{
    spin_lock(&timer_lock);
    bool p = t->pending;
    spin_unlock(&timer_lock);
    return p;
}

bool ktimer_deadline(struct ktimer *t, uint64_t *deadline_ns)
{
    spin_lock(&timer_lock);
    bool p = t->pending;
    if (p)
        *deadline_ns = t->deadline_ns;
    spin_unlock(&timer_lock);
    return p;
}

uint64_t ktimers_run(uint64_t now_ns)
{
    unsigned cpu = arch_cpu_id();
    spin_lock(&timer_lock);
    struct ktimer *t;
    while ((t = timer_list_pop_expired(&pending, now_ns)) != NULL) {
        t->pending = false;
        running[cpu] = t;
        spin_unlock(&timer_lock);
        t->fn(t);
        spin_lock(&timer_lock);
        running[cpu] = NULL;
    }
    uint64_t next = timer_list_next_deadline(&pending);
    spin_unlock(&timer_lock);
    return next;
}
