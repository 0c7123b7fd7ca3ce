/* The newc cpio format (the initramfs; Linux init/initramfs.c and
 * Documentation/driver-api/early-userspace/buffer-format.rst). */
#ifndef KERNEL_CPIO_H
#define KERNEL_CPIO_H

#include <kernel/types.h>

#define CPIO_HDR_LEN 110

/* One parsed header; name points into the archive (NUL-terminated there),
 * data too. */
struct cpio_entry {
    uint32_t ino, mode, uid, gid, nlink, mtime;
    uint64_t filesize;
    uint32_t devmajor, devminor, rdevmajor, rdevminor;
    const char *name;
    size_t namesize; /* with the NUL */
    const uint8_t *data;
};

/* Parse the entry at *off of data[0..len): 1 with *off advanced past it,
 * 0 at TRAILER!!!, -EINVAL if malformed or truncated. Zero padding between
 * archives (as Linux accepts) is skipped. */
int cpio_next(const void *data, size_t len, size_t *off, struct cpio_entry *e);

#endif
