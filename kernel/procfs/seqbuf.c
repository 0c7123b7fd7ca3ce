/* A growing text buffer for procfs files (the part of Linux's seq_file
 * that procfs needs here: the whole text is made at open). Portable. */
#include <kernel/format.h>
#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include "procfs_internal.h"

void seq_init(struct seqbuf *m)
{
    m->buf = NULL;
    m->len = m->cap = 0;
    m->err = 0;
}

void seq_free(struct seqbuf *m)
{
    kfree(m->buf);
    seq_init(m);
}

/* Room for n more bytes plus a NUL: true if there is. */
static bool reserve(struct seqbuf *m, size_t n)
{
    if (m->err)
        return false;
    size_t need = m->len + n + 1;
    if (need <= m->cap)
        return true;
    if (need > SEQBUF_MAX) {
        m->err = -ENOMEM;
        return false;
    }
    size_t cap = m->cap ? m->cap : 256;
    while (cap < need)
        cap *= 2;
    char *nb = kmalloc(cap);
    if (!nb) {
        m->err = -ENOMEM;
        return false;
    }
    if (m->len)
        memcpy(nb, m->buf, m->len);
    kfree(m->buf);
    m->buf = nb;
    m->cap = cap;
    return true;
}

void seq_write(struct seqbuf *m, const void *p, size_t n)
{
    if (!n || !reserve(m, n))
        return;
    memcpy(m->buf + m->len, p, n);
    m->len += n;
    m->buf[m->len] = '\0';
}

void seq_puts(struct seqbuf *m, const char *s)
{
    seq_write(m, s, strlen(s));
}

void seq_putc(struct seqbuf *m, char c)
{
    seq_write(m, &c, 1);
}

void seq_printf(struct seqbuf *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[160];
    int n = vsnformat(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        m->err = -ENOMEM;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        seq_write(m, small, (size_t)n);
        return;
    }
    if (!reserve(m, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnformat(m->buf + m->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    m->len += (size_t)n;
}

void seq_pad_to(struct seqbuf *m, size_t line_start, size_t col)
{
    while (!m->err && m->len - line_start < col)
        seq_putc(m, ' ');
}
