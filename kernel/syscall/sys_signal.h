/* System-call handlers: signal (table_signal.inc lists them). */
#ifndef KERNEL_SYS_SIGNAL_H
#define KERNEL_SYS_SIGNAL_H

long sys_rt_sigaction(long sig, long act, long oact, long sigsetsize, long, long);
long sys_rt_sigprocmask(long how, long nset, long oset, long sigsetsize, long, long);
long sys_rt_sigpending(long uset, long sigsetsize, long, long, long, long);
long sys_rt_sigreturn(long, long, long, long, long, long);
long sys_rt_sigsuspend(long unewset, long sigsetsize, long, long, long, long);
long sys_rt_sigtimedwait(long uthese, long uinfo, long uts, long sigsetsize, long, long);
long sys_rt_sigqueueinfo(long pid, long sig, long uinfo, long, long, long);
long sys_rt_tgsigqueueinfo(long tgid, long tid, long sig, long uinfo, long, long);
long sys_sigaltstack(long uss, long uoss, long, long, long, long);
long sys_kill(long pid, long sig, long, long, long, long);
long sys_tkill(long tid, long sig, long, long, long, long);
long sys_tgkill(long tgid, long tid, long sig, long, long, long);

/* Process groups and sessions (sys_pgrp.c). */
long sys_setpgid(long pid, long pgid, long, long, long, long);
long sys_getpgid(long pid, long, long, long, long, long);
long sys_setsid(long, long, long, long, long, long);
long sys_getsid(long pid, long, long, long, long, long);

#endif
