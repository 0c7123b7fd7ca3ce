/* statfs(2) (asm-generic/statfs.h with 64-bit words) and file-system magic
 * numbers (include/uapi/linux/magic.h). */
#ifndef UAPI_STATFS_H
#define UAPI_STATFS_H

#include <kernel/types.h>

struct statfs {
    int64_t f_type;
    int64_t f_bsize;
    uint64_t f_blocks;
    uint64_t f_bfree;
    uint64_t f_bavail;
    uint64_t f_files;
    uint64_t f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen;
    int64_t f_frsize;
    int64_t f_flags;
    int64_t f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "struct statfs is 120 bytes on arm64");
_Static_assert(offsetof(struct statfs, f_fsid) == 56, "f_fsid");
_Static_assert(offsetof(struct statfs, f_namelen) == 64, "f_namelen");
_Static_assert(offsetof(struct statfs, f_flags) == 80, "f_flags");

#define TMPFS_MAGIC      0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define RAMFS_MAGIC      0x858458f6

/* f_flags (ST_* of statvfs, Linux's calculate_f_flags) */
#define ST_RDONLY   0x0001
#define ST_NOSUID   0x0002
#define ST_NODEV    0x0004
#define ST_NOEXEC   0x0008
#define ST_VALID    0x0020
#define ST_NOATIME  0x0400
#define ST_RELATIME 0x1000

#endif
