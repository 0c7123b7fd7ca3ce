/* The scheduler: one run queue per system for now (SMP-safe under
 * rq_lock), fair between runnable tasks by weighted virtual runtime
 * (weights from nice as in Linux's sched_prio_to_weight), preemption on
 * the timer tick when the slice is used up. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/task.h>

#define SCHED_SLICE_NS 4000000ULL /* 4 ms */

/* The boot flow becomes this CPU's idle task (tasks may be created and
 * scheduled from then on). */
void sched_init(void);
/* The idle loop: schedule whenever work exists, else wait for interrupts. */
void sched_run_idle(void) __attribute__((noreturn));

/* Make a newly created task runnable. */
void sched_start_task(struct task *t);

/* Give up the CPU; the caller's state decides whether it stays runnable. */
void schedule(void);
void sched_yield(void);

/* Make a sleeping or new task runnable. Safe from interrupt context. */
void wake_task(struct task *t);

/* The current task is about to sleep / has stopped sleeping (wait.c). */
void sched_set_sleeping(bool interruptible);
void sched_set_running(void);

/* Timer tick on this CPU (interrupt context). */
void sched_tick(void);
/* True if the running task should call schedule() at the next chance. */
bool sched_need_resched(void);

/* Called by a new task the first time it runs (context.S). */
void sched_finish_switch(struct task *last);

/* Tasks switched since boot (for tests). */
uint64_t sched_switch_count(void);

#endif
