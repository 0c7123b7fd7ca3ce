/* The newc cpio parser (Linux init/initramfs.c; the format in
 * Documentation/driver-api/early-userspace/buffer-format.rst): a 110-byte
 * ASCII header "070701" (or "070702" with checksums) of thirteen 8-digit
 * hex fields, the NUL-terminated name, padding to 4, the data, padding to
 * 4. Every length is checked against the buffer before it is used. */
#include <kernel/cpio.h>
#include <kernel/string.h>
#include <uapi/errno.h>

static int hex8(const char *s, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 8; k++) {
        char c = s[k];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -EINVAL;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

int cpio_next(const void *data, size_t len, size_t *off, struct cpio_entry *e)
{
    const char *p = data;
    size_t o = *off;
    /* Zero padding between concatenated archives, in 4-byte steps. */
    while (o < len && p[o] == '\0')
        o++;
    if (o >= len) {
        *off = len;
        return 0;
    }
    o = *off + ALIGN_DOWN(o - *off, 4);
    if (len - o < CPIO_HDR_LEN)
        return -EINVAL;
    const char *h = p + o;
    if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
        return -EINVAL;
    uint32_t f[13];
    for (int k = 0; k < 13; k++)
        if (hex8(h + 6 + 8 * k, &f[k]))
            return -EINVAL;
    memset(e, 0, sizeof(*e));
    e->ino = f[0];
    e->mode = f[1];
    e->uid = f[2];
    e->gid = f[3];
    e->nlink = f[4];
    e->mtime = f[5];
    e->filesize = f[6];
    e->devmajor = f[7];
    e->devminor = f[8];
    e->rdevmajor = f[9];
    e->rdevminor = f[10];
    e->namesize = f[11];
    size_t name_off = o + CPIO_HDR_LEN;
    if (e->namesize == 0 || e->namesize > len - name_off)
        return -EINVAL;
    e->name = p + name_off;
    if (e->name[e->namesize - 1] != '\0')
        return -EINVAL;
    size_t data_off = ALIGN_UP(name_off + e->namesize, 4);
    if (data_off > len || e->filesize > len - data_off)
        return -EINVAL;
    e->data = (const uint8_t *)p + data_off;
    size_t end = data_off + (size_t)e->filesize;
    end = ALIGN_UP(end, 4);
    *off = end > len ? len : end;
    return 1;
}
