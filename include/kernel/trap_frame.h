/* Registers saved on exception entry (kernel/arch/arm64/vectors.S). */
#ifndef KERNEL_TRAP_FRAME_H
#define KERNEL_TRAP_FRAME_H

#include <kernel/types.h>

struct trap_frame {
    uint64_t regs[31]; /* x0..x30 */
    uint64_t sp;       /* SP_EL0 for traps from user space, else the kernel SP */
    uint64_t pc;       /* ELR_EL1 */
    uint64_t pstate;   /* SPSR_EL1 */
    uint64_t esr;      /* ESR_EL1 at entry */
    uint64_t far;      /* FAR_EL1 at entry */
};

#endif
