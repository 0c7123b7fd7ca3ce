/* Host tests of devtree_parse() (kernel/lib/devtree.c) on real QEMU DTBs and
 * on dtc-built ones, all in tests/host/data/.
 *
 * The QEMU DTBs come from QEMU 7.2 (Debian bookworm qemu-system-arm):
 *   qemu-virt-a57-gicv2.dtb       -M virt,gic-version=2 -cpu cortex-a57 -m 1G -smp 1
 *   qemu-virt-a72-gicv3-smp4.dtb  -M virt,gic-version=3 -cpu cortex-a72 -m 2G -smp 4
 *                                 -kernel K -append "console=ttyAMA0 quiet" -initrd I
 *                                 (I is the 13-byte file "hello-initrd\n")
 *   qemu-virt-4g.dtb              -M virt -cpu cortex-a53 -m 4G -smp 2
 *   qemu-virt-virtio.dtb          -M virt -cpu cortex-a72 -m 512M
 *                                 -device virtio-blk-device,drive=d0 -device virtio-rng-device
 * each with ",dumpdtb=FILE" added to -M. QEMU pads the blob to 1 MiB; the
 * files are trimmed to the used part (libfdt's fdt_pack: totalsize set to
 * the end of the strings block, nothing else changed). board.dts,
 * limits.dts and no-memory.dts are compiled with dtc; each says how. */
#include "test.h"

#include <kernel/devtree.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

#ifndef DT_TEST_DATA
#define DT_TEST_DATA "tests/host/data"
#endif

static uint8_t *load(const char *name, size_t *size)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", DT_TEST_DATA, name);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    CHECK_EQ(got, n);
    *size = got;
    return buf;
}

/* Parse a data file; the platform is heap-allocated (it is ~8 KiB). */
static struct dt_platform *parse_file(const char *name, int expect)
{
    size_t size;
    uint8_t *b = load(name, &size);
    if (!b)
        return NULL;
    struct dt_platform *p = malloc(sizeof(*p));
    const char *why = NULL;
    int err = devtree_parse(b, size, p, &why);
    if (err != expect)
        fprintf(stderr, "  %s: %d (%s)\n", name, err, err ? why : "");
    CHECK_EQ(err, expect);
    CHECK(err == 0 || (why && why[0]));
    free(b);
    return p;
}

#define CHECK_RANGE(r, b, s)                                                                       \
    do {                                                                                           \
        CHECK_EQ((r).base, (b));                                                                   \
        CHECK_EQ((r).size, (s));                                                                   \
    } while (0)

/* What every QEMU virt machine has in common. */
static void check_qemu_common(const struct dt_platform *p)
{
    CHECK(!strcmp(p->model, "linux,dummy-virt"));
    CHECK_EQ(p->n_memory, 1);
    CHECK_EQ(p->memory[0].base, 0x40000000);
    CHECK_EQ(p->n_reserved, 0);
    CHECK(!strcmp(p->stdout_path, "/pl011@9000000"));
    CHECK(p->has_uart);
    CHECK_RANGE(p->uart, 0x09000000, 0x1000);
    CHECK_EQ(p->uart_irq, 33);            /* SPI 1 */
    CHECK_EQ(p->uart_clock_hz, 24000000); /* apb-pclk fixed clock */
    CHECK_RANGE(p->gic_dist, 0x08000000, 0x10000);
    CHECK(p->has_timer);
    CHECK_EQ(p->timer_irq[0], 29);
    CHECK_EQ(p->timer_irq[1], 30);
    CHECK_EQ(p->timer_irq[2], 27);
    CHECK_EQ(p->timer_irq[3], 26);
    CHECK_EQ(p->timer_freq_hz, 0);
    CHECK_EQ(p->psci, DT_PSCI_HVC);
    CHECK_EQ(p->psci_cpu_on, 0xc4000003); /* QEMU lists "arm,psci" with 0.1 IDs */
    CHECK_EQ(p->n_virtio, 32);
    for (unsigned i = 0; i < p->n_virtio && i < 32; i++) {
        CHECK_RANGE(p->virtio[i].reg, 0x0a000000 + 0x200 * i, 0x200);
        CHECK_EQ(p->virtio[i].irq, 32 + 16 + i); /* SPIs 16..47 */
    }
}

static void check_qemu_gicv2(const struct dt_platform *p)
{
    CHECK_EQ(p->gic_version, 2);
    CHECK_RANGE(p->gic_cpu, 0x08010000, 0x10000);
    CHECK_RANGE(p->gic_redist, 0, 0);
}

TEST(qemu_a57_gicv2)
{
    struct dt_platform *p = parse_file("qemu-virt-a57-gicv2.dtb", 0);
    if (!p)
        return;
    check_qemu_common(p);
    check_qemu_gicv2(p);
    CHECK_EQ(p->memory[0].size, 1ULL << 30);
    CHECK_EQ(p->bootargs[0], '\0');
    CHECK(!p->has_initrd);
    CHECK_EQ(p->n_cpus, 1);
    CHECK_EQ(p->cpus[0].mpidr, 0);
    CHECK(!strcmp(p->cpus[0].compatible, "arm,cortex-a57"));
    free(p);
}

TEST(qemu_a72_gicv3_smp4_initrd)
{
    struct dt_platform *p = parse_file("qemu-virt-a72-gicv3-smp4.dtb", 0);
    if (!p)
        return;
    check_qemu_common(p);
    CHECK_EQ(p->gic_version, 3);
    CHECK_RANGE(p->gic_redist, 0x080a0000, 0xf60000);
    CHECK_RANGE(p->gic_cpu, 0, 0);
    CHECK_EQ(p->memory[0].size, 2ULL << 30);
    CHECK(!strcmp(p->bootargs, "console=ttyAMA0 quiet"));
    CHECK(p->has_initrd);
    CHECK_EQ(p->initrd_start, 0x48000000);
    CHECK_EQ(p->initrd_end, 0x48000000 + 13);
    CHECK_EQ(p->n_cpus, 4);
    for (unsigned i = 0; i < 4; i++) {
        CHECK_EQ(p->cpus[i].mpidr, i);
        CHECK(!strcmp(p->cpus[i].compatible, "arm,cortex-a72"));
    }
    free(p);
}

TEST(qemu_4g_above_4gib)
{
    struct dt_platform *p = parse_file("qemu-virt-4g.dtb", 0);
    if (!p)
        return;
    check_qemu_common(p);
    check_qemu_gicv2(p);
    CHECK_EQ(p->memory[0].size, 4ULL << 30); /* ends at 0x1_4000_0000 */
    CHECK_EQ(p->n_cpus, 2);
    CHECK_EQ(p->cpus[1].mpidr, 1);
    CHECK(!strcmp(p->cpus[1].compatible, "arm,cortex-a53"));
    free(p);
}

/* virt always describes 32 virtio-mmio transports; the devices on the
 * command line only fill some of them (found by probing, not from the DT). */
TEST(qemu_virtio)
{
    struct dt_platform *p = parse_file("qemu-virt-virtio.dtb", 0);
    if (!p)
        return;
    check_qemu_common(p);
    check_qemu_gicv2(p);
    CHECK_EQ(p->memory[0].size, 512ULL << 20);
    CHECK_EQ(p->n_cpus, 1);
    free(p);
}

TEST(board_memory_and_reservations)
{
    struct dt_platform *p = parse_file("board.dtb", 0);
    if (!p)
        return;
    CHECK(!strcmp(p->model, "RustOS test board"));
    CHECK_EQ(p->n_memory, 3); /* two ranges in one reg, one more node; disabled one skipped */
    CHECK_RANGE(p->memory[0], 0x80000000, 0x40000000);
    CHECK_RANGE(p->memory[1], 0x880000000ULL, 0x40000000);
    CHECK_RANGE(p->memory[2], 0xc0000000, 0x10000000);
    CHECK_EQ(p->n_reserved, 3); /* two /memreserve/, one reserved-memory reg */
    CHECK_RANGE(p->reserved[0], 0x48000000, 0x100000);
    CHECK_RANGE(p->reserved[1], 0, 0x1000);
    CHECK_RANGE(p->reserved[2], 0x81000000, 0x200000);
    free(p);
}

TEST(board_chosen_and_devices)
{
    struct dt_platform *p = parse_file("board.dtb", 0);
    if (!p)
        return;
    CHECK(!strcmp(p->bootargs, "root=/dev/vda rw"));
    CHECK(p->has_initrd);
    CHECK_EQ(p->initrd_start, 0x100000000ULL); /* 64-bit cells */
    CHECK_EQ(p->initrd_end, 0x100800000ULL);
    CHECK(!strcmp(p->stdout_path, "serial0:115200n8"));
    /* serial0 is the second PL011; its bus maps 0 -> 0x1c000000. */
    CHECK(p->has_uart);
    CHECK_RANGE(p->uart, 0x1c001000, 0x1000);
    CHECK_EQ(p->uart_irq, 32 + 6);
    CHECK_EQ(p->uart_clock_hz, 7372800); /* clkc (1 cell) has no rate; refclk does */
    CHECK_EQ(p->gic_version, 2);
    CHECK_RANGE(p->gic_dist, 0x2c001000, 0x1000);
    CHECK_RANGE(p->gic_cpu, 0x2c002000, 0x2000);
    CHECK(p->has_timer); /* armv7 compatible alone */
    CHECK_EQ(p->timer_irq[0], 29);
    CHECK_EQ(p->timer_irq[3], 26);
    CHECK_EQ(p->timer_freq_hz, 100000000);
    CHECK_EQ(p->psci, DT_PSCI_SMC);
    CHECK_EQ(p->psci_cpu_on, 0x95c1ba60);
    CHECK_EQ(p->n_cpus, 3); /* the disabled CPU counts; l2-cache does not */
    CHECK_EQ(p->cpus[1].mpidr, 0x100);
    CHECK(!strcmp(p->cpus[1].compatible, "arm,cortex-a72"));
    CHECK_EQ(p->cpus[2].mpidr, 0x100000000ULL);
    CHECK(!strcmp(p->cpus[2].compatible, "arm,cortex-a76-with-a-long-name"));
    /* The disabled one and the one on a bus without ranges are skipped. */
    CHECK_EQ(p->n_virtio, 2);
    CHECK_RANGE(p->virtio[0].reg, 0x1c002000, 0x200);
    CHECK_EQ(p->virtio[0].irq, 32 + 40);
    CHECK_RANGE(p->virtio[1].reg, 0x1c005000, 0x200);
    CHECK_EQ(p->virtio[1].irq, 0); /* interrupt-parent loop */
    free(p);
}

/* Replace the first occurrence of from by to (same length) in the blob. */
static bool patch(uint8_t *b, size_t size, const char *from, const char *to)
{
    size_t n = strlen(from);
    for (size_t i = 0; i + n <= size; i++) {
        if (!memcmp(b + i, from, n)) {
            memcpy(b + i, to, n);
            return true;
        }
    }
    return false;
}

static void parse_patched(const char *from, const char *to, struct dt_platform *p)
{
    size_t size;
    uint8_t *b = load("board.dtb", &size);
    if (!b)
        return;
    CHECK(patch(b, size, from, to));
    CHECK_EQ(devtree_parse(b, size, p, NULL), 0);
    free(b);
}

TEST(stdout_path_forms)
{
    struct dt_platform *p = malloc(sizeof(*p));
    /* Another alias: the first PL011. */
    parse_patched("serial0:115200n8", "serial1:115200n8", p);
    CHECK_RANGE(p->uart, 0x1c000000, 0x1000);
    CHECK_EQ(p->uart_irq, 32 + 5);
    /* A full path with options. */
    parse_patched("serial0:115200n8", "/soc/serial@0:96", p);
    CHECK_RANGE(p->uart, 0x1c000000, 0x1000);
    /* A full path without options. */
    parse_patched("serial0:115200n8", "/soc/serial@1000", p);
    CHECK_RANGE(p->uart, 0x1c001000, 0x1000);
    /* Nothing by that name: the first PL011. */
    parse_patched("serial0:115200n8", "serial9:115200n8", p);
    CHECK(p->has_uart);
    CHECK_RANGE(p->uart, 0x1c000000, 0x1000);
    /* Names a node that is not a PL011: the first PL011. */
    parse_patched("serial0:115200n8", "/timer\0\0\0\0\0\0\0\0\0\0", p);
    CHECK_RANGE(p->uart, 0x1c000000, 0x1000);
    free(p);
}

TEST(no_pl011)
{
    size_t size;
    uint8_t *b = load("board.dtb", &size);
    if (!b)
        return;
    struct dt_platform *p = malloc(sizeof(*p));
    /* dtc shares one "arm,pl011..." string per node: patch both. */
    CHECK(patch(b, size, "arm,pl011", "arm,pl012"));
    CHECK(patch(b, size, "arm,pl011", "arm,pl012"));
    CHECK_EQ(devtree_parse(b, size, p, NULL), 0);
    CHECK(!p->has_uart);
    CHECK_RANGE(p->uart, 0, 0);
    CHECK_EQ(p->uart_irq, 0);
    free(p);
    free(b);
}

TEST(limits_ignore_extras)
{
    struct dt_platform *p = parse_file("limits.dtb", 0);
    if (!p)
        return;
    CHECK_EQ(strlen(p->model), sizeof(p->model) - 1);
    CHECK(!strncmp(p->model, "a model name longer than", 24));
    CHECK_EQ(p->n_memory, DT_MAX_MEM_REGIONS);
    CHECK_RANGE(p->memory[DT_MAX_MEM_REGIONS - 1], 0x40000000 + 0x200000 * 15, 0x100000);
    CHECK_EQ(p->n_reserved, DT_MAX_RESERVED);
    CHECK_RANGE(p->reserved[DT_MAX_RESERVED - 1], 0x50000000 + 0x10000 * 31, 0x1000);
    CHECK_EQ(p->n_cpus, DT_MAX_CPUS);
    CHECK_EQ(p->cpus[DT_MAX_CPUS - 1].mpidr, DT_MAX_CPUS - 1);
    CHECK_EQ(p->n_virtio, DT_MAX_VIRTIO);
    CHECK_RANGE(p->virtio[DT_MAX_VIRTIO - 1].reg, 0x0a000000 + 0x200 * 63, 0x200);
    CHECK_EQ(p->virtio[DT_MAX_VIRTIO - 1].irq, 32 + 16 + 63);
    CHECK_EQ(p->gic_version, 3); /* 1-cell root addresses */
    CHECK_RANGE(p->gic_redist, 0x080a0000, 0xf60000);
    CHECK(!p->has_uart);
    CHECK(!p->has_timer);
    CHECK_EQ(p->psci, DT_PSCI_NONE);
    free(p);
}

TEST(no_memory_node)
{
    struct dt_platform *p = parse_file("no-memory.dtb", -ENOENT);
    if (!p)
        return;
    CHECK(!strcmp(p->bootargs, "quiet")); /* the rest is still parsed */
    CHECK_EQ(p->n_memory, 0);
    free(p);
}

TEST(memory_node_without_usable_reg)
{
    size_t size;
    uint8_t *b = load("qemu-virt-a57-gicv2.dtb", &size);
    if (!b)
        return;
    struct dt_platform *p = malloc(sizeof(*p));
    const char *why = NULL;
    CHECK(patch(b, size, "reg", "reX")); /* the first "reg" in the strings block */
    CHECK_EQ(devtree_parse(b, size, p, &why), -EINVAL);
    CHECK(why != NULL);
    free(p);
    free(b);
}

TEST(corrupt_blobs)
{
    size_t size;
    uint8_t *b = load("qemu-virt-a72-gicv3-smp4.dtb", &size);
    if (!b)
        return;
    struct dt_platform *p = malloc(sizeof(*p));
    const char *why = NULL;
    b[0] ^= 0xff;
    memset(p, 0x5a, sizeof(*p));
    CHECK_EQ(devtree_parse(b, size, p, &why), -EINVAL);
    CHECK(why != NULL && why[0]);
    CHECK_EQ(p->n_memory, 0); /* cleared, not left as garbage */
    CHECK(!p->has_uart);
    CHECK_EQ(devtree_parse(b, size, p, NULL), -EINVAL); /* why may be NULL */
    b[0] ^= 0xff;
    CHECK_EQ(devtree_parse(b, size - 1, p, &why), -EINVAL); /* totalsize > buffer */
    CHECK_EQ(devtree_parse(NULL, 0, p, &why), -EINVAL);
    free(p);
    free(b);
}

/* Every strict prefix of every DTB, in a buffer of exactly that size. */
TEST(truncated_every_length)
{
    static const char *const files[] = {"qemu-virt-a57-gicv2.dtb", "qemu-virt-a72-gicv3-smp4.dtb",
                                        "board.dtb", "limits.dtb"};
    struct dt_platform *p = malloc(sizeof(*p));
    for (size_t f = 0; f < ARRAY_SIZE(files); f++) {
        size_t size;
        uint8_t *b = load(files[f], &size);
        if (!b)
            continue;
        for (size_t len = 0; len < size; len++) {
            uint8_t *cut = malloc(len ? len : 1);
            memcpy(cut, b, len);
            const char *why = NULL;
            CHECK_EQ(devtree_parse(cut, len, p, &why), -EINVAL);
            CHECK(why != NULL);
            free(cut);
        }
        free(b);
    }
    free(p);
}
