/* Every sys_<name> handler, by subsystem. Arguments are the raw register
 * values; handlers validate and convert them. */
#ifndef KERNEL_SYS_HANDLERS_H
#define KERNEL_SYS_HANDLERS_H

long sys_write(long fd, long buf, long count, long, long, long);
long sys_exit(long status, long, long, long, long, long);
long sys_exit_group(long status, long, long, long, long, long);
long sys_sched_yield(long, long, long, long, long, long);
long sys_getpid(long, long, long, long, long, long);
long sys_getppid(long, long, long, long, long, long);
long sys_gettid(long, long, long, long, long, long);

#endif
