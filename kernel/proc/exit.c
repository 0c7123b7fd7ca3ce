/* Task exit and reaping. An exiting task releases what it owns, hands its
 * children to init, and becomes a zombie its parent reaps with wait4 or
 * waitid; a task without a parent (kernel threads started at boot)
 * becomes DEAD at once and the next task on the CPU frees it
 * (sched_finish_switch). */
#include <kernel/arch.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <kernel/wait.h>
#include <uapi/errno.h>
#include <uapi/sched.h>

#include "task_internal.h"

#define SIGCHLD_NUMBER 17

struct task *init_task;

/* tasklist_lock held. Linux reparents orphans to the init process (or a
 * subreaper); PID 1 here. */
static void reparent_children(struct task *t)
{
    struct task *init = init_task;
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &t->children)
    {
        struct task *c = list_entry(pos, struct task, sibling);
        list_remove(&c->sibling);
        c->parent = init;
        if (init && init != t)
            list_add_tail(&init->children, &c->sibling);
    }
    if (init && init != t)
        wake_up_all(&init->child_wait); /* it may have a zombie to reap now */
}

void task_exit(int wait_status)
{
    struct task *t = current_task();
    if (t == init_task) {
        /* Linux panics ("Attempted to kill init!"); nothing is left to run
         * user space, so report and power off. */
        pr_emerg("init (pid %d) exited with status 0x%x; powering off\n", t->pid, wait_status);
        arch_poweroff();
    }
    if (t->clear_child_tid) {
        /* Linux mm_release(): zero the tid word (and wake a futex waiter
         * there, once futexes exist). A bad address is ignored. */
        int zero = 0;
        (void)copy_to_user(t->clear_child_tid, &zero, sizeof(zero));
    }
    task_vfork_release(t);
    signal_exit_orphans(t);
    task_release_resources(t);
    if (t->mm) {
        /* Stop translating through the table before it may be freed (the
         * last reference): no walk, not even a speculative one, may use it.
         * The next user task switched in activates its own. */
        struct mm *mm = t->mm;
        mm_activate(NULL);
        spin_lock(&tasklist_lock); /* procfs reads t->mm under it */
        t->mm = NULL;
        spin_unlock(&tasklist_lock);
        mm_put(mm);
    }
    spin_lock(&tasklist_lock);
    reparent_children(t);
    t->exit_status = wait_status;
    struct task *parent = t->parent;
    bool reap_now = !parent;
    spin_unlock(&tasklist_lock);
    if (parent && task_notify_parent(t)) {
        /* Auto-reap: nobody will wait for t; the next task frees it. */
        spin_lock(&tasklist_lock);
        if (t->parent) {
            list_remove(&t->sibling);
            t->parent->child_runtime_ns += t->runtime_ns + t->child_runtime_ns;
        }
        spin_unlock(&tasklist_lock);
        reap_now = true;
    }
    task_become(t, reap_now ? TASK_DEAD : TASK_ZOMBIE);
    if (parent)
        wake_up_all(&parent->child_wait);
    schedule();
    __builtin_unreachable();
}

/* tasklist_lock held: does child c match the request? (wait4 pid rules,
 * and __WCLONE/__WALL: a "clone child" is one that does not signal
 * SIGCHLD at exit.) */
static bool matches(const struct task *c, const struct wait_request *rq)
{
    if (rq->idtype == P_PID && c->tgid != rq->id)
        return false;
    if (rq->idtype == P_PGID && c->pgid != rq->id)
        return false;
    if (rq->options & __WALL)
        return true;
    bool clone_child = c->exit_signal != SIGCHLD_NUMBER;
    return clone_child == ((rq->options & __WCLONE) != 0);
}

/* tasklist_lock held: the first matching child with something to report,
 * with *any_child set if any child matches at all. */
static struct task *find_reportable(struct task *parent, const struct wait_request *rq,
                                    bool *any_child)
{
    struct list_node *pos;
    *any_child = false;
    list_for_each(pos, &parent->children)
    {
        struct task *c = list_entry(pos, struct task, sibling);
        if (!matches(c, rq))
            continue;
        *any_child = true;
        if (c->state == TASK_ZOMBIE && (rq->options & WEXITED))
            return c;
        if (task_stop_report(c, rq->options, NULL, false))
            return c;
    }
    return NULL;
}

static bool child_changed(struct task *self, const struct wait_request *rq)
{
    bool any;
    spin_lock(&tasklist_lock);
    bool found = find_reportable(self, rq, &any) != NULL;
    spin_unlock(&tasklist_lock);
    return found || !any;
}

/* Linux's wait status -> waitid's si_code/si_status. */
static void describe_exit(int status, struct wait_result *res)
{
    res->status = status;
    if ((status & 0x7f) == 0) {
        res->si_code = CLD_EXITED;
        res->si_status = (status >> 8) & 0xff;
    } else {
        res->si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
        res->si_status = status & 0x7f;
    }
}

int task_wait_for(const struct wait_request *rq, struct wait_result *res)
{
    struct task *self = current_task();
    for (;;) {
        bool any;
        spin_lock(&tasklist_lock);
        struct task *c = find_reportable(self, rq, &any);
        bool reap = c && c->state == TASK_ZOMBIE && !(rq->options & WNOWAIT);
        if (c) {
            res->pid = c->tgid;
            res->runtime_ns = c->runtime_ns;
            if (c->state == TASK_ZOMBIE)
                describe_exit(c->exit_status, res);
            else
                task_stop_report(c, rq->options, res, !(rq->options & WNOWAIT));
        }
        if (reap) {
            list_remove(&c->sibling);
            self->child_runtime_ns += c->runtime_ns + c->child_runtime_ns;
        }
        spin_unlock(&tasklist_lock);
        if (c) {
            if (reap) {
                sched_wait_off_cpu(c);
                task_free(c);
            }
            return res->pid;
        }
        if (!any)
            return -ECHILD;
        if (rq->options & WNOHANG)
            return 0;
        int err = wait_event_interruptible(&self->child_wait, child_changed(self, rq));
        if (err)
            return -ERESTARTSYS; /* as do_wait: SA_RESTART handlers resume it */
    }
}

int task_wait(int pid, int *status, bool nohang)
{
    struct wait_request rq = {pid > 0 ? P_PID : P_ALL, pid, WEXITED | (nohang ? WNOHANG : 0)};
    struct wait_result res = {0};
    int r = task_wait_for(&rq, &res);
    if (r > 0 && status)
        *status = res.status;
    return r;
}
