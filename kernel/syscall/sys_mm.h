/* System-call handlers: mm (table_mm.inc lists them). */
#ifndef KERNEL_SYS_MM_H
#define KERNEL_SYS_MM_H

long sys_brk(long addr, long, long, long, long, long);
long sys_mmap(long addr, long len, long prot, long flags, long fd, long off);
long sys_munmap(long addr, long len, long, long, long, long);
long sys_mprotect(long addr, long len, long prot, long, long, long);
long sys_madvise(long addr, long len, long advice, long, long, long);

#endif
