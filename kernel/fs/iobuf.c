/* Moving bytes to and from a struct iobuf (file.h): kernel buffers by
 * memcpy, user buffers only through copy_to_user/copy_from_user. */
#include <kernel/file.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

int iobuf_copy_to(const struct iobuf *b, size_t off, const void *src, size_t n)
{
    if (!b->user) {
        memcpy(b->kaddr + off, src, n);
        return 0;
    }
    return copy_to_user(b->uaddr + off, src, n) ? -EFAULT : 0;
}

int iobuf_copy_from(void *dst, const struct iobuf *b, size_t off, size_t n)
{
    if (!b->user) {
        memcpy(dst, b->kaddr + off, n);
        return 0;
    }
    return copy_from_user(dst, b->uaddr + off, n) ? -EFAULT : 0;
}

int iobuf_zero(const struct iobuf *b, size_t off, size_t n)
{
    static const char zeros[256];
    if (b->user)
        return clear_user(b->uaddr + off, n) ? -EFAULT : 0;
    while (n) {
        size_t k = MIN(n, sizeof(zeros));
        int err = iobuf_copy_to(b, off, zeros, k);
        if (err)
            return err;
        off += k;
        n -= k;
    }
    return 0;
}
