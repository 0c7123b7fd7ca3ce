/* The portable part of signals (include/kernel/signal.h): default
 * actions, which signal goes next, siginfo layouts, pending queues and
 * the alternate-stack rules. No locking here: callers hold the lock that
 * guards the structure (sighand->lock in the kernel). Built on the host
 * too (tests/host/test_signal.c). */
#include <kernel/heap.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <uapi/errno.h>

/* signal(7) "Standard signals" table; real-time signals terminate. */
enum sig_default sig_default_action(int sig)
{
    switch (sig) {
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
    case SIGXCPU:
    case SIGXFSZ:
    case SIGSYS:
        return SIG_DFL_CORE;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
        return SIG_DFL_STOP;
    case SIGCONT:
        return SIG_DFL_CONT;
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
        return SIG_DFL_IGNORE;
    default:
        return SIG_DFL_TERM;
    }
}

int sig_next(ksigset_t pending, ksigset_t blocked)
{
    ksigset_t ready = pending & ~blocked;
    if (!ready)
        return 0;
    if (ready & SIG_SYNCHRONOUS_MASK)
        ready &= SIG_SYNCHRONOUS_MASK;
    return __builtin_ctzll(ready) + 1;
}

enum siginfo_layout siginfo_layout(int sig, int code)
{
    if (code > SI_USER && code < SI_KERNEL) {
        /* Signal-specific codes. */
        switch (sig) {
        case SIGILL:
        case SIGFPE:
        case SIGSEGV:
        case SIGBUS:
        case SIGTRAP:
            return SIL_FAULT;
        case SIGCHLD:
            return SIL_CHLD;
        case SIGIO:
            return SIL_POLL;
        case SIGSYS:
            return SIL_SYS;
        default:
            return SIL_KILL;
        }
    }
    if (code == SI_TIMER)
        return SIL_TIMER;
    if (code == SI_SIGIO)
        return SIL_POLL;
    if (code < 0 && code != SI_TKILL)
        return SIL_RT;
    return SIL_KILL; /* SI_USER, SI_KERNEL, SI_TKILL */
}

void sigpending_init(struct sigpending *p)
{
    p->set = 0;
    list_init(&p->queue);
}

static bool is_rt(int sig)
{
    return sig >= SIGRTMIN;
}

int sigpending_add(struct sigpending *p, int sig, const struct ksiginfo *info, bool from_user)
{
    ksigset_t bit = SIGMASK(sig);
    if (!is_rt(sig) && (p->set & bit))
        return 0; /* standard signals do not queue (signal(7)) */
    struct sigqueue *q = kmalloc(sizeof(*q));
    if (q) {
        q->info = *info;
        list_add_tail(&p->queue, &q->node);
    } else if (is_rt(sig) && from_user) {
        return -EAGAIN;
    }
    p->set |= bit;
    return 0;
}

void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info)
{
    struct sigqueue *first = NULL;
    bool more = false;
    struct list_node *pos;
    list_for_each(pos, &p->queue)
    {
        struct sigqueue *q = list_entry(pos, struct sigqueue, node);
        if (q->info.si_signo != sig)
            continue;
        if (first) {
            more = true;
            break;
        }
        first = q;
    }
    if (!more)
        p->set &= ~SIGMASK(sig);
    if (first) {
        *info = first->info;
        list_remove(&first->node);
        kfree(first);
        return;
    }
    /* Pending without a record (the allocation failed): Linux reports it
     * as SI_USER from nobody. */
    memset(info, 0, sizeof(*info));
    info->si_signo = sig;
    info->si_code = SI_USER;
}

void sigpending_flush_mask(struct sigpending *p, ksigset_t mask)
{
    p->set &= ~mask;
    struct list_node *pos, *tmp;
    list_for_each_safe(pos, tmp, &p->queue)
    {
        struct sigqueue *q = list_entry(pos, struct sigqueue, node);
        if (mask & SIGMASK(q->info.si_signo)) {
            list_remove(&q->node);
            kfree(q);
        }
    }
}

/* kernel/signal.c on_sig_stack(): the stack grows down, so its top
 * (sp + size) is on it and its base is not. With SS_AUTODISARM the kernel
 * cannot tell, and says no. */
bool sas_on_stack(const struct sigaltstack_state *ss, uint64_t sp)
{
    if (ss->flags & SS_AUTODISARM)
        return false;
    return sp > ss->sp && sp - ss->sp <= ss->size;
}

int sas_flags_for(const struct sigaltstack_state *ss, uint64_t sp)
{
    if (!ss->size)
        return SS_DISABLE;
    return sas_on_stack(ss, sp) ? SS_ONSTACK : 0;
}

/* kernel/signal.c do_sigaltstack(). */
int sas_change(struct sigaltstack_state *ss, const struct uapi_stack *new, struct uapi_stack *old,
               uint64_t sp, uint64_t min_size)
{
    if (old) {
        memset(old, 0, sizeof(*old));
        old->ss_sp = ss->sp;
        old->ss_size = ss->size;
        old->ss_flags = (int32_t)((unsigned)sas_flags_for(ss, sp) | (ss->flags & SS_FLAG_BITS));
    }
    if (!new)
        return 0;
    if (sas_on_stack(ss, sp))
        return -EPERM;
    unsigned flags = (unsigned)new->ss_flags;
    unsigned mode = flags & ~SS_FLAG_BITS;
    if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
        return -EINVAL;
    uint64_t nsp = new->ss_sp, nsize = new->ss_size;
    if (mode == SS_DISABLE) {
        nsp = 0;
        nsize = 0;
    } else if (nsize < min_size) {
        return -ENOMEM;
    }
    ss->sp = nsp;
    ss->size = nsize;
    ss->flags = flags;
    return 0;
}
