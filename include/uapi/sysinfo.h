/* sysinfo(2)'s struct sysinfo (include/uapi/linux/sysinfo.h), 64-bit
 * layout: the padding array _f is empty when longs are 8 bytes. */
#ifndef UAPI_SYSINFO_H
#define UAPI_SYSINFO_H

#include <stddef.h>
#include <stdint.h>

#define SI_LOAD_SHIFT 16

struct sysinfo {
    int64_t uptime; /* seconds since boot */
    uint64_t loads[3];
    uint64_t totalram;
    uint64_t freeram;
    uint64_t sharedram;
    uint64_t bufferram;
    uint64_t totalswap;
    uint64_t freeswap;
    uint16_t procs;
    uint16_t pad;
    uint64_t totalhigh;
    uint64_t freehigh;
    uint32_t mem_unit;
};
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo is 112 bytes on arm64");
_Static_assert(offsetof(struct sysinfo, procs) == 80, "procs at 80");
_Static_assert(offsetof(struct sysinfo, totalhigh) == 88, "totalhigh at 88");
_Static_assert(offsetof(struct sysinfo, mem_unit) == 104, "mem_unit at 104");

#endif
