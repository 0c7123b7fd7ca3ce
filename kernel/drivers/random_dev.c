/* /dev/random (1,8) and /dev/urandom (1,9), random(4): since Linux 5.18
 * both read the one ChaCha20 pool without blocking once it is seeded;
 * writes are mixed in but not credited (here: accepted and mixed when
 * the pool has a hook for it). Kernel only. */
#include <kernel/chrdev.h>
#include <kernel/file.h>
#include <kernel/procfs.h>
#include <uapi/errno.h>

#if __has_include(<kernel/random.h>)
#include <kernel/random.h>
#define HAVE_RANDOM_POOL 1
#else
/* Until the kernel's pool (kernel/random.h, branch h/misc) is merged: a
 * local ChaCha20 generator seeded from the counter. Not for secrets. */
#include <kernel/arch.h>
#include <kernel/chacha20.h>
#include <kernel/spinlock.h>
static struct spinlock crng_lock = SPINLOCK_INIT("random_dev");
static struct crng local_crng; /* crng_lock */
static bool local_seeded;      /* crng_lock */

static void random_bytes(void *buf, size_t len)
{
    uint8_t key[CHACHA20_KEY_SIZE];
    spin_lock(&crng_lock);
    if (!local_seeded) {
        uint64_t seed[4] = {arch_counter_read(), arch_counter_freq(), (uint64_t)(uintptr_t)buf,
                            arch_counter_read()};
        crng_mix(&local_crng, seed, sizeof(seed));
        local_seeded = true;
    }
    crng_split(&local_crng, key);
    spin_unlock(&crng_lock);
    uint32_t block = 0;
    crng_expand(key, &block, buf, len);
    crng_wipe(key, sizeof(key));
}
#endif

#define CHUNK 256

static long random_dev_read(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(pos);
#ifdef HAVE_RANDOM_POOL
    if (buf->user)
        return random_read_user(buf->uaddr, buf->len);
#endif
    uint8_t tmp[CHUNK];
    size_t done = 0;
    while (done < buf->len) {
        size_t n = MIN(buf->len - done, sizeof(tmp));
        random_bytes(tmp, n);
        if (iobuf_copy_to(buf, done, tmp, n))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)done;
}

static long random_dev_write(struct file *f, const struct iobuf *buf, uint64_t *pos)
{
    UNUSED(f), UNUSED(pos);
    uint8_t tmp[CHUNK];
    size_t done = 0;
    while (done < buf->len) {
        size_t n = MIN(buf->len - done, sizeof(tmp));
        if (iobuf_copy_from(tmp, buf, done, n))
            return done ? (long)done : -EFAULT;
#ifdef HAVE_RANDOM_POOL
        random_add_bytes(tmp, n);
#endif
        done += n;
    }
    return (long)done;
}

/* random_fops/urandom_fops use noop_llseek: the position stays put. */
static int64_t random_dev_llseek(struct file *f, int64_t off, int whence)
{
    UNUSED(off), UNUSED(whence);
    return (int64_t)f->f_pos;
}

static const struct file_ops random_ops = {
    .read = random_dev_read, .write = random_dev_write, .llseek = random_dev_llseek};

int random_dev_init(void)
{
    int err = chrdev_register_mode(1, 8, &random_ops, "random", 0666);
    if (!err)
        err = chrdev_register_mode(1, 9, &random_ops, "urandom", 0666);
    return err;
}
