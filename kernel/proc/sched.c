/* The scheduler (include/kernel/sched.h).
 *
 * One run queue for all CPUs, guarded by rq_lock; it holds runnable tasks
 * that are not running, and pick_next() takes the one with the smallest
 * virtual runtime. Virtual runtime grows with CPU time divided by the
 * task's weight (nice 0 = 1024; each nice step is about 1.25x, the table
 * Linux uses in kernel/sched/core.c), so over time every runnable task gets
 * CPU in proportion to its weight.
 *
 * Lock hand-over: schedule() takes rq_lock and keeps it across
 * cpu_switch_to(); whichever task runs next releases it (after its own
 * schedule() call returns, or in sched_finish_switch() when it is new).
 * This is xv6's scheme: no other CPU can pick the outgoing task before its
 * registers are saved. */
#include <kernel/arch.h>
#include <kernel/machine.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/sched.h>

#include "task_internal.h"

static struct spinlock rq_lock = SPINLOCK_INIT("runqueue");
static struct list_node run_queue = LIST_HEAD_INIT(run_queue); /* guarded by rq_lock */
static uint64_t min_vruntime;                                  /* guarded by rq_lock */
static uint64_t switches;                                      /* guarded by rq_lock */

static const uint32_t nice_weight[40] = {
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
    3906,  3121,  2501,  1991,  1586,  1277,  1024,  820,   655,   526,   423,  335,  272,  215,
    172,   137,   110,   87,    70,    56,    45,    36,    29,    23,    18,   15,
};

struct task *current_task(void)
{
    return arch_this_cpu()->current;
}

static uint32_t weight_of(const struct task *t)
{
    int n = t->nice < -20 ? -20 : t->nice > 19 ? 19 : t->nice;
    return nice_weight[n + 20];
}

/* rq_lock held. A task that slept long must not come back with a tiny
 * vruntime and monopolise the CPU: it restarts at the queue's minimum. */
static void enqueue(struct task *t)
{
    if (t->on_rq || t == arch_this_cpu()->idle)
        return;
    if (t->vruntime < min_vruntime)
        t->vruntime = min_vruntime;
    list_add_tail(&run_queue, &t->run_node);
    t->on_rq = true;
}

/* rq_lock held. */
static struct task *pick_next(void)
{
    struct list_node *n;
    struct task *best = NULL;
    list_for_each(n, &run_queue)
    {
        struct task *t = list_entry(n, struct task, run_node);
        if (!best || t->vruntime < best->vruntime)
            best = t;
    }
    if (best) {
        list_remove(&best->run_node);
        best->on_rq = false;
        min_vruntime = best->vruntime;
    }
    return best;
}

/* rq_lock held: charge the running task for the time since its slice began. */
static void account(struct task *t, uint64_t now)
{
    uint64_t ran = now - t->slice_start_ns;
    t->runtime_ns += ran;
    t->vruntime += ran * 1024 / weight_of(t);
    t->slice_start_ns = now;
}

void schedule(void)
{
    struct percpu *cpu = arch_this_cpu();
    spin_lock(&rq_lock);
    struct task *prev = cpu->current;
    uint64_t now = clock_monotonic_ns();
    account(prev, now);
    cpu->need_resched = false;
    if (prev->state == TASK_RUNNING)
        enqueue(prev);
    struct task *next = pick_next();
    if (!next)
        next = prev->state == TASK_RUNNING ? prev : cpu->idle;
    if (next != prev) {
        switches++;
        next->slice_start_ns = now;
        prev->on_cpu = -1;
        next->on_cpu = (int)cpu->id;
        cpu->current = next;
        struct task *last = arch_switch_task(prev, next);
        sched_finish_switch(last);
        return;
    }
    spin_unlock(&rq_lock);
}

/* First thing after a switch, on the incoming task: release the run queue
 * and free the outgoing task if it died (it could not free the stack it
 * was running on). */
void sched_finish_switch(struct task *last)
{
    bool dead = last->state == TASK_DEAD;
    spin_unlock(&rq_lock);
    if (dead)
        task_free(last);
}

void sched_yield(void)
{
    schedule();
}

void wake_task(struct task *t)
{
    spin_lock(&rq_lock);
    if (t->state == TASK_INTERRUPTIBLE || t->state == TASK_UNINTERRUPTIBLE) {
        t->state = TASK_RUNNING;
        if (t->on_cpu < 0)
            enqueue(t);
        arch_this_cpu()->need_resched = true;
    }
    spin_unlock(&rq_lock);
}

void sched_start_task(struct task *t)
{
    spin_lock(&rq_lock);
    t->state = TASK_RUNNING;
    enqueue(t);
    spin_unlock(&rq_lock);
}

void sched_set_sleeping(bool interruptible)
{
    spin_lock(&rq_lock);
    current_task()->state = interruptible ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
    spin_unlock(&rq_lock);
}

void sched_set_running(void)
{
    spin_lock(&rq_lock);
    current_task()->state = TASK_RUNNING;
    spin_unlock(&rq_lock);
}

void task_become(struct task *t, enum task_state state)
{
    spin_lock(&rq_lock);
    t->state = state;
    spin_unlock(&rq_lock);
}

void sched_wait_off_cpu(struct task *t)
{
    for (;;) {
        spin_lock(&rq_lock);
        bool off = t->on_cpu < 0;
        spin_unlock(&rq_lock);
        if (off)
            return;
        arch_cpu_relax();
    }
}

void sched_tick(void)
{
    struct percpu *cpu = arch_this_cpu();
    struct task *t = cpu->current;
    if (!t)
        return;
    uint64_t now = clock_monotonic_ns();
    if (t == cpu->idle || now - t->slice_start_ns >= SCHED_SLICE_NS)
        cpu->need_resched = true;
}

bool sched_need_resched(void)
{
    return arch_this_cpu()->need_resched;
}

uint64_t sched_switch_count(void)
{
    spin_lock(&rq_lock);
    uint64_t n = switches;
    spin_unlock(&rq_lock);
    return n;
}

/* The boot flow becomes this CPU's idle task: it waits for interrupts and
 * schedules whenever something became runnable. */
void sched_run_idle(void)
{
    struct percpu *cpu = arch_this_cpu();
    for (;;) {
        schedule();
        arch_irq_disable();
        if (!cpu->need_resched)
            arch_wait_for_interrupt();
        arch_irq_enable();
    }
}

void sched_init(void)
{
    struct percpu *cpu = arch_this_cpu();
    struct task *idle = task_adopt_boot_flow("idle");
    if (!idle)
        panic("sched: no memory for the idle task");
    cpu->idle = idle;
    cpu->current = idle;
}
