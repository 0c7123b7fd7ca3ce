/* System-call handlers: pipes and polling (table_ipc.inc lists them). */
#ifndef KERNEL_SYS_IPC_H
#define KERNEL_SYS_IPC_H

long sys_pipe2(long ufds, long flags, long, long, long, long);
long sys_ppoll(long ufds, long nfds, long uts, long usigmask, long sigsetsize, long);
long sys_pselect6(long n, long uin, long uout, long uex, long uts, long usig);

long sys_sendfile(long out_fd, long in_fd, long uoffset, long count, long, long);

#endif
