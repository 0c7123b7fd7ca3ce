/* Descriptor tables (Linux fs/file.c, much simplified: one array and a
 * close-on-exec bitmap, grown on demand up to RLIMIT_NOFILE). t->lock is a
 * spinlock: nothing under it sleeps; files are released (file_put) only
 * after it is dropped. */
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include "fs_internal.h"

#define FD_INITIAL 64
#define BITS       64

static bool cloexec_test(const struct fdtable *t, unsigned fd)
{
    return (t->cloexec[fd / BITS] >> (fd % BITS)) & 1;
}

static void cloexec_set(struct fdtable *t, unsigned fd, bool on)
{
    uint64_t bit = 1ULL << (fd % BITS);
    if (on)
        t->cloexec[fd / BITS] |= bit;
    else
        t->cloexec[fd / BITS] &= ~bit;
}

static struct fdtable *table_new(unsigned cap)
{
    struct fdtable *t = kzalloc(sizeof(*t));
    if (!t)
        return NULL;
    t->fd = kcalloc(cap, sizeof(struct file *));
    t->cloexec = kcalloc(cap / BITS, sizeof(uint64_t));
    if (!t->fd || !t->cloexec) {
        kfree(t->fd);
        kfree(t->cloexec);
        kfree(t);
        return NULL;
    }
    t->cap = cap;
    t->count = 1;
    t->nofile = NOFILE_DEFAULT;
    spin_init(&t->lock, "fdtable");
    return t;
}

struct fdtable *fdtable_create(void)
{
    return table_new(FD_INITIAL);
}

struct fdtable *fdtable_dup(struct fdtable *src)
{
    for (;;) {
        spin_lock(&src->lock);
        unsigned cap = src->cap;
        spin_unlock(&src->lock);
        struct fdtable *t = table_new(cap);
        if (!t)
            return NULL;
        spin_lock(&src->lock);
        if (src->cap != cap) { /* grew meanwhile: try again */
            spin_unlock(&src->lock);
            fdtable_put(t);
            continue;
        }
        t->nofile = src->nofile;
        for (unsigned fd = 0; fd < cap; fd++) {
            if (src->fd[fd]) {
                t->fd[fd] = src->fd[fd];
                file_get(t->fd[fd]);
            }
        }
        memcpy(t->cloexec, src->cloexec, cap / BITS * sizeof(uint64_t));
        spin_unlock(&src->lock);
        return t;
    }
}

void fdtable_set_nofile(struct fdtable *t, uint64_t limit)
{
    spin_lock(&t->lock);
    t->nofile = (unsigned)MIN(limit, (uint64_t)NOFILE_MAX);
    spin_unlock(&t->lock);
}

void fdtable_get(struct fdtable *t)
{
    ref_inc(&t->count);
}

void fdtable_put(struct fdtable *t)
{
    if (!t || !ref_dec(&t->count))
        return;
    for (unsigned fd = 0; fd < t->cap; fd++)
        file_put(t->fd[fd]);
    kfree(t->fd);
    kfree(t->cloexec);
    kfree(t);
}

void fdtable_close_on_exec(struct fdtable *t)
{
    for (unsigned fd = 0;; fd++) {
        spin_lock(&t->lock);
        if (fd >= t->cap) {
            spin_unlock(&t->lock);
            return;
        }
        struct file *f = NULL;
        if (t->fd[fd] && cloexec_test(t, fd)) {
            f = t->fd[fd];
            t->fd[fd] = NULL;
            cloexec_set(t, fd, false);
        }
        spin_unlock(&t->lock);
        file_put(f);
    }
}

/* Make room for slot fd (lock not held): 0 or -ENOMEM. */
static int grow(struct fdtable *t, unsigned fd)
{
    spin_lock(&t->lock);
    unsigned cap = t->cap;
    spin_unlock(&t->lock);
    if (fd < cap)
        return 0;
    unsigned ncap = cap;
    while (ncap <= fd)
        ncap *= 2;
    struct file **nfd = kcalloc(ncap, sizeof(struct file *));
    uint64_t *nbits = kcalloc(ncap / BITS, sizeof(uint64_t));
    if (!nfd || !nbits) {
        kfree(nfd);
        kfree(nbits);
        return -ENOMEM;
    }
    spin_lock(&t->lock);
    if (t->cap < ncap) {
        memcpy(nfd, t->fd, t->cap * sizeof(struct file *));
        memcpy(nbits, t->cloexec, t->cap / BITS * sizeof(uint64_t));
        struct file **ofd = t->fd;
        uint64_t *obits = t->cloexec;
        t->fd = nfd;
        t->cloexec = nbits;
        t->cap = ncap;
        nfd = (struct file **)ofd;
        nbits = obits;
    }
    spin_unlock(&t->lock);
    kfree(nfd);
    kfree(nbits);
    return 0;
}

int fd_install_min(struct fdtable *t, struct file *f, unsigned minfd, bool cloexec)
{
    for (;;) {
        spin_lock(&t->lock);
        unsigned limit = MIN(t->nofile, (unsigned)NOFILE_MAX);
        if (minfd >= limit) {
            spin_unlock(&t->lock);
            return -EINVAL;
        }
        unsigned fd = minfd;
        while (fd < t->cap && fd < limit && t->fd[fd])
            fd++;
        if (fd >= limit) {
            spin_unlock(&t->lock);
            return -EMFILE;
        }
        if (fd < t->cap) {
            t->fd[fd] = f;
            cloexec_set(t, fd, cloexec);
            spin_unlock(&t->lock);
            return (int)fd;
        }
        spin_unlock(&t->lock);
        int err = grow(t, fd);
        if (err)
            return err;
    }
}

int fd_install(struct fdtable *t, struct file *f, bool cloexec)
{
    int fd = fd_install_min(t, f, 0, cloexec);
    return fd == -EINVAL ? -EMFILE : fd;
}

int fd_install_at(struct fdtable *t, int fd, struct file *f, bool cloexec)
{
    spin_lock(&t->lock);
    unsigned limit = MIN(t->nofile, (unsigned)NOFILE_MAX);
    spin_unlock(&t->lock);
    if (fd < 0 || (unsigned)fd >= limit)
        return -EBADF;
    int err = grow(t, (unsigned)fd);
    if (err)
        return err;
    spin_lock(&t->lock);
    struct file *old = t->fd[fd];
    t->fd[fd] = f;
    cloexec_set(t, (unsigned)fd, cloexec);
    spin_unlock(&t->lock);
    file_put(old);
    return fd;
}

struct file *fdtable_file(struct fdtable *t, int fd)
{
    struct file *f = NULL;
    spin_lock(&t->lock);
    if (fd >= 0 && (unsigned)fd < t->cap && (f = t->fd[fd]))
        file_get(f);
    spin_unlock(&t->lock);
    return f;
}

int fd_close(struct fdtable *t, int fd)
{
    struct file *f = NULL;
    spin_lock(&t->lock);
    if (fd >= 0 && (unsigned)fd < t->cap && (f = t->fd[fd])) {
        t->fd[fd] = NULL;
        cloexec_set(t, (unsigned)fd, false);
    }
    spin_unlock(&t->lock);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

void fd_close_range(struct fdtable *t, unsigned lo, unsigned hi, bool cloexec_only)
{
    for (unsigned fd = lo; fd <= hi; fd++) {
        spin_lock(&t->lock);
        if (fd >= t->cap) {
            spin_unlock(&t->lock);
            return;
        }
        struct file *f = NULL;
        if (t->fd[fd]) {
            if (cloexec_only) {
                cloexec_set(t, fd, true);
            } else {
                f = t->fd[fd];
                t->fd[fd] = NULL;
                cloexec_set(t, fd, false);
            }
        }
        spin_unlock(&t->lock);
        file_put(f);
        if (fd == UINT32_MAX)
            return;
    }
}

int fd_get_flags(struct fdtable *t, int fd)
{
    int r = -EBADF;
    spin_lock(&t->lock);
    if (fd >= 0 && (unsigned)fd < t->cap && t->fd[fd])
        r = cloexec_test(t, (unsigned)fd) ? 1 : 0;
    spin_unlock(&t->lock);
    return r;
}

int fd_set_flags(struct fdtable *t, int fd, int flags)
{
    int r = -EBADF;
    spin_lock(&t->lock);
    if (fd >= 0 && (unsigned)fd < t->cap && t->fd[fd]) {
        cloexec_set(t, (unsigned)fd, flags & 1);
        r = 0;
    }
    spin_unlock(&t->lock);
    return r;
}
