/* Descriptor tables: fd -> struct file, with close-on-exec bits, shared
 * by tasks under CLONE_FILES (refcounted) and copied by fork otherwise.
 * The lowest free descriptor is always the one handed out (POSIX). */
#ifndef KERNEL_FDTABLE_H
#define KERNEL_FDTABLE_H

#include <kernel/spinlock.h>
#include <kernel/types.h>

struct file;
struct task;

#define NOFILE_DEFAULT 1024          /* RLIMIT_NOFILE soft limit (Linux INR_OPEN_CUR) */
#define NOFILE_MAX     (1024 * 1024) /* Linux fs.nr_open: the ceiling of RLIMIT_NOFILE */

struct fdtable {
    uint32_t count;       /* tasks sharing it (atomic) */
    struct spinlock lock; /* guards everything below */
    unsigned cap;         /* slots allocated */
    struct file **fd;
    uint64_t *cloexec; /* one bit per slot */
    unsigned nofile;   /* RLIMIT_NOFILE: descriptors must be below it */
};

struct fdtable *fdtable_create(void);
/* A copy for fork without CLONE_FILES: every file gains a reference. */
struct fdtable *fdtable_dup(struct fdtable *src);
void fdtable_get(struct fdtable *t);
void fdtable_put(struct fdtable *t);
/* RLIMIT_NOFILE for later installs (the system calls pass the caller's
 * limit before each; existing descriptors above it stay). */
void fdtable_set_nofile(struct fdtable *t, uint64_t limit);
/* execve: close descriptors marked close-on-exec. */
void fdtable_close_on_exec(struct fdtable *t);

/* Install f at the lowest free descriptor >= minfd (below t->nofile):
 * the descriptor, or -EMFILE (-EINVAL if minfd >= nofile). On success the
 * table takes over the caller's reference. */
int fd_install(struct fdtable *t, struct file *f, bool cloexec);
int fd_install_min(struct fdtable *t, struct file *f, unsigned minfd, bool cloexec);
/* dup3: put f at fd, closing what was there: fd or -EBADF/-ENOMEM. Takes
 * over the caller's reference on success. */
int fd_install_at(struct fdtable *t, int fd, struct file *f, bool cloexec);
/* The file at fd, referenced, or NULL. */
struct file *fdtable_file(struct fdtable *t, int fd);
/* 0 or -EBADF. */
int fd_close(struct fdtable *t, int fd);
/* close_range(2) without UNSHARE: close (or mark cloexec) fds in [lo, hi]. */
void fd_close_range(struct fdtable *t, unsigned lo, unsigned hi, bool cloexec_only);
/* FD_CLOEXEC of fd, or -EBADF. */
int fd_get_flags(struct fdtable *t, int fd);
int fd_set_flags(struct fdtable *t, int fd, int flags);

/* Kernel side (current task): the file at fd, referenced, or NULL. A task
 * without a table (kernel threads, tasks the process layer made before
 * descriptor tables were wired in) sees the console at 0, 1 and 2. */
struct file *fd_get(int fd);
/* The console as fds 0, 1, 2 of t (creating t->files if needed). */
int vfs_open_console_fds(struct task *t);

#endif
