/* Replacing the boot TTBR1 tables with the final ones. The old tables map
 * the image with 2 MiB blocks, the new ones with 4 KiB pages: if entries of
 * both were in the TLB at once the CPU could take a TLB conflict abort
 * (ARM DDI 0487 L.b, D8.16.1). So this runs from the identity map (TTBR0),
 * parks TTBR1 on an empty table, flushes, then installs the new root;
 * nothing here touches a TTBR1 address, not even the stack. */
    .text
    .balign 8
    .global mmu_switch_ttbr1_phys  /* void (phys_addr_t new_root, phys_addr_t empty_root) */
mmu_switch_ttbr1_phys:
    msr     ttbr1_el1, x1
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    ret
