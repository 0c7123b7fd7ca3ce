/* System-register access and barriers (ARM DDI 0487 L.b, C5 and B2.3).
 * Private to kernel/arch/arm64: the rest of the kernel uses include/kernel/arch.h. */
#ifndef ARM64_SYSREG_H
#define ARM64_SYSREG_H

#include <kernel/types.h>

#define read_sysreg(r)                                                                             \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " #r : "=r"(v_));                                                \
        v_;                                                                                        \
    })

#define write_sysreg(r, v)                                                                         \
    do {                                                                                           \
        uint64_t v_ = (uint64_t)(v);                                                               \
        __asm__ volatile("msr " #r ", %x0" ::"rZ"(v_));                                            \
    } while (0)

/* GICv3 CPU-interface registers by encoding, so older assemblers accept them. */
#define read_sysreg_s(enc)                                                                         \
    ({                                                                                             \
        uint64_t v_;                                                                               \
        __asm__ volatile("mrs %0, " enc : "=r"(v_));                                               \
        v_;                                                                                        \
    })
#define write_sysreg_s(enc, v)                                                                     \
    do {                                                                                           \
        uint64_t v_ = (uint64_t)(v);                                                               \
        __asm__ volatile("msr " enc ", %x0" ::"rZ"(v_));                                           \
    } while (0)

#define isb()    __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")

/* ESR_EL1 exception classes (D19.2.37). */
#define ESR_EC_SHIFT       26
#define ESR_EC_UNKNOWN     0x00
#define ESR_EC_WFX         0x01
#define ESR_EC_FP_ASIMD    0x07
#define ESR_EC_ILLEGAL     0x0e
#define ESR_EC_SVC64       0x15
#define ESR_EC_SYS64       0x18
#define ESR_EC_IABT_LOW    0x20
#define ESR_EC_IABT_CUR    0x21
#define ESR_EC_PC_ALIGN    0x22
#define ESR_EC_DABT_LOW    0x24
#define ESR_EC_DABT_CUR    0x25
#define ESR_EC_SP_ALIGN    0x26
#define ESR_EC_SERROR      0x2f
#define ESR_EC_BREAKPT_LOW 0x30
#define ESR_EC_BREAKPT_CUR 0x31
#define ESR_EC_SSTEP_LOW   0x32
#define ESR_EC_SSTEP_CUR   0x33
#define ESR_EC_WATCHPT_LOW 0x34
#define ESR_EC_WATCHPT_CUR 0x35
#define ESR_EC_BRK64       0x3c

#define ESR_EC(esr)  (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr) ((esr)&0x1ffffff)
#define ESR_FSC(esr) ((esr)&0x3f) /* DFSC / IFSC */
#define ESR_WNR      (1UL << 6)   /* data abort caused by a write */

#endif
