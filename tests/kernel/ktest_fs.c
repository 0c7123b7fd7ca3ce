/* The VFS in the running kernel: a newc archive unpacked into a fresh
 * tmpfs and read back, device nodes through devtmpfs, descriptor tables,
 * and a real ELF program exec'ed from a tmpfs file (exec reads it through
 * vfs_open_exec/kernel_read). Everything is unmounted and freed after. */
#include <kernel/cpio.h>
#include <kernel/exec.h>
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/format.h>
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

static size_t cpio_add(char *buf, size_t off, const char *name, unsigned mode, const char *data)
{
    size_t dlen = data ? strlen(data) : 0, nlen = strlen(name) + 1;
    off += (size_t)snformat(buf + off, 111,
                            "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u, mode,
                            0u, 0u, 1u, 1234u, (unsigned)dlen, 0u, 0u, 0u, 0u, (unsigned)nlen, 0u);
    memcpy(buf + off, name, nlen);
    off = ALIGN_UP(off + nlen, 4);
    if (dlen)
        memcpy(buf + off, data, dlen);
    return ALIGN_UP(off + dlen, 4);
}

/* A tmpfs mounted at /ktest-fs; *root its root. */
static int mount_scratch(struct path *root)
{
    int err = vfs_mkdir(NULL, AT_FDCWD, "/ktest-fs", 0755);
    if (err && err != -EEXIST)
        return err;
    struct path p;
    err = vfs_lookup(NULL, AT_FDCWD, "/ktest-fs", LOOKUP_FOLLOW, &p);
    if (err)
        return err;
    err = vfs_mount(&p, "tmpfs", 0, NULL);
    path_put(&p);
    if (!err)
        err = vfs_lookup(NULL, AT_FDCWD, "/ktest-fs", LOOKUP_FOLLOW, root);
    return err;
}

static int umount_scratch(struct path *root)
{
    int err = vfs_umount(root, 0);
    path_put(root);
    return err;
}

KTEST(fs_cpio_unpack_and_read_back)
{
    struct path root;
    KT_ASSERT(mount_scratch(&root) == 0);
    char *arch = kzalloc(4096);
    KT_ASSERT(arch);
    size_t n = cpio_add(arch, 0, "etc", S_IFDIR | 0755, NULL);
    n = cpio_add(arch, n, "etc/motd", S_IFREG | 0644, "Welcome to RustOS\n");
    n = cpio_add(arch, n, "motd", S_IFLNK | 0777, "etc/motd");
    n = cpio_add(arch, n, "TRAILER!!!", 0, NULL);
    int err = cpio_unpack(arch, n, &root);
    kfree(arch);
    KT_ASSERT(err == 0);

    struct file *f;
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/ktest-fs/motd", O_RDONLY, 0, &f) == 0);
    char buf[64] = {0};
    KT_ASSERT(kernel_read(f, buf, sizeof(buf), 0) == 18);
    KT_ASSERT(memcmp(buf, "Welcome to RustOS\n", 18) == 0);
    struct stat st;
    KT_ASSERT(vfs_fstat(f, &st) == 0);
    KT_ASSERT(st.st_mode == (S_IFREG | 0644) && st.st_mtime_sec == 1234);
    file_put(f);
    KT_ASSERT(umount_scratch(&root) == 0);
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/ktest-fs/motd", O_RDONLY, 0, &f) == -ENOENT);
    return KTEST_PASS;
}

KTEST(fs_devtmpfs_null_zero_full)
{
    int err = vfs_mkdir(NULL, AT_FDCWD, "/ktest-dev", 0755);
    KT_ASSERT(err == 0 || err == -EEXIST);
    struct path p;
    KT_ASSERT(vfs_lookup(NULL, AT_FDCWD, "/ktest-dev", LOOKUP_FOLLOW, &p) == 0);
    KT_ASSERT(vfs_mount(&p, "devtmpfs", 0, NULL) == 0);
    path_put(&p);
    struct file *f;
    char buf[8];
    memset(buf, 'x', sizeof(buf));
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/ktest-dev/zero", O_RDWR, 0, &f) == 0);
    KT_ASSERT(kernel_read(f, buf, sizeof(buf), 0) == 8 && buf[0] == 0 && buf[7] == 0);
    file_put(f);
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/ktest-dev/full", O_WRONLY, 0, &f) == 0);
    KT_ASSERT(kernel_write(f, buf, sizeof(buf), 0) == -ENOSPC);
    file_put(f);
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/ktest-dev/null", O_RDWR, 0, &f) == 0);
    KT_ASSERT(kernel_read(f, buf, sizeof(buf), 0) == 0);
    file_put(f);
    KT_ASSERT(vfs_lookup(NULL, AT_FDCWD, "/ktest-dev", LOOKUP_FOLLOW, &p) == 0);
    KT_ASSERT(vfs_umount(&p, 0) == 0);
    path_put(&p);
    KT_ASSERT(vfs_rmdir(NULL, AT_FDCWD, "/ktest-dev") == 0);
    return KTEST_PASS;
}

KTEST(fs_fdtable_dup_and_cloexec)
{
    struct fdtable *t = fdtable_create();
    KT_ASSERT(t);
    struct file *f;
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY, 0, &f) == 0);
    KT_ASSERT(fd_install(t, f, true) == 0);
    file_get(f);
    KT_ASSERT(fd_install(t, f, false) == 1);
    struct fdtable *c = fdtable_dup(t);
    KT_ASSERT(c);
    fdtable_close_on_exec(c);
    KT_ASSERT(fdtable_file(c, 0) == NULL);
    struct file *g = fdtable_file(c, 1);
    KT_ASSERT(g == f);
    file_put(g);
    fdtable_put(c);
    fdtable_put(t);
    return KTEST_PASS;
}

extern const char proc_test_elf_start[], proc_test_elf_end[];

static struct file *exec_file;

static long file_read(void *ctx, void *buf, size_t len, uint64_t off)
{
    return kernel_read(ctx, buf, len, off);
}

static int exec_from_tmpfs(void *arg)
{
    UNUSED(arg);
    struct stat st;
    vfs_fstat(exec_file, &st);
    struct exec_file ef = {(uint64_t)st.st_size, file_read, exec_file};
    static const char *const argv[] = {"proc_test", "arg1"};
    static const char *const envp[] = {"HOME=/"};
    struct exec_args args = {argv, 2, envp, 1, "/ktest-fs/proc_test", 8UL << 20};
    return exec_elf(&ef, &args, "proc_test");
}

KTEST(fs_exec_elf_from_tmpfs)
{
    struct path root;
    KT_ASSERT(mount_scratch(&root) == 0);
    struct file *f;
    KT_ASSERT(vfs_open(NULL, AT_FDCWD, "/ktest-fs/proc_test", O_WRONLY | O_CREAT, 0755, &f) == 0);
    size_t len = (size_t)(proc_test_elf_end - proc_test_elf_start);
    KT_ASSERT(kernel_write(f, proc_test_elf_start, len, 0) == (long)len);
    file_put(f);
    KT_ASSERT(vfs_open_exec(NULL, AT_FDCWD, "/ktest-fs/proc_test", &exec_file) == 0);
    struct task *t = task_spawn_exec("fs-exec", current_task(), exec_from_tmpfs, NULL);
    KT_ASSERT(t);
    int status = -1;
    KT_ASSERT(task_wait(t->tgid, &status, false) > 0);
    file_put(exec_file);
    KT_ASSERT(status == 0);
    KT_ASSERT(umount_scratch(&root) == 0);
    return KTEST_PASS;
}
