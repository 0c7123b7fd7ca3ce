/* Kernel page tables (VMSAv8-64 stage 1, 4 KiB granule, 4 levels; ARM DDI
 * 0487 L.b, D8). mmu_init replaces boot.S's temporary tables with:
 *   - the image at KIMAGE_VADDR with W^X: text RX, rodata R, data+bss RW,
 *   - a linear map of all RAM at LINEAR_BASE (RW, never executable),
 *   - the read-only DTB window at FDT_VADDR,
 * and turns off TTBR0 walks until user space exists. Later mappings
 * (ioremap, kernel stacks) are added to the same root under kpt_lock. */
#include <kernel/memlayout.h>
#include <kernel/mmu.h>
#include <kernel/page_alloc.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include "pgtable_bits.h"
#include "sysreg.h"

typedef uint64_t pte_t;

#define PT_ENTRIES      512
#define BOOT_POOL_PAGES 64

#define ATTR_NORMAL      (PTE_ATTRIDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF)
#define PROT_KERNEL_TEXT (ATTR_NORMAL | PTE_RDONLY | PTE_UXN)
#define PROT_KERNEL_RO   (ATTR_NORMAL | PTE_RDONLY | PTE_PXN | PTE_UXN)
#define PROT_KERNEL_RW   (ATTR_NORMAL | PTE_PXN | PTE_UXN)
#define PROT_DEVICE      (PTE_ATTRIDX(MT_DEVICE_nGnRE) | PTE_AF | PTE_PXN | PTE_UXN)

extern char _head_start[], _etext[], _rodata[], _erodata[], _data[], _end[];
void mmu_switch_ttbr1_phys(phys_addr_t new_root, phys_addr_t empty_root);

/* Page-table pages until the page allocator is up; zero because in BSS. */
static pte_t boot_pool[BOOT_POOL_PAGES][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static pte_t empty_table[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static phys_addr_t kimage_pa; /* physical address of _head_start; set once at boot */
static bool linear_map_ready; /* set once by mmu_init */

/* Guarded by kpt_lock: the kernel tables below the root, the pool, the
 * ioremap cursor and the switch to the page allocator. */
static struct spinlock kpt_lock = SPINLOCK_INIT("kernel_pgtable");
static pte_t *kernel_root;
static unsigned boot_pool_used;
static bool tables_from_page_allocator;
static uint64_t ioremap_next = IOREMAP_BASE;

phys_addr_t kimage_to_phys(const void *va)
{
    return (uint64_t)va - KIMAGE_VADDR + kimage_pa;
}

static pte_t *table_va(phys_addr_t pa)
{
    if (linear_map_ready)
        return phys_to_virt(pa);
    return (pte_t *)(pa - kimage_pa + KIMAGE_VADDR); /* a boot-pool page */
}

static int alloc_table(phys_addr_t *pa)
{
    if (tables_from_page_allocator) {
        void *page = alloc_pages(0);
        if (!page)
            return -ENOMEM;
        memset(page, 0, PAGE_SIZE);
        *pa = virt_to_phys(page);
        return 0;
    }
    if (boot_pool_used == BOOT_POOL_PAGES)
        return -ENOMEM;
    *pa = kimage_to_phys(boot_pool[boot_pool_used++]);
    return 0;
}

/* Map [va, va+size) to pa with leaf attributes attrs; 1 GiB and 2 MiB
 * blocks where alignment allows and blocks is set. Entries must be
 * unused: remapping is a bug the caller must not make (-EEXIST). */
static int map_range(pte_t *root, uint64_t va, phys_addr_t pa, uint64_t size, uint64_t attrs,
                     bool blocks)
{
    while (size) {
        pte_t *table = root;
        uint64_t step = 0;
        for (int level = 0; !step; level++) {
            unsigned shift = 39 - 9 * level;
            uint64_t span = 1UL << shift;
            pte_t *entry = &table[(va >> shift) & (PT_ENTRIES - 1)];
            if (level == 3) {
                if (*entry & PTE_VALID)
                    return -EEXIST;
                *entry = pa | attrs | PTE_PAGE;
                step = PAGE_SIZE;
            } else if (blocks && level >= 1 && IS_ALIGNED(va | pa, span) && size >= span &&
                       !(*entry & PTE_VALID)) {
                *entry = pa | attrs | PTE_BLOCK;
                step = span;
            } else {
                if (!(*entry & PTE_VALID)) {
                    phys_addr_t next;
                    int err = alloc_table(&next);
                    if (err)
                        return err;
                    *entry = next | PTE_TABLE;
                } else if ((*entry & PTE_TABLE) != PTE_TABLE) {
                    return -EEXIST; /* a block already covers it */
                }
                table = table_va(*entry & PTE_ADDR_MASK);
            }
        }
        va += step;
        pa += step;
        size -= step;
    }
    /* Make the new entries visible to the table walker (D8.2.6). */
    dsb(ishst);
    isb();
    return 0;
}

void mmu_early_init(phys_addr_t image_pa)
{
    kimage_pa = image_pa;
}

static int map_image_and_fdt(pte_t *root, phys_addr_t dtb_pa)
{
    struct {
        char *start, *end;
        uint64_t prot;
    } parts[] = {
        {_head_start, _etext, PROT_KERNEL_TEXT},
        {_rodata, _erodata, PROT_KERNEL_RO},
        {_data, _end, PROT_KERNEL_RW},
    };
    for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
        uint64_t start = ALIGN_DOWN((uint64_t)parts[i].start, PAGE_SIZE);
        uint64_t end = ALIGN_UP((uint64_t)parts[i].end, PAGE_SIZE);
        int err = map_range(root, start, kimage_to_phys((void *)start), end - start, parts[i].prot,
                            false);
        if (err)
            return err;
    }
    if (!dtb_pa)
        return 0;
    return map_range(root, FDT_VADDR, ALIGN_DOWN(dtb_pa, 0x200000UL), FDT_WINDOW, PROT_KERNEL_RO,
                     true);
}

static int map_linear(pte_t *root, const struct dt_platform *plat)
{
    for (unsigned i = 0; i < plat->n_memory; i++) {
        uint64_t start = ALIGN_UP(plat->memory[i].base, PAGE_SIZE);
        uint64_t end = ALIGN_DOWN(plat->memory[i].base + plat->memory[i].size, PAGE_SIZE);
        if (end <= start || end > LINEAR_SIZE)
            continue;
        int err = map_range(root, LINEAR_BASE + start, start, end - start, PROT_KERNEL_RW, true);
        if (err)
            return err;
    }
    return 0;
}

static bool linear_covers(const struct dt_platform *plat, phys_addr_t pa)
{
    for (unsigned i = 0; i < plat->n_memory; i++)
        if (pa >= plat->memory[i].base && pa - plat->memory[i].base < plat->memory[i].size &&
            plat->memory[i].base + plat->memory[i].size <= LINEAR_SIZE)
            return true;
    return false;
}

int mmu_init(const struct dt_platform *plat, phys_addr_t dtb_pa)
{
    phys_addr_t root_pa;
    int err = alloc_table(&root_pa);
    if (err)
        return err;
    pte_t *root = table_va(root_pa);
    err = map_image_and_fdt(root, dtb_pa);
    if (!err)
        err = map_linear(root, plat);
    if (err)
        return err;
    /* Call the switch through its identity-mapped physical address. */
    void (*switch_phys)(phys_addr_t, phys_addr_t) =
        (void (*)(phys_addr_t, phys_addr_t))kimage_to_phys((void *)mmu_switch_ttbr1_phys);
    switch_phys(root_pa, kimage_to_phys(empty_table));
    kernel_root = root;
    /* Boot-pool tables are reached through the linear map from now on, if
     * it covers the image; after a device tree failure there is no RAM
     * map, and the image window keeps serving them (the boot then stops). */
    linear_map_ready = linear_covers(plat, kimage_pa);
    /* No user space yet: stop TTBR0 walks, so low addresses fault. */
    write_sysreg(tcr_el1, read_sysreg(tcr_el1) | TCR_EPD0);
    isb();
    __asm__ volatile("tlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
    return 0;
}

void mmu_use_page_allocator(void)
{
    spin_lock(&kpt_lock);
    tables_from_page_allocator = true;
    spin_unlock(&kpt_lock);
}

unsigned mmu_boot_pool_used(void)
{
    return boot_pool_used;
}

void *ioremap(phys_addr_t pa, size_t size)
{
    uint64_t offset = pa & (PAGE_SIZE - 1);
    uint64_t bytes = ALIGN_UP(size + offset, PAGE_SIZE);
    spin_lock(&kpt_lock);
    uint64_t va = ioremap_next;
    int err = -ENOSPC;
    if (va + bytes <= IOREMAP_BASE + IOREMAP_SIZE)
        err = map_range(kernel_root, va, pa - offset, bytes, PROT_DEVICE, false);
    if (!err)
        ioremap_next = va + bytes + PAGE_SIZE; /* an unmapped page between windows */
    spin_unlock(&kpt_lock);
    if (err) {
        pr_err("ioremap %#lx+%#lx failed: %d\n", (unsigned long)pa, (unsigned long)size, err);
        return NULL;
    }
    return (void *)(va + offset);
}

int kernel_map_pages(uint64_t va, phys_addr_t pa, size_t size)
{
    spin_lock(&kpt_lock);
    int err = map_range(kernel_root, va, pa, size, PROT_KERNEL_RW, false);
    spin_unlock(&kpt_lock);
    return err;
}

static pte_t *leaf_entry(uint64_t va)
{
    pte_t *table = kernel_root;
    for (int level = 0; level < 3; level++) {
        pte_t e = table[(va >> (39 - 9 * level)) & (PT_ENTRIES - 1)];
        if ((e & PTE_TABLE) != PTE_TABLE)
            return NULL;
        table = table_va(e & PTE_ADDR_MASK);
    }
    return &table[(va >> PAGE_SHIFT) & (PT_ENTRIES - 1)];
}

int kernel_translate(uint64_t va, phys_addr_t *pa)
{
    spin_lock(&kpt_lock);
    pte_t *e = leaf_entry(va);
    int err = e && (*e & PTE_VALID) ? 0 : -EFAULT;
    if (!err)
        *pa = (*e & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
    spin_unlock(&kpt_lock);
    return err;
}

void kernel_unmap_pages(uint64_t va, size_t size)
{
    spin_lock(&kpt_lock);
    for (uint64_t a = va; a < va + size; a += PAGE_SIZE) {
        pte_t *e = leaf_entry(a);
        if (e)
            *e = 0;
    }
    /* Break before the pages are reused: invalidate on all CPUs (D8.16). */
    dsb(ishst);
    for (uint64_t a = va; a < va + size; a += PAGE_SIZE)
        __asm__ volatile("tlbi vaae1is, %0" ::"r"(a >> PAGE_SHIFT) : "memory");
    dsb(ish);
    isb();
    spin_unlock(&kpt_lock);
}
