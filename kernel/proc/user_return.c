/* Work done on every return to user space (vectors.S ret_to_user): the
 * point where a user task is preempted, and later where signals are
 * delivered. Runs with interrupts enabled so the switch can happen. */
#include <kernel/arch.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/trap_frame.h>

void user_return_work(struct trap_frame *frame)
{
    arch_irq_enable();
    while (sched_need_resched())
        schedule();
    signal_deliver(frame); /* also finishes syscall restarts: every time */
}
