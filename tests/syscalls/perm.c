/* Permissions and metadata: faccessat/faccessat2, fchmod/fchmodat,
 * fchown/fchownat, utimensat, umask, and what an unprivileged user may do.
 * Linux: fs/open.c, fs/attr.c, fs/utimes.c, man 2 access, chmod, chown, utimensat. */
#include "t.h"

static long acc(const char *p, int mode, int flags)
{
    return syscall(SYS_faccessat2, AT_FDCWD, p, mode, flags);
}

/* Checks made as uid 1000 in a child: returns 0 or the failing step. */
static int as_user(void *arg)
{
    const char *f = arg;
    if (syscall(SYS_setresgid, 1000, 1000, 1000) || syscall(SYS_setresuid, 1000, 1000, 1000))
        return 1;
    /* f is 0600 root: no access */
    if (open(f, O_RDONLY) != -1 || errno != EACCES)
        return 2;
    if (syscall(SYS_faccessat, AT_FDCWD, f, R_OK) != -1 || errno != EACCES)
        return 3;
    if (syscall(SYS_fchmodat, AT_FDCWD, f, 0777) != -1 || errno != EPERM)
        return 4;
    if (syscall(SYS_fchownat, AT_FDCWD, f, 1000, 1000, 0) != -1 || errno != EPERM)
        return 5;
    /* a file in /tmp (sticky, 1777) that the user creates */
    char mine[256];
    snprintf(mine, sizeof(mine), "%s.user", f);
    int fd = open(mine, O_CREAT | O_WRONLY, 0640);
    if (fd < 0)
        return 6;
    struct stat st;
    fstat(fd, &st);
    if (st.st_uid != 1000 || st.st_gid != 1000)
        return 7;
    if (fchmod(fd, 0600) != 0)
        return 8;
    /* giving the file away is not allowed */
    if (fchown(fd, 0, -1) != -1 || errno != EPERM)
        return 9;
    close(fd);
    /* the owner may set times to now but not to an arbitrary value on
     * someone else's file */
    struct timespec t[2] = {{1, 0}, {1, 0}};
    if (syscall(SYS_utimensat, AT_FDCWD, f, t, 0) != -1 || errno != EPERM)
        return 10;
    if (syscall(SYS_utimensat, AT_FDCWD, f, NULL, 0) != -1 || errno != EACCES)
        return 11;
    if (syscall(SYS_utimensat, AT_FDCWD, mine, t, 0) != 0)
        return 12;
    /* sticky /tmp: cannot remove root's file */
    if (unlink(f) != -1 || errno != EPERM)
        return 13;
    /* a directory without x: cannot look up names in it */
    if (unlink(mine) != 0)
        return 14;
    /* faccessat with AT_EACCESS uses the effective ids */
    if (acc(f, R_OK, AT_EACCESS) != -1 || errno != EACCES)
        return 15;
    return 0;
}

int main(void)
{
    t_init("perm");
    const char *f = t_path("f"), *d = t_path("d"), *l = t_path("l");
    t_mkfile(f, "x", 0644);
    mkdir(d, 0755);
    symlink(f, l);

    /* faccessat as root */
    CHECK_EQ(syscall(SYS_faccessat, AT_FDCWD, f, F_OK), 0, "faccessat F_OK");
    CHECK_EQ(syscall(SYS_faccessat, AT_FDCWD, f, R_OK | W_OK), 0,
             "root may read and write a 0644 file");
    CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, f, X_OK), EACCES,
              "but not execute it without any x bit: EACCES");
    chmod(f, 0100);
    CHECK_EQ(syscall(SYS_faccessat, AT_FDCWD, f, X_OK), 0, "X_OK once one x bit is set");
    CHECK_EQ(syscall(SYS_faccessat, AT_FDCWD, f, R_OK), 0, "root reads a mode-0100 file");
    chmod(f, 0644);
    CHECK_EQ(syscall(SYS_faccessat, AT_FDCWD, d, X_OK), 0, "X_OK on a directory");
    CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, "/nonexistent", F_OK), ENOENT,
              "a missing file: ENOENT");
    CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, f, 8), EINVAL, "a bad mode: EINVAL");
    CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, BADPTR, F_OK), EFAULT, "a bad path: EFAULT");
    CHECK_EQ(acc(f, R_OK, AT_EACCESS), 0, "faccessat2 AT_EACCESS");
    CHECK_EQ(acc(l, F_OK, AT_SYMLINK_NOFOLLOW), 0, "faccessat2 AT_SYMLINK_NOFOLLOW");
    CHECK_ERR(acc(f, F_OK, 0x1), EINVAL, "faccessat2 with an unknown flag: EINVAL");
    int fd = open(f, O_RDONLY);
    CHECK_EQ(acc("", R_OK, AT_EMPTY_PATH), 0,
             "faccessat2 AT_EMPTY_PATH with AT_FDCWD checks the cwd");
    CHECK_EQ(syscall(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH), 0,
             "faccessat2 AT_EMPTY_PATH on an fd");
    CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, "/proc/1/nonexistent/x", F_OK), ENOENT,
              "ENOENT deep in /proc");

    /* chmod */
    CHECK_EQ(syscall(SYS_fchmodat, AT_FDCWD, f, 04751), 0, "fchmodat 04751");
    struct stat st;
    stat(f, &st);
    CHECK((st.st_mode & 07777) == 04751, "mode reads back 04751 (%o)", st.st_mode & 07777);
    CHECK_EQ(syscall(SYS_fchmod, fd, 0600), 0, "fchmod through a read-only fd");
    stat(f, &st);
    CHECK((st.st_mode & 07777) == 0600, "mode 0600");
    CHECK(S_ISREG(st.st_mode), "the file type is kept");
    CHECK_ERR(syscall(SYS_fchmod, 999, 0600), EBADF, "fchmod of a bad fd: EBADF");
    CHECK_ERR(syscall(SYS_fchmodat, AT_FDCWD, "/nonexistent", 0600), ENOENT,
              "fchmodat of a missing file: ENOENT");
    CHECK_EQ(syscall(SYS_fchmodat, AT_FDCWD, l, 0640), 0,
             "fchmodat through a symlink changes the target");
    stat(f, &st);
    CHECK((st.st_mode & 0777) == 0640, "the target changed");
    int p[2];
    pipe(p);
    CHECK_EQ(syscall(SYS_fchmod, p[0], 0600), 0, "fchmod of a pipe works");
    close(p[0]);
    close(p[1]);

    /* chown */
    CHECK_EQ(syscall(SYS_fchownat, AT_FDCWD, f, 1000, 100, 0), 0, "fchownat to 1000:100");
    stat(f, &st);
    CHECK(st.st_uid == 1000 && st.st_gid == 100, "owner reads back");
    CHECK_EQ(syscall(SYS_fchown, fd, -1, 200), 0, "fchown with uid -1 keeps the uid");
    stat(f, &st);
    CHECK(st.st_uid == 1000 && st.st_gid == 200, "gid 200, uid kept");
    chmod(f, 06755);
    syscall(SYS_fchown, fd, 1000, 200);
    stat(f, &st);
    CHECK((st.st_mode & 06000) == 0, "chown clears set-user-ID and set-group-ID bits (%o)",
          st.st_mode & 07777);
    CHECK_EQ(syscall(SYS_fchownat, AT_FDCWD, l, 5, 5, AT_SYMLINK_NOFOLLOW), 0,
             "lchown the symlink itself");
    lstat(l, &st);
    struct stat ft;
    stat(f, &ft);
    CHECK(st.st_uid == 5 && ft.st_uid == 1000, "only the link changed");
    CHECK_ERR(syscall(SYS_fchownat, AT_FDCWD, f, 0, 0, 0x1), EINVAL,
              "fchownat unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_fchown, 999, 0, 0), EBADF, "fchown of a bad fd: EBADF");
    syscall(SYS_fchownat, AT_FDCWD, f, 0, 0, 0);
    chmod(f, 0600);

    /* utimensat */
    struct timespec t[2] = {{1000000000, 123456789}, {1100000000, 987654321}};
    CHECK_EQ(syscall(SYS_utimensat, AT_FDCWD, f, t, 0), 0, "utimensat sets atime and mtime");
    stat(f, &st);
    CHECK(st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789,
          "atime with nanoseconds");
    CHECK(st.st_mtim.tv_sec == 1100000000 && st.st_mtim.tv_nsec == 987654321,
          "mtime with nanoseconds");
    struct timespec om[2] = {{0, UTIME_OMIT}, {0, UTIME_NOW}};
    CHECK_EQ(syscall(SYS_utimensat, AT_FDCWD, f, om, 0), 0, "UTIME_OMIT atime, UTIME_NOW mtime");
    stat(f, &st);
    CHECK(st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec > 1600000000,
          "atime kept, mtime now");
    CHECK_EQ(syscall(SYS_utimensat, fd, NULL, NULL, 0), 0, "utimensat(fd, NULL, NULL): both now");
    stat(f, &st);
    CHECK(st.st_atim.tv_sec > 1600000000, "atime now");
    struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
    CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, f, bad, 0), EINVAL, "tv_nsec out of range: EINVAL");
    CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, f, t, 0x1), EINVAL, "an unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, f, BADPTR, 0), EFAULT,
              "a bad times pointer: EFAULT");
    CHECK_ERR(syscall(SYS_utimensat, AT_FDCWD, "/nonexistent", t, 0), ENOENT,
              "a missing file: ENOENT");
    CHECK_EQ(syscall(SYS_utimensat, AT_FDCWD, l, t, AT_SYMLINK_NOFOLLOW), 0,
             "utimensat on the symlink itself");
    lstat(l, &st);
    CHECK(st.st_mtim.tv_sec == 1100000000, "the link's mtime");

    /* as an unprivileged user */
    chmod(f, 0600);
    int s = t_child(as_user, (void *)f);
    CHECK(EXITED_WITH(s, 0),
          "uid 1000: EACCES/EPERM on root's 0600 file, owns what it creates (step %d)",
          WIFEXITED(s) ? WEXITSTATUS(s) : -1);

    close(fd);
    unlink(l);
    unlink(f);
    rmdir(d);
    return t_done();
}
