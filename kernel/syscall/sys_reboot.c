/* reboot(2) (Linux kernel/reboot.c): both magic numbers must match, then
 * power off, restart or halt at once (there are no disks to sync yet:
 * tmpfs only). Ctrl-Alt-Del settings are accepted and ignored. Root only,
 * which every process is for now. */
#include <kernel/arch.h>
#include <kernel/printk.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

#define REBOOT_MAGIC1      0xfee1deadL
#define REBOOT_MAGIC2      672274793L
#define REBOOT_MAGIC2A     85072278L
#define REBOOT_MAGIC2B     369367448L
#define REBOOT_MAGIC2C     537993216L
#define REBOOT_CMD_RESTART 0x01234567L
#define REBOOT_CMD_HALT    0xcdef0123L
#define REBOOT_CMD_CAD_ON  0x89abcdefL
#define REBOOT_CMD_CAD_OFF 0x00000000L
#define REBOOT_CMD_POWEROFF 0x4321fedcL

long sys_reboot(long magic1, long magic2, long cmd, long arg, long a4, long a5)
{
    UNUSED(arg), UNUSED(a4), UNUSED(a5);
    if ((uint32_t)magic1 != (uint32_t)REBOOT_MAGIC1 ||
        ((uint32_t)magic2 != REBOOT_MAGIC2 && (uint32_t)magic2 != REBOOT_MAGIC2A &&
         (uint32_t)magic2 != REBOOT_MAGIC2B && (uint32_t)magic2 != REBOOT_MAGIC2C))
        return -EINVAL;
    switch ((uint32_t)cmd) {
    case (uint32_t)REBOOT_CMD_CAD_ON:
    case (uint32_t)REBOOT_CMD_CAD_OFF:
        return 0;
    case (uint32_t)REBOOT_CMD_POWEROFF:
        pr_info("reboot: Power down\n");
        arch_poweroff();
    case (uint32_t)REBOOT_CMD_RESTART:
        pr_info("reboot: Restarting system\n");
        arch_reboot();
    case (uint32_t)REBOOT_CMD_HALT:
        pr_info("reboot: System halted\n");
        arch_halt();
    default:
        return -EINVAL;
    }
}
