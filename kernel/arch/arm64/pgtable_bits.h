/* VMSAv8-64 translation table descriptor bits, stage 1, 4 KiB granule
 * (ARM DDI 0487 L.b, D8.3), and the MMU control values the kernel uses.
 * Usable from assembly and C. */
#ifndef ARM64_PGTABLE_BITS_H
#define ARM64_PGTABLE_BITS_H

#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

#define PTE_VALID      UL(1)
#define PTE_TABLE      UL(3)        /* level 0-2: next-level table */
#define PTE_BLOCK      UL(1)        /* level 1-2: block */
#define PTE_PAGE       UL(3)        /* level 3: page */
#define PTE_ATTRIDX(i) ((i) << 2)   /* index into MAIR_EL1 */
#define PTE_USER       (UL(1) << 6) /* AP[1]: EL0 access */
#define PTE_RDONLY     (UL(1) << 7) /* AP[2]: read-only */
#define PTE_SH_INNER   (UL(3) << 8)
#define PTE_AF         (UL(1) << 10) /* access flag: set, so no AF faults */
#define PTE_NG         (UL(1) << 11) /* not global: tagged with the ASID */
#define PTE_PXN        (UL(1) << 53)
#define PTE_UXN        (UL(1) << 54)
#define PTE_ADDR_MASK  UL(0x0000fffffffff000)

/* MAIR_EL1 attribute indexes (D19.2.98). */
#define MT_NORMAL        0 /* 0xff: Normal, inner/outer write-back, RW-allocate */
#define MT_DEVICE_nGnRnE 1 /* 0x00 */
#define MT_DEVICE_nGnRE  2 /* 0x04 */
#define MT_NORMAL_NC     3 /* 0x44: Normal non-cacheable */
#define MAIR_EL1_VALUE   UL(0x440400ff)

#define PTE_EARLY_KERNEL_BLOCK                                                                     \
    (PTE_BLOCK | PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN)
#define PTE_EARLY_FDT_BLOCK                                                                        \
    (PTE_BLOCK | PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_RDONLY | PTE_PXN | PTE_UXN)

/* TCR_EL1 (D19.2.139): T0SZ = T1SZ = 16 (48-bit VAs), 4 KiB granules,
 * inner-shareable write-back table walks. IPS and AS are filled in at boot. */
#define TCR_T0SZ(n)  (UL(n) << 0)
#define TCR_EPD0     (UL(1) << 7)
#define TCR_IRGN0_WB (UL(1) << 8)
#define TCR_ORGN0_WB (UL(1) << 10)
#define TCR_SH0_IS   (UL(3) << 12)
#define TCR_TG0_4K   (UL(0) << 14)
#define TCR_T1SZ(n)  (UL(n) << 16)
#define TCR_IRGN1_WB (UL(1) << 24)
#define TCR_ORGN1_WB (UL(1) << 26)
#define TCR_SH1_IS   (UL(3) << 28)
#define TCR_TG1_4K   (UL(2) << 30)
#define TCR_AS       (UL(1) << 36)
#define TCR_EL1_VALUE                                                                              \
    (TCR_T0SZ(16) | TCR_IRGN0_WB | TCR_ORGN0_WB | TCR_SH0_IS | TCR_TG0_4K | TCR_T1SZ(16) |         \
     TCR_IRGN1_WB | TCR_ORGN1_WB | TCR_SH1_IS | TCR_TG1_4K)

/* SCTLR_EL1 (D19.2.118). RES1 bits 29, 28, 23, 22, 20, 11; then M (MMU),
 * C and I (caches), SA/SA0 (stack alignment checks), DZE/UCT/UCI (EL0 may
 * use DC ZVA, read CTR_EL0 and clean caches, as Linux allows), nTWI/nTWE
 * (EL0 WFI/WFE not trapped). */
#define SCTLR_EL1_MMU_OFF UL(0x30d00800)
#define SCTLR_EL1_MMU_ON  (SCTLR_EL1_MMU_OFF | UL(0x0405d01d))

#endif
