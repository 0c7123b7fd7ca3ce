/* The arm64 half of task switching (kernel/proc/task_internal.h): the
 * callee-saved registers switch in context.S; here the user-visible state
 * that the kernel does not use itself: FP/SIMD registers and TPIDR_EL0. */
#include <kernel/mm.h>
#include <kernel/string.h>
#include <kernel/task.h>

#include "../../proc/task_internal.h"
#include "sysreg.h"

struct task *cpu_switch_to(struct task *prev, struct task *next);
void task_trampoline(void);
void fpsimd_save(struct fpsimd_state *st);
void fpsimd_restore(const struct fpsimd_state *st);

_Static_assert(offsetof(struct task, ctx) == 0, "context.S expects ctx first");
_Static_assert(offsetof(struct cpu_context, sp) == 16 * 6, "context.S layout");
_Static_assert(offsetof(struct fpsimd_state, fpsr) == 512, "context.S layout");

void arch_task_init(struct task *t, void (*fn)(void *), void *arg)
{
    t->ctx.x19 = (uint64_t)fn;
    t->ctx.x20 = (uint64_t)arg;
    t->ctx.lr = (uint64_t)task_trampoline;
    t->ctx.fp = 0; /* backtraces end here */
    t->ctx.sp = (uint64_t)t->kstack_top;
}

struct task *arch_switch_task(struct task *prev, struct task *next)
{
    /* Only user tasks own FP state (the kernel is -mgeneral-regs-only). */
    if (prev->mm) {
        fpsimd_save(&prev->fp);
        prev->tls = read_sysreg(tpidr_el0);
    }
    if (next->mm) {
        fpsimd_restore(&next->fp);
        write_sysreg(tpidr_el0, next->tls);
        if (next->mm != prev->mm)
            mm_activate(next->mm);
    } else if (prev->mm) {
        /* A kernel thread never uses TTBR0; turn walks off so the previous
         * table may be freed on another CPU without this one still
         * (speculatively) walking it. */
        mm_activate(NULL);
    }
    return cpu_switch_to(prev, next);
}

void arch_fork_user_state(struct task *child)
{
    /* The parent's FP/SIMD registers and TLS live in the CPU while it runs;
     * the child starts from a snapshot of them. */
    fpsimd_save(&child->fp);
    child->tls = read_sysreg(tpidr_el0);
}

void arch_exec_user_state(struct task *t)
{
    /* A new program starts with zeroed FP/SIMD registers, FPCR/FPSR 0 and
     * no thread pointer (Linux fpsimd_flush_thread, tls_thread_flush). */
    memset(&t->fp, 0, sizeof(t->fp));
    fpsimd_restore(&t->fp);
    t->tls = 0;
    write_sysreg(tpidr_el0, 0);
}
