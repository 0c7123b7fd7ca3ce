/* arm64 signal frames (signal_frame.c): the PSTATE rules for registers
 * that come from user space (rt_sigreturn; later ptrace). */
#ifndef ARM64_SIGNAL_FRAME_H
#define ARM64_SIGNAL_FRAME_H

#include <kernel/types.h>

/* SPSR_EL1 fields (ARM DDI 0487 L.b, C5.2.19). */
#define PSR_MODE_MASK 0x0000000fUL /* M[3:0]: 0 = EL0t */
#define PSR_MODE32    0x00000010UL /* M[4]: AArch32 */
#define PSR_F         0x00000040UL
#define PSR_I         0x00000080UL
#define PSR_A         0x00000100UL
#define PSR_D         0x00000200UL
#define PSR_BTYPE     0x00000c00UL
#define PSR_SS        0x00200000UL
#define PSR_TCO       0x02000000UL
#define PSR_NZCV      0xf0000000UL

/* Bits user space may not set: reserved, or meaningful only to the kernel
 * (PAN, UAO, IL); Linux 6.1 arch/arm64/kernel/ptrace.c
 * SPSR_EL1_AARCH64_RES0_BITS. */
#define PSR_USER_RES0                                                                              \
    (0xffffffff00000000UL | 0x0c000000UL | 0x00c00000UL | 0x001fe000UL | 0x00000020UL)

/* Linux valid_user_regs() for AArch64: clear reserved bits and SS; if what
 * remains is not EL0t AArch64 with D, A, I, F clear, keep only NZCV and
 * report it invalid. Never lets user space reach EL1 or mask interrupts. */
uint64_t arm64_user_pstate(uint64_t pstate, bool *valid);

#endif
