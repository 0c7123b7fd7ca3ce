/* clone(2) with fork semantics, wait4(2), waitid(2), set_tid_address(2).
 * arm64 has no fork or vfork call: C libraries use clone. */
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/sched.h>

#include "sys_handlers.h"

/* arm64 uses CONFIG_CLONE_BACKWARDS: flags, newsp, parent_tid, tls,
 * child_tid. */
long sys_clone(long flags, long newsp, long parent_tid, long tls, long child_tid, long a5)
{
    UNUSED(a5);
    long pid = task_fork((unsigned long)flags, (uint64_t)newsp, (uint64_t)tls, (uint64_t)child_tid);
    if (pid > 0 && (flags & CLONE_PARENT_SETTID)) {
        int v = (int)pid;
        (void)copy_to_user((uint64_t)parent_tid, &v, sizeof(v));
    }
    return pid;
}

/* struct rusage (include/uapi/linux/resource.h): two timevals then 14
 * longs. Only the CPU times are kept. */
struct wait_rusage {
    int64_t utime_sec, utime_usec, stime_sec, stime_usec;
    int64_t rest[14];
};
_Static_assert(sizeof(struct wait_rusage) == 144, "struct rusage is 144 bytes on arm64");

static int put_rusage(long uaddr, uint64_t runtime_ns)
{
    if (!uaddr)
        return 0;
    struct wait_rusage ru;
    memset(&ru, 0, sizeof(ru));
    ru.utime_sec = (int64_t)(runtime_ns / 1000000000);
    ru.utime_usec = (int64_t)(runtime_ns % 1000000000 / 1000);
    return copy_to_user((uint64_t)uaddr, &ru, sizeof(ru)) ? -EFAULT : 0;
}

#define WAIT4_OPTIONS (WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)

long sys_wait4(long pid, long status, long options, long rusage, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    /* pid and options are C ints: the upper register half is not
     * defined by the calling convention (AAPCS64 5.4.2). */
    pid = (int)pid;
    options = (int)options;
    if (options & ~WAIT4_OPTIONS)
        return -EINVAL;
    /* kernel_wait4(): INT_MIN has no process group to negate into. */
    if (pid == (int)0x80000000)
        return -ESRCH;
    struct wait_request rq = {P_ALL, 0, (int)options | WEXITED};
    if (pid < -1) {
        rq.idtype = P_PGID;
        rq.id = (int)-pid;
    } else if (pid == 0) {
        rq.idtype = P_PGID;
        rq.id = current_task()->pgid;
    } else if (pid > 0) {
        rq.idtype = P_PID;
        rq.id = (int)pid;
    }
    struct wait_result res = {0};
    int r = task_wait_for(&rq, &res);
    if (r <= 0)
        return r;
    if (status && copy_to_user((uint64_t)status, &res.status, sizeof(int)))
        return -EFAULT;
    if (put_rusage(rusage, res.runtime_ns))
        return -EFAULT;
    return r;
}

/* The SIGCHLD siginfo waitid fills (arm64 siginfo_t: 128 bytes; the
 * _sigchld member of the union starts at offset 16). */
struct waitid_info {
    int32_t si_signo, si_errno, si_code, pad;
    int32_t si_pid, si_uid, si_status, pad2;
    int64_t si_utime, si_stime;
    uint8_t rest[128 - 48];
};
_Static_assert(sizeof(struct waitid_info) == 128, "siginfo_t is 128 bytes");

#define WAITID_OPTIONS                                                                             \
    (WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)

long sys_waitid(long idtype, long id, long infop, long options, long rusage, long a5)
{
    UNUSED(a5);
    idtype = (int)idtype;
    id = (int)id;
    options = (int)options;
    if ((options & ~WAITID_OPTIONS) || !(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    struct wait_request rq = {(int)idtype, (int)id, (int)options};
    switch (idtype) {
    case P_ALL:
        break;
    case P_PID:
        if ((int)id <= 0)
            return -EINVAL;
        break;
    case P_PGID:
        if ((int)id < 0)
            return -EINVAL;
        if (id == 0)
            rq.id = current_task()->pgid;
        break;
    default:
        return -EINVAL;
    }
    struct wait_result res = {0};
    int r = task_wait_for(&rq, &res);
    if (r < 0)
        return r;
    if (infop) {
        struct waitid_info info;
        memset(&info, 0, sizeof(info));
        if (r > 0) {
            info.si_signo = 17; /* SIGCHLD */
            info.si_code = res.si_code;
            info.si_pid = res.pid;
            info.si_status = res.si_status;
            info.si_utime = (int64_t)(res.runtime_ns / 10000000); /* clock ticks */
        }
        if (copy_to_user((uint64_t)infop, &info, sizeof(info)))
            return -EFAULT;
    }
    if (r > 0 && put_rusage(rusage, res.runtime_ns))
        return -EFAULT;
    return 0;
}

long sys_set_tid_address(long tidptr, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *t = current_task();
    t->clear_child_tid = (uint64_t)tidptr;
    return t->pid;
}
