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
/* Both copies move 64 bytes per iteration while that many remain, then
 * 8, then single bytes. The count in x2 drops only after a block is
 * done, so after a fault the "not copied" result may include a few bytes
 * that did arrive: callers treat the result as a lower bound on progress,
 * as Linux's do. */
    .global arch_copy_from_user
arch_copy_from_user:
1:  cmp     x2, #64
    b.lo    2f
10: ldtr    x3, [x1]
11: ldtr    x4, [x1, #8]
12: ldtr    x5, [x1, #16]
13: ldtr    x6, [x1, #24]
14: ldtr    x7, [x1, #32]
15: ldtr    x8, [x1, #40]
16: ldtr    x9, [x1, #48]
17: ldtr    x10, [x1, #56]
    stp     x3, x4, [x0]
    stp     x5, x6, [x0, #16]
    stp     x7, x8, [x0, #32]
    stp     x9, x10, [x0, #48]
    add     x1, x1, #64
    add     x0, x0, #64
    sub     x2, x2, #64
    b       1b
2:  cmp     x2, #8
    b.lo    3f
18: ldtr    x3, [x1]
    str     x3, [x0], #8
    add     x1, x1, #8
    sub     x2, x2, #8
    b       2b
3:  cbz     x2, 9f
19: ldtrb   w3, [x1]
    strb    w3, [x0], #1
    add     x1, x1, #1
    sub     x2, x2, #1
    b       3b
9:  mov     x0, x2
    ret
    ex_table 10b, 9b
    ex_table 11b, 9b
    ex_table 12b, 9b
    ex_table 13b, 9b
    ex_table 14b, 9b
    ex_table 15b, 9b
    ex_table 16b, 9b
    ex_table 17b, 9b
    ex_table 18b, 9b
    ex_table 19b, 9b

    .global arch_copy_to_user
arch_copy_to_user:
1:  cmp     x2, #64
    b.lo    2f
    ldp     x3, x4, [x1]
    ldp     x5, x6, [x1, #16]
    ldp     x7, x8, [x1, #32]
    ldp     x9, x10, [x1, #48]
10: sttr    x3, [x0]
11: sttr    x4, [x0, #8]
12: sttr    x5, [x0, #16]
13: sttr    x6, [x0, #24]
14: sttr    x7, [x0, #32]
15: sttr    x8, [x0, #40]
16: sttr    x9, [x0, #48]
17: sttr    x10, [x0, #56]
    add     x1, x1, #64
    add     x0, x0, #64
    sub     x2, x2, #64
    b       1b
2:  cmp     x2, #8
    b.lo    3f
    ldr     x3, [x1], #8
18: sttr    x3, [x0]
    add     x0, x0, #8
    sub     x2, x2, #8
    b       2b
3:  cbz     x2, 9f
    ldrb    w3, [x1], #1
19: sttrb   w3, [x0]
    add     x0, x0, #1
    sub     x2, x2, #1
    b       3b
9:  mov     x0, x2
    ret
    ex_table 10b, 9b
    ex_table 11b, 9b
    ex_table 12b, 9b
    ex_table 13b, 9b
    ex_table 14b, 9b
    ex_table 15b, 9b
    ex_table 16b, 9b
    ex_table 17b, 9b
    ex_table 18b, 9b
    ex_table 19b, 9b

/* size_t arch_clear_user(void *udst, size_t n): zeroes, returns the bytes
 * NOT cleared. */
    .global arch_clear_user
arch_clear_user:
1:  cmp     x1, #64
    b.lo    2f
10: sttr    xzr, [x0]
11: sttr    xzr, [x0, #8]
12: sttr    xzr, [x0, #16]
13: sttr    xzr, [x0, #24]
14: sttr    xzr, [x0, #32]
15: sttr    xzr, [x0, #40]
16: sttr    xzr, [x0, #48]
17: sttr    xzr, [x0, #56]
    add     x0, x0, #64
    sub     x1, x1, #64
    b       1b
2:  cbz     x1, 9f
18: sttrb   wzr, [x0]
    add     x0, x0, #1
    sub     x1, x1, #1
    b       2b
9:  mov     x0, x1
    ret
    ex_table 10b, 9b
    ex_table 11b, 9b
    ex_table 12b, 9b
    ex_table 13b, 9b
    ex_table 14b, 9b
    ex_table 15b, 9b
    ex_table 16b, 9b
    ex_table 17b, 9b
    ex_table 18b, 9b

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
