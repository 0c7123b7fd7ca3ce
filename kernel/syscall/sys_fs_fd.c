/* Descriptor system calls: openat(2), close(2), close_range(2), dup(2),
 * dup3(2), fcntl(2). */
#define SYS_FS_INTERNAL
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/rlimit.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "sys_handlers.h"

/* The caller's table, with its RLIMIT_NOFILE applied for this call. */
static struct fdtable *cur_files(void)
{
    struct task *t = current_task();
    if (t->files)
        fdtable_set_nofile(t->files, task_rlimit(t, RLIMIT_NOFILE));
    return t->files;
}

long sys_openat(long dirfd, long upath, long flags, long mode, long a4, long a5)
{
    UNUSED(a4), UNUSED(a5);
    struct fdtable *ft = cur_files();
    if (!ft)
        return -EMFILE;
    int err;
    char *path = getname((uint64_t)upath, &err);
    if (!path)
        return err;
    /* 64-bit kernels force O_LARGEFILE (force_o_largefile), so F_GETFL
     * shows it. */
    int fl = (int)flags | O_LARGEFILE;
    struct vfs_env env = sys_env();
    struct file *f;
    err = vfs_open(&env, (int)dirfd, path, fl, (vfs_mode_t)mode, &f);
    kfree(path);
    if (err)
        return err;
    int fd = fd_install(ft, f, fl & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_close(long fd, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct fdtable *ft = cur_files();
    return ft ? fd_close(ft, (int)fd) : -EBADF;
}

long sys_close_range(long first, long last, long flags, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    unsigned lo = (unsigned)first, hi = (unsigned)last;
    if ((unsigned long)flags & ~(unsigned long)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
        return -EINVAL;
    if (lo > hi)
        return -EINVAL;
    struct fdtable *ft = cur_files();
    /* CLOSE_RANGE_UNSHARE: unsharing a shared table is the process
     * layer's business (unshare(CLONE_FILES)); the range is closed in the
     * table the task has. */
    if (ft)
        fd_close_range(ft, lo, hi, flags & CLOSE_RANGE_CLOEXEC);
    return 0;
}

long sys_dup(long fd, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct fdtable *ft = cur_files();
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    int r = ft ? fd_install(ft, f, false) : -EMFILE;
    if (r < 0)
        file_put(f);
    return r;
}

long sys_dup3(long oldfd, long newfd, long flags, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    if (flags & ~(long)O_CLOEXEC)
        return -EINVAL;
    if (oldfd == newfd)
        return -EINVAL;
    struct fdtable *ft = cur_files();
    struct file *f = fd_get((int)oldfd);
    if (!f)
        return -EBADF;
    int r = ft ? fd_install_at(ft, (int)newfd, f, flags & O_CLOEXEC) : -EBADF;
    if (r < 0)
        file_put(f);
    return r;
}

/* F_SETFL may change only these (Linux SETFL_MASK). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_NDELAY | O_DIRECT | O_NOATIME | FASYNC)

static long fcntl_lock(int cmd, uint64_t uarg)
{
    struct flock fl;
    if (copy_from_user(&fl, uarg, sizeof(fl)))
        return -EFAULT;
    if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
        return -EINVAL;
    if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
        /* No locks are kept, so nothing ever conflicts. */
        fl.l_type = F_UNLCK;
        if (copy_to_user(uarg, &fl, sizeof(fl)))
            return -EFAULT;
    }
    return 0;
}

long sys_fcntl(long fd, long cmd, long arg, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct file *f = fd_get((int)fd);
    if (!f)
        return -EBADF;
    struct fdtable *ft = cur_files();
    long r;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        r = ft ? fd_install_min(ft, f, (unsigned)arg, cmd == F_DUPFD_CLOEXEC) : -EMFILE;
        if (r >= 0)
            return r; /* the table took our reference */
        break;
    case F_GETFD:
        r = ft ? fd_get_flags(ft, (int)fd) : 0;
        break;
    case F_SETFD:
        r = ft ? fd_set_flags(ft, (int)fd, (int)arg & FD_CLOEXEC) : 0;
        break;
    case F_GETFL:
        r = (long)__atomic_load_n(&f->f_flags, __ATOMIC_RELAXED);
        break;
    case F_SETFL: {
        unsigned old = __atomic_load_n(&f->f_flags, __ATOMIC_RELAXED);
        unsigned nf = (old & ~(unsigned)SETFL_MASK) | ((unsigned)arg & SETFL_MASK);
        __atomic_store_n(&f->f_flags, nf, __ATOMIC_RELAXED);
        r = 0;
        break;
    }
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        r = (f->f_mode & FMODE_PATH) ? -EBADF : fcntl_lock((int)cmd, (uint64_t)arg);
        break;
    case F_GETOWN:
    case F_SETOWN:
        r = 0;
        break;
    default:
        r = -EINVAL;
    }
    file_put(f);
    return r;
}
