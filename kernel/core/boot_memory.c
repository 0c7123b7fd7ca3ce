/* From the device tree's memory map to working allocators: memblock
 * learns RAM and every range that must not be handed out (the image, the
 * DTB, the initrd, firmware reservations), then the buddy zone takes all
 * the rest and the heap is built on it. */
#include <kernel/boot.h>
#include <kernel/heap.h>
#include <kernel/memblock.h>
#include <kernel/memlayout.h>
#include <kernel/page_alloc.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <uapi/errno.h>

extern char _head_start[], _end[];

static struct memblock boot_memblock;

static void reserve(struct memblock *mb, uint64_t base, uint64_t size, const char *what)
{
    if (!size)
        return;
    int err = memblock_reserve(mb, base, size);
    if (err)
        pr_err("memory: cannot reserve %s %#lx+%#lx: %d\n", what, (unsigned long)base,
               (unsigned long)size, err);
}

static void *heap_pages_alloc(unsigned order)
{
    return alloc_pages(order);
}

static void heap_pages_free(void *va, unsigned order)
{
    free_pages(va, order);
}

static const struct heap_backend heap_on_pages = {
    .alloc_pages = heap_pages_alloc,
    .free_pages = heap_pages_free,
};

int boot_memory_init(struct boot_info *b)
{
    struct memblock *mb = &boot_memblock;
    const struct dt_platform *p = &b->plat;
    memblock_init(mb);
    for (unsigned i = 0; i < p->n_memory; i++) {
        int err = memblock_add(mb, p->memory[i].base, p->memory[i].size);
        if (err)
            pr_err("memory: region %u not added: %d\n", i, err);
    }
    /* cppcheck-suppress comparePointers ; linker symbols bounding the image */
    reserve(mb, b->image_pa, (uint64_t)(_end - _head_start), "kernel image");
    reserve(mb, b->dtb_pa, b->dtb_size, "device tree");
    if (p->has_initrd && p->initrd_end > p->initrd_start)
        reserve(mb, p->initrd_start, p->initrd_end - p->initrd_start, "initrd");
    for (unsigned i = 0; i < p->n_reserved; i++)
        reserve(mb, p->reserved[i].base, p->reserved[i].size, "firmware reservation");
    b->ram_bytes = memblock_ram_bytes(mb);
    int err = page_alloc_init(mb);
    if (err)
        return err;
    b->reserved_bytes = memblock_reserved_bytes(mb);
    heap_init(&heap_on_pages);
    return 0;
}

/* The initramfs is unpacked by the VFS later; here we only check it is
 * where the device tree says and looks like a newc cpio archive. */
void boot_report_initrd(const struct boot_info *b)
{
    const struct dt_platform *p = &b->plat;
    if (!p->has_initrd) {
        pr_warn("initramfs: none (no -initrd given); there will be no /init to run\n");
        return;
    }
    uint64_t size = p->initrd_end - p->initrd_start;
    bool in_ram = false;
    for (unsigned i = 0; i < p->n_memory; i++)
        if (p->initrd_start >= p->memory[i].base &&
            p->initrd_end <= p->memory[i].base + p->memory[i].size)
            in_ram = true;
    if (!in_ram || p->initrd_end <= p->initrd_start) {
        pr_err("initramfs: %#lx-%#lx is not inside RAM; ignored\n", (unsigned long)p->initrd_start,
               (unsigned long)p->initrd_end);
        return;
    }
    const char *start = phys_to_virt(p->initrd_start);
    bool newc = size >= 6 && !memcmp(start, "070701", 6);
    pr_info("initramfs: %lu KiB at %#lx%s\n", (unsigned long)(size / 1024),
            (unsigned long)p->initrd_start,
            newc ? ", newc cpio" : ", not a newc cpio archive (unsupported)");
}
