/* Directories and names: getdents64, mkdirat, unlinkat, renameat2,
 * linkat, symlinkat, readlinkat, chdir/fchdir/getcwd, rmdir.
 * Linux: fs/namei.c, fs/readdir.c, fs/d_path.c, man 2 rename, getdents64. */
#include "t.h"

#include <dirent.h>
#include <linux/fs.h>

struct d64 {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

/* Count entries of dir; sets *types to a bitmask of seen names' d_type
 * checks: '.' and '..' are DT_DIR, "file" DT_REG, "link" DT_LNK, "sub" DT_DIR. */
static int list(const char *dir, int *ok_types, int *has_dots)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    char buf[512];
    int n = 0, dots = 0, good = 1;
    for (;;) {
        long r = syscall(SYS_getdents64, fd, buf, sizeof(buf));
        if (r <= 0)
            break;
        for (long off = 0; off < r;) {
            struct d64 *d = (struct d64 *)(buf + off);
            off += d->reclen;
            n++;
            if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
                dots++, good &= d->type == DT_DIR;
            else if (!strcmp(d->name, "file"))
                good &= d->type == DT_REG;
            else if (!strcmp(d->name, "link"))
                good &= d->type == DT_LNK;
            else if (!strcmp(d->name, "sub"))
                good &= d->type == DT_DIR;
            good &= d->reclen % 8 == 0 && d->ino != 0;
        }
    }
    close(fd);
    *ok_types = good;
    *has_dots = dots;
    return n;
}

static char *join(const char *a, const char *b)
{
    char *p = malloc(strlen(a) + strlen(b) + 2);
    sprintf(p, "%s/%s", a, b);
    return p;
}

int main(void)
{
    t_init("dir");
    const char *d = t_path("d");
    char *file = join(d, "file"), *sub = join(d, "sub"), *hard = join(d, "hard");

    CHECK_EQ(syscall(SYS_mkdirat, AT_FDCWD, d, 0755), 0, "mkdirat");
    CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, d, 0755), EEXIST, "mkdirat an existing name: EEXIST");
    CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, "/tmp/nonexistent/x", 0755), ENOENT,
              "mkdirat in a missing directory: ENOENT");
    CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, BADPTR, 0755), EFAULT, "mkdirat bad path: EFAULT");
    CHECK_ERR(syscall(SYS_mkdirat, 999, "x", 0755), EBADF, "mkdirat bad dirfd: EBADF");
    t_mkfile(file, "data", 0644);
    CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, file, 0755), EEXIST, "mkdirat over a file: EEXIST");
    char *under_file = join(file, "x");
    CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, under_file, 0755), ENOTDIR,
              "mkdirat under a file: ENOTDIR");
    int dfd = open(d, O_RDONLY | O_DIRECTORY);
    CHECK_EQ(syscall(SYS_mkdirat, dfd, "sub", 0700), 0, "mkdirat relative to a dirfd");
    CHECK_EQ(syscall(SYS_symlinkat, "file", dfd, "link"), 0, "symlinkat a relative target");
    CHECK_ERR(syscall(SYS_symlinkat, "x", dfd, "link"), EEXIST,
              "symlinkat over an existing name: EEXIST");
    CHECK_ERR(syscall(SYS_symlinkat, "", dfd, "empty"), ENOENT,
              "symlinkat with an empty target: ENOENT");
    CHECK_ERR(syscall(SYS_symlinkat, BADPTR, dfd, "x"), EFAULT,
              "symlinkat bad target pointer: EFAULT");

    struct stat st;
    stat(d, &st);
    CHECK(st.st_nlink == 3, "a directory with one subdirectory has 3 links (%ld)",
          (long)st.st_nlink);

    /* getdents64 */
    int good, dots;
    int n = list(d, &good, &dots);
    CHECK(n == 5 && dots == 2, "getdents64 lists . .. file link sub (%d entries)", n);
    CHECK(good, "with the right d_type, aligned records and inode numbers");
    char small[8];
    CHECK_ERR(syscall(SYS_getdents64, dfd, small, sizeof(small)), EINVAL,
              "a buffer too small for one entry: EINVAL");
    CHECK_ERR(syscall(SYS_getdents64, 999, small, sizeof(small)), EBADF,
              "getdents64 of a bad fd: EBADF");
    int ffd = open(file, O_RDONLY);
    char big[512];
    CHECK_ERR(syscall(SYS_getdents64, ffd, big, sizeof(big)), ENOTDIR,
              "getdents64 of a file: ENOTDIR");
    lseek(dfd, 0, SEEK_SET);
    CHECK_ERR(syscall(SYS_getdents64, dfd, BADPTR, sizeof(big)), EFAULT,
              "getdents64 into a bad pointer: EFAULT");
    lseek(dfd, 0, SEEK_SET);
    long r1 = syscall(SYS_getdents64, dfd, big, sizeof(big));
    CHECK(r1 > 0, "getdents64 reads entries");
    CHECK_EQ(syscall(SYS_getdents64, dfd, big, sizeof(big)), 0, "then 0 at the end");
    CHECK_EQ(lseek(dfd, 0, SEEK_SET), 0, "rewind a directory");
    CHECK_EQ(syscall(SYS_getdents64, dfd, big, sizeof(big)), r1, "the same entries again");
    /* Many entries, read in small chunks: every one seen once. */
    char *many = join(d, "sub");
    int sfd = open(many, O_RDONLY | O_DIRECTORY);
    for (int i = 0; i < 100; i++) {
        char nm[32];
        snprintf(nm, sizeof(nm), "e%03d", i);
        int t = (int)syscall(SYS_openat, sfd, nm, O_CREAT | O_WRONLY, 0600);
        close(t);
    }
    char chunk[100];
    int seen[100] = {0}, total = 0, dup = 0;
    for (;;) {
        long r = syscall(SYS_getdents64, sfd, chunk, sizeof(chunk));
        if (r <= 0)
            break;
        for (long off = 0; off < r;) {
            struct d64 *e = (struct d64 *)(chunk + off);
            off += e->reclen;
            total++;
            if (e->name[0] == 'e') {
                int k = atoi(e->name + 1);
                if (seen[k]++)
                    dup++;
            }
        }
    }
    int all = 1;
    for (int i = 0; i < 100; i++)
        all &= seen[i] == 1;
    CHECK(all && dup == 0 && total == 102, "100 files read 100 bytes at a time: each once (%d)",
          total);
    CHECK_ERR(syscall(SYS_unlinkat, AT_FDCWD, many, AT_REMOVEDIR), ENOTEMPTY,
              "rmdir a non-empty directory: ENOTEMPTY");
    for (int i = 0; i < 100; i++) {
        char nm[32];
        snprintf(nm, sizeof(nm), "e%03d", i);
        syscall(SYS_unlinkat, sfd, nm, 0);
    }
    close(sfd);

    /* readlinkat */
    char lb[64];
    memset(lb, 'X', sizeof(lb));
    CHECK_EQ(syscall(SYS_readlinkat, dfd, "link", lb, sizeof(lb)), 4,
             "readlinkat returns the length");
    CHECK(memcmp(lb, "file", 4) == 0 && lb[4] == 'X', "the target, not NUL-terminated");
    CHECK_EQ(syscall(SYS_readlinkat, dfd, "link", lb, 2), 2, "a short buffer truncates");
    CHECK_ERR(syscall(SYS_readlinkat, dfd, "file", lb, sizeof(lb)), EINVAL,
              "readlinkat of a file: EINVAL");
    CHECK_ERR(syscall(SYS_readlinkat, dfd, "link", lb, 0), EINVAL,
              "readlinkat with size 0: EINVAL");
    CHECK_ERR(syscall(SYS_readlinkat, dfd, "missing", lb, sizeof(lb)), ENOENT,
              "readlinkat missing: ENOENT");
    CHECK_ERR(syscall(SYS_readlinkat, dfd, "link", BADPTR, sizeof(lb)), EFAULT,
              "readlinkat into a bad pointer: EFAULT");

    /* linkat */
    CHECK_EQ(syscall(SYS_linkat, AT_FDCWD, file, AT_FDCWD, hard, 0), 0, "linkat makes a hard link");
    stat(file, &st);
    struct stat st2;
    stat(hard, &st2);
    CHECK(st.st_nlink == 2 && st.st_ino == st2.st_ino, "both names, one inode, 2 links");
    CHECK_ERR(syscall(SYS_linkat, AT_FDCWD, file, AT_FDCWD, hard, 0), EEXIST,
              "linkat to an existing name: EEXIST");
    CHECK_ERR(syscall(SYS_linkat, AT_FDCWD, sub, AT_FDCWD, join(d, "subl"), 0), EPERM,
              "hard link to a directory: EPERM");
    CHECK_ERR(syscall(SYS_linkat, AT_FDCWD, join(d, "nope"), AT_FDCWD, join(d, "x"), 0), ENOENT,
              "linkat a missing file: ENOENT");
    CHECK_EQ(syscall(SYS_linkat, dfd, "link", dfd, "link2", 0), 0,
             "linkat of a symlink without FOLLOW links the symlink");
    CHECK(lstat(join(d, "link2"), &st2) == 0 && S_ISLNK(st2.st_mode), "the new name is a symlink");
    CHECK_EQ(syscall(SYS_linkat, dfd, "link", dfd, "link3", AT_SYMLINK_FOLLOW), 0,
             "linkat AT_SYMLINK_FOLLOW");
    CHECK(lstat(join(d, "link3"), &st2) == 0 && S_ISREG(st2.st_mode), "links the target");
    CHECK_ERR(syscall(SYS_linkat, dfd, "file", dfd, "x", 0x1), EINVAL,
              "linkat with an unknown flag: EINVAL");

    /* unlinkat */
    CHECK_ERR(syscall(SYS_unlinkat, dfd, "sub", 0), EISDIR, "unlink a directory: EISDIR");
    CHECK_ERR(syscall(SYS_unlinkat, dfd, "file", AT_REMOVEDIR), ENOTDIR, "rmdir a file: ENOTDIR");
    CHECK_ERR(syscall(SYS_unlinkat, dfd, "missing", 0), ENOENT, "unlink a missing name: ENOENT");
    CHECK_ERR(syscall(SYS_unlinkat, dfd, "file", 0x1), EINVAL,
              "unlinkat with an unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_unlinkat, dfd, ".", AT_REMOVEDIR), EINVAL, "rmdir \".\": EINVAL");
    CHECK_ERR(syscall(SYS_unlinkat, dfd, "..", AT_REMOVEDIR), ENOTEMPTY, "rmdir \"..\": ENOTEMPTY");
    CHECK_EQ(syscall(SYS_unlinkat, dfd, "link2", 0), 0, "unlink a symlink");
    CHECK_EQ(syscall(SYS_unlinkat, dfd, "link3", 0), 0, "unlink a hard link");
    CHECK_EQ(syscall(SYS_unlinkat, dfd, "hard", 0), 0, "unlink the other");
    stat(file, &st);
    CHECK(st.st_nlink == 1, "back to 1 link");

    /* renameat2 */
    CHECK_EQ(syscall(SYS_renameat2, dfd, "file", dfd, "file2", 0), 0, "rename a file");
    CHECK(access(file, F_OK) != 0 && access(join(d, "file2"), F_OK) == 0,
          "the old name is gone, the new one exists");
    t_mkfile(file, "other", 0644);
    CHECK_EQ(syscall(SYS_renameat2, dfd, "file2", dfd, "file", 0), 0,
             "rename over an existing file replaces it");
    char rb[8] = {0};
    int rfd = open(file, O_RDONLY);
    read(rfd, rb, 8);
    close(rfd);
    CHECK(strcmp(rb, "data") == 0, "the replaced name has the moved contents");
    t_mkfile(join(d, "f3"), "f3", 0644);
    CHECK_ERR(syscall(SYS_renameat2, dfd, "f3", dfd, "file", RENAME_NOREPLACE), EEXIST,
              "RENAME_NOREPLACE onto an existing name: EEXIST");
    CHECK_EQ(syscall(SYS_renameat2, dfd, "f3", dfd, "file", RENAME_EXCHANGE), 0,
             "RENAME_EXCHANGE swaps");
    rfd = open(file, O_RDONLY);
    memset(rb, 0, sizeof(rb));
    read(rfd, rb, 8);
    close(rfd);
    CHECK(strcmp(rb, "f3") == 0, "the names were exchanged");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "f3", dfd, "nope", RENAME_EXCHANGE), ENOENT,
              "RENAME_EXCHANGE with a missing target: ENOENT");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "f3", dfd, "x", RENAME_EXCHANGE | RENAME_NOREPLACE),
              EINVAL, "EXCHANGE|NOREPLACE: EINVAL");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "sub", dfd, "file", 0), ENOTDIR,
              "rename a directory over a file: ENOTDIR");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "file", dfd, "sub", 0), EISDIR,
              "rename a file over a directory: EISDIR");
    syscall(SYS_mkdirat, dfd, "sub2", 0755);
    syscall(SYS_mkdirat, dfd, "sub2/inner", 0755);
    CHECK_ERR(syscall(SYS_renameat2, dfd, "sub", dfd, "sub2", 0), ENOTEMPTY,
              "rename a directory over a non-empty one: ENOTEMPTY");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "sub2", dfd, "sub2/inner/x", 0), EINVAL,
              "rename a directory into itself: EINVAL");
    syscall(SYS_unlinkat, dfd, "sub2/inner", AT_REMOVEDIR);
    CHECK_EQ(syscall(SYS_renameat2, dfd, "sub", dfd, "sub2", 0), 0,
             "rename a directory over an empty one");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "missing", dfd, "x", 0), ENOENT,
              "rename a missing name: ENOENT");
    CHECK_EQ(syscall(SYS_renameat2, dfd, "file", dfd, "file", 0), 0,
             "rename onto itself is a no-op");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "file", dfd, "x", 0x100), EINVAL,
              "renameat2 unknown flag: EINVAL");
    CHECK_ERR(syscall(SYS_renameat2, dfd, BADPTR, dfd, "x", 0), EFAULT,
              "renameat2 bad path: EFAULT");
    CHECK_ERR(syscall(SYS_renameat2, dfd, "file", AT_FDCWD, "/proc/x", 0), EXDEV,
              "rename across filesystems: EXDEV");

    /* chdir, fchdir, getcwd */
    char cwd[512];
    CHECK_EQ(syscall(SYS_getcwd, cwd, sizeof(cwd)), 2,
             "getcwd of / returns its length with the NUL");
    CHECK(strcmp(cwd, "/") == 0, "cwd is / (%s)", cwd);
    CHECK_EQ(syscall(SYS_chdir, d), 0, "chdir");
    syscall(SYS_getcwd, cwd, sizeof(cwd));
    CHECK(strcmp(cwd, d) == 0, "getcwd follows (%s)", cwd);
    CHECK(access("file", F_OK) == 0, "relative paths resolve from the new cwd");
    CHECK_EQ(syscall(SYS_chdir, "sub2"), 0, "chdir relative");
    CHECK_EQ(syscall(SYS_chdir, ".."), 0, "chdir ..");
    syscall(SYS_getcwd, cwd, sizeof(cwd));
    CHECK(strcmp(cwd, d) == 0, "back (%s)", cwd);
    CHECK_ERR(syscall(SYS_getcwd, cwd, 3), ERANGE, "getcwd into a too-small buffer: ERANGE");
    CHECK_ERR(syscall(SYS_getcwd, BADPTR, sizeof(cwd)), EFAULT,
              "getcwd into a bad pointer: EFAULT");
    CHECK_ERR(syscall(SYS_chdir, "file"), ENOTDIR, "chdir to a file: ENOTDIR");
    CHECK_ERR(syscall(SYS_chdir, "missing"), ENOENT, "chdir to a missing name: ENOENT");
    CHECK_ERR(syscall(SYS_chdir, BADPTR), EFAULT, "chdir bad pointer: EFAULT");
    int root = open("/", O_RDONLY | O_DIRECTORY);
    CHECK_EQ(syscall(SYS_fchdir, root), 0, "fchdir");
    syscall(SYS_getcwd, cwd, sizeof(cwd));
    CHECK(strcmp(cwd, "/") == 0, "fchdir moved to /");
    CHECK_ERR(syscall(SYS_fchdir, ffd), ENOTDIR, "fchdir to a file: ENOTDIR");
    CHECK_ERR(syscall(SYS_fchdir, 999), EBADF, "fchdir to a bad fd: EBADF");
    /* a removed cwd */
    syscall(SYS_chdir, join(d, "sub2"));
    CHECK_EQ(syscall(SYS_unlinkat, dfd, "sub2", AT_REMOVEDIR), 0, "rmdir the cwd");
    CHECK_ERR(syscall(SYS_getcwd, cwd, sizeof(cwd)), ENOENT,
              "getcwd in a removed directory: ENOENT");
    CHECK_ERR(open("newfile", O_CREAT | O_WRONLY, 0600), ENOENT,
              "creating in a removed directory: ENOENT");
    syscall(SYS_fchdir, root);

    close(root);
    close(ffd);
    syscall(SYS_unlinkat, dfd, "file", 0);
    syscall(SYS_unlinkat, dfd, "f3", 0);
    syscall(SYS_unlinkat, dfd, "link", 0);
    close(dfd);
    CHECK_EQ(rmdir(d), 0, "rmdir the emptied test directory");
    return t_done();
}
