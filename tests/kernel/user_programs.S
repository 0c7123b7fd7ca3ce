/* Tiny EL0 programs for the user-mode ktests, copied into a fresh address
 * space at USER_TEST_BASE. Position-independent (adr only). */
#define SYS_write 64
#define SYS_exit 93
#define SYS_getpid 172

    .section .rodata
    .balign 4
    .global user_hello_start, user_hello_end
/* write(1, msg, len); touch a stack page far below sp (demand paging and
 * stack growth); exit(40 + (getpid() == x19 ? 2 : 0)). */
user_hello_start:
    mov     x8, #SYS_getpid
    svc     #0
    mov     x19, x0
    mov     x0, #1
    adr     x1, 1f
    mov     x2, #(2f - 1f)
    mov     x8, #SYS_write
    svc     #0
    sub     x9, sp, #65536
    str     x19, [x9]
    ldr     x10, [x9]
    mov     x0, #40
    cmp     x10, x19
    b.ne    3f
    mov     x0, #42
3:  mov     x8, #SYS_exit
    svc     #0
1:  .ascii  "hello from EL0\n"
2:
    .balign 4
user_hello_end:

    .balign 4
    .global user_segv_start, user_segv_end
/* Loads from an unmapped address: the process must die of SIGSEGV. */
user_segv_start:
    mov     x0, #0x1000
    ldr     x1, [x0]
    mov     x8, #SYS_exit
    svc     #0
user_segv_end:

    .balign 4
    .global user_badptr_start, user_badptr_end
/* write(1, kernel address, 8) must fail with -EFAULT, and write to a bad
 * fd with -EBADF; exit(0) only if both did. */
user_badptr_start:
    mov     x0, #1
    mov     x1, #0xffff000000000000
    mov     x2, #8
    mov     x8, #SYS_write
    svc     #0
    cmn     x0, #14
    b.ne    9f
    mov     x0, #77
    adr     x1, user_badptr_start
    mov     x2, #1
    mov     x8, #SYS_write
    svc     #0
    cmn     x0, #9
    b.ne    9f
    mov     x8, #999
    svc     #0
    cmn     x0, #38
    b.ne    9f
    mov     x0, #0
    mov     x8, #SYS_exit
    svc     #0
9:  mov     x0, #1
    mov     x8, #SYS_exit
    svc     #0
user_badptr_end:

    .balign 4
    .global user_spin_start, user_spin_end
/* Spins forever in user mode: only preemption lets anything else run. */
user_spin_start:
    b       user_spin_start
user_spin_end:
