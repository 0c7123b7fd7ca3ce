/* The character-device registry (Linux fs/char_dev.c, one minor per
 * entry) and the open-time dispatch of device nodes and FIFOs. */
#include <kernel/chrdev.h>
#include <kernel/heap.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <uapi/errno.h>
#include <uapi/stat.h>

#include "fs_internal.h"

struct chrdev {
    unsigned major, minor, mode;
    const struct file_ops *ops;
    char name[32];
};

static struct spinlock chrdev_lock = SPINLOCK_INIT("chrdev");
static struct chrdev *devs; /* chrdev_lock */
static size_t ndevs, capdevs;

int (*vfs_fifo_open)(struct inode *inode, struct file *f);

static struct chrdev *find(unsigned major, unsigned minor)
{
    for (size_t k = 0; k < ndevs; k++)
        if (devs[k].major == major && devs[k].minor == minor)
            return &devs[k];
    return NULL;
}

int chrdev_register_mode(unsigned major, unsigned minor, const struct file_ops *ops,
                         const char *name, unsigned mode)
{
    struct chrdev *grown = NULL;
    spin_lock(&chrdev_lock);
    size_t need = ndevs + 1 > capdevs ? (capdevs ? capdevs * 2 : 16) : 0;
    spin_unlock(&chrdev_lock);
    if (need && !(grown = kcalloc(need, sizeof(*grown))))
        return -ENOMEM;
    spin_lock(&chrdev_lock);
    int err = find(major, minor) ? -EEXIST : 0;
    if (!err && grown && need > capdevs) {
        if (ndevs)
            memcpy(grown, devs, ndevs * sizeof(*devs));
        struct chrdev *old = devs;
        devs = grown;
        capdevs = need;
        grown = old;
    }
    if (!err && ndevs == capdevs)
        err = -EAGAIN; /* raced with another grower: retry below */
    if (!err) {
        struct chrdev *c = &devs[ndevs++];
        c->major = major;
        c->minor = minor;
        c->mode = mode & 07777;
        c->ops = ops;
        size_t n = MIN(strlen(name), sizeof(c->name) - 1);
        memcpy(c->name, name, n);
        c->name[n] = '\0';
    }
    spin_unlock(&chrdev_lock);
    kfree(grown);
    if (err == -EAGAIN)
        return chrdev_register_mode(major, minor, ops, name, mode);
    if (!err)
        devtmpfs_add(name, major, minor, mode);
    return err;
}

int chrdev_register(unsigned major, unsigned minor, const struct file_ops *ops, const char *name)
{
    return chrdev_register_mode(major, minor, ops, name, 0600);
}

const struct file_ops *chrdev_lookup(unsigned major, unsigned minor)
{
    spin_lock(&chrdev_lock);
    struct chrdev *c = find(major, minor);
    const struct file_ops *ops = c ? c->ops : NULL;
    spin_unlock(&chrdev_lock);
    return ops;
}

void chrdev_for_each(void (*fn)(void *arg, const char *name, unsigned major, unsigned minor,
                                unsigned mode),
                     void *arg)
{
    /* Entries are never removed, so a snapshot of the count is safe to
     * walk without the lock (fn may sleep). */
    spin_lock(&chrdev_lock);
    size_t n = ndevs;
    spin_unlock(&chrdev_lock);
    for (size_t k = 0; k < n; k++) {
        spin_lock(&chrdev_lock);
        struct chrdev c = devs[k];
        spin_unlock(&chrdev_lock);
        fn(arg, c.name, c.major, c.minor, c.mode);
    }
}

void chrdev_reset(void)
{
    kfree(devs);
    devs = NULL;
    ndevs = capdevs = 0;
}

int chrdev_open(struct inode *inode, struct file *f)
{
    const struct file_ops *ops = chrdev_lookup(MAJOR(inode->i_rdev), MINOR(inode->i_rdev));
    if (!ops)
        return -ENXIO;
    f->f_op = ops;
    return ops->open ? ops->open(inode, f) : 0;
}

const struct file_ops chrdev_file_ops = {.open = chrdev_open};

static int fifo_open(struct inode *inode, struct file *f)
{
    return vfs_fifo_open ? vfs_fifo_open(inode, f) : -ENXIO;
}

const struct file_ops fifo_file_ops = {.open = fifo_open};
