/* tmpfs regular files: data in whole pages (kmalloc'ed, PAGE_SIZE each)
 * indexed by file page number; a missing page is a hole and reads as
 * zeros, so sparse files cost nothing. i_lock guards the page array and
 * i_size. Running out of memory (or over the size limit) is -ENOSPC, as
 * Linux shmem reports it. */
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#include "fs_internal.h"
#include "tmpfs_internal.h"

/* Largest file offset: beyond it writes fail with -EFBIG. */
#define TMPFS_MAX_BYTES (1ULL << 40)

struct tmpfs_data {
    char **pages;
    size_t cap; /* slots in pages */
};

static bool charge_page(void)
{
    uint64_t used = __atomic_add_fetch(&tmpfs_used_pages, 1, __ATOMIC_RELAXED);
    if (tmpfs_limit_pages && used > tmpfs_limit_pages) {
        __atomic_sub_fetch(&tmpfs_used_pages, 1, __ATOMIC_RELAXED);
        return false;
    }
    return true;
}

static void uncharge_page(void)
{
    __atomic_sub_fetch(&tmpfs_used_pages, 1, __ATOMIC_RELAXED);
}

static struct tmpfs_data *data_of(struct inode *i, bool create)
{
    if (!i->i_private && create)
        i->i_private = kzalloc(sizeof(struct tmpfs_data));
    return i->i_private;
}

/* The page for index idx, allocated if alloc: NULL for a hole (or with
 * *err on failure). i_lock held. */
static char *get_page(struct inode *i, uint64_t idx, bool alloc, int *err)
{
    struct tmpfs_data *d = data_of(i, alloc);
    if (!d) {
        *err = -ENOSPC;
        return NULL;
    }
    if (idx < d->cap && d->pages[idx])
        return d->pages[idx];
    if (!alloc)
        return NULL;
    if (idx >= d->cap) {
        size_t cap = MAX((size_t)idx + 1, MAX(d->cap * 2, (size_t)16));
        char **p = kcalloc(cap, sizeof(*p));
        if (!p) {
            *err = -ENOSPC;
            return NULL;
        }
        if (d->cap)
            memcpy(p, d->pages, d->cap * sizeof(*p));
        kfree(d->pages);
        d->pages = p;
        d->cap = cap;
    }
    if (!charge_page()) {
        *err = -ENOSPC;
        return NULL;
    }
    char *page = kzalloc(PAGE_SIZE);
    if (!page) {
        uncharge_page();
        *err = -ENOSPC;
        return NULL;
    }
    d->pages[idx] = page;
    i->i_blocks += PAGE_SIZE / 512;
    return page;
}

static long tmpfs_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    struct inode *i = f->f_inode;
    mutex_lock(&i->i_lock);
    uint64_t off = *pos, size = i->i_size;
    size_t want = off < size ? (size_t)MIN((uint64_t)buf->len, size - off) : 0;
    size_t done = 0;
    long err = 0;
    while (done < want) {
        size_t in = off & (PAGE_SIZE - 1), n = MIN(PAGE_SIZE - in, want - done);
        int e = 0;
        char *page = get_page(i, off >> PAGE_SHIFT, false, &e);
        e = page ? iobuf_copy_to(buf, done, page + in, n) : iobuf_zero(buf, done, n);
        if (e) {
            err = e;
            break;
        }
        done += n;
        off += n;
    }
    mutex_unlock(&i->i_lock);
    *pos = off;
    return done ? (long)done : err;
}

static long tmpfs_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    struct inode *i = f->f_inode;
    mutex_lock(&i->i_lock);
    uint64_t off = (f->f_flags & O_APPEND) ? i->i_size : *pos;
    size_t len = buf->len;
    long err = 0;
    if (off >= TMPFS_MAX_BYTES) {
        mutex_unlock(&i->i_lock);
        return -EFBIG;
    }
    len = (size_t)MIN((uint64_t)len, TMPFS_MAX_BYTES - off);
    size_t done = 0;
    while (done < len) {
        size_t in = off & (PAGE_SIZE - 1), n = MIN(PAGE_SIZE - in, len - done);
        int e = 0;
        char *page = get_page(i, off >> PAGE_SHIFT, true, &e);
        if (page)
            e = iobuf_copy_from(page + in, buf, done, n);
        if (e) {
            err = e;
            break;
        }
        done += n;
        off += n;
    }
    if (done) {
        if (off > i->i_size)
            i->i_size = off;
        inode_touch(i, ATTR_MTIME | ATTR_CTIME);
    }
    mutex_unlock(&i->i_lock);
    *pos = off;
    return done ? (long)done : err;
}

/* Drop pages wholly past size and zero the tail of the last one, so a
 * later extension reads zeros (POSIX truncate). */
int tmpfs_truncate(struct inode *i, uint64_t size)
{
    if (size > TMPFS_MAX_BYTES)
        return -EFBIG;
    mutex_lock(&i->i_lock);
    struct tmpfs_data *d = i->i_private;
    if (d && size < i->i_size) {
        uint64_t keep = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
        for (uint64_t idx = keep; idx < d->cap; idx++) {
            if (d->pages[idx]) {
                kfree(d->pages[idx]);
                d->pages[idx] = NULL;
                uncharge_page();
                i->i_blocks -= PAGE_SIZE / 512;
            }
        }
        size_t in = size & (PAGE_SIZE - 1);
        if (in && (size >> PAGE_SHIFT) < d->cap && d->pages[size >> PAGE_SHIFT])
            memset(d->pages[size >> PAGE_SHIFT] + in, 0, PAGE_SIZE - in);
    }
    if (size != i->i_size)
        inode_touch(i, ATTR_MTIME | ATTR_CTIME);
    i->i_size = size;
    mutex_unlock(&i->i_lock);
    return 0;
}

void tmpfs_free_data(struct inode *i)
{
    struct tmpfs_data *d = i->i_private;
    if (!d)
        return;
    for (size_t idx = 0; idx < d->cap; idx++) {
        if (d->pages[idx]) {
            kfree(d->pages[idx]);
            uncharge_page();
        }
    }
    kfree(d->pages);
    kfree(d);
    i->i_private = NULL;
}

/* fallocate(2) mode 0: allocate the pages now (so later writes cannot
 * fail for space) and extend the size. */
static int tmpfs_fallocate(struct file *f, int mode, uint64_t off, uint64_t len)
{
    struct inode *i = f->f_inode;
    if (mode != 0)
        return -EOPNOTSUPP;
    uint64_t end;
    if (__builtin_add_overflow(off, len, &end) || end > TMPFS_MAX_BYTES)
        return -EFBIG;
    mutex_lock(&i->i_lock);
    int err = 0;
    for (uint64_t idx = off >> PAGE_SHIFT; idx < (end + PAGE_SIZE - 1) >> PAGE_SHIFT; idx++) {
        if (!get_page(i, idx, true, &err))
            break;
    }
    if (!err && end > i->i_size) {
        i->i_size = end;
        inode_touch(i, ATTR_CTIME);
    }
    mutex_unlock(&i->i_lock);
    return err;
}

const struct file_ops tmpfs_file_ops = {
    .read = tmpfs_read,
    .write = tmpfs_write,
    .llseek = generic_file_llseek,
    .fallocate = tmpfs_fallocate,
};
