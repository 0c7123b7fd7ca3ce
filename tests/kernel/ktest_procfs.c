/* procfs mounted for real: global files, /proc/self of the test thread,
 * and /proc/<pid> of a user process caught between its exec and its
 * first instruction (cmdline, environ, maps, exe, stat), plus the
 * devices procfs_init registers. */
#include <kernel/exec.h>
#include <kernel/file.h>
#include <kernel/format.h>
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/procfs.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <kernel/vfs.h>
#include <uapi/dirent.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>

#include "ktest_elf.h"

extern const char proc_test_elf_start[], proc_test_elf_end[];

static int mount_proc(void)
{
    int err = vfs_init();
    if (!err)
        err = procfs_init();
    if (err)
        return err;
    err = vfs_mkdir(NULL, AT_FDCWD, "/proc", 0555);
    if (err && err != -EEXIST)
        return err;
    struct path p;
    err = vfs_lookup(NULL, AT_FDCWD, "/proc", LOOKUP_FOLLOW, &p);
    if (err)
        return err;
    err = vfs_mount(&p, "proc", 0, NULL);
    path_put(&p);
    return err;
}

static void umount_proc(void)
{
    struct path p;
    if (vfs_lookup(NULL, AT_FDCWD, "/proc", LOOKUP_FOLLOW, &p) == 0) {
        vfs_umount(&p, 0);
        path_put(&p);
    }
}

/* The whole file, read in small pieces (offsets must line up), NUL-
 * terminated in a kmalloc'ed buffer; its length in *len. NULL and *len
 * = -errno on failure. */
static char *slurp(const char *path, long *len)
{
    struct file *f;
    int err = vfs_open(NULL, AT_FDCWD, path, O_RDONLY, 0, &f);
    if (err) {
        *len = err;
        return NULL;
    }
    size_t cap = 16384, n = 0;
    char *buf = kmalloc(cap);
    long r = 1;
    while (buf && n + 7 < cap && r > 0) {
        struct iobuf b = iobuf_kernel(buf + n, 7);
        r = vfs_read(f, &b);
        if (r > 0)
            n += (size_t)r;
    }
    file_put(f);
    if (!buf || r < 0) {
        kfree(buf);
        *len = r < 0 ? r : -ENOMEM;
        return NULL;
    }
    buf[n] = '\0';
    *len = (long)n;
    return buf;
}

static int count_fields(const char *stat)
{
    const char *p = stat + strlen(stat);
    while (p > stat && p[-1] != ')')
        p--;
    int n = 2;
    for (; *p && *p != '\n'; p++)
        n += *p == ' ';
    return n;
}

KTEST(procfs_global_files)
{
    KT_ASSERT(mount_proc() == 0);
    long n;
    char *s = slurp("/proc/meminfo", &n);
    KT_ASSERT(s && strncmp(s, "MemTotal:", 9) == 0 && strstr(s, "\nSwapFree:"));
    kfree(s);
    s = slurp("/proc/version", &n);
    KT_ASSERT(s && strncmp(s, "RustOS version ", 15) == 0 && strstr(s, "kernel"));
    kfree(s);
    s = slurp("/proc/cpuinfo", &n);
    KT_ASSERT(s && strncmp(s, "processor\t: 0\nBogoMIPS\t: ", 25) == 0);
    KT_ASSERT(strstr(s, "\nCPU implementer\t: 0x41\n"));
    kfree(s);
    s = slurp("/proc/uptime", &n);
    KT_ASSERT(s && strchr(s, '.') && s[n - 1] == '\n');
    kfree(s);
    s = slurp("/proc/stat", &n);
    KT_ASSERT(s && strncmp(s, "cpu  ", 5) == 0 && strstr(s, "\nprocs_running "));
    kfree(s);
    s = slurp("/proc/loadavg", &n);
    KT_ASSERT(s && strncmp(s, "0.00 0.00 0.00 ", 15) == 0);
    kfree(s);
    s = slurp("/proc/mounts", &n); /* through the "self/mounts" link */
    KT_ASSERT(s && strstr(s, "proc /proc proc rw,relatime 0 0\n"));
    kfree(s);
    s = slurp("/proc/filesystems", &n);
    KT_ASSERT(s && strstr(s, "nodev\tproc\n") && strstr(s, "nodev\ttmpfs\n"));
    kfree(s);
    s = slurp("/proc/sys/kernel/ostype", &n);
    KT_ASSERT(s && strcmp(s, "Linux\n") == 0);
    kfree(s);
    KT_ASSERT(slurp("/proc/nope", &n) == NULL && n == -ENOENT);
    KT_ASSERT(slurp("/proc/999999/stat", &n) == NULL && n == -ENOENT);
    /* Linux: proc files without a write method give -EIO. */
    struct file *f;
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/proc/version", O_WRONLY | O_TRUNC, 0, &f) == 0);
    struct iobuf b = iobuf_kernel("x", 1);
    KT_ASSERT(vfs_write(f, &b) == -EIO);
    file_put(f);
    umount_proc();
    return KTEST_PASS;
}

KTEST(procfs_self_of_kernel_thread)
{
    KT_ASSERT(mount_proc() == 0);
    struct task *me = current_task();
    char link[16];
    long n = vfs_readlink(NULL, AT_FDCWD, "/proc/self", link, sizeof(link));
    KT_ASSERT(n > 0);
    link[n] = '\0';
    char want[16];
    snformat(want, sizeof(want), "%d", me->tgid);
    KT_ASSERT(strcmp(link, want) == 0);
    char *s = slurp("/proc/self/stat", &n);
    KT_ASSERT(s);
    char head[32];
    snformat(head, sizeof(head), "%d (%s) R ", me->pid, me->comm);
    KT_ASSERT(strncmp(s, head, strlen(head)) == 0);
    KT_ASSERT(count_fields(s) == 52);
    kfree(s);
    s = slurp("/proc/self/status", &n);
    KT_ASSERT(s && strncmp(s, "Name:\t", 6) == 0 && strstr(s, "\nState:\tR (running)\n"));
    KT_ASSERT(strstr(s, "VmSize") == NULL); /* no mm */
    kfree(s);
    s = slurp("/proc/self/cmdline", &n);
    KT_ASSERT(s && n == 0);
    kfree(s);
    umount_proc();
    return KTEST_PASS;
}

/* ---- a user process held between exec and user space ---- */

static int held_ready, held_release; /* atomic */

static int exec_and_hold(void *arg)
{
    UNUSED(arg);
    /* The start and end symbols of one .incbin blob, as addresses. */
    struct ktest_elf img = {proc_test_elf_start,
                            (uintptr_t)proc_test_elf_end - (uintptr_t)proc_test_elf_start};
    struct exec_file f = {img.size, ktest_elf_read, &img};
    static const char *const argv[] = {"proc_test", "arg1"};
    static const char *const envp[] = {"HOME=/", "TERM=linux"};
    struct exec_args args = {argv, 2, envp, 2, "/bin/proc_test", 8UL << 20};
    int err = exec_elf(&f, &args, "proc_test");
    __atomic_store_n(&held_ready, err ? -1 : 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&held_release, __ATOMIC_ACQUIRE))
        sleep_until_ns(deadline_after_ns(1000000), true);
    return err;
}

/* One file of /proc/<pid>: does it hold want (wantlen bytes, exactly if
 * exact, else somewhere inside)? */
static bool file_has(int pid, const char *name, const char *want, size_t wantlen, bool exact)
{
    char path[48];
    long n;
    snformat(path, sizeof(path), "/proc/%d/%s", pid, name);
    char *s = slurp(path, &n);
    bool ok = s && (exact ? (size_t)n == wantlen && memcmp(s, want, wantlen) == 0
                          : strstr(s, want) != NULL);
    if (!ok)
        pr_err("  %s: got %ld bytes: %s\n", path, n, s ? s : "");
    kfree(s);
    return ok;
}

static bool check_user_files(int pid)
{
    bool ok = file_has(pid, "cmdline", "proc_test\0arg1\0", 15, true);
    ok &= file_has(pid, "environ", "HOME=/\0TERM=linux\0", 18, true);
    ok &= file_has(pid, "maps", " r-xp 00000000 00:00 0 \n", 0, false);
    ok &= file_has(pid, "maps", " [stack]\n", 0, false);
    ok &= file_has(pid, "stat", " (proc_test) ", 0, false); /* R or S: it polls */
    ok &= file_has(pid, "status", "Name:\tproc_test\n", 0, false);
    ok &= file_has(pid, "status", "\nVmStk:\t", 0, false);
    char path[48], link[64];
    snformat(path, sizeof(path), "/proc/%d/stat", pid);
    long n;
    char *s = slurp(path, &n);
    ok &= s && count_fields(s) == 52;
    kfree(s);
    snformat(path, sizeof(path), "/proc/%d/exe", pid);
    n = vfs_readlink(NULL, AT_FDCWD, path, link, sizeof(link));
    if (n != 14 || memcmp(link, "/bin/proc_test", 14) != 0) {
        pr_err("  %s: readlink gave %ld\n", path, n);
        ok = false;
    }
    return ok;
}

struct find_pid {
    struct dir_context ctx;
    int pid;
    bool found, self;
};

static bool find_emit(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
                      unsigned type, uint64_t next)
{
    UNUSED(ino);
    struct find_pid *fp = container_of(ctx, struct find_pid, ctx);
    char want[16];
    int wl = snformat(want, sizeof(want), "%d", fp->pid);
    if ((size_t)wl == len && memcmp(name, want, len) == 0 && type == DT_DIR)
        fp->found = true;
    if (len == 4 && memcmp(name, "self", 4) == 0 && type == DT_LNK)
        fp->self = true;
    ctx->pos = next;
    return true;
}

static bool listed(int pid)
{
    struct file *f;
    if (vfs_open(NULL, AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY, 0, &f))
        return false;
    struct find_pid fp = {.ctx = {.emit = find_emit, .pos = 0}, .pid = pid};
    mutex_lock(&vfs_ns_lock);
    f->f_op->iterate(f, &fp.ctx);
    mutex_unlock(&vfs_ns_lock);
    file_put(f);
    return fp.found && fp.self;
}

KTEST(procfs_user_process_files)
{
    KT_ASSERT(mount_proc() == 0);
    held_ready = held_release = 0;
    struct task *t = task_spawn_exec("held", current_task(), exec_and_hold, NULL);
    KT_ASSERT(t);
    int pid = t->tgid;
    while (!__atomic_load_n(&held_ready, __ATOMIC_ACQUIRE))
        sleep_until_ns(deadline_after_ns(1000000), false);
    bool ok = held_ready == 1 && check_user_files(pid) && listed(pid);
    __atomic_store_n(&held_release, 1, __ATOMIC_RELEASE);
    int status = -1;
    KT_ASSERT(task_wait(pid, &status, false) == pid);
    KT_ASSERT(ok);
    KT_ASSERT(status == 0);
    /* Reaped: gone from /proc. */
    char path[32];
    long n;
    snformat(path, sizeof(path), "/proc/%d/stat", pid);
    KT_ASSERT(slurp(path, &n) == NULL && n == -ENOENT);
    umount_proc();
    return KTEST_PASS;
}

KTEST(procfs_devices_urandom_kmsg)
{
    KT_ASSERT(mount_proc() == 0);
    int err = vfs_mkdir(NULL, AT_FDCWD, "/dev", 0755);
    KT_ASSERT(err == 0 || err == -EEXIST);
    struct path p;
    KT_ASSERT(vfs_lookup(NULL, AT_FDCWD, "/dev", LOOKUP_FOLLOW, &p) == 0);
    KT_ASSERT(vfs_mount(&p, "devtmpfs", 0, NULL) == 0);
    path_put(&p);
    KT_ASSERT(vfs_lookup(NULL, AT_FDCWD, "/dev", LOOKUP_FOLLOW, &p) == 0); /* its root */
    struct file *f;
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/dev/urandom", O_RDWR, 0, &f) == 0);
    uint8_t a[32], b[32];
    KT_ASSERT(kernel_read(f, a, sizeof(a), 0) == 32);
    KT_ASSERT(kernel_read(f, b, sizeof(b), 0) == 32);
    KT_ASSERT(memcmp(a, b, sizeof(a)) != 0);
    KT_ASSERT(kernel_write(f, "seed", 4, 0) == 4);
    file_put(f);
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/dev/kmsg", O_RDWR | O_NONBLOCK, 0, &f) == 0);
    struct iobuf w = iobuf_kernel("<5>procfs ktest line\n", 21);
    KT_ASSERT(vfs_write(f, &w) == 21);
    char rec[512];
    bool seen = false;
    long n;
    for (int k = 0; k < 100000 && !seen; k++) {
        struct iobuf r = iobuf_kernel(rec, sizeof(rec) - 1);
        n = vfs_read(f, &r);
        if (n <= 0)
            break;
        rec[n] = '\0';
        KT_ASSERT(rec[n - 1] == '\n' && strchr(rec, ';'));
        seen = strncmp(rec, "5,", 2) == 0 && strstr(rec, ";procfs ktest line\n");
    }
    KT_ASSERT(seen);
    struct iobuf tiny = iobuf_kernel(rec, 4);
    n = vfs_read(f, &tiny);
    KT_ASSERT(n == -EAGAIN || n == -EINVAL); /* at the end, or a newer record */
    file_put(f);
    vfs_umount(&p, MNT_DETACH);
    path_put(&p);
    umount_proc();
    return KTEST_PASS;
}
