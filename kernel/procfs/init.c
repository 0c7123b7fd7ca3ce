/* procfs_init: what the boot code calls once the VFS is up. */
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <uapi/errno.h>

#include "procfs_fs.h"

int procfs_init(void)
{
    int err = register_fs_type(&proc_fs_type);
    if (err == -EEXIST)
        err = 0; /* a second call (tests) */
    if (!err)
        err = random_dev_init();
    if (!err || err == -EEXIST)
        err = kmsg_dev_init();
    if (err == -EEXIST)
        err = 0;
    if (err)
        pr_err("procfs: init failed (%d)\n", err);
    return err;
}
