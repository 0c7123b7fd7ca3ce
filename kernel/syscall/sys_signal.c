/* Signal system calls: argument checks and user copies, in Linux's
 * order so the errors match (kernel/signal.c SYSCALL_DEFINEs,
 * arch/arm64/kernel/signal.c rt_sigreturn). The work is in kernel/signal. */
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

#define KSIGSET_SIZE sizeof(ksigset_t)

long sys_rt_sigaction(long sig, long act, long oact, long sigsetsize, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if ((unsigned long)sigsetsize != KSIGSET_SIZE)
        return -EINVAL;
    struct uapi_sigaction new, old;
    if (act && copy_from_user(&new, (uint64_t)act, sizeof(new)))
        return -EFAULT;
    int err = signal_sigaction((int)sig, act ? &new : NULL, oact ? &old : NULL);
    if (!err && oact && copy_to_user((uint64_t)oact, &old, sizeof(old)))
        return -EFAULT;
    return err;
}

long sys_rt_sigprocmask(long how, long nset, long oset, long sigsetsize, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if ((unsigned long)sigsetsize != KSIGSET_SIZE)
        return -EINVAL;
    ksigset_t set, old;
    if (nset && copy_from_user(&set, (uint64_t)nset, sizeof(set)))
        return -EFAULT;
    int err = signal_sigprocmask((int)how, nset ? &set : NULL, &old);
    if (err)
        return err;
    if (oset && copy_to_user((uint64_t)oset, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

long sys_rt_sigpending(long uset, long sigsetsize, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if ((unsigned long)sigsetsize > KSIGSET_SIZE)
        return -EINVAL;
    ksigset_t p = signal_pending_blocked();
    /* A shorter set gets the low bytes (little-endian). */
    return copy_to_user((uint64_t)uset, &p, (size_t)sigsetsize) ? -EFAULT : 0;
}

long sys_rt_sigreturn(long a0, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a0), UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return signal_sigreturn(current_task()->user_frame);
}

long sys_rt_sigsuspend(long unewset, long sigsetsize, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if ((unsigned long)sigsetsize != KSIGSET_SIZE)
        return -EINVAL;
    ksigset_t set;
    if (copy_from_user(&set, (uint64_t)unewset, sizeof(set)))
        return -EFAULT;
    return signal_sigsuspend(set);
}

/* struct __kernel_timespec. */
struct sig_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

long sys_rt_sigtimedwait(long uthese, long uinfo, long uts, long sigsetsize, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if ((unsigned long)sigsetsize != KSIGSET_SIZE)
        return -EINVAL;
    ksigset_t these;
    if (copy_from_user(&these, (uint64_t)uthese, sizeof(these)))
        return -EFAULT;
    uint64_t deadline = KTIME_NEVER;
    if (uts) {
        struct sig_timespec ts;
        if (copy_from_user(&ts, (uint64_t)uts, sizeof(ts)))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        uint64_t ns = (uint64_t)ts.tv_sec > (KTIME_NEVER - (uint64_t)ts.tv_nsec) / 1000000000ULL
                          ? KTIME_NEVER
                          : (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
        deadline = ns == 0 ? 0 : deadline_after_ns(ns);
    }
    struct ksiginfo info;
    int sig = signal_sigtimedwait(these, deadline, &info);
    if (sig > 0 && uinfo && copy_to_user((uint64_t)uinfo, &info, sizeof(info)))
        return -EFAULT;
    return sig;
}

/* Copy a caller-built siginfo; a non-negative si_code (or SI_TKILL) would
 * impersonate kill() or the kernel, which only a process may do to itself
 * (kernel/signal.c do_rt_sigqueueinfo). */
static int queueinfo_from_user(struct ksiginfo *info, long uinfo, int sig, int target)
{
    if (copy_from_user(info, (uint64_t)uinfo, sizeof(*info)))
        return -EFAULT;
    info->si_signo = sig;
    if ((info->si_code >= 0 || info->si_code == SI_TKILL) && target != current_task()->tgid)
        return -EPERM;
    return 0;
}

long sys_rt_sigqueueinfo(long pid, long sig, long uinfo, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct ksiginfo info;
    int err = queueinfo_from_user(&info, uinfo, (int)sig, (int)pid);
    return err ? err : signal_send_pid((int)pid, (int)sig, &info);
}

long sys_rt_tgsigqueueinfo(long tgid, long tid, long sig, long uinfo, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    if ((int)tgid <= 0 || (int)tid <= 0)
        return -EINVAL;
    struct ksiginfo info;
    int err = queueinfo_from_user(&info, uinfo, (int)sig, (int)tgid);
    return err ? err : signal_send_tid((int)tgid, (int)tid, (int)sig, &info);
}

long sys_sigaltstack(long uss, long uoss, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct uapi_stack new, old;
    if (uss && copy_from_user(&new, (uint64_t)uss, sizeof(new)))
        return -EFAULT;
    int err = signal_sigaltstack(uss ? &new : NULL, uoss ? &old : NULL);
    if (!err && uoss && copy_to_user((uint64_t)uoss, &old, sizeof(old)))
        return -EFAULT;
    return err;
}

long sys_kill(long pid, long sig, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return signal_kill((int)pid, (int)sig);
}

static long tkill_common(int tgid, int tid, int sig)
{
    struct ksiginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = SI_TKILL;
    info.u.kill.pid = current_task()->tgid;
    return signal_send_tid(tgid, tid, sig, &info);
}

long sys_tkill(long tid, long sig, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if ((int)tid <= 0)
        return -EINVAL;
    return tkill_common(0, (int)tid, (int)sig);
}

long sys_tgkill(long tgid, long tid, long sig, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if ((int)tid <= 0 || (int)tgid <= 0)
        return -EINVAL;
    return tkill_common((int)tgid, (int)tid, (int)sig);
}
