/* Reading the device tree the loader passed in x0. boot.S mapped a 4 MiB
 * read-only window at FDT_VADDR starting at the 2 MiB block holding it. */
#include <kernel/boot.h>
#include <kernel/memlayout.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#define FDT_BLOCK       0x200000UL
#define QEMU_VIRT_PL011 0x09000000UL

static uint32_t be32_at(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int boot_read_devtree(phys_addr_t dtb_pa, struct dt_platform *plat, const char **why)
{
    if (!dtb_pa) {
        *why = "the loader passed no device tree (x0 = 0)";
        return -EINVAL;
    }
    if (dtb_pa & 7) {
        *why = "the device tree address is not 8-byte aligned";
        return -EINVAL;
    }
    const unsigned char *blob = (const unsigned char *)(FDT_VADDR + (dtb_pa & (FDT_BLOCK - 1)));
    size_t room = FDT_WINDOW - (dtb_pa & (FDT_BLOCK - 1));
    int err = devtree_parse(blob, room, plat, why);
    if (!err)
        boot.dtb_size = be32_at(blob + 4); /* totalsize, validated by devtree_parse */
    return err;
}

void boot_platform_fallback(struct dt_platform *plat)
{
    memset(plat, 0, sizeof(*plat));
    plat->has_uart = true;
    plat->uart.base = QEMU_VIRT_PL011;
    plat->uart.size = 0x1000;
    plat->psci = DT_PSCI_HVC;
}
