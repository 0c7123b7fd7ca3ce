/* The device-tree facts the time and randomness code needs
 * (kernel/lib/devtree.c): the PL031 RTC window and the /chosen rng-seed
 * and kaslr-seed bytes, read from QEMU 7.2's own virt DTB
 * (tests/host/data/qemu-virt-virtio.dtb, see test_devtree.c). */
#include <kernel/devtree.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#ifndef DT_TEST_DATA
#define DT_TEST_DATA "tests/host/data"
#endif

static int parse(const char *name, struct dt_platform *plat)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", DT_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return -1;
    static uint8_t buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    const char *why = NULL;
    return devtree_parse(buf, n, plat, &why);
}

TEST(devtree_pl031_rtc)
{
    static struct dt_platform p;
    CHECK_EQ(parse("qemu-virt-virtio.dtb", &p), 0);
    CHECK(p.has_rtc);
    CHECK_EQ(p.rtc.base, 0x9010000);
    CHECK_EQ(p.rtc.size, 0x1000);
}

TEST(devtree_rng_seed_then_kaslr_seed)
{
    static struct dt_platform p;
    CHECK_EQ(parse("qemu-virt-virtio.dtb", &p), 0);
    /* rng-seed = <0x78a3a92d ...> (32 bytes), kaslr-seed = <0x410eef3a
     * 0x506e12ee> (8 bytes), in blob (big-endian) byte order. */
    CHECK_EQ(p.seed_len, 40);
    static const uint8_t first[4] = {0x78, 0xa3, 0xa9, 0x2d};
    static const uint8_t kaslr[8] = {0x41, 0x0e, 0xef, 0x3a, 0x50, 0x6e, 0x12, 0xee};
    CHECK(memcmp(p.seed, first, 4) == 0);
    CHECK(memcmp(p.seed + 32, kaslr, 8) == 0);
}

TEST(devtree_no_rtc_no_seed_on_a_plain_board)
{
    static struct dt_platform p;
    CHECK_EQ(parse("board.dtb", &p), 0);
    CHECK(!p.has_rtc);
    CHECK_EQ(p.seed_len, 0);
}
