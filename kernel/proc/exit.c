/* Task exit and reaping. An exiting task releases what it owns, hands its
 * children to init, and becomes a zombie its parent reaps with wait4; a
 * task without a parent (kernel threads started at boot) becomes DEAD at
 * once and the next task on the CPU frees it (sched_finish_switch). */
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/wait.h>
#include <uapi/errno.h>

#include "task_internal.h"

/* tasklist_lock held. Linux reparents orphans to the init process (or a
 * subreaper); pid 1 here. */
static struct task *find_init(void)
{
    extern struct task *init_task;
    return init_task;
}

static void reparent_children(struct task *t)
{
    struct task *init = find_init();
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &t->children)
    {
        struct task *c = list_entry(pos, struct task, sibling);
        list_remove(&c->sibling);
        c->parent = init;
        if (init)
            list_add_tail(&init->children, &c->sibling);
    }
    if (init)
        wake_up_all(&init->child_wait); /* it may have a zombie to reap now */
}

void task_exit(int wait_status)
{
    struct task *t = current_task();
    if (t->mm) {
        /* Stop translating through the table before it may be freed (the
         * last reference): no walk, not even a speculative one, may use it.
         * The next user task switched in activates its own. */
        struct mm *mm = t->mm;
        mm_activate(NULL);
        t->mm = NULL;
        mm_put(mm);
    }
    spin_lock(&tasklist_lock);
    reparent_children(t);
    t->exit_status = wait_status;
    struct task *parent = t->parent;
    bool reap_now = !parent;
    spin_unlock(&tasklist_lock);
    task_become(t, reap_now ? TASK_DEAD : TASK_ZOMBIE);
    if (parent)
        wake_up_all(&parent->child_wait);
    schedule();
    __builtin_unreachable();
}

struct task *init_task;

/* tasklist_lock held: a child matching pid (-1: any) that is a zombie. */
static struct task *find_zombie(struct task *parent, int pid, bool *any_child)
{
    struct list_node *pos;
    *any_child = false;
    list_for_each(pos, &parent->children)
    {
        struct task *c = list_entry(pos, struct task, sibling);
        if (pid > 0 && c->tgid != pid)
            continue;
        *any_child = true;
        if (c->state == TASK_ZOMBIE)
            return c;
    }
    return NULL;
}

static bool child_changed(struct task *self, int pid)
{
    bool any;
    spin_lock(&tasklist_lock);
    bool found = find_zombie(self, pid, &any) != NULL;
    spin_unlock(&tasklist_lock);
    return found || !any;
}

int task_wait(int pid, int *status, bool nohang)
{
    struct task *self = current_task();
    for (;;) {
        bool any;
        spin_lock(&tasklist_lock);
        struct task *z = find_zombie(self, pid, &any);
        if (z)
            list_remove(&z->sibling);
        spin_unlock(&tasklist_lock);
        if (z) {
            sched_wait_off_cpu(z);
            int zpid = z->tgid;
            if (status)
                *status = z->exit_status;
            task_free(z);
            return zpid;
        }
        if (!any)
            return -ECHILD;
        if (nohang)
            return 0;
        int err = wait_event_interruptible(&self->child_wait, child_changed(self, pid));
        if (err)
            return err;
    }
}
