/* System-call handlers: time, randomness, identity, limits and system
 * information (table_misc.inc lists them; kernel/syscall/sys_misc_*.c). */
#ifndef KERNEL_SYS_MISC_H
#define KERNEL_SYS_MISC_H

long sys_clock_gettime(long, long, long, long, long, long);
long sys_clock_getres(long, long, long, long, long, long);
long sys_clock_settime(long, long, long, long, long, long);
long sys_gettimeofday(long, long, long, long, long, long);
long sys_settimeofday(long, long, long, long, long, long);
long sys_nanosleep(long, long, long, long, long, long);
long sys_clock_nanosleep(long, long, long, long, long, long);
long sys_times(long, long, long, long, long, long);
long sys_getrusage(long, long, long, long, long, long);
long sys_getitimer(long, long, long, long, long, long);
long sys_setitimer(long, long, long, long, long, long);
long sys_getrandom(long, long, long, long, long, long);
long sys_uname(long, long, long, long, long, long);
long sys_sethostname(long, long, long, long, long, long);
long sys_setdomainname(long, long, long, long, long, long);
long sys_sysinfo(long, long, long, long, long, long);
long sys_getrlimit(long, long, long, long, long, long);
long sys_setrlimit(long, long, long, long, long, long);
long sys_prlimit64(long, long, long, long, long, long);
long sys_getuid(long, long, long, long, long, long);
long sys_geteuid(long, long, long, long, long, long);
long sys_getgid(long, long, long, long, long, long);
long sys_getegid(long, long, long, long, long, long);
long sys_setuid(long, long, long, long, long, long);
long sys_setgid(long, long, long, long, long, long);
long sys_setreuid(long, long, long, long, long, long);
long sys_setregid(long, long, long, long, long, long);
long sys_setresuid(long, long, long, long, long, long);
long sys_setresgid(long, long, long, long, long, long);
long sys_getresuid(long, long, long, long, long, long);
long sys_getresgid(long, long, long, long, long, long);
long sys_setfsuid(long, long, long, long, long, long);
long sys_setfsgid(long, long, long, long, long, long);
long sys_getgroups(long, long, long, long, long, long);
long sys_setgroups(long, long, long, long, long, long);
long sys_getpriority(long, long, long, long, long, long);
long sys_setpriority(long, long, long, long, long, long);
long sys_sched_getaffinity(long, long, long, long, long, long);
long sys_sched_setaffinity(long, long, long, long, long, long);
long sys_sched_getscheduler(long, long, long, long, long, long);
long sys_sched_getparam(long, long, long, long, long, long);
long sys_sched_get_priority_max(long, long, long, long, long, long);
long sys_sched_get_priority_min(long, long, long, long, long, long);
long sys_getcpu(long, long, long, long, long, long);
long sys_personality(long, long, long, long, long, long);

#endif
