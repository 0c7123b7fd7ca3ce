/* The kernel's virtual address layout (48-bit VAs, 4 KiB granule).
 * TTBR1 covers 0xffff000000000000..0xffffffffffffffff (ARM DDI 0487 L.b,
 * D8.2.3: T1SZ = 16); TTBR0 (user space) covers the low 256 TiB. */
#ifndef KERNEL_MEMLAYOUT_H
#define KERNEL_MEMLAYOUT_H

/* Constants are plain in assembly, unsigned long in C. */
#ifdef __ASSEMBLER__
#define MEMLAYOUT_UL(x) x
#else
#define MEMLAYOUT_UL(x) x##UL
#endif

#define LINEAR_BASE     MEMLAYOUT_UL(0xffff000000000000) /* physical 0 maps here */
#define LINEAR_SIZE     MEMLAYOUT_UL(0x0000400000000000) /* 64 TiB of RAM at most */
#define IOREMAP_BASE    MEMLAYOUT_UL(0xffff700000000000) /* device MMIO windows */
#define IOREMAP_SIZE    MEMLAYOUT_UL(0x0000010000000000)
#define KSTACK_BASE     MEMLAYOUT_UL(0xffff710000000000) /* kernel stacks with guard pages */
#define KSTACK_SIZE_ALL MEMLAYOUT_UL(0x0000010000000000)
#define KIMAGE_VADDR    MEMLAYOUT_UL(0xffff800000000000) /* the kernel image is linked here */
#define FDT_VADDR       MEMLAYOUT_UL(0xffff800040000000) /* early 4 MiB window onto the DTB */
#define FDT_WINDOW      MEMLAYOUT_UL(0x400000)

/* Kernel stacks: each slot is 32 KiB, 32 KiB aligned; the lower half is
 * never mapped (the guard), the stack is the upper half. Exception entry
 * tests bit 14 of SP to detect an overflow into the guard (vectors.S). */
#define KSTACK_SHIFT      14
#define KSTACK_BYTES      (MEMLAYOUT_UL(1) << KSTACK_SHIFT)
#define KSTACK_SLOT_BYTES (MEMLAYOUT_UL(2) << KSTACK_SHIFT)

#ifndef __ASSEMBLER__
#include <kernel/types.h>

static inline void *phys_to_virt(phys_addr_t pa)
{
    return (void *)(pa + LINEAR_BASE);
}

static inline phys_addr_t virt_to_phys(const void *va)
{
    return (phys_addr_t)va - LINEAR_BASE;
}

/* Physical address of a symbol inside the kernel image. */
phys_addr_t kimage_to_phys(const void *va);
#endif

#endif
