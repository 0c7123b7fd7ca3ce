/* The random number generator (include/kernel/random.h) and the
 * virtio-rng driver: output differs between requests, looks uniform, and
 * the device answers when QEMU provides it (tools/qemu.py adds
 * -device virtio-rng-device). */
#include <kernel/ktest.h>
#include <kernel/random.h>
#include <kernel/string.h>
#include <kernel/virtio.h>

KTEST(random_bytes_differ_between_requests)
{
    uint8_t a[32], b[32];
    KT_ASSERT(random_ready());
    random_bytes(a, sizeof(a));
    random_bytes(b, sizeof(b));
    KT_ASSERT(memcmp(a, b, sizeof(a)) != 0);
    KT_ASSERT(random_u64() != random_u64());
    return KTEST_PASS;
}

KTEST(random_bytes_cover_every_byte_value)
{
    static uint8_t buf[8192];
    unsigned seen[256] = {0};
    random_bytes(buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++)
        seen[buf[i]]++;
    for (int i = 0; i < 256; i++)
        KT_ASSERT(seen[i] > 0 && seen[i] < 96); /* mean 32 */
    return KTEST_PASS;
}

KTEST(random_virtio_rng_reads)
{
    if (!virtio_rng_present())
        KT_SKIP("no virtio-rng device");
    uint8_t a[64], b[64];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    KT_ASSERT(virtio_rng_read(a, sizeof(a)) == sizeof(a));
    KT_ASSERT(virtio_rng_read(b, sizeof(b)) == sizeof(b));
    KT_ASSERT(memcmp(a, b, sizeof(a)) != 0);
    /* Many requests in a row reuse the queue ring correctly. */
    for (int i = 0; i < 40; i++)
        KT_ASSERT(virtio_rng_read(a, 16) == 16);
    return KTEST_PASS;
}
