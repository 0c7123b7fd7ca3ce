/* Filesystems: mount/umount2 (tmpfs, proc, bind), statfs/fstatfs, sync,
 * syncfs, fsync, fdatasync. Linux: fs/namespace.c, fs/statfs.c, fs/sync.c. */
#include "t.h"

#include <sys/mount.h>
#include <sys/statfs.h>

#define TMPFS_MAGIC      0x01021994
#define PROC_SUPER_MAGIC 0x9fa0

int main(void)
{
    t_init("fs");
    const char *m = t_path("mnt"), *m2 = t_path("mnt2");
    mkdir(m, 0755);
    mkdir(m2, 0755);
    struct statfs sf;

    /* statfs */
    CHECK_EQ(syscall(SYS_statfs, "/tmp", &sf), 0, "statfs /tmp");
    CHECK(sf.f_type == TMPFS_MAGIC, "/tmp is tmpfs (%#lx)", (long)sf.f_type);
    CHECK(sf.f_bsize > 0 && sf.f_blocks > 0 && sf.f_bfree <= sf.f_blocks, "sizes are sane");
    CHECK(sf.f_namelen == 255, "f_namelen 255 (%ld)", (long)sf.f_namelen);
    CHECK_EQ(syscall(SYS_statfs, "/proc", &sf), 0, "statfs /proc");
    CHECK(sf.f_type == PROC_SUPER_MAGIC, "/proc is procfs (%#lx)", (long)sf.f_type);
    int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(syscall(SYS_fstatfs, fd, &sf), 0, "fstatfs");
    CHECK(sf.f_type == TMPFS_MAGIC, "on tmpfs");
    CHECK_ERR(syscall(SYS_statfs, "/nonexistent", &sf), ENOENT, "statfs missing: ENOENT");
    CHECK_ERR(syscall(SYS_statfs, "/tmp", BADPTR), EFAULT, "statfs into a bad pointer: EFAULT");
    CHECK_ERR(syscall(SYS_statfs, BADPTR, &sf), EFAULT, "statfs of a bad path: EFAULT");
    CHECK_ERR(syscall(SYS_fstatfs, 999, &sf), EBADF, "fstatfs of a bad fd: EBADF");

    /* mount a tmpfs, use it, unmount */
    CHECK_EQ(syscall(SYS_mount, "none", m, "tmpfs", 0, "size=1m,mode=0700"), 0,
             "mount a 1 MiB tmpfs");
    struct stat st;
    stat(m, &st);
    CHECK((st.st_mode & 0777) == 0700, "the mode= option applies to the root (%o)",
          st.st_mode & 0777);
    syscall(SYS_statfs, m, &sf);
    CHECK(sf.f_type == TMPFS_MAGIC && sf.f_blocks * sf.f_bsize == 1 << 20, "size=1m gives 1 MiB");
    char in[300];
    snprintf(in, sizeof(in), "%s/file", m);
    CHECK_OK(t_mkfile(in, "inside", 0644), "create a file on the new mount");
    struct stat tst;
    stat("/tmp", &tst);
    stat(in, &st);
    CHECK(st.st_dev != tst.st_dev, "it is on another device");
    CHECK_ERR(link(in, t_path("xdev")), EXDEV, "a hard link across mounts: EXDEV");
    /* ENOSPC on a full small tmpfs */
    int big = open(in, O_WRONLY | O_TRUNC);
    static char chunk[65536];
    long total = 0, w;
    while ((w = write(big, chunk, sizeof(chunk))) > 0)
        total += w;
    CHECK(w == -1 && errno == ENOSPC, "filling a 1 MiB tmpfs ends with ENOSPC");
    CHECK(total <= 1 << 20 && total > 0, "after at most 1 MiB (%ld)", total);
    close(big);
    int held = open(in, O_RDONLY);
    CHECK_ERR(syscall(SYS_umount2, m, 0), EBUSY, "umount with an open file: EBUSY");
    close(held);
    CHECK_EQ(syscall(SYS_umount2, m, 0), 0, "umount");
    CHECK_ERR(access(in, F_OK), ENOENT, "the file is gone with the mount");
    CHECK_ERR(syscall(SYS_umount2, m, 0), EINVAL, "umount of a non-mount point: EINVAL");
    CHECK_ERR(syscall(SYS_umount2, "/nonexistent", 0), ENOENT, "umount of a missing path: ENOENT");
    CHECK_ERR(syscall(SYS_umount2, m, 0x100), EINVAL, "umount2 with an unknown flag: EINVAL");

    /* mount errors */
    CHECK_ERR(syscall(SYS_mount, "none", m, "nosuchfs", 0, NULL), ENODEV,
              "an unknown filesystem type: ENODEV");
    CHECK_ERR(syscall(SYS_mount, "none", "/nonexistent", "tmpfs", 0, NULL), ENOENT,
              "mount on a missing directory: ENOENT");
    CHECK_ERR(syscall(SYS_mount, "none", m, BADPTR, 0, NULL), EFAULT, "a bad type pointer: EFAULT");
    CHECK_ERR(syscall(SYS_mount, "none", BADPTR, "tmpfs", 0, NULL), EFAULT,
              "a bad target pointer: EFAULT");
    pid_t k = fork();
    if (k == 0) {
        setresuid(1000, 1000, 1000);
        _exit(syscall(SYS_mount, "none", m, "tmpfs", 0, NULL) == -1 && errno == EPERM ? 0 : 1);
    }
    int s = t_wait(k);
    CHECK(EXITED_WITH(s, 0), "mount by an unprivileged user: EPERM");

    /* proc elsewhere, bind mount, read-only remount */
    CHECK_EQ(syscall(SYS_mount, "proc", m, "proc", 0, NULL), 0, "mount a second proc");
    snprintf(in, sizeof(in), "%s/self/stat", m);
    CHECK_EQ(access(in, R_OK), 0, "it has self/stat");
    CHECK_EQ(syscall(SYS_umount2, m, MNT_DETACH), 0, "umount2 MNT_DETACH");
    CHECK_EQ(syscall(SYS_mount, "none", m, "tmpfs", 0, NULL), 0, "mount tmpfs again");
    snprintf(in, sizeof(in), "%s/f", m);
    t_mkfile(in, "b", 0644);
    CHECK_EQ(syscall(SYS_mount, m, m2, NULL, MS_BIND, NULL), 0, "bind mount it elsewhere");
    char in2[300];
    snprintf(in2, sizeof(in2), "%s/f", m2);
    CHECK_EQ(access(in2, F_OK), 0, "the file is visible through the bind mount");
    CHECK_EQ(syscall(SYS_mount, NULL, m2, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL), 0,
             "remount the bind read-only");
    CHECK_ERR(open(in2, O_WRONLY), EROFS, "writing through it: EROFS");
    CHECK_ERR(mkdir(t_path("mnt2/d"), 0755), EROFS, "mkdir on it: EROFS");
    CHECK_EQ(open(in, O_WRONLY) >= 0, 1, "the original mount is still writable");
    CHECK_EQ(syscall(SYS_umount2, m2, 0), 0, "umount the bind");
    CHECK_EQ(syscall(SYS_umount2, m, MNT_DETACH), 0, "umount the tmpfs");

    /* sync family */
    int f = open(t_path("sync"), O_RDWR | O_CREAT, 0600);
    write(f, "s", 1);
    CHECK_EQ(syscall(SYS_fsync, f), 0, "fsync");
    CHECK_EQ(syscall(SYS_fdatasync, f), 0, "fdatasync");
    CHECK_EQ(syscall(SYS_sync), 0, "sync");
    CHECK_EQ(syscall(SYS_syncfs, f), 0, "syncfs");
    CHECK_ERR(syscall(SYS_fsync, 999), EBADF, "fsync of a bad fd: EBADF");
    CHECK_ERR(syscall(SYS_syncfs, 999), EBADF, "syncfs of a bad fd: EBADF");
    int p[2];
    pipe(p);
    CHECK_ERR(syscall(SYS_fsync, p[0]), EINVAL, "fsync of a pipe: EINVAL");
    close(p[0]);
    close(p[1]);
    close(f);
    unlink(t_path("sync"));
    close(fd);
    rmdir(m);
    rmdir(m2);
    return t_done();
}
