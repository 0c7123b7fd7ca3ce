/* AT_HWCAP/AT_HWCAP2 from the CPU's ID registers, as Linux's
 * arch/arm64/kernel/cpufeature.c arm64_elf_hwcaps table derives them
 * (field positions: ARM DDI 0487 L.b, D19.2.61 ID_AA64ISAR0_EL1 and
 * D19.2.64 ID_AA64PFR0_EL1). HWCAP_CPUID is not offered: Linux emulates
 * EL0 reads of the ID registers, which we do not. */
#include <kernel/arch.h>
#include <uapi/auxvec.h>

#include "sysreg.h"

static unsigned field(uint64_t reg, unsigned shift)
{
    return (unsigned)(reg >> shift) & 0xf;
}

uint64_t arch_elf_hwcap(void)
{
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
    uint64_t hw = 0;
    unsigned fp = field(pfr0, 16), simd = field(pfr0, 20);
    if (fp != 0xf)
        hw |= HWCAP_FP | (fp >= 1 ? HWCAP_FPHP : 0);
    if (simd != 0xf)
        hw |= HWCAP_ASIMD | (simd >= 1 ? HWCAP_ASIMDHP : 0);
    unsigned aes = field(isar0, 4);
    hw |= aes >= 1 ? HWCAP_AES : 0;
    hw |= aes >= 2 ? HWCAP_PMULL : 0;
    hw |= field(isar0, 8) >= 1 ? HWCAP_SHA1 : 0;
    hw |= field(isar0, 12) >= 1 ? HWCAP_SHA2 : 0;
    hw |= field(isar0, 12) >= 2 ? HWCAP_SHA512 : 0;
    hw |= field(isar0, 16) >= 1 ? HWCAP_CRC32 : 0;
    hw |= field(isar0, 20) >= 2 ? HWCAP_ATOMICS : 0;
    hw |= field(isar0, 28) >= 1 ? HWCAP_ASIMDRDM : 0;
    hw |= field(isar0, 32) >= 1 ? HWCAP_SHA3 : 0;
    hw |= field(isar0, 36) >= 1 ? HWCAP_SM3 : 0;
    hw |= field(isar0, 40) >= 1 ? HWCAP_SM4 : 0;
    hw |= field(isar0, 44) >= 1 ? HWCAP_ASIMDDP : 0;
    hw |= field(isar0, 48) >= 1 ? HWCAP_ASIMDFHM : 0;
    return hw;
}

uint64_t arch_elf_hwcap2(void)
{
    return 0;
}
