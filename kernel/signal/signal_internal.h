/* Shared by the files of kernel/signal (not an interface for the rest of
 * the kernel). */
#ifndef KERNEL_SIGNAL_INTERNAL_H
#define KERNEL_SIGNAL_INTERNAL_H

#include <kernel/signal.h>
#include <kernel/task.h>

/* Every task, in creation order (kernel/proc/task.c; tasklist_lock). */
extern struct list_node all_tasks_list;

/* Iterate over every task / every thread of t's process; tasklist_lock
 * held. Threads are the tasks sharing t's tgid. */
#define for_each_task(pos_)                                                                        \
    for ((pos_) = list_entry(all_tasks_list.next, struct task, all_node);                          \
         &(pos_)->all_node != &all_tasks_list;                                                     \
         (pos_) = list_entry((pos_)->all_node.next, struct task, all_node))
#define for_each_thread_of(t_, pos_) for_each_task(pos_) if ((pos_)->tgid == (t_)->tgid)

static inline struct uapi_sigaction *sig_action(struct task *t, int sig)
{
    return &t->sig.sighand->action[sig - 1];
}

/* Kernel threads (no user registers) never take signals: Linux makes them
 * ignore everything. */
static inline bool task_is_kthread(const struct task *t)
{
    return t->user_frame == NULL;
}

/* PID 1: signals it has not caught are ignored (SIGNAL_UNKILLABLE), unless
 * it faulted. */
bool sig_init_unkillable(struct task *t);

/* sighand->lock held: recompute t's "work pending" flag; wake it if
 * there is work and wake is set. */
void sig_recalc(struct task *t);
void sig_recalc_and_wake(struct task *t);

/* tasklist_lock held, sighand->lock not: send with full semantics. group:
 * to t's process (else to thread t). */
int sig_send_locked(struct task *t, int sig, const struct ksiginfo *info, bool group,
                    bool from_user);

/* tasklist_lock held (the parent's sighand lock not): tell t's parent that
 * t stopped (CLD_STOPPED) or continued (CLD_CONTINUED): SIGCHLD unless the
 * parent ignores it or set SA_NOCLDSTOP, and a wake-up of its wait. */
void sig_notify_parent_cldstop(struct task *t, int why, int status);

/* sighand->lock held: take the next pending signal not in blocked,
 * thread-directed ones first; 0 if none. */
int sig_dequeue(struct task *t, ksigset_t blocked, struct ksiginfo *info);

/* Build a SI_USER/SI_TKILL/SI_KERNEL siginfo. */
void sig_info_kill(struct ksiginfo *info, int sig, int code, int pid);

/* The sigreturn trampoline page (kernel/signal/sigpage.c): its user
 * address in the current process, mapping it first if needed; 0 if out of
 * memory or address space. */
uint64_t sig_sigpage_addr(struct task *t);

#endif
