/* Boot: the root tmpfs and the initramfs the loader left in RAM (its
 * range comes from the device tree's /chosen, see boot_report_initrd). The
 * archive's pages stay reserved; freeing them is a later improvement.
 * Kernel only. */
#include <kernel/boot.h>
#include <kernel/memlayout.h>
#include <kernel/printk.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>

int vfs_init_root(void)
{
    /* Linux's default tmpfs size: half of RAM. */
    tmpfs_set_limit(boot.ram_bytes / 2);
    int err = vfs_init();
    if (err) {
        pr_err("vfs: cannot mount the root tmpfs (%d)\n", err);
        return err;
    }
    const struct dt_platform *p = &boot.plat;
    if (!p->has_initrd || p->initrd_end <= p->initrd_start)
        return 0;
    bool in_ram = false;
    for (unsigned i = 0; i < p->n_memory; i++)
        if (p->initrd_start >= p->memory[i].base &&
            p->initrd_end <= p->memory[i].base + p->memory[i].size)
            in_ram = true;
    if (!in_ram)
        return -EINVAL; /* boot_report_initrd said why */
    struct path root;
    vfs_root_path(&root);
    size_t len = p->initrd_end - p->initrd_start;
    err = cpio_unpack(phys_to_virt(p->initrd_start), len, &root);
    path_put(&root);
    if (err)
        pr_err("initramfs: unpacking failed (%d); the root may be incomplete\n", err);
    else
        pr_info("initramfs: unpacked %lu KiB into /\n", (unsigned long)(len / 1024));
    return err;
}
