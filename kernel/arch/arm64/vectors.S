/* Exception vectors (ARM DDI 0487 L.b, D1.10.2: 16 entries, 0x80 bytes
 * each, table 2 KiB aligned) and the register save/restore around them.
 * Every entry saves a struct trap_frame (trap_frame.h) and calls C. */
#include <kernel/memlayout.h>
#include "trap_frame_offsets.h"

/* Save x0-x30, the interrupted SP, ELR, SPSR, ESR and FAR. For EL1 entries
 * the frame has already been reserved by check_stack_overflow. */
.macro save_frame el
    .if \el == 0
    sub     sp, sp, #TF_SIZE
    .endif
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
    .if \el == 0
    mrs     x21, sp_el0
    mov     x29, xzr               /* backtraces stop at the user boundary */
    .else
    add     x21, sp, #TF_SIZE
    .endif
    mrs     x22, elr_el1
    mrs     x23, spsr_el1
    stp     x30, x21, [sp, #TF_X30]
    stp     x22, x23, [sp, #TF_PC]
    mrs     x24, esr_el1
    mrs     x25, far_el1
    stp     x24, x25, [sp, #TF_ESR]
.endm

.macro restore_frame el
    ldp     x22, x23, [sp, #TF_PC]
    msr     elr_el1, x22
    msr     spsr_el1, x23
    .if \el == 0
    ldr     x21, [sp, #TF_SP]
    msr     sp_el0, x21
    .endif
    ldp     x0, x1, [sp, #16 * 0]
    ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
    ldr     x30, [sp, #TF_X30]
    add     sp, sp, #TF_SIZE
    eret
.endm

/* Reserve a frame on the EL1 stack and check it did not run into the guard.
 * Kernel stacks live in the upper half of a 32 KiB-aligned slot whose lower
 * half is unmapped, so bit 14 of a valid SP is always 1. We have no free
 * register, so x0 is swapped through SP arithmetic and restored. */
.macro check_stack_overflow target
    sub     sp, sp, #TF_SIZE
    add     sp, sp, x0             /* sp = sp + x0 */
    sub     x0, sp, x0             /* x0 = original sp */
    tbnz    x0, #KSTACK_SHIFT, 1f
    sub     x0, sp, x0             /* x0 = original x0 */
    sub     sp, sp, x0             /* sp = original sp */
    b       el1_stack_overflow
1:  sub     x0, sp, x0
    sub     sp, sp, x0
    b       \target
.endm

.macro vector_entry label
    .balign 0x80
    b       \label
.endm

    .text
    .balign 2048
    .global exception_vectors
exception_vectors:
    /* Current EL with SP_EL0: the kernel never runs this way. */
    vector_entry el1t_invalid
    vector_entry el1t_invalid
    vector_entry el1t_invalid
    vector_entry el1t_invalid
    /* Current EL with SP_EL1. */
    .balign 0x80
    check_stack_overflow el1_sync
    .balign 0x80
    check_stack_overflow el1_irq
    .balign 0x80
    check_stack_overflow el1_fiq
    .balign 0x80
    check_stack_overflow el1_serror
    /* Lower EL, AArch64. */
    vector_entry el0_sync
    vector_entry el0_irq
    vector_entry el0_fiq
    vector_entry el0_serror
    /* Lower EL, AArch32: not supported. */
    vector_entry el0_aarch32
    vector_entry el0_aarch32
    vector_entry el0_aarch32
    vector_entry el0_aarch32

el1_sync:
    save_frame 1
    mov     x0, sp
    bl      el1_sync_handler
    restore_frame 1

el1_irq:
    save_frame 1
    mov     x0, sp
    bl      irq_handler
    restore_frame 1

.macro bad_entry label, el, kind
\label:
    save_frame \el
    mov     x0, sp
    mov     x1, #\kind
    bl      bad_exception
    b       .
.endm

    bad_entry el1_fiq, 1, 1
    bad_entry el1_serror, 1, 2
    bad_entry el0_fiq, 0, 3
    bad_entry el0_serror, 0, 4
    bad_entry el0_aarch32, 0, 5

    /* EL1 running on SP_EL0 never happens; the exception itself is on SP_EL1. */
el1t_invalid:
    sub     sp, sp, #TF_SIZE
    bad_entry el1t_invalid_frame, 1, 0

el0_sync:
    save_frame 0
    mov     x0, sp
    bl      el0_sync_handler
    b       ret_to_user

el0_irq:
    save_frame 0
    mov     x0, sp
    bl      irq_handler
    b       ret_to_user

/* Back to EL0 with the frame at SP: first the pending work (rescheduling,
 * signal delivery), with interrupts masked again afterwards so nothing new
 * slips in between the check and the eret. Also the first entry of a new
 * user task (x0 = its frame). */
    .global ret_to_user
ret_to_user:
    mov     x0, sp
    bl      user_return_work
    msr     daifset, #0xf
    restore_frame 0

    .global enter_user_frame
enter_user_frame:
    mov     sp, x0
    b       ret_to_user

/* Kernel stack overflow: SP points into the guard. Park x0 and the bad SP
 * in the EL0 thread registers (we are going to panic, user state is lost
 * anyway), switch to this CPU's overflow stack and report. */
el1_stack_overflow:
    msr     tpidr_el0, x0
    mov     x0, sp
    msr     tpidrro_el0, x0
    mrs     x0, tpidr_el1
    ldr     x0, [x0, #PERCPU_OVERFLOW_STACK_TOP]
    sub     sp, x0, #TF_SIZE
    mrs     x0, tpidr_el0
    save_frame 1
    mov     x0, sp
    mrs     x1, tpidrro_el0
    bl      kernel_stack_overflow
    b       .
