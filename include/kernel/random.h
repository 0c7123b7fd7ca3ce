/* The kernel's random numbers: one ChaCha20 generator with fast key
 * erasure (include/kernel/chacha20.h), seeded at boot from virtio-rng
 * when QEMU provides it (-device virtio-rng-device), the device tree's
 * /chosen rng-seed and kaslr-seed, the RTC, and timer jitter (CNTVCT
 * samples); reseeded from virtio-rng once a minute while in use. Like
 * Linux since 5.18 there is one pool: /dev/random, /dev/urandom and
 * getrandom() with or without GRND_RANDOM give the same stream, and none
 * of them blocks once random_init() has run. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <kernel/devtree.h>
#include <kernel/types.h>

/* Boot: probe virtio-rng (after virtio_mmio_probe) and seed. Needs the
 * scheduler (the device lock is a mutex). */
void random_init(const struct dt_platform *plat);
/* Seeded yet (getrandom without GRND_INSECURE waits for this). */
bool random_ready(void);

/* Kernel users (AT_RANDOM, stack canaries, hash seeds): len random bytes.
 * Any context, including interrupts. */
void random_bytes(void *buf, size_t len);
uint64_t random_u64(void);

/* read(2) of /dev/random and /dev/urandom: copy len random bytes to user
 * memory. Returns bytes copied (fewer if a signal arrived or a page is
 * not writable part-way), or -EFAULT if nothing could be copied. */
long random_read_user(uint64_t ubuf, size_t len);

/* Mix bytes into the pool (a write to /dev/random, device timings). They
 * are not credited as entropy; they can only help. */
void random_add_bytes(const void *buf, size_t len);

#endif
