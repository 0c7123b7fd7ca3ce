/* C side of exception entry (vectors.S): synchronous exceptions from EL1
 * and EL0, unexpected vectors, kernel stack overflow. */
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/trap_frame.h>

#include "exception.h"
#include "fault_info.h"
#include "sysreg.h"
#include "trap_frame_offsets.h"

_Static_assert(offsetof(struct trap_frame, regs[30]) == TF_X30, "TF_X30");
_Static_assert(offsetof(struct trap_frame, sp) == TF_SP, "TF_SP");
_Static_assert(offsetof(struct trap_frame, pc) == TF_PC, "TF_PC");
_Static_assert(offsetof(struct trap_frame, esr) == TF_ESR, "TF_ESR");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
_Static_assert(TF_SIZE % 16 == 0, "SP must stay 16-byte aligned (D1.8.2)");
_Static_assert(offsetof(struct percpu, overflow_stack_top) == PERCPU_OVERFLOW_STACK_TOP,
               "vectors.S reads the overflow stack at this offset");

struct ex_table_entry {
    uint64_t insn;
    uint64_t fixup;
};

extern const struct ex_table_entry __ex_table_start[], __ex_table_end[];

/* A fault at an instruction listed in __ex_table resumes at its fixup. */
static bool fixup_exception(struct trap_frame *frame)
{
    /* cppcheck-suppress comparePointers ; linker-defined bounds of __ex_table */
    for (const struct ex_table_entry *e = __ex_table_start; e < __ex_table_end; e++) {
        if (e->insn == frame->pc) {
            frame->pc = e->fixup;
            return true;
        }
    }
    return false;
}

static void kernel_abort(struct trap_frame *frame)
{
    const struct fault_info *info = fault_info_for(frame->esr);
    if (fixup_exception(frame))
        return;
    bool write = ESR_EC(frame->esr) == ESR_EC_DABT_CUR && (frame->esr & ESR_WNR);
    panic_frame(frame, "kernel %s at address %#lx: %s (%s)",
                ESR_EC(frame->esr) == ESR_EC_IABT_CUR ? "instruction fetch"
                : write                               ? "write"
                                                      : "read",
                (unsigned long)frame->far, info->name, exception_class_name(ESR_EC(frame->esr)));
}

void el1_sync_handler(struct trap_frame *frame)
{
    unsigned ec = ESR_EC(frame->esr);
    switch (ec) {
    case ESR_EC_DABT_CUR:
    case ESR_EC_IABT_CUR:
        kernel_abort(frame);
        return;
    case ESR_EC_BRK64:
        panic_frame(frame, "BRK #%#lx in kernel", (unsigned long)ESR_ISS(frame->esr) & 0xffff);
    default:
        panic_frame(frame, "unexpected synchronous exception in kernel: %s (ESR %#lx)",
                    exception_class_name(ec), (unsigned long)frame->esr);
    }
}

void el0_sync_handler(struct trap_frame *frame)
{
    /* User space does not exist yet; an EL0 trap means something ran
     * where nothing should. */
    panic_frame(frame, "unexpected exception from EL0: %s (ESR %#lx)",
                exception_class_name(ESR_EC(frame->esr)), (unsigned long)frame->esr);
}

void bad_exception(struct trap_frame *frame, int kind)
{
    static const char *const kinds[] = {
        "exception on SP_EL0 in EL1",
        "FIQ in EL1",
        "SError in EL1",
        "FIQ from EL0",
        "SError from EL0",
        "exception from AArch32",
    };
    panic_frame(frame, "unhandled %s", kinds[kind]);
}

void kernel_stack_overflow(struct trap_frame *frame, uint64_t bad_sp)
{
    frame->sp = bad_sp + TF_SIZE;
    panic_frame(frame, "kernel stack overflow: SP %#lx is in the guard page",
                (unsigned long)bad_sp);
}
