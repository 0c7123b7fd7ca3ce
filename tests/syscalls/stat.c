/* newfstatat, fstat, statx. Linux: fs/stat.c, man 2 stat, statx. */
#include "t.h"

#include <linux/stat.h>
#include <sys/sysmacros.h>

static long fsat(int dfd, const char *p, struct stat *st, int flags)
{
    return syscall(SYS_newfstatat, dfd, p, st, flags);
}

static long sx(int dfd, const char *p, int flags, unsigned mask, struct statx *b)
{
    return syscall(SYS_statx, dfd, p, flags, mask, b);
}

int main(void)
{
    t_init("stat");
    const char *f = t_path("f"), *d = t_path("d"), *l = t_path("l");
    CHECK_OK(t_mkfile(f, "0123456789", 0604), "create a 10-byte file");
    CHECK_OK(mkdir(d, 0751), "create a directory");
    CHECK_OK(symlink(f, l), "create a symlink");
    struct stat st, st2;

    CHECK_EQ(fsat(AT_FDCWD, f, &st, 0), 0, "newfstatat a file");
    CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0604, "regular, mode 0604 (%o)",
          st.st_mode);
    CHECK(st.st_size == 10 && st.st_nlink == 1, "size 10, 1 link");
    CHECK(st.st_uid == 0 && st.st_gid == 0, "owned by root");
    CHECK(st.st_ino != 0 && st.st_blksize > 0, "inode number and block size set");
    CHECK(st.st_mtim.tv_sec > 0 && st.st_mtim.tv_nsec >= 0 && st.st_mtim.tv_nsec < 1000000000,
          "mtime set");
    int fd = open(f, O_RDONLY);
    CHECK_EQ(syscall(SYS_fstat, fd, &st2), 0, "fstat");
    CHECK(st2.st_ino == st.st_ino && st2.st_dev == st.st_dev && st2.st_size == 10,
          "fstat agrees with stat");
    CHECK_EQ(fsat(fd, "", &st2, AT_EMPTY_PATH), 0, "newfstatat with AT_EMPTY_PATH on an fd");
    CHECK(st2.st_ino == st.st_ino, "same inode");
    CHECK_ERR(fsat(fd, "", &st2, 0), ENOENT, "empty path without AT_EMPTY_PATH: ENOENT");

    CHECK_EQ(fsat(AT_FDCWD, d, &st, 0), 0, "stat a directory");
    CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0751, "directory, mode 0751");
    CHECK(st.st_nlink == 2, "an empty directory has 2 links (%ld)", (long)st.st_nlink);
    CHECK_EQ(fsat(AT_FDCWD, l, &st, 0), 0, "stat through a symlink");
    CHECK(S_ISREG(st.st_mode) && st.st_size == 10, "follows it to the file");
    CHECK_EQ(fsat(AT_FDCWD, l, &st, AT_SYMLINK_NOFOLLOW), 0, "lstat a symlink");
    CHECK(S_ISLNK(st.st_mode) && st.st_size == (long)strlen(f),
          "the link itself: size is the target length");
    CHECK(fsat(AT_FDCWD, "/dev/null", &st, 0) == 0 && S_ISCHR(st.st_mode) &&
              st.st_rdev == makedev(1, 3),
          "/dev/null is char 1:3");
    CHECK(fsat(AT_FDCWD, "/", &st, 0) == 0 && S_ISDIR(st.st_mode), "stat /");
    int p[2];
    pipe(p);
    CHECK(syscall(SYS_fstat, p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat of a pipe: S_IFIFO");
    close(p[0]);
    close(p[1]);

    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    char inner[300];
    snprintf(inner, sizeof(inner), "%s/inner", d);
    t_mkfile(inner, "abc", 0600);
    CHECK(fsat(dfd, "inner", &st, 0) == 0 && st.st_size == 3, "newfstatat relative to a dirfd");
    CHECK_ERR(fsat(dfd, "missing", &st, 0), ENOENT, "missing entry: ENOENT");
    CHECK_ERR(fsat(fd, "x", &st, 0), ENOTDIR, "relative to a file fd: ENOTDIR");
    CHECK_ERR(fsat(999, "x", &st, 0), EBADF, "relative to a bad fd: EBADF");
    char fx[300];
    snprintf(fx, sizeof(fx), "%s/x", f);
    CHECK_ERR(fsat(AT_FDCWD, fx, &st, 0), ENOTDIR, "a file as a path component: ENOTDIR");
    CHECK_ERR(fsat(AT_FDCWD, f, BADPTR, 0), EFAULT, "into a bad pointer: EFAULT");
    CHECK_ERR(fsat(AT_FDCWD, f, KPTR, 0), EFAULT, "into a kernel pointer: EFAULT");
    CHECK_ERR(fsat(AT_FDCWD, BADPTR, &st, 0), EFAULT, "a bad path pointer: EFAULT");
    CHECK_ERR(fsat(AT_FDCWD, f, &st, 0x40000), EINVAL, "unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_fstat, 999, &st), EBADF, "fstat of a bad fd: EBADF");
    CHECK_ERR(syscall(SYS_fstat, fd, BADPTR), EFAULT, "fstat into a bad pointer: EFAULT");
    const char *loop = t_path("loop");
    symlink(loop, loop);
    CHECK_ERR(fsat(AT_FDCWD, loop, &st, 0), ELOOP, "a symlink loop: ELOOP");
    CHECK_EQ(fsat(AT_FDCWD, loop, &st, AT_SYMLINK_NOFOLLOW), 0, "lstat of the loop itself works");
    char lng[300];
    memset(lng, 'q', sizeof(lng));
    memcpy(lng, "/tmp/", 5);
    lng[299] = 0;
    CHECK_ERR(fsat(AT_FDCWD, lng, &st, 0), ENAMETOOLONG, "a too long name: ENAMETOOLONG");
    const char *dang = t_path("dangling");
    symlink("/nonexistent", dang);
    CHECK_ERR(fsat(AT_FDCWD, dang, &st, 0), ENOENT, "a dangling symlink: ENOENT");

    /* statx */
    struct statx sxb;
    memset(&sxb, 0, sizeof(sxb));
    CHECK_EQ(sx(AT_FDCWD, f, 0, STATX_BASIC_STATS, &sxb), 0, "statx a file");
    CHECK((sxb.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS,
          "statx fills the basic stats (mask %#x)", sxb.stx_mask);
    CHECK(sxb.stx_size == 10 && S_ISREG(sxb.stx_mode) && (sxb.stx_mode & 07777) == 0604,
          "size and mode");
    CHECK(sxb.stx_nlink == 1 && sxb.stx_blksize > 0, "links and block size");
    fsat(AT_FDCWD, f, &st, 0);
    CHECK(sxb.stx_ino == st.st_ino && makedev(sxb.stx_dev_major, sxb.stx_dev_minor) == st.st_dev,
          "statx inode and device agree with stat");
    CHECK(sxb.stx_mtime.tv_sec == st.st_mtim.tv_sec &&
              sxb.stx_mtime.tv_nsec == (unsigned)st.st_mtim.tv_nsec,
          "statx mtime agrees with stat");
    CHECK_EQ(sx(fd, "", AT_EMPTY_PATH, STATX_SIZE, &sxb), 0, "statx AT_EMPTY_PATH");
    CHECK_EQ(sx(AT_FDCWD, l, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sxb), 0, "statx NOFOLLOW");
    CHECK(S_ISLNK(sxb.stx_mode), "sees the link");
    CHECK_ERR(sx(AT_FDCWD, f, 0, STATX__RESERVED, &sxb), EINVAL,
              "statx with the reserved mask bit: EINVAL");
    CHECK_ERR(sx(AT_FDCWD, f, 0x1000000, STATX_BASIC_STATS, &sxb), EINVAL,
              "statx with an unknown flag: EINVAL");
    CHECK_ERR(sx(AT_FDCWD, f, AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, STATX_BASIC_STATS, &sxb),
              EINVAL, "statx FORCE_SYNC|DONT_SYNC: EINVAL");
    CHECK_ERR(sx(AT_FDCWD, f, 0, STATX_BASIC_STATS, BADPTR), EFAULT,
              "statx into a bad pointer: EFAULT");
    CHECK_ERR(sx(AT_FDCWD, "/nonexistent", 0, STATX_BASIC_STATS, &sxb), ENOENT,
              "statx a missing file: ENOENT");
    CHECK_ERR(sx(999, "x", 0, STATX_BASIC_STATS, &sxb), EBADF, "statx relative to a bad fd: EBADF");

    /* Timestamps move on write. */
    fsat(AT_FDCWD, f, &st, 0);
    t_msleep(20);
    int w = open(f, O_WRONLY | O_APPEND);
    write(w, "x", 1);
    close(w);
    fsat(AT_FDCWD, f, &st2, 0);
    CHECK(st2.st_size == 11, "size follows a write");
    CHECK(st2.st_mtim.tv_sec > st.st_mtim.tv_sec ||
              (st2.st_mtim.tv_sec == st.st_mtim.tv_sec && st2.st_mtim.tv_nsec > st.st_mtim.tv_nsec),
          "mtime moves on write");
    CHECK(st2.st_ctim.tv_sec > st.st_ctim.tv_sec ||
              (st2.st_ctim.tv_sec == st.st_ctim.tv_sec && st2.st_ctim.tv_nsec > st.st_ctim.tv_nsec),
          "ctime moves on write");

    close(fd);
    close(dfd);
    unlink(inner);
    unlink(f);
    unlink(l);
    unlink(loop);
    unlink(dang);
    rmdir(d);
    return t_done();
}
