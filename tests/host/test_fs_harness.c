/* The kernel services kernel/fs needs, for its host tests (#included by
 * each tests/host/test_<fs area>.c): kmalloc over malloc with a failure
 * switch (out-of-memory paths), a settable clock, and "user memory" that
 * is plain host memory except addresses below 64 KiB, which fault. Each
 * test calls fs_setup() for a fresh namespace and fs_teardown() to check
 * that every object was freed. */
#include "test.h"

#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#include <stdlib.h>
#include <string.h>

#define HARNESS static __attribute__((unused))

static long live_allocs;
static long fail_after = -1; /* allocations that still succeed; -1: all */

void *kmalloc(size_t size)
{
    if (size == 0)
        return NULL;
    if (fail_after == 0)
        return NULL;
    if (fail_after > 0)
        fail_after--;
    live_allocs++;
    return malloc(size);
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void *kcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return kzalloc(n * size);
}

void kfree(void *p)
{
    if (p) {
        live_allocs--;
        free(p);
    }
}

static struct vfs_time fake_now = {1700000000, 123456789};

void vfs_now(struct vfs_time *t)
{
    *t = fake_now;
}

#define FAULT_BELOW 0x10000UL

size_t arch_copy_from_user(void *dst, const void *usrc, size_t n)
{
    if ((uintptr_t)usrc < FAULT_BELOW)
        return n;
    memcpy(dst, usrc, n);
    return 0;
}

size_t arch_copy_to_user(void *udst, const void *src, size_t n)
{
    if ((uintptr_t)udst < FAULT_BELOW)
        return n;
    memcpy(udst, src, n);
    return 0;
}

size_t arch_clear_user(void *udst, size_t n)
{
    if ((uintptr_t)udst < FAULT_BELOW)
        return n;
    memset(udst, 0, n);
    return 0;
}

/* Every test's namespace: "/" a tmpfs, a process context and table. */
static struct fs_context *FS;
static struct fdtable *FT;
static struct vfs_env ENV;
static long allocs_at_start;

HARNESS void fs_setup(void)
{
    allocs_at_start = live_allocs;
    fail_after = -1;
    CHECK_EQ(vfs_init(), 0);
    FS = fs_context_create();
    FT = fdtable_create();
    CHECK(FS && FT);
    ENV.fs = FS;
    ENV.files = FT;
}

HARNESS void fs_teardown(void)
{
    fail_after = -1;
    fdtable_put(FT);
    fs_context_put(FS);
    vfs_reset();
    CHECK_EQ(live_allocs, allocs_at_start);
}

/* Helpers in the style of the system calls. */
HARNESS int xopen(const char *path, int flags, unsigned mode)
{
    struct file *f;
    int err = vfs_open(&ENV, AT_FDCWD, path, flags, mode, &f);
    if (err)
        return err;
    int fd = fd_install(FT, f, flags & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

HARNESS long xwrite(int fd, const void *buf, size_t n)
{
    struct file *f = fdtable_file(FT, fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)(uintptr_t)buf, n);
    long r = vfs_write(f, &b);
    file_put(f);
    return r;
}

HARNESS long xread(int fd, void *buf, size_t n)
{
    struct file *f = fdtable_file(FT, fd);
    if (!f)
        return -EBADF;
    struct iobuf b = iobuf_user((uint64_t)(uintptr_t)buf, n);
    long r = vfs_read(f, &b);
    file_put(f);
    return r;
}

HARNESS int64_t xlseek(int fd, int64_t off, int whence)
{
    struct file *f = fdtable_file(FT, fd);
    if (!f)
        return -EBADF;
    int64_t r = vfs_llseek(f, off, whence);
    file_put(f);
    return r;
}

HARNESS int xclose(int fd)
{
    return fd_close(FT, fd);
}

HARNESS int xstat(const char *path, struct stat *st, bool follow)
{
    struct path p;
    int err = vfs_lookup(&ENV, AT_FDCWD, path, follow ? LOOKUP_FOLLOW : 0, &p);
    if (err)
        return err;
    vfs_fill_stat(path_inode(&p), st);
    path_put(&p);
    return 0;
}

/* Write a whole file; 0 or -errno. */
HARNESS int put_file(const char *path, const char *data)
{
    int fd = xopen(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return fd;
    long n = xwrite(fd, data, strlen(data));
    xclose(fd);
    return n == (long)strlen(data) ? 0 : (int)n;
}

/* Read a whole (small) file into a static buffer; NULL on error. */
HARNESS const char *get_file(const char *path)
{
    static char buf[8192];
    int fd = xopen(path, O_RDONLY, 0);
    if (fd < 0)
        return NULL;
    long n = xread(fd, buf, sizeof(buf) - 1);
    xclose(fd);
    if (n < 0)
        return NULL;
    buf[n] = '\0';
    return buf;
}

HARNESS bool file_is(const char *path, const char *want)
{
    const char *got = get_file(path);
    if (!got)
        fprintf(stderr, "  %s: cannot read\n", path);
    else if (strcmp(got, want) != 0)
        fprintf(stderr, "  %s: \"%s\", not \"%s\"\n", path, got, want);
    return got && strcmp(got, want) == 0;
}

HARNESS const char *cwd(void)
{
    static char buf[PATH_MAX];
    long n = vfs_path_name(&FS->root, &FS->cwd, buf, sizeof(buf));
    return n < 0 ? "?" : buf;
}
