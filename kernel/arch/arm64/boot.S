/* Kernel entry: the Linux arm64 Image header and the MMU-off boot path.
 *
 * Boot protocol (Linux Documentation/arch/arm64/booting.rst): the loader
 * jumps to the first byte of the image at EL2 or EL1, MMU off, D-cache off,
 * with x0 = physical address of the device tree, x1..x3 = 0. The image may
 * sit at any 2 MiB-aligned physical address (header flag bit 3).
 *
 * Until the MMU is on we run at the physical load address, so only
 * PC-relative addressing (adr/adrp) is used. We then build minimal tables:
 *   TTBR0: identity map of the 1 GiB block holding the image (to survive
 *          the instant the MMU comes on),
 *   TTBR1: the image at KIMAGE_VADDR in 2 MiB blocks, and a read-only
 *          window onto the DTB at FDT_VADDR,
 * turn the MMU on, jump to the linked (virtual) address and call
 * kernel_main(dtb_pa, image_pa, entry_el). kernel_main replaces these tables with the
 * final ones (kernel/arch/arm64/mmu.c). */
#include <kernel/memlayout.h>
#include "pgtable_bits.h"

    .section ".head.text", "ax"
    .global _head
_head:
    b       primary_entry          /* code0 */
    .long   0                      /* code1 */
    .quad   0                      /* text_offset: image starts at a 2 MiB boundary */
    .quad   _kernel_size           /* image_size, including BSS (linker.ld) */
    .quad   0xa                    /* flags, see below */
    .quad   0                      /* res2 */
    .quad   0                      /* res3 */
    .quad   0                      /* res4 */
    .ascii  "ARM\x64"              /* magic */
    .long   0                      /* res5: no PE header */
/* flags = 0xa: bit 0 = 0 little-endian, bits 1-2 = 01 4 KiB pages,
 * bit 3 = 1 the image may be placed anywhere in physical memory. */

    .text
    .global primary_entry
primary_entry:
    mov     x19, x0                /* x19 = DTB physical address (kept) */
    adr     x20, _head             /* x20 = physical load address (kept) */
    mrs     x21, CurrentEL         /* x21 = exception level we were entered at */
    lsr     x21, x21, #2
    bl      drop_to_el1
    msr     daifset, #0xf
    bl      clear_bss
    bl      create_early_tables
    bl      enable_mmu
    ldr     x0, =primary_virtual   /* absolute: the linked, virtual address */
    br      x0

primary_virtual:
    adrp    x0, boot_stack_top
    add     sp, x0, :lo12:boot_stack_top
    mov     x29, xzr
    mov     x30, xzr
    adrp    x0, exception_vectors
    add     x0, x0, :lo12:exception_vectors
    msr     vbar_el1, x0
    isb
    mov     x0, x19
    mov     x1, x20
    mov     x2, x21
    bl      kernel_main
1:  wfi
    b       1b

/* Leave EL2 for EL1 if entered at EL2 (ARM DDI 0487 L.b, D1.3); no-op at EL1. */
drop_to_el1:
    mrs     x0, CurrentEL
    cmp     x0, #(2 << 2)
    b.eq    1f
    ret
1:  mov     x0, #3                 /* CNTHCTL_EL2.EL1PCTEN|EL1PCEN: EL1 may use the physical timer */
    msr     cnthctl_el2, x0
    msr     cntvoff_el2, xzr       /* virtual counter == physical counter */
    mov     x0, #(1 << 31)         /* HCR_EL2.RW: EL1 runs AArch64 */
    msr     hcr_el2, x0
    mov     x0, #0x33ff            /* CPTR_EL2: do not trap FP/SIMD */
    msr     cptr_el2, x0
    msr     hstr_el2, xzr
    mrs     x0, midr_el1           /* what EL1 reads as MIDR/MPIDR */
    msr     vpidr_el2, x0
    mrs     x0, mpidr_el1
    msr     vmpidr_el2, x0
    mrs     x0, id_aa64pfr0_el1    /* GICv3 system registers present? */
    ubfx    x0, x0, #24, #4
    cbz     x0, 2f
    mrs     x0, S3_4_C12_C9_5      /* ICC_SRE_EL2 */
    orr     x0, x0, #1             /* SRE */
    orr     x0, x0, #8             /* Enable: EL1 may use ICC_SRE_EL1 */
    msr     S3_4_C12_C9_5, x0
    isb
2:  ldr     x0, =SCTLR_EL1_MMU_OFF
    msr     sctlr_el1, x0
    mov     x0, #0x3c5             /* SPSR: EL1h, D, A, I, F masked */
    msr     spsr_el2, x0
    msr     elr_el2, x30
    eret

clear_bss:
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
1:  cmp     x0, x1
    b.hs    2f
    stp     xzr, xzr, [x0], #16    /* linker.ld aligns BSS to 16 bytes */
    b       1b
2:  ret

/* x0 = table, x1 = index, x2 = next table (phys): write a table descriptor. */
.macro set_table_entry tbl, idx, next
    orr     x9, \next, #PTE_TABLE
    str     x9, [\tbl, \idx, lsl #3]
.endm

create_early_tables:
    /* Identity map: the 1 GiB block containing the image. */
    adrp    x0, early_idmap_l0
    adrp    x2, early_idmap_l1
    mov     x1, #0
    set_table_entry x0, x1, x2
    lsr     x1, x20, #30
    and     x1, x1, #0x1ff
    lsl     x3, x1, #30
    ldr     x4, =PTE_EARLY_KERNEL_BLOCK
    orr     x3, x3, x4
    str     x3, [x2, x1, lsl #3]

    /* TTBR1: L0[256] -> L1; L1[0] -> L2 image; L1[1] -> L2 FDT window. */
    adrp    x0, early_kernel_l0
    adrp    x2, early_kernel_l1
    mov     x1, #((KIMAGE_VADDR >> 39) & 0x1ff)
    set_table_entry x0, x1, x2
    mov     x0, x2
    adrp    x2, early_kernel_l2
    mov     x1, #0
    set_table_entry x0, x1, x2
    adrp    x5, early_fdt_l2
    mov     x1, #((FDT_VADDR >> 30) & 0x1ff)
    set_table_entry x0, x1, x5

    /* Image: 2 MiB blocks covering _kernel_size, read-write-execute until
     * kernel_main maps it properly. */
    ldr     x3, =_kernel_size
    mov     x7, #0x1fffff
    add     x3, x3, x7
    lsr     x3, x3, #21            /* number of blocks */
    mov     x1, #0
    mov     x6, x20
1:  orr     x7, x6, x4
    str     x7, [x2, x1, lsl #3]
    add     x6, x6, #0x200000
    add     x1, x1, #1
    cmp     x1, x3
    b.lo    1b

    /* DTB window: the two 2 MiB blocks from the one containing x19,
     * read-only and never executable. Skipped if x19 is 0 or misaligned;
     * kernel_main reports that. */
    cbz     x19, 2f
    tst     x19, #7
    b.ne    2f
    and     x6, x19, #~0x1fffff
    ldr     x4, =PTE_EARLY_FDT_BLOCK
    orr     x7, x6, x4
    str     x7, [x5]
    add     x6, x6, #0x200000
    orr     x7, x6, x4
    str     x7, [x5, #8]
2:
    /* BSS and these tables were written with the MMU and caches off:
     * discard stale cache lines before they are read through the cache. */
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
    b       dcache_inval_range

/* Invalidate data cache lines covering [x0, x1) (D7.4.9: DC IVAC). */
dcache_inval_range:
    mrs     x3, ctr_el0
    ubfx    x3, x3, #16, #4        /* DminLine: log2(words) */
    mov     x2, #4
    lsl     x2, x2, x3             /* line size in bytes */
    sub     x3, x2, #1
    bic     x0, x0, x3
1:  dc      ivac, x0
    add     x0, x0, x2
    cmp     x0, x1
    b.lo    1b
    dsb     sy
    ret

enable_mmu:
    ldr     x0, =MAIR_EL1_VALUE
    msr     mair_el1, x0
    ldr     x0, =TCR_EL1_VALUE
    mrs     x1, id_aa64mmfr0_el1   /* IPS := PARange, at most 48 bits */
    and     x2, x1, #0xf
    cmp     x2, #5
    mov     x3, #5
    csel    x2, x2, x3, ls
    bfi     x0, x2, #32, #3
    ubfx    x2, x1, #4, #4         /* ASIDBits == 2: 16-bit ASIDs */
    cmp     x2, #2
    b.ne    1f
    orr     x0, x0, #TCR_AS
1:  msr     tcr_el1, x0
    adrp    x0, early_idmap_l0
    msr     ttbr0_el1, x0
    adrp    x0, early_kernel_l0
    msr     ttbr1_el1, x0
    mov     x0, #(3 << 20)         /* CPACR_EL1.FPEN: FP/SIMD not trapped */
    msr     cpacr_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ldr     x0, =SCTLR_EL1_MMU_ON
    msr     sctlr_el1, x0
    isb
    ic      iallu
    dsb     nsh
    isb
    ret

    .section ".bss.early_tables", "aw", %nobits
    .balign 4096
early_tables_start:
early_idmap_l0:   .skip 4096
early_idmap_l1:   .skip 4096
early_kernel_l0:  .skip 4096
early_kernel_l1:  .skip 4096
early_kernel_l2:  .skip 4096
early_fdt_l2:     .skip 4096
early_tables_end:

    /* The boot stack: 32 KiB aligned, stack in the upper half, so the
     * overflow test in vectors.S (bit 14 of SP) works for it too. */
    .section ".bss.boot_stack", "aw", %nobits
    .balign KSTACK_SLOT_BYTES
    .global boot_stack_guard
boot_stack_guard: .skip KSTACK_BYTES
    .global boot_stack
boot_stack:       .skip KSTACK_BYTES
    .global boot_stack_top
boot_stack_top:
