/* Character devices: (major, minor) -> file operations. Opening a device
 * node dispatches to the registered driver; devtmpfs shows a node for each.
 * Drivers register at boot; the table is append-only afterwards. */
#ifndef KERNEL_CHRDEV_H
#define KERNEL_CHRDEV_H

#include <kernel/types.h>

struct file_ops;

/* 0, -EEXIST if taken, -ENOMEM. name is the /dev name ("null", "tty"). */
int chrdev_register(unsigned major, unsigned minor, const struct file_ops *ops, const char *name);
/* The same with the node's permission bits (chrdev_register uses 0600). */
int chrdev_register_mode(unsigned major, unsigned minor, const struct file_ops *ops,
                         const char *name, unsigned mode);
const struct file_ops *chrdev_lookup(unsigned major, unsigned minor);

/* Walk the registry (devtmpfs): fn for each device in registration order. */
void chrdev_for_each(void (*fn)(void *arg, const char *name, unsigned major, unsigned minor,
                                unsigned mode),
                     void *arg);

/* /dev/null, /dev/zero, /dev/full (drivers/char/mem.c). */
int memdev_init(void);
void chrdev_reset(void); /* host tests */

#endif
