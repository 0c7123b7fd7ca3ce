/* Identification of the CPU the kernel runs on, for the banner and /proc/cpuinfo. */
#ifndef KERNEL_CPUINFO_H
#define KERNEL_CPUINFO_H

#include <kernel/types.h>

struct cpu_info {
    uint64_t midr;
    unsigned implementer, part, variant, revision;
    const char *name;
    unsigned current_el;
};

void cpu_describe(struct cpu_info *info);

#endif
