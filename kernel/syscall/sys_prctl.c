/* prctl(2) for the options C libraries and shells use, and
 * set_robust_list/get_robust_list (the list is kept for the futex code of
 * the threads issue). Unknown options give EINVAL, as Linux. */
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

#define PR_SET_PDEATHSIG       1
#define PR_GET_PDEATHSIG       2
#define PR_GET_DUMPABLE        3
#define PR_SET_DUMPABLE        4
#define PR_SET_NAME            15
#define PR_GET_NAME            16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS    38
#define PR_GET_NO_NEW_PRIVS    39

#define ROBUST_LIST_HEAD_SIZE 24 /* struct robust_list_head on 64-bit */

long sys_prctl(long option, long arg2, long arg3, long arg4, long arg5, long a5)
{
    UNUSED(a5);
    struct task *t = current_task();
    switch (option) {
    case PR_SET_PDEATHSIG:
        if (arg2 < 0 || arg2 > 64)
            return -EINVAL;
        t->pdeath_signal = (int)arg2;
        return 0;
    case PR_GET_PDEATHSIG:
        return copy_to_user((uint64_t)arg2, &t->pdeath_signal, sizeof(int)) ? -EFAULT : 0;
    case PR_GET_DUMPABLE:
        return t->dumpable;
    case PR_SET_DUMPABLE:
        if (arg2 != 0 && arg2 != 1)
            return -EINVAL;
        t->dumpable = arg2;
        return 0;
    case PR_SET_NAME: {
        char name[TASK_COMM_LEN];
        memset(name, 0, sizeof(name));
        long n = strncpy_from_user(name, (uint64_t)arg2, sizeof(name));
        if (n == -EFAULT)
            return -EFAULT;
        if (n < 0) { /* longer than 15 bytes: Linux truncates */
            if (copy_from_user(name, (uint64_t)arg2, sizeof(name) - 1))
                return -EFAULT;
            name[sizeof(name) - 1] = '\0';
        }
        memcpy(t->comm, name, sizeof(name));
        return 0;
    }
    case PR_GET_NAME:
        return copy_to_user((uint64_t)arg2, t->comm, sizeof(t->comm)) ? -EFAULT : 0;
    case PR_SET_CHILD_SUBREAPER:
        return 0; /* TODO: reparenting ignores subreapers; PID 1 reaps all */
    case PR_GET_CHILD_SUBREAPER: {
        int zero = 0;
        return copy_to_user((uint64_t)arg2, &zero, sizeof(zero)) ? -EFAULT : 0;
    }
    case PR_SET_NO_NEW_PRIVS:
        if (arg2 != 1 || arg3 || arg4 || arg5)
            return -EINVAL;
        t->no_new_privs = true;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        if (arg2 || arg3 || arg4 || arg5)
            return -EINVAL;
        return t->no_new_privs;
    default:
        return -EINVAL;
    }
}

long sys_set_robust_list(long head, long len, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (len != ROBUST_LIST_HEAD_SIZE)
        return -EINVAL;
    current_task()->robust_list = (uint64_t)head;
    return 0;
}

long sys_get_robust_list(long pid, long uhead, long ulen, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct task *t = current_task();
    if (pid != 0 && pid != t->pid)
        return -ESRCH; /* other tasks' lists: not offered yet */
    uint64_t head = t->robust_list, len = ROBUST_LIST_HEAD_SIZE;
    if (copy_to_user((uint64_t)ulen, &len, sizeof(len)) ||
        copy_to_user((uint64_t)uhead, &head, sizeof(head)))
        return -EFAULT;
    return 0;
}
