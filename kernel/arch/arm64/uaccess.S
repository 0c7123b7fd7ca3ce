/* Copies between kernel and user memory. The user side is accessed with
 * LDTR/STTR (unprivileged loads and stores, ARM DDI 0487 L.b, C6.2), so the
 * hardware applies EL0 permissions: a "user" pointer into kernel memory
 * faults like any unmapped address. A fault on a marked instruction is
 * first offered to the page-fault handler (demand paging); if that fails,
 * __ex_table resumes at the fixup, which reports how much was left.
 *
 * size_t arch_copy_from_user(void *dst, const void *usrc, size_t n)
 * size_t arch_copy_to_user(void *udst, const void *src, size_t n)
 *     return the number of bytes NOT copied (0 on success).
 * long arch_strnlen_user(const char *usrc, long max)
 *     length of the string (< max), max if no NUL within max, -1 on fault. */

.macro ex_table insn, fixup
    .pushsection __ex_table, "a"
    .balign 8
    .quad   \insn, \fixup
    .popsection
.endm

    .text
    .global arch_copy_from_user
arch_copy_from_user:
    cbz     x2, 9f
1:  ldtrb   w3, [x1]
    strb    w3, [x0], #1
    add     x1, x1, #1
    subs    x2, x2, #1
    b.ne    1b
9:  mov     x0, x2
    ret
    ex_table 1b, 9b

    .global arch_copy_to_user
arch_copy_to_user:
    cbz     x2, 9f
    /* 8 bytes at a time while at least 8 remain. */
2:  cmp     x2, #8
    b.lo    3f
    ldr     x3, [x1], #8
4:  sttr    x3, [x0]
    add     x0, x0, #8
    sub     x2, x2, #8
    b       2b
3:  cbz     x2, 9f
    ldrb    w3, [x1], #1
5:  sttrb   w3, [x0]
    add     x0, x0, #1
    sub     x2, x2, #1
    b       3b
9:  mov     x0, x2
    ret
    ex_table 4b, 9b
    ex_table 5b, 9b

    .global arch_strnlen_user
arch_strnlen_user:
    mov     x2, #0
1:  cmp     x2, x1
    b.ge    8f
6:  ldtrb   w3, [x0]
    cbz     w3, 8f
    add     x0, x0, #1
    add     x2, x2, #1
    b       1b
8:  mov     x0, x2
    ret
7:  mov     x0, #-1
    ret
    ex_table 6b, 7b
