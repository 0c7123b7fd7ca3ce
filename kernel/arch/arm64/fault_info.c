/* Decoding of data/instruction abort status codes (DFSC/IFSC, ARM DDI 0487
 * L.b, D19.2.37 ESR_EL1 ISS encoding for aborts), one entry per code: a
 * name for reports, and the signal and si_code a user fault becomes
 * (Linux arch/arm64/mm/fault.c keeps the same kind of table). */
#include <uapi/signal.h>

#include "fault_info.h"

#define F(kind_, sig_, code_, name_)                                                               \
    {                                                                                              \
        kind_, sig_, code_, name_                                                                  \
    }

static const struct fault_info fault_table[64] = {
    [0x00] = F(FAULT_OTHER, SIGSEGV, SEGV_MAPERR, "address size fault, level 0"),
    [0x01] = F(FAULT_OTHER, SIGSEGV, SEGV_MAPERR, "address size fault, level 1"),
    [0x02] = F(FAULT_OTHER, SIGSEGV, SEGV_MAPERR, "address size fault, level 2"),
    [0x03] = F(FAULT_OTHER, SIGSEGV, SEGV_MAPERR, "address size fault, level 3"),
    [0x04] = F(FAULT_TRANSLATION, SIGSEGV, SEGV_MAPERR, "translation fault, level 0"),
    [0x05] = F(FAULT_TRANSLATION, SIGSEGV, SEGV_MAPERR, "translation fault, level 1"),
    [0x06] = F(FAULT_TRANSLATION, SIGSEGV, SEGV_MAPERR, "translation fault, level 2"),
    [0x07] = F(FAULT_TRANSLATION, SIGSEGV, SEGV_MAPERR, "translation fault, level 3"),
    [0x09] = F(FAULT_ACCESS_FLAG, SIGSEGV, SEGV_ACCERR, "access flag fault, level 1"),
    [0x0a] = F(FAULT_ACCESS_FLAG, SIGSEGV, SEGV_ACCERR, "access flag fault, level 2"),
    [0x0b] = F(FAULT_ACCESS_FLAG, SIGSEGV, SEGV_ACCERR, "access flag fault, level 3"),
    [0x0d] = F(FAULT_PERMISSION, SIGSEGV, SEGV_ACCERR, "permission fault, level 1"),
    [0x0e] = F(FAULT_PERMISSION, SIGSEGV, SEGV_ACCERR, "permission fault, level 2"),
    [0x0f] = F(FAULT_PERMISSION, SIGSEGV, SEGV_ACCERR, "permission fault, level 3"),
    [0x10] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "synchronous external abort"),
    [0x11] = F(FAULT_OTHER, SIGSEGV, SEGV_ACCERR, "synchronous tag check fault"),
    [0x14] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "external abort on table walk, level 0"),
    [0x15] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "external abort on table walk, level 1"),
    [0x16] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "external abort on table walk, level 2"),
    [0x17] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "external abort on table walk, level 3"),
    [0x18] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "parity/ECC error"),
    [0x1c] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "parity/ECC error on table walk, level 0"),
    [0x1d] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "parity/ECC error on table walk, level 1"),
    [0x1e] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "parity/ECC error on table walk, level 2"),
    [0x1f] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "parity/ECC error on table walk, level 3"),
    [0x21] = F(FAULT_ALIGNMENT, SIGBUS, BUS_ADRALN, "alignment fault"),
    [0x30] = F(FAULT_OTHER, SIGSEGV, SEGV_MAPERR, "TLB conflict abort"),
    [0x31] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "unsupported atomic hardware update"),
    [0x34] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "implementation defined (lockdown)"),
    [0x35] = F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "implementation defined (unsupported exclusive)"),
};

static const struct fault_info unknown_fault =
    F(FAULT_OTHER, SIGBUS, BUS_OBJERR, "unknown fault status code");

const struct fault_info *fault_info_for(uint64_t esr)
{
    const struct fault_info *info = &fault_table[esr & 0x3f];
    return info->name ? info : &unknown_fault;
}

const char *exception_class_name(unsigned ec)
{
    static const char *const names[64] = {
        [0x00] = "unknown reason",
        [0x01] = "WFI/WFE",
        [0x07] = "FP/SIMD access",
        [0x0e] = "illegal execution state",
        [0x15] = "SVC (AArch64)",
        [0x18] = "MSR/MRS/system instruction",
        [0x20] = "instruction abort from EL0",
        [0x21] = "instruction abort from EL1",
        [0x22] = "PC alignment fault",
        [0x24] = "data abort from EL0",
        [0x25] = "data abort from EL1",
        [0x26] = "SP alignment fault",
        [0x2c] = "floating-point exception",
        [0x2f] = "SError",
        [0x30] = "breakpoint from EL0",
        [0x31] = "breakpoint from EL1",
        [0x32] = "software step from EL0",
        [0x33] = "software step from EL1",
        [0x34] = "watchpoint from EL0",
        [0x35] = "watchpoint from EL1",
        [0x3c] = "BRK instruction",
    };
    const char *name = ec < 64 ? names[ec] : 0;
    return name ? name : "unrecognized exception class";
}
