/* Arm semihosting exit (Arm "Semihosting for AArch32 and AArch64" v3,
 * SYS_EXIT_EXTENDED 0x20): ends QEMU with a chosen status when QEMU runs
 * with -semihosting. Only used when the command line asks for it
 * (ktest.exit=semihosting), since without -semihosting the HLT traps. */
#include <kernel/arch.h>
#include <kernel/machine.h>

#define SYS_EXIT_EXTENDED            0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

void arch_semihost_exit(int status)
{
    uint64_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)status};
    register uint64_t x0 __asm__("x0") = SYS_EXIT_EXTENDED;
    register uint64_t x1 __asm__("x1") = (uint64_t)block;
    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}
