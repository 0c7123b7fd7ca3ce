/* Starting a user task: its first switch-in runs user_task_start on its
 * kernel stack, which "returns" to EL0 through the trap frame built at the
 * top of that stack. */
#include <kernel/heap.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>

#include "task_internal.h"

void enter_user_frame(struct trap_frame *frame) __attribute__((noreturn));

static void user_task_start(void *frame)
{
    /* Linux schedule_tail(): CLONE_CHILD_SETTID writes the tid in the
     * child's own (copy-on-write) memory. A bad address is ignored. */
    struct task *t = current_task();
    if (t->set_child_tid) {
        int tid = t->pid;
        (void)copy_to_user(t->set_child_tid, &tid, sizeof(tid));
        t->set_child_tid = 0;
    }
    enter_user_frame(frame);
}

void task_start_in_user(struct task *t)
{
    arch_task_init(t, user_task_start, t->user_frame);
    /* The trampoline's stack must sit below the frame. */
    t->ctx.sp = (uint64_t)t->user_frame;
}

/* PSTATE for EL0t, AArch64, interrupts unmasked (ARM DDI 0487 L.b, C5.2.19
 * SPSR_EL1: M[3:0] = 0b0000). */
#define PSTATE_EL0T 0UL

struct task *user_task_create(const char *name, struct mm *mm, uint64_t entry, uint64_t sp)
{
    struct task *t = task_alloc(name);
    if (!t)
        return NULL;
    struct trap_frame *f = (struct trap_frame *)((char *)t->kstack_top - sizeof(*f));
    memset(f, 0, sizeof(*f));
    f->pc = entry;
    f->sp = sp;
    f->pstate = PSTATE_EL0T;
    t->user_frame = f;
    t->fp.fpcr = 0;
    mm_get(mm);
    t->mm = mm;
    task_start_in_user(t);
    struct task *parent = current_task();
    spin_lock(&tasklist_lock);
    t->parent = parent;
    t->exit_signal = 17; /* SIGCHLD, as fork gives */
    list_add_tail(&parent->children, &t->sibling);
    spin_unlock(&tasklist_lock);
    sched_start_task(t);
    return t;
}

struct exec_start {
    int (*fn)(void *);
    void *arg;
};

static void exec_task_start(void *p)
{
    struct exec_start *s = p;
    int (*fn)(void *) = s->fn;
    void *arg = s->arg;
    kfree(s);
    int err = fn(arg);
    if (err)
        task_exit(127 << 8); /* what a shell reports when exec fails */
    user_task_start(current_task()->user_frame);
}

struct task *task_spawn_exec(const char *name, struct task *parent, int (*fn)(void *), void *arg)
{
    struct exec_start *s = kmalloc(sizeof(*s));
    struct task *t = s ? task_alloc(name) : NULL;
    if (!t) {
        kfree(s);
        return NULL;
    }
    s->fn = fn;
    s->arg = arg;
    arch_task_init(t, exec_task_start, s);
    /* exec writes the user registers at the top of the stack: the kernel
     * part runs below them. */
    t->user_frame = (struct trap_frame *)((char *)t->kstack_top - sizeof(struct trap_frame));
    t->ctx.sp = (uint64_t)t->user_frame;
    if (parent) {
        spin_lock(&tasklist_lock);
        t->parent = parent;
        t->exit_signal = 17; /* SIGCHLD */
        t->pgid = parent->pgid;
        t->sid = parent->sid;
        list_add_tail(&parent->children, &t->sibling);
        spin_unlock(&tasklist_lock);
    }
    sched_start_task(t);
    return t;
}
