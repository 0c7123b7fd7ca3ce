/* Kernel memory probes that survive a bad address: a fault on the marked
 * load/store is redirected to the fixup through __ex_table (exception.c),
 * which returns -EFAULT. The same mechanism will back copy_from_user. */
#define EFAULT 14

.macro ex_table insn, fixup
    .pushsection __ex_table, "a"
    .balign 8
    .quad   \insn, \fixup
    .popsection
.endm

    .text
    .global arch_probe_read_u64
arch_probe_read_u64:            /* int (const void *addr, uint64_t *out) */
1:  ldr     x2, [x0]
    str     x2, [x1]
    mov     w0, #0
    ret
    ex_table 1b, probe_fault

    .global arch_probe_write_u64
arch_probe_write_u64:           /* int (void *addr, uint64_t val) */
2:  str     x1, [x0]
    mov     w0, #0
    ret
    ex_table 2b, probe_fault

probe_fault:
    mov     w0, #-EFAULT
    ret
