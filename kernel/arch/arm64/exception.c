/* C side of exception entry (vectors.S): synchronous exceptions from EL1
 * and EL0, unexpected vectors, kernel stack overflow. */
#include <kernel/arch.h>
#include <kernel/mm.h>
#include <kernel/panic.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/task.h>
#include <uapi/errno.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/trap_frame.h>

#include "exception.h"

#define PSR_I_BIT       (1UL << 7)
#define ESR_EC_FP_EXC64 0x2c /* trapped floating-point exception (AArch64) */
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

static unsigned abort_access(uint64_t esr)
{
    unsigned ec = ESR_EC(esr);
    if (ec == ESR_EC_IABT_LOW || ec == ESR_EC_IABT_CUR)
        return PGPROT_EXEC;
    return (esr & ESR_WNR) ? PGPROT_WRITE : PGPROT_READ;
}

/* A kernel access to a user address (copy_to_user and friends) may touch a
 * page not yet present: resolve it like a user fault, in the context of
 * the task, with interrupts as they were. */
static bool resolve_user_fault_from_kernel(struct trap_frame *frame, const struct fault_info *info)
{
    struct task *t = current_task();
    if (frame->far >= USER_VA_END || !t || !t->mm ||
        (info->kind != FAULT_TRANSLATION && info->kind != FAULT_PERMISSION))
        return false;
    if (!(frame->pstate & PSR_I_BIT))
        arch_irq_enable();
    int err = mm_fault(t->mm, frame->far, abort_access(frame->esr));
    arch_irq_disable();
    return err == 0;
}

static void kernel_abort(struct trap_frame *frame)
{
    const struct fault_info *info = fault_info_for(frame->esr);
    if (resolve_user_fault_from_kernel(frame, info))
        return;
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

/* A user fault becomes a signal to the faulting thread (Linux
 * arm64_force_sig_fault): a handler may catch it; if it is blocked or
 * ignored the process dies of it. Logged, as Linux does
 * (show_unhandled_signals), only when nothing will catch it. */
static void user_fault(struct trap_frame *frame, int signo, int code, uint64_t addr,
                       const char *what)
{
    struct task *t = current_task();
    if (!signal_has_handler(signo))
        pr_info("%s[%d]: unhandled %s at %#lx pc %#lx (ESR %#lx)\n", t->comm, t->pid, what,
                (unsigned long)frame->far, (unsigned long)frame->pc, (unsigned long)frame->esr);
    signal_force_fault(signo, code, addr, frame->esr);
}

static void user_abort(struct trap_frame *frame)
{
    const struct fault_info *info = fault_info_for(frame->esr);
    struct task *t = current_task();
    int code = info->si_code;
    if (info->kind == FAULT_TRANSLATION || info->kind == FAULT_PERMISSION) {
        int err = mm_fault(t->mm, frame->far, abort_access(frame->esr));
        if (err == 0)
            return;
        if (err == -ENOMEM) {
            pr_info("%s[%d]: out of memory at %#lx; killed\n", t->comm, t->pid,
                    (unsigned long)frame->far);
            signal_send_process(t, SIGKILL, NULL);
            return;
        }
        /* No area: SEGV_MAPERR; an area that forbids the access: ACCERR. */
        code = err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR;
    }
    user_fault(frame, info->signo, code, frame->far, info->name);
}

/* FP exception traps (ESR ISS for EC 0x2c, D19.2.36): the first flag set
 * names the si_code (Linux do_fpsimd_exc). */
static int fpe_code(uint64_t esr)
{
    if (esr & (1u << 0))
        return FPE_FLTINV;
    if (esr & (1u << 1))
        return FPE_FLTDIV;
    if (esr & (1u << 2))
        return FPE_FLTOVF;
    if (esr & (1u << 3))
        return FPE_FLTUND;
    if (esr & (1u << 4))
        return FPE_FLTRES;
    return 14; /* FPE_FLTUNK */
}

void el0_sync_handler(struct trap_frame *frame)
{
    arch_irq_enable(); /* user space ran with interrupts on; so does its trap */
    switch (ESR_EC(frame->esr)) {
    case ESR_EC_SVC64:
        syscall_dispatch(frame);
        return;
    case ESR_EC_DABT_LOW:
    case ESR_EC_IABT_LOW:
        user_abort(frame);
        return;
    case ESR_EC_PC_ALIGN:
        user_fault(frame, SIGBUS, BUS_ADRALN, frame->far, "misaligned PC");
        return;
    case ESR_EC_SP_ALIGN:
        user_fault(frame, SIGBUS, BUS_ADRALN, frame->sp, "misaligned SP");
        return;
    case ESR_EC_BRK64:
        user_fault(frame, SIGTRAP, TRAP_BRKPT, frame->pc, "breakpoint");
        return;
    case ESR_EC_FP_EXC64:
        user_fault(frame, SIGFPE, fpe_code(frame->esr), frame->pc, "floating-point exception");
        return;
    default:
        user_fault(frame, SIGILL, ILL_ILLOPC, frame->pc, exception_class_name(ESR_EC(frame->esr)));
    }
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
