/* arm64-private CPU setup and identification. */
#ifndef ARM64_CPU_H
#define ARM64_CPU_H

#include <kernel/cpuinfo.h>

/* Point TPIDR_EL1 at percpu_area[id] and give it an overflow stack. */
void cpu_setup_percpu(unsigned id, uint64_t overflow_stack_top);

#endif
