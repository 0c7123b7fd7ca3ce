/* Signal state across a task's life: creation, fork, exec, free
 * (include/kernel/signal.h). Linux: kernel/fork.c copy_sighand/
 * copy_signal, fs/exec.c flush_signal_handlers, kernel/exit.c. */
#include <kernel/heap.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <uapi/sched.h>

#include "signal_internal.h"

static struct sighand *sighand_new(void)
{
    struct sighand *sh = kzalloc(sizeof(*sh));
    if (!sh)
        return NULL;
    spin_init(&sh->lock, "sighand");
    sh->refs = 1;
    sigpending_init(&sh->shared_pending);
    return sh;
}

static void sighand_put(struct sighand *sh)
{
    if (__atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL))
        return;
    sigpending_flush(&sh->shared_pending);
    kfree(sh);
}

int signal_task_init(struct task *t)
{
    struct task_signal *s = &t->sig;
    memset(s, 0, sizeof(*s));
    sigpending_init(&s->pending);
    s->altstack.flags = SS_DISABLE;
    s->sighand = sighand_new();
    return s->sighand ? 0 : -ENOMEM;
}

int signal_fork(struct task *child, struct task *parent, unsigned long clone_flags)
{
    struct task_signal *cs = &child->sig, *ps = &parent->sig;
    struct sighand *psh = ps->sighand;
    if (clone_flags & CLONE_SIGHAND) {
        __atomic_add_fetch(&psh->refs, 1, __ATOMIC_RELAXED);
        sighand_put(cs->sighand);
        cs->sighand = psh;
    } else {
        struct sighand *csh = cs->sighand;
        spin_lock(&psh->lock);
        memcpy(csh->action, psh->action, sizeof(csh->action));
        csh->sigpage = psh->sigpage; /* same address in the copied memory */
        spin_unlock(&psh->lock);
    }
    /* The child inherits the mask and, unless it runs on the parent's
     * stack (CLONE_VM without CLONE_VFORK), the alternate stack; nothing is
     * pending in it (fork(2)). */
    cs->blocked = ps->blocked;
    if ((clone_flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
        cs->altstack = ps->altstack;
    else
        cs->altstack = (struct sigaltstack_state){0, 0, SS_DISABLE};
    cs->did_exec = false;
    return 0;
}

void signal_exec(struct task *t)
{
    struct task_signal *s = &t->sig;
    struct sighand *sh = s->sighand;
    spin_lock(&sh->lock);
    /* fs/exec.c flush_signal_handlers(force_default = 0). */
    for (int i = 0; i < _NSIG; i++) {
        struct uapi_sigaction *ka = &sh->action[i];
        if (ka->sa_handler != SIG_IGN)
            ka->sa_handler = SIG_DFL;
        ka->sa_flags = 0;
        ka->sa_restorer = 0;
        ka->sa_mask = 0;
    }
    sh->sigpage = 0; /* the old address space is gone */
    spin_unlock(&sh->lock);
    s->altstack = (struct sigaltstack_state){0, 0, SS_DISABLE};
    s->fault_address = 0;
    s->fault_esr = 0;
    s->did_exec = true;
}

void signal_release(struct task *t)
{
    struct task_signal *s = &t->sig;
    if (!s->sighand)
        return;
    spin_lock(&s->sighand->lock);
    sigpending_flush(&s->pending);
    spin_unlock(&s->sighand->lock);
    sighand_put(s->sighand);
    s->sighand = NULL;
}
