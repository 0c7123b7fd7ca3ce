/* System-call handlers: fs (table_fs.inc lists them). */
#ifndef KERNEL_SYS_FS_H
#define KERNEL_SYS_FS_H

long sys_write(long fd, long buf, long count, long, long, long);

#endif
