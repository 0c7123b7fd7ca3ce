/* Starting user space: PID 1 runs rdinit= (default /init) from the
 * initramfs with the console as fds 0-2, the arguments and environment
 * the command line gives init (init/main.c run_init_process), HOME=/ and
 * TERM=linux. If the program cannot be started, Linux panics ("No working
 * init found"); we report why and the caller falls back. */
#include <kernel/boot.h>
#include <kernel/chrdev.h>
#include <kernel/cmdline.h>
#include <kernel/exec_args.h>
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/printk.h>
#include <kernel/task.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define INIT_MAX_ARGS 32
#define INIT_MAX_ENVS 32

int do_execve(int dirfd, const char *path, struct exec_strings *strs, int flags);

static const char *init_argv[INIT_MAX_ARGS + 2];
static const char *init_envp[INIT_MAX_ENVS + 3];

static void build_vectors(const char *path)
{
    unsigned a = 0, e = 0, pos = 0;
    init_argv[a++] = path;
    const char *s;
    while (a <= INIT_MAX_ARGS && (s = cmdline_next_init_arg(&boot.cmdline, &pos)))
        init_argv[a++] = s;
    init_envp[e++] = "HOME=/";
    init_envp[e++] = "TERM=linux";
    pos = 0;
    while (e < INIT_MAX_ENVS + 2 && (s = cmdline_next_init_env(&boot.cmdline, &pos)))
        init_envp[e++] = s;
}

/* init/main.c console_on_rootfs(): /dev/console of the root as fds 0-2.
 * An initramfs without that node still gets the console device itself
 * (Linux would leave init without descriptors and warn). */
static int open_console(struct task *t)
{
    struct vfs_env env = {t->fs, t->files};
    struct file *f = NULL;
    int err = vfs_open(&env, AT_FDCWD, "/dev/console", O_RDWR, 0, &f);
    if (err) {
        const struct file_ops *ops = chrdev_lookup(5, 1);
        f = ops ? file_alloc(ops, NULL, O_RDWR) : NULL;
        if (!f)
            return err;
    }
    for (int fd = 0; fd < 3; fd++) {
        file_get(f);
        err = fd_install_at(t->files, fd, f, false);
        if (err < 0) {
            file_put(f);
            break;
        }
    }
    file_put(f);
    return err < 0 ? err : 0;
}

static int init_exec(void *arg)
{
    const char *path = arg;
    struct task *t = current_task();
    t->fs = fs_context_create();
    t->files = fdtable_create();
    int err = t->fs && t->files ? open_console(t) : -ENOMEM;
    if (err) {
        pr_err("init: cannot open the console (%d)\n", err);
        return err;
    }
    struct exec_strings strs;
    err = exec_strings_from_kernel(&strs, init_argv, init_envp, 8UL << 20);
    if (!err) {
        err = do_execve(AT_FDCWD, path, &strs, 0);
        exec_strings_free(&strs);
    }
    if (err)
        pr_emerg("init: cannot run %s (error %d); no working init found\n", path, err);
    return err;
}

int start_init(void)
{
    const char *path = boot.cmdline.rdinit ? boot.cmdline.rdinit : "/init";
    struct path found;
    struct fs_context *fs = fs_context_create();
    struct vfs_env env = {fs, NULL};
    int err = fs ? vfs_lookup(&env, AT_FDCWD, path, 0, &found) : -ENOMEM;
    if (fs)
        fs_context_put(fs);
    if (err) {
        pr_info("init: no %s in the initramfs (%d)\n", path, err);
        return err;
    }
    path_put(&found);
    build_vectors(path);
    struct task *t = task_spawn_exec("init", NULL, init_exec, (void *)path);
    if (!t)
        return -ENOMEM;
    if (t->pid != 1)
        pr_warn("init got pid %d, not 1\n", t->pid);
    init_task = t;
    return 0;
}
