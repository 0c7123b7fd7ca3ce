/* The random number generator's state and seeding (include/kernel/random.h)
 * and getrandom(2). Model: Linux 6.1 drivers/char/random.c, from which the
 * user-visible behaviour is taken (flags, -EINVAL/-EAGAIN/-EFAULT cases,
 * partial results on signals, MAX_RW_COUNT cap); the construction here is
 * simpler: seeds are folded into the key with crng_mix instead of a BLAKE2s
 * input pool. */
#include <kernel/arch.h>
#include <kernel/chacha20.h>
#include <kernel/clock.h>
#include <kernel/machine.h>
#include <kernel/printk.h>
#include <kernel/random.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/uaccess.h>
#include <kernel/virtio.h>
#include <uapi/errno.h>
#include <uapi/random.h>

#include "sys_handlers.h"

#define RESEED_INTERVAL_NS (60ULL * 1000000000ULL)           /* Linux CRNG_RESEED_INTERVAL */
#define MAX_RW_COUNT       (0x7fffffffUL & ~(PAGE_SIZE - 1)) /* INT_MAX & PAGE_MASK */
#define JITTER_SAMPLES     256

static struct spinlock crng_lock = SPINLOCK_INIT("crng");
static struct crng base_crng;   /* guarded by crng_lock */
static uint64_t last_reseed_ns; /* guarded by crng_lock */
static bool crng_ready;         /* written once at boot; atomic reads */

bool random_ready(void)
{
    return __atomic_load_n(&crng_ready, __ATOMIC_ACQUIRE);
}

void random_add_bytes(const void *buf, size_t len)
{
    spin_lock(&crng_lock);
    crng_mix(&base_crng, buf, len);
    spin_unlock(&crng_lock);
}

/* Timer jitter: the counter read around a little memory work varies with
 * caches, TLBs, interrupts and the host; each sample contributes little,
 * many together make the state unguessable when nothing better exists
 * (Linux try_to_generate_entropy uses the same source). */
static void mix_jitter(void)
{
    static uint64_t samples[JITTER_SAMPLES];
    volatile uint64_t sink = 0;
    for (unsigned i = 0; i < JITTER_SAMPLES; i++) {
        uint64_t t0 = arch_counter_read();
        for (unsigned j = 0; j < (t0 & 31) + 1; j++)
            sink += samples[(t0 + j * 7) % JITTER_SAMPLES] ^ j;
        samples[i] = arch_counter_read() ^ (t0 << 32) ^ sink;
    }
    random_add_bytes(samples, sizeof(samples));
    crng_wipe(samples, sizeof(samples));
}

/* Task context only (the device lock sleeps). */
static bool mix_virtio(void)
{
    uint8_t buf[64];
    long n = virtio_rng_read(buf, sizeof(buf));
    if (n > 0)
        random_add_bytes(buf, (size_t)n);
    crng_wipe(buf, sizeof(buf));
    return n >= 32;
}

void random_init(const struct dt_platform *plat)
{
    bool hw = false;
    if (plat->seed_len) {
        random_add_bytes(plat->seed, plat->seed_len);
        hw = true;
    }
    uint64_t facts[3] = {clock_realtime_ns(), arch_counter_read(), arch_counter_freq()};
    random_add_bytes(facts, sizeof(facts));
    mix_jitter();
    if (virtio_rng_init() == 0 && mix_virtio())
        hw = true;
    spin_lock(&crng_lock);
    last_reseed_ns = clock_monotonic_ns();
    spin_unlock(&crng_lock);
    __atomic_store_n(&crng_ready, true, __ATOMIC_RELEASE);
    pr_info("random: seeded from %s%s%s\n", virtio_rng_present() ? "virtio-rng, " : "",
            plat->seed_len ? "the device tree, " : "", "timer jitter");
    if (!hw)
        pr_warn("random: no hardware seed; add -device virtio-rng-device\n");
}

/* Task context: fold in fresh device bytes once a minute. */
static void maybe_reseed(void)
{
    if (!virtio_rng_present())
        return;
    spin_lock(&crng_lock);
    uint64_t now = clock_monotonic_ns();
    bool due = now - last_reseed_ns >= RESEED_INTERVAL_NS;
    if (due)
        last_reseed_ns = now;
    spin_unlock(&crng_lock);
    if (due)
        mix_virtio();
}

/* One request's key: the base key moves on (fast key erasure) under the
 * lock; the output is expanded from the one-time key outside it. */
static void take_key(uint8_t key[CHACHA20_KEY_SIZE])
{
    spin_lock(&crng_lock);
    crng_split(&base_crng, key);
    spin_unlock(&crng_lock);
}

void random_bytes(void *buf, size_t len)
{
    uint8_t key[CHACHA20_KEY_SIZE];
    uint32_t block = 0;
    take_key(key);
    crng_expand(key, &block, buf, len);
    crng_wipe(key, sizeof(key));
}

uint64_t random_u64(void)
{
    uint64_t v;
    random_bytes(&v, sizeof(v));
    return v;
}

long random_read_user(uint64_t ubuf, size_t len)
{
    if (len == 0)
        return 0;
    maybe_reseed();
    uint8_t key[CHACHA20_KEY_SIZE], chunk[CHACHA20_BLOCK_SIZE];
    uint32_t block = 0;
    take_key(key);
    size_t done = 0;
    while (done < len) {
        size_t n = MIN(len - done, sizeof(chunk));
        crng_expand(key, &block, chunk, n);
        if (copy_to_user(ubuf + done, chunk, n))
            break;
        done += n;
        /* Long reads stay responsive: a signal ends them with what was
         * copied so far, and others may run (Linux checks per page). */
        if (done < len && done % PAGE_SIZE == 0) {
            if (task_signal_pending(current_task()))
                break;
            if (sched_need_resched())
                schedule();
        }
    }
    crng_wipe(key, sizeof(key));
    crng_wipe(chunk, sizeof(chunk));
    return done ? (long)done : -EFAULT;
}

long sys_getrandom(long ubuf, long len, long flags, long a3, long a4, long a5)
{
    UNUSED(a3), UNUSED(a4), UNUSED(a5);
    unsigned f = (unsigned)flags;
    if (f & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    /* GRND_INSECURE and GRND_RANDOM contradict each other. */
    if ((f & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
        return -EINVAL;
    size_t n = (size_t)len;
    if (n > MAX_RW_COUNT)
        n = MAX_RW_COUNT;
    if (!random_ready() && !(f & GRND_INSECURE)) {
        if (f & GRND_NONBLOCK)
            return -EAGAIN;
        /* random_init runs before user space; nothing to wait for. */
    }
    return random_read_user((uint64_t)ubuf, n);
}
