/* Between the task and scheduler files of kernel/proc (not an interface
 * for the rest of the kernel). */
#ifndef KERNEL_PROC_TASK_INTERNAL_H
#define KERNEL_PROC_TASK_INTERNAL_H

#include <kernel/task.h>

/* arch: switch registers, FP state, TLS and address space (context.S and
 * kernel/arch/arm64/task_arch.c). Called with rq_lock held; returns, on
 * the incoming task, the task that switched out to resume it. */
struct task *arch_switch_task(struct task *prev, struct task *next);
/* arch: prepare t so its first switch-in runs fn(arg) on its stack. */
void arch_task_init(struct task *t, void (*fn)(void *), void *arg);

/* arch: clear the current task's FP/SIMD state and TLS for a new program. */
void arch_exec_user_state(struct task *t);
/* arch: give a forked child the current task's FP/SIMD state and TLS. */
void arch_fork_user_state(struct task *child);
/* Make t start in user space from the trap frame at the top of its kernel
 * stack (t->user_frame) at its first switch-in. */
void task_start_in_user(struct task *t);

/* What a task holds besides its memory (descriptors, cwd, signal
 * handlers, credentials): copied or shared at fork by clone flags, and
 * released at exit or when fork fails (resources.c). */
int task_fork_resources(struct task *child, struct task *parent, unsigned long flags);
void task_release_resources(struct task *t);
/* A new program starts: close-on-exec descriptors close, caught signals
 * return to their defaults. */
void task_exec_resources(struct task *t);

/* Every task, in creation order (tasklist_lock). */
extern struct list_node all_tasks_list;

/* A task struct for the code already running on this CPU (the idle task). */
struct task *task_adopt_boot_flow(const char *name);

/* Set a task's scheduling state under the run-queue lock. */
void task_become(struct task *t, enum task_state state);
/* Wait until t has been switched out everywhere (before freeing its stack). */
void sched_wait_off_cpu(struct task *t);

#endif
