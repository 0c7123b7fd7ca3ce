/* Work done on every return to user space (vectors.S ret_to_user): the
 * point where a user task is preempted, and later where signals are
 * delivered. Runs with interrupts enabled so the switch can happen. */
#include <kernel/arch.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/trap_frame.h>

void user_return_work(struct trap_frame *frame)
{
    UNUSED(frame);
    arch_irq_enable();
    while (sched_need_resched())
        schedule();
    struct task *t = current_task();
    if (task_signal_pending(t) && (t->pending_signals & (1ULL << (9 - 1))))
        task_exit(9); /* SIGKILL: wait status is the signal number */
}
