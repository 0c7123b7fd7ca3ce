/* Starting a user task: its first switch-in runs user_task_start on its
 * kernel stack, which "returns" to EL0 through the trap frame built at the
 * top of that stack. */
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/task.h>

#include "task_internal.h"

void enter_user_frame(struct trap_frame *frame) __attribute__((noreturn));

static void user_task_start(void *frame)
{
    enter_user_frame(frame);
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
    arch_task_init(t, user_task_start, f);
    /* The trampoline's stack must sit below the frame. */
    t->ctx.sp = (uint64_t)f;
    struct task *parent = current_task();
    spin_lock(&tasklist_lock);
    t->parent = parent;
    list_add_tail(&parent->children, &t->sibling);
    spin_unlock(&tasklist_lock);
    sched_start_task(t);
    return t;
}
