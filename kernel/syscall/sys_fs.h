/* System-call handlers: fs (table_fs.inc lists them), and the helpers the
 * sys_fs*.c files share. */
#ifndef KERNEL_SYS_FS_H
#define KERNEL_SYS_FS_H

#include <kernel/types.h>

#define SYS_FS(name) long sys_##name(long, long, long, long, long, long)

/* sys_fs_rw.c */
SYS_FS(read);
SYS_FS(write);
SYS_FS(readv);
SYS_FS(writev);
SYS_FS(pread64);
SYS_FS(pwrite64);
SYS_FS(preadv);
SYS_FS(pwritev);
SYS_FS(lseek);
SYS_FS(getdents64);
SYS_FS(ioctl);
SYS_FS(sync);
SYS_FS(syncfs);
SYS_FS(fsync);
SYS_FS(fdatasync);
SYS_FS(ftruncate);
SYS_FS(truncate);
SYS_FS(fallocate);
/* sys_fs_fd.c */
SYS_FS(openat);
SYS_FS(close);
SYS_FS(close_range);
SYS_FS(dup);
SYS_FS(dup3);
SYS_FS(fcntl);
/* sys_fs_path.c */
SYS_FS(mkdirat);
SYS_FS(mknodat);
SYS_FS(unlinkat);
SYS_FS(renameat);
SYS_FS(renameat2);
SYS_FS(linkat);
SYS_FS(symlinkat);
SYS_FS(readlinkat);
SYS_FS(faccessat);
SYS_FS(faccessat2);
SYS_FS(chdir);
SYS_FS(fchdir);
SYS_FS(chroot);
SYS_FS(getcwd);
SYS_FS(umask);
SYS_FS(mount);
SYS_FS(umount2);
/* sys_fs_stat.c */
SYS_FS(newfstatat);
SYS_FS(fstat);
SYS_FS(statx);
SYS_FS(statfs);
SYS_FS(fstatfs);
SYS_FS(fchmod);
SYS_FS(fchmodat);
SYS_FS(fchown);
SYS_FS(fchownat);
SYS_FS(utimensat);

#ifdef SYS_FS_INTERNAL
#include <kernel/vfs.h>

/* The caller's fs context and descriptor table. */
struct vfs_env sys_env(void);
/* A path from user space in a kmalloc'ed PATH_MAX buffer (kfree it), or
 * NULL with *err (-EFAULT, -ENAMETOOLONG, -ENOMEM). */
char *getname(uint64_t upath, int *err);
#endif

#endif
