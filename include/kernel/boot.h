/* What the boot CPU learned while starting the kernel, and the boot
 * steps split out of kernel/core/main.c. */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <kernel/cmdline.h>
#include <kernel/devtree.h>
#include <kernel/types.h>

#define RUSTOS_VERSION "0.1.0"

struct boot_info {
    phys_addr_t dtb_pa;
    phys_addr_t image_pa;
    unsigned entry_el; /* exception level the loader entered us at */
    uint64_t dtb_size;
    struct dt_platform plat;
    struct cmdline cmdline;
    uint64_t ram_bytes;      /* all RAM the device tree reported */
    uint64_t reserved_bytes; /* image, DTB, initrd, firmware reservations */
};

extern struct boot_info boot;

/* Validate and parse the DTB the loader passed (kernel/core/boot_devtree.c). */
int boot_read_devtree(phys_addr_t dtb_pa, struct dt_platform *plat, const char **why);
/* QEMU virt's console and PSCI, so a bad DTB can still be reported. */
void boot_platform_fallback(struct dt_platform *plat);

/* memblock from the device tree, then the page allocator and the heap
 * (kernel/core/boot_memory.c). */
int boot_memory_init(struct boot_info *b);
void boot_report_initrd(const struct boot_info *b);

void print_banner(const struct boot_info *b);
void console_echo_loop(void) __attribute__((noreturn));

#endif
