/* execve(2) and execveat(2): find the file, follow "#!" interpreters (at
 * most 4 levels, as Linux's BINPRM_MAX_RECURSION), and hand the ELF file
 * to exec_elf(). Errors before the new program is committed leave the
 * caller running with -errno. */
#include <kernel/elf.h>
#include <kernel/exec.h>
#include <kernel/exec_args.h>
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include "../syscall/sys_handlers.h"

#define EXEC_MAX_DEPTH 4
#define PATH_MAX       4096

static long file_exec_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    return kernel_read(ctx, buf, len, off);
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* The interpreter strings of each "#!" level must live until exec ends. */
struct script_level {
    struct elf_script s;
};

int do_execve(int dirfd, const char *path, struct exec_strings *strs, int flags)
{
    struct task *t = current_task();
    struct vfs_env env = {t->fs, t->files};
    struct script_level *levels = kzalloc(sizeof(*levels) * EXEC_MAX_DEPTH);
    char *head = kmalloc(ELF_SCRIPT_BUF);
    if (!levels || !head) {
        kfree(levels);
        kfree(head);
        return -ENOMEM;
    }
    const char *execfn = path; /* AT_EXECFN: what the caller named */
    const char *cur = path;
    int depth = 0, err;
    for (;;) {
        struct file *f = NULL;
        if ((flags & AT_EMPTY_PATH) && !*cur && depth == 0) {
            /* execveat(fd, "", ..., AT_EMPTY_PATH): the open file itself. */
            f = fd_get(dirfd);
            err = !f ? -EBADF : !S_ISREG(f->f_inode->i_mode) ? -EACCES : 0;
            if (err && f)
                file_put(f);
        } else {
            err = vfs_open_exec(&env, depth ? AT_FDCWD : dirfd, cur, &f);
        }
        if (err)
            break;
        long n = kernel_read(f, head, ELF_SCRIPT_BUF, 0);
        if (n >= 2 && head[0] == '#' && head[1] == '!') {
            file_put(f);
            if (depth == EXEC_MAX_DEPTH) {
                err = -ELOOP;
                break;
            }
            struct elf_script *sc = &levels[depth++].s;
            err = elf_is_script(head, (size_t)n, sc);
            if (err)
                break;
            /* argv becomes: interp [arg] script-path argv[1..] (binfmt_script). */
            if (strs->argc)
                strs->ptrs[strs->first] = cur; /* argv[0] -> the script path */
            else
                err = exec_strings_prepend(strs, cur);
            err = err ? err : sc->has_arg ? exec_strings_prepend(strs, sc->arg) : 0;
            if (!err)
                err = exec_strings_prepend(strs, sc->interp);
            if (err)
                break;
            cur = sc->interp;
            continue;
        }
        struct exec_file ef = {f->f_inode->i_size, file_exec_read, f};
        struct exec_args args;
        exec_strings_args(strs, execfn, &args);
        err = n < 0 ? (int)n : exec_elf(&ef, &args, basename_of(execfn));
        if (!err) {
            /* /proc/pid/exe names this file (procfs reads it under mm->lock). */
            struct mm *mm = current_task()->mm;
            mutex_lock(&mm->lock);
            mm->exe_file = f; /* takes over our reference */
            f = NULL;
            mutex_unlock(&mm->lock);
        }
        if (f)
            file_put(f);
        break;
    }
    kfree(head);
    kfree(levels);
    return err;
}

static long execveat_common(long dirfd, long upath, long uargv, long uenvp, long flags)
{
    if (flags & ~(long)(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return -ENOMEM;
    long len = strncpy_from_user(path, (uint64_t)upath, PATH_MAX);
    long err = len < 0 ? len : 0;
    if (!err && len == 0 && !(flags & AT_EMPTY_PATH))
        err = -ENOENT;
    struct exec_strings strs;
    if (!err)
        err = exec_strings_from_user(&strs, (uint64_t)uargv, (uint64_t)uenvp,
                                     task_stack_rlimit(current_task()));
    if (!err) {
        err = do_execve((int)dirfd, path, &strs, (int)flags);
        exec_strings_free(&strs);
    }
    kfree(path);
    return err;
}

long sys_execve(long upath, long uargv, long uenvp, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return execveat_common(AT_FDCWD, upath, uargv, uenvp, 0);
}

long sys_execveat(long dirfd, long upath, long uargv, long uenvp, long flags, long a5)
{
    UNUSED(a5);
    return execveat_common(dirfd, upath, uargv, uenvp, flags);
}
