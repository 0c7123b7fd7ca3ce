/* System-call handlers: process (table_process.inc lists them). */
#ifndef KERNEL_SYS_PROCESS_H
#define KERNEL_SYS_PROCESS_H

long sys_exit(long status, long, long, long, long, long);
long sys_exit_group(long status, long, long, long, long, long);
long sys_sched_yield(long, long, long, long, long, long);
long sys_getpid(long, long, long, long, long, long);
long sys_getppid(long, long, long, long, long, long);
long sys_gettid(long, long, long, long, long, long);

long sys_clone(long flags, long newsp, long parent_tid, long tls, long child_tid, long);
long sys_wait4(long pid, long status, long options, long rusage, long, long);
long sys_waitid(long idtype, long id, long infop, long options, long rusage, long);
long sys_set_tid_address(long tidptr, long, long, long, long, long);

long sys_prctl(long option, long arg2, long arg3, long arg4, long arg5, long);
long sys_set_robust_list(long head, long len, long, long, long, long);
long sys_get_robust_list(long pid, long uhead, long ulen, long, long, long);

long sys_execve(long upath, long uargv, long uenvp, long, long, long);
long sys_execveat(long dirfd, long upath, long uargv, long uenvp, long flags, long);

long sys_reboot(long magic1, long magic2, long cmd, long arg, long, long);

#endif
