/* Task switching and the first entry of new tasks.
 *
 * cpu_switch_to(prev, next) saves the callee-saved registers (AAPCS64
 * 5.1.1: x19-x29, LR, SP) of prev into prev->ctx and loads next's; the
 * caller-saved ones are already on the stack by the C calling convention.
 * struct cpu_context sits at offset 0 of struct task (task.h). */

    .text
    .global cpu_switch_to
cpu_switch_to:
    mov     x9, sp
    stp     x19, x20, [x0, #16 * 0]
    stp     x21, x22, [x0, #16 * 1]
    stp     x23, x24, [x0, #16 * 2]
    stp     x25, x26, [x0, #16 * 3]
    stp     x27, x28, [x0, #16 * 4]
    stp     x29, x30, [x0, #16 * 5]
    str     x9, [x0, #16 * 6]
    ldp     x19, x20, [x1, #16 * 0]
    ldp     x21, x22, [x1, #16 * 1]
    ldp     x23, x24, [x1, #16 * 2]
    ldp     x25, x26, [x1, #16 * 3]
    ldp     x27, x28, [x1, #16 * 4]
    ldp     x29, x30, [x1, #16 * 5]
    ldr     x9, [x1, #16 * 6]
    mov     sp, x9
    ret

/* A new task's first return from cpu_switch_to lands here with x19 = the
 * function and x20 = its argument (set up by arch_task_init). */
    .global task_trampoline
task_trampoline:
    bl      sched_finish_switch
    mov     x0, x20
    blr     x19
    mov     x0, #0
    bl      task_exit            /* kernel threads that return just exit */

/* fpsimd_save(struct fpsimd_state *), fpsimd_restore(const struct ...):
 * V0-V31 then FPSR and FPCR (struct fpsimd_state in task.h). The kernel
 * is built without FP code, so it may touch these registers only here. */
    .global fpsimd_save
fpsimd_save:
    .arch_extension fp
    .arch_extension simd
    stp     q0, q1, [x0, #32 * 0]
    stp     q2, q3, [x0, #32 * 1]
    stp     q4, q5, [x0, #32 * 2]
    stp     q6, q7, [x0, #32 * 3]
    stp     q8, q9, [x0, #32 * 4]
    stp     q10, q11, [x0, #32 * 5]
    stp     q12, q13, [x0, #32 * 6]
    stp     q14, q15, [x0, #32 * 7]
    stp     q16, q17, [x0, #32 * 8]
    stp     q18, q19, [x0, #32 * 9]
    stp     q20, q21, [x0, #32 * 10]
    stp     q22, q23, [x0, #32 * 11]
    stp     q24, q25, [x0, #32 * 12]
    stp     q26, q27, [x0, #32 * 13]
    stp     q28, q29, [x0, #32 * 14]
    stp     q30, q31, [x0, #32 * 15]
    mrs     x1, fpsr
    mrs     x2, fpcr
    add     x0, x0, #512
    stp     w1, w2, [x0]
    ret

    .global fpsimd_restore
fpsimd_restore:
    ldp     q0, q1, [x0, #32 * 0]
    ldp     q2, q3, [x0, #32 * 1]
    ldp     q4, q5, [x0, #32 * 2]
    ldp     q6, q7, [x0, #32 * 3]
    ldp     q8, q9, [x0, #32 * 4]
    ldp     q10, q11, [x0, #32 * 5]
    ldp     q12, q13, [x0, #32 * 6]
    ldp     q14, q15, [x0, #32 * 7]
    ldp     q16, q17, [x0, #32 * 8]
    ldp     q18, q19, [x0, #32 * 9]
    ldp     q20, q21, [x0, #32 * 10]
    ldp     q22, q23, [x0, #32 * 11]
    ldp     q24, q25, [x0, #32 * 12]
    ldp     q26, q27, [x0, #32 * 13]
    ldp     q28, q29, [x0, #32 * 14]
    ldp     q30, q31, [x0, #32 * 15]
    add     x0, x0, #512
    ldp     w1, w2, [x0]
    msr     fpsr, x1
    msr     fpcr, x2
    ret
