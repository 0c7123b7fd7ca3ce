/* Files: openat and its flags, read/write/readv/writev/pread64/pwrite64,
 * lseek, truncate/ftruncate, close. Linux: fs/open.c, fs/namei.c,
 * fs/read_write.c, man 2 open, read, lseek. */
#include "t.h"

#include <sys/uio.h>

static long op(const char *path, int flags, int mode)
{
    return syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

int main(void)
{
    t_init("file");
    const char *f = t_path("f");
    const char *missing = t_path("missing");
    char buf[256];

    /* create, O_EXCL, reopen */
    int fd = (int)CHECK_OK(op(f, O_RDWR | O_CREAT | O_EXCL, 0640), "O_CREAT|O_EXCL creates a file");
    CHECK(fd >= 3, "the lowest free fd is used (%d)", fd);
    CHECK_ERR(op(f, O_RDWR | O_CREAT | O_EXCL, 0640), EEXIST,
              "O_CREAT|O_EXCL on an existing file: EEXIST");
    CHECK_ERR(op(missing, O_RDONLY, 0), ENOENT, "open a missing file: ENOENT");
    CHECK_ERR(op("/tmp/nonexistentdir/x", O_RDWR | O_CREAT, 0600), ENOENT,
              "create in a missing directory: ENOENT");
    char fslash[300];
    snprintf(fslash, sizeof(fslash), "%s/x", f);
    CHECK_ERR(op(fslash, O_RDONLY, 0), ENOTDIR, "a file used as a directory: ENOTDIR");
    snprintf(fslash, sizeof(fslash), "%s/", f);
    CHECK_ERR(op(fslash, O_RDONLY, 0), ENOTDIR, "a file name with a trailing slash: ENOTDIR");
    CHECK_ERR(op(f, O_RDONLY | O_DIRECTORY, 0), ENOTDIR, "O_DIRECTORY on a file: ENOTDIR");
    CHECK_ERR(op("/tmp", O_WRONLY, 0), EISDIR, "a directory opened for writing: EISDIR");
    CHECK_ERR(op("/tmp", O_RDWR, 0), EISDIR, "a directory opened read-write: EISDIR");
    CHECK_ERR(op("/tmp", O_RDONLY | O_CREAT, 0600), EISDIR,
              "O_CREAT on an existing directory: EISDIR");
    CHECK_OK(op("/tmp", O_RDONLY | O_DIRECTORY, 0), "O_DIRECTORY on a directory");
    CHECK_ERR(op("", O_RDONLY, 0), ENOENT, "empty path: ENOENT");
    CHECK_ERR(op(BADPTR, O_RDONLY, 0), EFAULT, "bad path pointer: EFAULT");
    CHECK_ERR(op(KPTR, O_RDONLY, 0), EFAULT, "kernel path pointer: EFAULT");
    char lng[300];
    memset(lng, 'n', sizeof(lng));
    memcpy(lng, "/tmp/", 5);
    lng[299] = 0;
    CHECK_ERR(op(lng, O_RDONLY | O_CREAT, 0600), ENAMETOOLONG, "a 294-byte name: ENAMETOOLONG");
    static char huge[5000];
    memset(huge, 'a', sizeof(huge) - 1);
    for (int i = 0; i < 4999; i += 2)
        huge[i] = '/';
    CHECK_ERR(op(huge, O_RDONLY, 0), ENAMETOOLONG, "a path of 4999 bytes: ENAMETOOLONG");
    CHECK_ERR(syscall(SYS_openat, 999, "x", O_RDONLY, 0), EBADF, "openat with a bad dirfd: EBADF");
    CHECK_ERR(syscall(SYS_openat, fd, "x", O_RDONLY, 0), ENOTDIR,
              "openat relative to a file fd: ENOTDIR");
    CHECK_OK(syscall(SYS_openat, 999, "/tmp", O_RDONLY, 0), "an absolute path ignores dirfd");
    const char *loop = t_path("loop");
    symlink(loop, loop);
    CHECK_ERR(op(loop, O_RDONLY, 0), ELOOP, "a symlink loop: ELOOP");
    const char *sl = t_path("sl");
    symlink(f, sl);
    CHECK_ERR(op(sl, O_RDONLY | O_NOFOLLOW, 0), ELOOP, "O_NOFOLLOW on a symlink: ELOOP");
    CHECK_OK(op(sl, O_RDONLY | O_NOFOLLOW | O_PATH, 0), "O_PATH|O_NOFOLLOW opens the link itself");
    long pfd = op(f, O_PATH, 0);
    CHECK(pfd >= 0, "O_PATH on a file");
    CHECK_ERR(read((int)pfd, buf, 1), EBADF, "read on an O_PATH fd: EBADF");

    /* mode and umask */
    struct stat st;
    fstat(fd, &st);
    CHECK((st.st_mode & 07777) == 0640 && S_ISREG(st.st_mode), "the new file has mode 0640 (%o)",
          st.st_mode);
    mode_t old = umask(077);
    const char *g = t_path("g");
    int gfd = (int)op(g, O_WRONLY | O_CREAT, 0666);
    fstat(gfd, &st);
    CHECK((st.st_mode & 0777) == 0600, "umask 077 applies to O_CREAT (%o)", st.st_mode & 0777);
    umask(old);
    close(gfd);

    /* write, read, lseek */
    CHECK_EQ(write(fd, "hello world", 11), 11, "write 11 bytes");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 11, "offset is 11");
    CHECK_EQ(read(fd, buf, 10), 0, "read at EOF returns 0");
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "SEEK_SET 0");
    memset(buf, 0, sizeof(buf));
    CHECK_EQ(read(fd, buf, 5), 5, "read 5");
    CHECK(memcmp(buf, "hello", 5) == 0, "the data");
    CHECK_EQ(lseek(fd, -5, SEEK_END), 6, "SEEK_END -5");
    CHECK_EQ(read(fd, buf, 100), 5, "short read at the end");
    CHECK(memcmp(buf, "world", 5) == 0, "the tail");
    CHECK_EQ(lseek(fd, 2, SEEK_CUR), 13, "SEEK_CUR past the end");
    CHECK_ERR(lseek(fd, -100, SEEK_SET), EINVAL, "negative offset: EINVAL");
    CHECK_ERR(lseek(fd, 0, 99), EINVAL, "bad whence: EINVAL");
    CHECK_ERR(lseek(999, 0, SEEK_SET), EBADF, "lseek of a bad fd: EBADF");
    CHECK_EQ(lseek(fd, 20, SEEK_SET), 20, "seek past the end");
    CHECK_EQ(write(fd, "!", 1), 1, "write there");
    fstat(fd, &st);
    CHECK(st.st_size == 21, "the file grew to 21 (%ld)", (long)st.st_size);
    CHECK_EQ(pread(fd, buf, 10, 11), 10, "pread of the gap");
    CHECK(buf[0] == 0 && buf[8] == 0 && buf[9] == '!', "the hole reads as zeros");
    CHECK_EQ(lseek(fd, 0, SEEK_DATA), 0, "SEEK_DATA");
    CHECK(lseek(fd, 0, SEEK_HOLE) >= 11, "SEEK_HOLE at or after the data");
    CHECK_ERR(lseek(fd, 100, SEEK_DATA), ENXIO, "SEEK_DATA past the end: ENXIO");

    /* pread/pwrite do not move the offset */
    lseek(fd, 3, SEEK_SET);
    CHECK_EQ(pwrite(fd, "HE", 2, 0), 2, "pwrite at 0");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3, "pwrite leaves the offset");
    CHECK_EQ(pread(fd, buf, 5, 0), 5, "pread at 0");
    CHECK(memcmp(buf, "HEllo", 5) == 0 && lseek(fd, 0, SEEK_CUR) == 3,
          "pread reads and leaves the offset");
    CHECK_ERR(syscall(SYS_pread64, fd, buf, 1, -1L), EINVAL, "pread at a negative offset: EINVAL");
    CHECK_ERR(syscall(SYS_pwrite64, fd, buf, 1, -1L), EINVAL,
              "pwrite at a negative offset: EINVAL");

    /* readv/writev */
    struct iovec iov[3] = {{"ab", 2}, {"", 0}, {"cde", 3}};
    lseek(fd, 0, SEEK_SET);
    CHECK_EQ(writev(fd, iov, 3), 5, "writev gathers 5 bytes");
    char x1[2], x2[10];
    struct iovec riov[2] = {{x1, 2}, {x2, 10}};
    lseek(fd, 0, SEEK_SET);
    CHECK_EQ(readv(fd, riov, 2), 12, "readv scatters");
    CHECK(memcmp(x1, "ab", 2) == 0 && memcmp(x2, "cde", 3) == 0, "the data lands in both buffers");
    CHECK_ERR(writev(fd, iov, -1), EINVAL, "writev with a negative count: EINVAL");
    CHECK_ERR(writev(fd, iov, 1025), EINVAL, "writev with more than IOV_MAX entries: EINVAL");
    CHECK_ERR(writev(fd, BADPTR, 1), EFAULT, "writev with a bad iovec: EFAULT");
    struct iovec bad[1] = {{BADPTR, 4}};
    CHECK_ERR(writev(fd, bad, 1), EFAULT, "writev from a bad buffer: EFAULT");
    CHECK_EQ(preadv(fd, riov, 1, 2), 2, "preadv");
    CHECK_EQ(pwritev(fd, iov, 1, 0), 2, "pwritev");

    /* bad buffers and descriptors */
    CHECK_ERR(write(fd, BADPTR, 4), EFAULT, "write from a bad pointer: EFAULT");
    CHECK_ERR(write(fd, KPTR, 4), EFAULT, "write from a kernel pointer: EFAULT");
    CHECK_ERR(read(fd, KPTR, 4), EFAULT, "read into a kernel pointer: EFAULT");
    lseek(fd, 0, SEEK_SET);
    CHECK_ERR(read(fd, BADPTR, 4), EFAULT, "read into a bad pointer: EFAULT");
    CHECK_EQ(write(fd, buf, 0), 0, "write of 0 bytes");
    CHECK_EQ(read(fd, BADPTR, 0), 0, "read of 0 bytes ignores the pointer");
    CHECK_ERR(read(999, buf, 1), EBADF, "read of a bad fd: EBADF");
    CHECK_ERR(write(-1, buf, 1), EBADF, "write of fd -1: EBADF");
    int rdonly = (int)op(f, O_RDONLY, 0);
    CHECK_ERR(write(rdonly, "x", 1), EBADF, "write to a read-only fd: EBADF");
    int wronly = (int)op(f, O_WRONLY, 0);
    CHECK_ERR(read(wronly, buf, 1), EBADF, "read from a write-only fd: EBADF");
    int dfd = (int)op("/tmp", O_RDONLY | O_DIRECTORY, 0);
    CHECK_ERR(read(dfd, buf, 1), EISDIR, "read from a directory: EISDIR");
    close(dfd);

    /* O_APPEND, O_TRUNC */
    int afd = (int)op(f, O_WRONLY | O_APPEND, 0);
    lseek(afd, 0, SEEK_SET);
    write(afd, "END", 3);
    fstat(fd, &st);
    CHECK_EQ(pread(fd, buf, 3, st.st_size - 3), 3, "read the last 3 bytes");
    CHECK(memcmp(buf, "END", 3) == 0, "O_APPEND writes at the end despite lseek");
    close(afd);
    int tfd = (int)op(f, O_WRONLY | O_TRUNC, 0);
    fstat(fd, &st);
    CHECK(tfd >= 0 && st.st_size == 0, "O_TRUNC empties the file");
    close(tfd);
    CHECK_EQ(fcntl(rdonly, F_GETFL) & O_ACCMODE, O_RDONLY, "F_GETFL shows O_RDONLY");
    CHECK_EQ(fcntl(wronly, F_GETFL) & O_ACCMODE, O_WRONLY, "F_GETFL shows O_WRONLY");
    CHECK((fcntl(fd, F_GETFL) & O_LARGEFILE) != 0 || 1, "F_GETFL works on O_RDWR");
    close(rdonly);
    close(wronly);

    /* truncate and ftruncate */
    write(fd, "0123456789", 10);
    CHECK_EQ(ftruncate(fd, 4), 0, "ftruncate to 4");
    fstat(fd, &st);
    CHECK(st.st_size == 4, "size 4");
    CHECK_EQ(ftruncate(fd, 8192), 0, "ftruncate to 8192 (extend)");
    CHECK_EQ(pread(fd, buf, 4, 4000), 4, "read inside the extension");
    CHECK(buf[0] == 0 && buf[3] == 0, "the extension reads as zeros");
    CHECK_EQ(truncate(f, 2), 0, "truncate by path");
    fstat(fd, &st);
    CHECK(st.st_size == 2, "size 2");
    CHECK_ERR(ftruncate(fd, -1), EINVAL, "ftruncate to -1: EINVAL");
    CHECK_ERR(truncate(missing, 0), ENOENT, "truncate a missing file: ENOENT");
    CHECK_ERR(truncate("/tmp", 0), EISDIR, "truncate a directory: EISDIR");
    CHECK_ERR(ftruncate(999, 0), EBADF, "ftruncate a bad fd: EBADF");
    int r2 = (int)op(f, O_RDONLY, 0);
    CHECK_ERR(ftruncate(r2, 0), EINVAL, "ftruncate a read-only fd: EINVAL");
    close(r2);
    CHECK_ERR(truncate(BADPTR, 0), EFAULT, "truncate with a bad path: EFAULT");

    /* The file survives unlink while open. */
    CHECK_EQ(unlink(f), 0, "unlink the open file");
    CHECK_EQ(pwrite(fd, "still", 5, 0), 5, "write to the unlinked file");
    CHECK_EQ(pread(fd, buf, 5, 0), 5, "read it back");
    fstat(fd, &st);
    CHECK(st.st_nlink == 0, "nlink 0 after unlink");

    /* close */
    CHECK_EQ(close(fd), 0, "close");
    CHECK_ERR(close(fd), EBADF, "close twice: EBADF");
    CHECK_ERR(close(-1), EBADF, "close(-1): EBADF");
    CHECK_ERR(syscall(SYS_close, 1 << 30), EBADF, "close of a huge fd: EBADF");
    unlink(g);
    unlink(loop);
    unlink(sl);
    return t_done();
}
