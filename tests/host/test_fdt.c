/* Host tests of the FDT reader (kernel/lib/fdt.c) on QEMU's own DTBs and on
 * small blobs built, and broken, by hand with the writer below. Every blob
 * is handed over in a heap buffer of exactly its size, so AddressSanitizer
 * reports any read past the end. tests/host/data/ holds the DTBs; see
 * tests/host/test_devtree.c for how they were made. */
#include "test.h"

#include <kernel/fdt.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

#ifndef DT_TEST_DATA
#define DT_TEST_DATA "tests/host/data"
#endif

static const char *const qemu_dtbs[] = {
    "qemu-virt-a57-gicv2.dtb",
    "qemu-virt-a72-gicv3-smp4.dtb",
    "qemu-virt-4g.dtb",
    "qemu-virt-virtio.dtb",
};

/* The whole file in a heap buffer of exactly its size; NULL (and a failed
 * check) if it cannot be read. */
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

static uint8_t *copy_of(const uint8_t *blob, size_t size)
{
    uint8_t *p = malloc(size ? size : 1);
    memcpy(p, blob, size);
    return p;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Header field offsets (Devicetree Specification v0.4, 5.2). */
enum {
    H_MAGIC = 0,
    H_TOTALSIZE = 4,
    H_OFF_STRUCT = 8,
    H_OFF_STRINGS = 12,
    H_OFF_RSVMAP = 16,
    H_VERSION = 20,
    H_LAST_COMP = 24,
    H_SIZE_STRINGS = 32,
    H_SIZE_STRUCT = 36,
};

static int check(const uint8_t *blob, size_t size)
{
    const char *why = NULL;
    int err = dt_check(blob, size, &why);
    CHECK(err == 0 || (why != NULL && why[0] != '\0'));
    return err;
}

/* ---- A tiny DTB writer ---------------------------------------------------- */

struct writer {
    uint8_t st[8192];
    uint32_t st_len;
    char str[1024];
    uint32_t str_len;
    uint64_t rsv[8][2];
    unsigned n_rsv;
    uint32_t version;
    uint32_t st_off; /* set by finish() */
};

static void w_init(struct writer *w)
{
    memset(w, 0, sizeof(*w));
    w->version = 17;
}

static void w_u32(struct writer *w, uint32_t v)
{
    put32(w->st + w->st_len, v);
    w->st_len += 4;
}

static void w_bytes(struct writer *w, const void *p, size_t n)
{
    memcpy(w->st + w->st_len, p, n);
    w->st_len += (uint32_t)n;
    while (w->st_len % 4)
        w->st[w->st_len++] = 0;
}

static void w_begin(struct writer *w, const char *name)
{
    w_u32(w, DT_TOKEN_BEGIN_NODE);
    w_bytes(w, name, strlen(name) + 1);
}

static void w_end(struct writer *w)
{
    w_u32(w, DT_TOKEN_END_NODE);
}

static uint32_t w_string(struct writer *w, const char *s)
{
    uint32_t off = w->str_len;
    memcpy(w->str + off, s, strlen(s) + 1);
    w->str_len += (uint32_t)strlen(s) + 1;
    return off;
}

/* Returns the property token's offset in the structure block. */
static uint32_t w_prop(struct writer *w, const char *name, const void *val, uint32_t len)
{
    uint32_t at = w->st_len;
    w_u32(w, DT_TOKEN_PROP);
    w_u32(w, len);
    w_u32(w, w_string(w, name));
    w_bytes(w, val, len);
    return at;
}

static void w_prop_u32(struct writer *w, const char *name, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    w_prop(w, name, b, 4);
}

static void w_prop_str(struct writer *w, const char *name, const char *s)
{
    w_prop(w, name, s, (uint32_t)strlen(s) + 1);
}

/* Header, reservation map at 40, structure block, strings block. */
static uint8_t *w_finish(struct writer *w, size_t *size)
{
    uint32_t hsize = w->version >= 17 ? 40 : 36;
    uint32_t rsv_off = (hsize + 7) & ~7U;
    uint32_t st_off = rsv_off + 16 * (w->n_rsv + 1);
    uint32_t str_off = st_off + w->st_len;
    uint32_t total = str_off + w->str_len;
    uint8_t *b = calloc(1, total);
    put32(b + H_MAGIC, DT_MAGIC);
    put32(b + H_TOTALSIZE, total);
    put32(b + H_OFF_STRUCT, st_off);
    put32(b + H_OFF_STRINGS, str_off);
    put32(b + H_OFF_RSVMAP, rsv_off);
    put32(b + H_VERSION, w->version);
    put32(b + H_LAST_COMP, 16);
    put32(b + H_SIZE_STRINGS, w->str_len);
    if (w->version >= 17)
        put32(b + H_SIZE_STRUCT, w->st_len);
    for (unsigned i = 0; i < w->n_rsv; i++) {
        for (int half = 0; half < 2; half++) {
            put32(b + rsv_off + 16 * i + 8 * half, (uint32_t)(w->rsv[i][half] >> 32));
            put32(b + rsv_off + 16 * i + 8 * half + 4, (uint32_t)w->rsv[i][half]);
        }
    }
    memcpy(b + st_off, w->st, w->st_len);
    memcpy(b + str_off, w->str, w->str_len);
    w->st_off = st_off;
    *size = total;
    return b;
}

/* / { #address-cells; model; chosen { bootargs } } and FDT_END. */
static void w_small_tree(struct writer *w)
{
    w_begin(w, "");
    w_prop_u32(w, "#address-cells", 1);
    w_prop_str(w, "model", "tiny");
    w_begin(w, "chosen");
    w_prop_str(w, "bootargs", "x");
    w_end(w);
    w_end(w);
    w_u32(w, DT_TOKEN_END);
}

static int check_writer(struct writer *w)
{
    size_t size;
    uint8_t *b = w_finish(w, &size);
    int err = check(b, size);
    free(b);
    return err;
}

/* ---- QEMU DTBs ------------------------------------------------------------ */

TEST(qemu_dtbs_pass_check)
{
    for (size_t i = 0; i < ARRAY_SIZE(qemu_dtbs); i++) {
        size_t size;
        uint8_t *b = load(qemu_dtbs[i], &size);
        if (!b)
            continue;
        CHECK_EQ(check(b, size), 0);
        CHECK_EQ(dt_totalsize(b), size);
        /* Extra room after the blob is fine: totalsize says where it ends. */
        uint8_t *big = calloc(1, size + 100);
        memcpy(big, b, size);
        CHECK_EQ(check(big, size + 100), 0);
        free(big);
        free(b);
    }
}

TEST(qemu_dtb_truncated_buffer_every_length)
{
    for (size_t i = 0; i < ARRAY_SIZE(qemu_dtbs); i++) {
        size_t size;
        uint8_t *b = load(qemu_dtbs[i], &size);
        if (!b)
            continue;
        for (size_t len = 0; len < size; len++) {
            uint8_t *cut = copy_of(b, len);
            CHECK_EQ(check(cut, len), -EINVAL);
            free(cut);
        }
        free(b);
    }
}

/* Cut the blob at every length and rewrite the header to match, so the
 * header passes and the cut lands in the reservation map, the structure
 * block or the strings block: each must still be caught. */
TEST(qemu_dtb_truncated_consistently_every_length)
{
    for (size_t i = 0; i < ARRAY_SIZE(qemu_dtbs); i++) {
        size_t size;
        uint8_t *b = load(qemu_dtbs[i], &size);
        if (!b)
            continue;
        uint32_t st = dt_be32(b + H_OFF_STRUCT), st_size = dt_be32(b + H_SIZE_STRUCT);
        uint32_t str = dt_be32(b + H_OFF_STRINGS), str_size = dt_be32(b + H_SIZE_STRINGS);
        for (uint32_t len = 40; len < size; len++) {
            uint8_t *cut = copy_of(b, len);
            put32(cut + H_TOTALSIZE, len);
            put32(cut + H_SIZE_STRUCT, st >= len ? 0 : st_size < len - st ? st_size : len - st);
            put32(cut + H_OFF_STRINGS, str < len ? str : len);
            put32(cut + H_SIZE_STRINGS, str >= len             ? 0
                                        : str_size < len - str ? str_size
                                                               : len - str);
            int err = check(cut, len);
            CHECK_EQ(err, -EINVAL);
            if (err != -EINVAL)
                fprintf(stderr, "  %s accepted when cut at %u\n", qemu_dtbs[i], len);
            free(cut);
        }
        free(b);
    }
}

TEST(walk_nodes_and_depths)
{
    size_t size;
    uint8_t *b = load("qemu-virt-a72-gicv3-smp4.dtb", &size);
    if (!b)
        return;
    int depth = 99, n = dt_next_node(b, -1, &depth);
    CHECK_EQ(n, 0);
    CHECK_EQ(depth, 0);
    CHECK_EQ(dt_root(b), 0);
    size_t len = 7;
    const char *name = dt_node_name(b, n, &len);
    CHECK(name && name[0] == '\0' && len == 0);
    int nodes = 0, max_depth = 0, cpus_seen = 0;
    for (; n >= 0; n = dt_next_node(b, n, &depth)) {
        nodes++;
        max_depth = depth > max_depth ? depth : max_depth;
        name = dt_node_name(b, n, &len);
        CHECK(name != NULL && strlen(name) == len);
        if (name && !strncmp(name, "cpu@", 4)) {
            cpus_seen++;
            CHECK_EQ(depth, 2);
        }
    }
    CHECK_EQ(n, -ENOENT);
    CHECK_EQ(cpus_seen, 4);
    CHECK_EQ(max_depth, 5); /* /cpus/cpu-map/socket0/cluster0/coreN */
    CHECK(nodes > 40);
    free(b);
}

static int path(const uint8_t *b, const char *p)
{
    return dt_path_offset(b, p, strlen(p));
}

static int count_subnodes(const uint8_t *b, int parent)
{
    int count = 0;
    for (int n = dt_first_subnode(b, parent); n >= 0; n = dt_next_subnode(b, n))
        count++;
    return count;
}

TEST(paths_subnodes_and_parents)
{
    size_t size, len;
    uint8_t *b = load("qemu-virt-a72-gicv3-smp4.dtb", &size);
    if (!b)
        return;
    int cpus = path(b, "/cpus");
    CHECK(cpus > 0);
    CHECK_EQ(count_subnodes(b, cpus), 5); /* cpu-map and cpu@0..3 */
    int cpu2 = path(b, "/cpus/cpu@2");
    CHECK(cpu2 > cpus);
    CHECK(!strcmp(dt_node_name(b, cpu2, &len), "cpu@2"));
    CHECK_EQ(len, 5);
    CHECK_EQ(dt_parent(b, cpu2), cpus);
    CHECK_EQ(dt_parent(b, cpus), 0);
    CHECK_EQ(dt_parent(b, 0), -ENOENT);
    CHECK_EQ(path(b, "/cpus/cpu"), path(b, "/cpus/cpu@0")); /* no unit address: first */
    CHECK_EQ(path(b, "//cpus//cpu@2/"), cpu2);
    CHECK_EQ(path(b, "/"), 0);
    CHECK_EQ(path(b, "/cpus/cpu@9"), -ENOENT);
    CHECK_EQ(path(b, "/cpus/cpu@"), -ENOENT);
    CHECK_EQ(path(b, "/nonexistent"), -ENOENT);
    CHECK_EQ(path(b, "noalias"), -ENOENT);            /* QEMU's tree has no /aliases */
    CHECK_EQ(dt_path_offset(b, "/cpusXYZ", 5), cpus); /* length-limited */
    CHECK_EQ(dt_path_offset(b, "", 0), -ENOENT);
    int chosen = path(b, "/chosen");
    CHECK(chosen > 0);
    CHECK_EQ(dt_first_subnode(b, chosen), -ENOENT);
    CHECK_EQ(dt_subnode(b, 0, "psci", 4), path(b, "/psci"));
    free(b);
}

TEST(aliases)
{
    size_t size;
    uint8_t *b = load("board.dtb", &size);
    if (!b)
        return;
    CHECK_EQ(check(b, size), 0);
    int s0 = path(b, "/soc/serial@1000"), s1 = path(b, "/soc/serial@0");
    CHECK(s0 > 0 && s1 > 0 && s0 != s1);
    CHECK_EQ(path(b, "serial0"), s0);
    CHECK_EQ(path(b, "serial1"), s1); /* dtc wrote &uart_a as its path */
    CHECK_EQ(path(b, "serial2"), -ENOENT);
    CHECK_EQ(dt_path_offset(b, "serial0:115200", 7), s0);
    CHECK_EQ(path(b, "serial0/nothing"), -ENOENT);
    free(b);
}

TEST(properties)
{
    size_t size;
    uint32_t len = 0;
    uint8_t *b = load("qemu-virt-a72-gicv3-smp4.dtb", &size);
    if (!b)
        return;
    int chosen = path(b, "/chosen");
    const char *args = dt_getprop(b, chosen, "bootargs", &len);
    CHECK(args && !strcmp(args, "console=ttyAMA0 quiet"));
    CHECK_EQ(len, strlen("console=ttyAMA0 quiet") + 1);
    CHECK(dt_getprop_string(b, chosen, "bootargs") == args);
    CHECK(dt_getprop_string(b, chosen, "kaslr-seed") == NULL); /* binary, no NUL */
    uint32_t v = 0;
    CHECK_EQ(dt_getprop_u32(b, chosen, "linux,initrd-start", &v), 0);
    CHECK_EQ(v, 0x48000000);
    CHECK_EQ(dt_getprop_u32(b, chosen, "bootargs", &v), -EINVAL);
    CHECK_EQ(dt_getprop_u32(b, chosen, "nothing", &v), -ENOENT);
    CHECK(dt_getprop(b, chosen, "bootarg", NULL) == NULL); /* no prefix match */
    CHECK(dt_getprop(b, chosen, "bootargsX", NULL) == NULL);

    /* In blob order, as QEMU wrote them. */
    static const char *const psci_props[] = {"migrate",     "cpu_on", "cpu_off",
                                             "cpu_suspend", "method", "compatible"};
    int psci = path(b, "/psci"), i = 0;
    for (int p = dt_first_prop(b, psci); p >= 0; p = dt_next_prop(b, p), i++) {
        const char *name = NULL;
        const void *val = dt_prop_at(b, p, &name, &len);
        CHECK(val != NULL && i < 6 && !strcmp(name, psci_props[i]));
    }
    CHECK_EQ(i, 6);
    /* An empty property is present with length 0. */
    int gic = path(b, "/intc@8000000");
    len = 99;
    CHECK(dt_getprop(b, gic, "interrupt-controller", &len) != NULL);
    CHECK_EQ(len, 0);
    free(b);
}

TEST(cells_and_values)
{
    size_t size;
    uint8_t *b = load("qemu-virt-a72-gicv3-smp4.dtb", &size);
    if (!b)
        return;
    CHECK_EQ(dt_address_cells(b, 0), 2);
    CHECK_EQ(dt_size_cells(b, 0), 2);
    CHECK_EQ(dt_address_cells(b, path(b, "/cpus")), 1);
    CHECK_EQ(dt_size_cells(b, path(b, "/cpus")), 0);
    CHECK_EQ(dt_address_cells(b, path(b, "/psci")), 2); /* defaults */
    CHECK_EQ(dt_size_cells(b, path(b, "/psci")), 1);
    const uint8_t *reg = dt_getprop(b, path(b, "/memory@40000000"), "reg", NULL);
    CHECK(reg != NULL);
    if (reg) {
        CHECK_EQ(dt_read_cells(reg, 2), 0x40000000);
        CHECK_EQ(dt_read_cells(reg + 8, 2), 0x80000000ULL);
        CHECK_EQ(dt_be64(reg + 8), 0x80000000ULL);
        CHECK_EQ(dt_read_cells(reg + 4, 1), 0x40000000);
        CHECK_EQ(dt_read_cells(reg, 0), 0);
        CHECK_EQ(dt_read_cells(reg, 3), 0x4000000000000000ULL); /* low 64 bits */
    }
    static const uint8_t odd[] = {0xff, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
    CHECK_EQ(dt_be32(odd + 1), 0x12345678);
    CHECK_EQ(dt_be64(odd + 1), 0x123456789abcdef0ULL);
    free(b);
}

TEST(cells_malformed)
{
    struct writer w;
    w_init(&w);
    w_begin(&w, "");
    w_begin(&w, "zero");
    w_prop_u32(&w, "#address-cells", 0);
    w_prop_u32(&w, "#size-cells", 0);
    w_end(&w);
    w_begin(&w, "five");
    w_prop_u32(&w, "#address-cells", 5);
    w_prop_u32(&w, "#size-cells", 5);
    w_end(&w);
    w_begin(&w, "short");
    w_prop(&w, "#address-cells", "\0\0\1", 3);
    w_prop(&w, "#size-cells", "", 0);
    w_end(&w);
    w_end(&w);
    w_u32(&w, DT_TOKEN_END);
    size_t size;
    uint8_t *b = w_finish(&w, &size);
    CHECK_EQ(check(b, size), 0);
    CHECK_EQ(dt_address_cells(b, path(b, "/zero")), -EINVAL);
    CHECK_EQ(dt_size_cells(b, path(b, "/zero")), 0);
    CHECK_EQ(dt_address_cells(b, path(b, "/five")), -EINVAL);
    CHECK_EQ(dt_size_cells(b, path(b, "/five")), -EINVAL);
    CHECK_EQ(dt_address_cells(b, path(b, "/short")), -EINVAL);
    CHECK_EQ(dt_size_cells(b, path(b, "/short")), -EINVAL);
    free(b);
}

TEST(compatible_and_phandles)
{
    size_t size;
    uint8_t *b = load("qemu-virt-a72-gicv3-smp4.dtb", &size);
    if (!b)
        return;
    int timer = path(b, "/timer");
    CHECK(dt_node_is_compatible(b, timer, "arm,armv8-timer"));
    CHECK(dt_node_is_compatible(b, timer, "arm,armv7-timer"));
    CHECK(!dt_node_is_compatible(b, timer, "arm,armv8"));
    CHECK(!dt_node_is_compatible(b, timer, "armv8-timer"));
    CHECK(!dt_node_is_compatible(b, timer, ""));
    CHECK(!dt_node_is_compatible(b, path(b, "/chosen"), "arm,armv8-timer"));
    int virtio = 0;
    for (int n = dt_node_by_compatible(b, -1, "virtio,mmio"); n >= 0;
         n = dt_node_by_compatible(b, n, "virtio,mmio"))
        virtio++;
    CHECK_EQ(virtio, 32);
    CHECK_EQ(dt_node_by_compatible(b, -1, "no,such-device"), -ENOENT);

    uint32_t ph = 0;
    CHECK_EQ(dt_getprop_u32(b, 0, "interrupt-parent", &ph), 0);
    CHECK_EQ(ph, 0x8005);
    CHECK_EQ(dt_node_by_phandle(b, ph), path(b, "/intc@8000000"));
    CHECK_EQ(dt_node_phandle(b, path(b, "/intc@8000000")), 0x8005);
    CHECK_EQ(dt_node_phandle(b, path(b, "/chosen")), 0);
    CHECK_EQ(dt_node_by_phandle(b, 0), -ENOENT);
    CHECK_EQ(dt_node_by_phandle(b, 0xffffffff), -ENOENT);
    CHECK_EQ(dt_node_by_phandle(b, 0x1234), -ENOENT);
    CHECK(dt_node_is_available(b, timer));
    free(b);
}

TEST(stringlists)
{
    CHECK(dt_stringlist_contains("a\0bc\0", 5, "bc"));
    CHECK(dt_stringlist_contains("a\0bc\0", 5, "a"));
    CHECK(!dt_stringlist_contains("a\0bc\0", 5, "b"));
    CHECK(!dt_stringlist_contains("a\0bc", 4, "bc")); /* last string unterminated */
    CHECK(!dt_stringlist_contains("", 0, ""));
    CHECK(dt_stringlist_contains("\0", 1, ""));
    CHECK(!dt_stringlist_contains("abc", 3, "abc"));
}

TEST(status)
{
    struct writer w;
    w_init(&w);
    w_begin(&w, "");
    static const char *const st[] = {"okay", "ok", "disabled", "fail", "okayish"};
    static const bool avail[] = {true, true, false, false, false};
    for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
        char name[8];
        snprintf(name, sizeof(name), "n%zu", i);
        w_begin(&w, name);
        w_prop_str(&w, "status", st[i]);
        w_end(&w);
    }
    w_begin(&w, "unterminated");
    w_prop(&w, "status", "okay", 4);
    w_end(&w);
    w_end(&w);
    w_u32(&w, DT_TOKEN_END);
    size_t size;
    uint8_t *b = w_finish(&w, &size);
    CHECK_EQ(check(b, size), 0);
    CHECK(dt_node_is_available(b, 0));
    for (size_t i = 0; i < ARRAY_SIZE(st); i++) {
        char p[8];
        snprintf(p, sizeof(p), "/n%zu", i);
        CHECK_EQ(dt_node_is_available(b, path(b, p)), avail[i]);
    }
    CHECK(!dt_node_is_available(b, path(b, "/unterminated")));
    free(b);
}

TEST(memreserve)
{
    size_t size;
    uint64_t base = 1, len = 1;
    uint8_t *b = load("board.dtb", &size);
    if (!b)
        return;
    CHECK_EQ(dt_num_memreserve(b), 2);
    CHECK_EQ(dt_get_memreserve(b, 0, &base, &len), 0);
    CHECK_EQ(base, 0x48000000);
    CHECK_EQ(len, 0x100000);
    CHECK_EQ(dt_get_memreserve(b, 1, &base, &len), 0);
    CHECK_EQ(base, 0);
    CHECK_EQ(len, 0x1000);
    CHECK_EQ(dt_get_memreserve(b, 2, &base, &len), -ENOENT);
    CHECK_EQ(dt_get_memreserve(b, -1, &base, &len), -ENOENT);
    free(b);
    b = load("qemu-virt-a57-gicv2.dtb", &size);
    if (!b)
        return;
    CHECK_EQ(dt_num_memreserve(b), 0);
    CHECK_EQ(dt_get_memreserve(b, 0, &base, &len), -ENOENT);
    free(b);
}

/* Offsets that do not name a node or property give errors, not reads
 * outside the blob. */
TEST(bad_offsets)
{
    size_t size;
    uint8_t *b = load("qemu-virt-a57-gicv2.dtb", &size);
    if (!b)
        return;
    int chosen = path(b, "/chosen");
    int prop = dt_first_prop(b, chosen);
    CHECK(prop > chosen);
    static const int bad[] = {-1, 1, 2, 3, 0x7ffffffc, 1 << 20};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        CHECK(dt_node_name(b, bad[i], NULL) == NULL);
        CHECK_EQ(dt_first_prop(b, bad[i]), -EINVAL);
        CHECK_EQ(dt_next_prop(b, bad[i]), -EINVAL);
        CHECK(dt_prop_at(b, bad[i], NULL, NULL) == NULL);
        CHECK(dt_first_subnode(b, bad[i]) < 0);
        CHECK(bad[i] < 0 || dt_parent(b, bad[i]) == -EINVAL);
    }
    /* A property is not a node and a node is not a property. */
    CHECK(dt_node_name(b, prop, NULL) == NULL);
    CHECK_EQ(dt_next_node(b, prop, NULL), -EINVAL);
    CHECK_EQ(dt_parent(b, prop), -EINVAL);
    CHECK_EQ(dt_next_prop(b, chosen), -EINVAL);
    CHECK(dt_getprop(b, prop, "bootargs", NULL) == NULL);
    free(b);
}

/* ---- Hand-made blobs ------------------------------------------------------- */

TEST(writer_blobs_pass)
{
    struct writer w;
    w_init(&w);
    w_small_tree(&w);
    CHECK_EQ(check_writer(&w), 0);

    /* Version 16: 36-byte header, no size_dt_struct. */
    w_init(&w);
    w.version = 16;
    w_small_tree(&w);
    size_t size;
    uint8_t *b = w_finish(&w, &size);
    CHECK_EQ(check(b, size), 0);
    CHECK(path(b, "/chosen") > 0);
    CHECK(dt_getprop_string(b, path(b, "/chosen"), "bootargs") != NULL);
    free(b);

    /* A later version still compatible with 17 is readable. */
    w_init(&w);
    w.version = 18;
    w_small_tree(&w);
    CHECK_EQ(check_writer(&w), 0);

    /* FDT_NOP may stand anywhere (5.4.1): before, inside and after the root. */
    w_init(&w);
    w_u32(&w, DT_TOKEN_NOP);
    w_begin(&w, "");
    w_u32(&w, DT_TOKEN_NOP);
    w_prop_str(&w, "a", "b");
    w_u32(&w, DT_TOKEN_NOP);
    w_end(&w);
    w_u32(&w, DT_TOKEN_NOP);
    w_u32(&w, DT_TOKEN_END);
    b = w_finish(&w, &size);
    CHECK_EQ(check(b, size), 0);
    CHECK_EQ(dt_root(b), 4);
    CHECK(dt_getprop(b, 4, "a", NULL) != NULL);
    free(b);

    /* Bytes after FDT_END inside the block are not looked at. */
    w_init(&w);
    w_small_tree(&w);
    w_u32(&w, 0xdeadbeef);
    CHECK_EQ(check_writer(&w), 0);
}

TEST(reservation_entries)
{
    struct writer w;
    w_init(&w);
    w.rsv[0][0] = 0x1234567800000000ULL;
    w.rsv[0][1] = 0x2000;
    w.rsv[1][0] = 0x80000000;
    w.rsv[1][1] = 0x1000;
    w.n_rsv = 2;
    w_small_tree(&w);
    size_t size;
    uint64_t base, len;
    uint8_t *b = w_finish(&w, &size);
    CHECK_EQ(check(b, size), 0);
    CHECK_EQ(dt_num_memreserve(b), 2);
    CHECK_EQ(dt_get_memreserve(b, 0, &base, &len), 0);
    CHECK_EQ(base, 0x1234567800000000ULL);
    CHECK_EQ(len, 0x2000);
    free(b);
}

TEST(depth_limit)
{
    struct writer w;
    for (int extra = 0; extra <= 1; extra++) {
        w_init(&w);
        int nodes = DT_MAX_DEPTH + 1 + extra; /* root is depth 0 */
        for (int i = 0; i < nodes; i++)
            w_begin(&w, i ? "n" : "");
        for (int i = 0; i < nodes; i++)
            w_end(&w);
        w_u32(&w, DT_TOKEN_END);
        size_t size;
        uint8_t *b = w_finish(&w, &size);
        CHECK_EQ(check(b, size), extra ? -EINVAL : 0);
        if (!extra) {
            int depth = 0, n = -1, last = -1;
            while ((n = dt_next_node(b, n, &depth)) >= 0 && depth < DT_MAX_DEPTH)
                last = n;
            CHECK_EQ(depth, DT_MAX_DEPTH);
            CHECK_EQ(dt_parent(b, n), last);
        }
        free(b);
    }
}

/* Build the small tree, let corrupt() damage it, expect -EINVAL for the
 * right reason. */
static void expect_rejected(void (*corrupt)(uint8_t *b, struct writer *w), const char *what,
                            const char *reason)
{
    struct writer w;
    w_init(&w);
    w_small_tree(&w);
    size_t size;
    uint8_t *b = w_finish(&w, &size);
    corrupt(b, &w);
    const char *why = NULL;
    int err = dt_check(b, size, &why);
    if (err != -EINVAL || !why || !strstr(why, reason))
        fprintf(stderr, "  %s: %d (%s)\n", what, err, why ? why : "no reason");
    CHECK_EQ(err, -EINVAL);
    CHECK(why != NULL && strstr(why, reason) != NULL);
    free(b);
}

static void bad_magic(uint8_t *b, struct writer *w)
{
    (void)w;
    b[0] ^= 1;
}

static void totalsize_past_buffer(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_TOTALSIZE, dt_be32(b + H_TOTALSIZE) + 1);
}

static void totalsize_below_header(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_TOTALSIZE, 39);
}

static void version_15(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_VERSION, 15);
}

static void last_comp_18(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_VERSION, 18);
    put32(b + H_LAST_COMP, 18);
}

static void last_comp_above_version(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_VERSION, 16);
    put32(b + H_LAST_COMP, 17);
}

static void struct_offset_past_end(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_OFF_STRUCT, dt_be32(b + H_TOTALSIZE) + 4);
}

static void struct_size_past_end(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_SIZE_STRUCT, 0xfffffff0);
}

static void struct_inside_header(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_OFF_STRUCT, 36);
}

static void struct_misaligned(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_OFF_STRUCT, dt_be32(b + H_OFF_STRUCT) + 2);
    put32(b + H_SIZE_STRUCT, dt_be32(b + H_SIZE_STRUCT) - 2);
}

static void strings_past_end(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_SIZE_STRINGS, dt_be32(b + H_SIZE_STRINGS) + 1);
}

static void rsvmap_misaligned(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_OFF_RSVMAP, 44);
}

static void rsvmap_past_end(uint8_t *b, struct writer *w)
{
    (void)w;
    put32(b + H_OFF_RSVMAP, dt_be32(b + H_TOTALSIZE) + 8);
}

/* Point the map at the strings block's tail, which holds no size-0 entry
 * before the blob ends. */
static void rsvmap_unterminated(uint8_t *b, struct writer *w)
{
    (void)w;
    uint32_t total = dt_be32(b + H_TOTALSIZE);
    put32(b + H_OFF_RSVMAP, (total - 8) & ~7U);
}

static void nameoff_past_strings(uint8_t *b, struct writer *w)
{
    /* The first property sits after the root's BEGIN_NODE and empty name. */
    put32(b + w->st_off + 8 + 8, w->str_len);
}

static void nameoff_huge(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + 8 + 8, 0xfffffffc);
}

static void prop_name_unterminated(uint8_t *b, struct writer *w)
{
    /* The last string is "bootargs": drop its NUL from the block. */
    put32(b + H_SIZE_STRINGS, w->str_len - 1);
}

static void prop_len_past_block(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + 8 + 4, w->st_len);
}

static void prop_len_huge(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + 8 + 4, 0xfffffff4);
}

static void unknown_token(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + 8, 5);
}

/* FDT_END is the last token: shrink the block to drop it. */
static void missing_end(uint8_t *b, struct writer *w)
{
    put32(b + H_SIZE_STRUCT, w->st_len - 4);
}

static void end_replaced_by_nop(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + w->st_len - 4, DT_TOKEN_NOP);
}

/* The root's END_NODE becomes FDT_END: a node left open. */
static void root_unclosed(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + w->st_len - 8, DT_TOKEN_END);
}

/* chosen's END_NODE becomes a NOP: the root's END_NODE then closes chosen. */
static void node_unclosed(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + w->st_len - 12, DT_TOKEN_NOP);
}

/* An extra END_NODE: FDT_END becomes END_NODE at depth 0. */
static void extra_end_node(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off + w->st_len - 4, DT_TOKEN_END_NODE);
}

/* Make the root's name the unterminated rest of the block. */
static void node_name_unterminated(uint8_t *b, struct writer *w)
{
    memset(b + w->st_off + 4, 'x', w->st_len - 4);
}

static void root_named(uint8_t *b, struct writer *w)
{
    /* Root name "" padded to 4 bytes: give it a 1-char name. */
    b[w->st_off + 4] = 'r';
}

static void no_root(uint8_t *b, struct writer *w)
{
    put32(b + w->st_off, DT_TOKEN_END);
}

TEST(corrupt_blobs_rejected)
{
    expect_rejected(bad_magic, "bad magic", "magic");
    expect_rejected(totalsize_past_buffer, "totalsize > buffer", "beyond the end of the buffer");
    expect_rejected(totalsize_below_header, "totalsize < header", "smaller than its header");
    expect_rejected(version_15, "version 15", "older than 16");
    expect_rejected(last_comp_18, "last_comp_version 18", "newer than 17");
    expect_rejected(last_comp_above_version, "last_comp_version > version", "above its version");
    expect_rejected(struct_offset_past_end, "off_dt_struct out of range",
                    "structure block outside");
    expect_rejected(struct_size_past_end, "size_dt_struct out of range", "structure block outside");
    expect_rejected(struct_inside_header, "structure block inside the header",
                    "structure block outside");
    expect_rejected(struct_misaligned, "structure block misaligned", "not 4-byte aligned");
    expect_rejected(strings_past_end, "strings block out of range", "strings block outside");
    expect_rejected(rsvmap_misaligned, "reservation map misaligned", "not 8-byte aligned");
    expect_rejected(rsvmap_past_end, "reservation map out of range", "reservation block outside");
    expect_rejected(rsvmap_unterminated, "reservation map unterminated", "not terminated");
    expect_rejected(nameoff_past_strings, "nameoff out of range", "name offset outside");
    expect_rejected(nameoff_huge, "nameoff huge", "name offset outside");
    expect_rejected(prop_name_unterminated, "property name unterminated", "name not terminated");
    expect_rejected(prop_len_past_block, "property value past the block", "value runs past");
    expect_rejected(prop_len_huge, "property length wraps", "value runs past");
    expect_rejected(unknown_token, "unknown token", "unknown token");
    expect_rejected(missing_end, "missing FDT_END", "without FDT_END");
    expect_rejected(end_replaced_by_nop, "FDT_END replaced by FDT_NOP", "without FDT_END");
    expect_rejected(root_unclosed, "root not closed", "FDT_END inside a node");
    expect_rejected(node_unclosed, "node not closed", "FDT_END inside a node");
    expect_rejected(extra_end_node, "extra FDT_END_NODE", "closes no node");
    expect_rejected(node_name_unterminated, "node name unterminated", "node name runs past");
    expect_rejected(root_named, "root node with a name", "root node has a name");
    expect_rejected(no_root, "no root node", "no root node");
}

TEST(structural_errors_from_writer)
{
    struct writer w;
    /* Two root nodes. */
    w_init(&w);
    w_begin(&w, "");
    w_end(&w);
    w_begin(&w, "");
    w_end(&w);
    w_u32(&w, DT_TOKEN_END);
    CHECK_EQ(check_writer(&w), -EINVAL);

    /* A property before the root node (libfdt 1.6 accepts this; the spec
     * has properties only inside nodes). */
    w_init(&w);
    w_prop_str(&w, "stray", "x");
    w_small_tree(&w);
    CHECK_EQ(check_writer(&w), -EINVAL);

    /* A property after the root node ends. */
    w_init(&w);
    w_begin(&w, "");
    w_end(&w);
    w_prop_str(&w, "stray", "x");
    w_u32(&w, DT_TOKEN_END);
    CHECK_EQ(check_writer(&w), -EINVAL);

    /* Nothing but FDT_END. */
    w_init(&w);
    w_u32(&w, DT_TOKEN_END);
    CHECK_EQ(check_writer(&w), -EINVAL);

    /* An empty structure block. */
    w_init(&w);
    CHECK_EQ(check_writer(&w), -EINVAL);

    /* A property header cut by the block end. */
    w_init(&w);
    w_begin(&w, "");
    w_u32(&w, DT_TOKEN_PROP);
    w_u32(&w, 0);
    CHECK_EQ(check_writer(&w), -EINVAL);

    /* A node name running to the exact end of the block. */
    w_init(&w);
    w_u32(&w, DT_TOKEN_BEGIN_NODE);
    memcpy(w.st + w.st_len, "abcd", 4);
    w.st_len += 4;
    CHECK_EQ(check_writer(&w), -EINVAL);
}

/* Version 16 has size_dt_strings too: names must lie inside the strings
 * block there as well (libfdt 1.6 bounds them only by totalsize). */
TEST(v16_names_inside_strings_block)
{
    struct writer w;
    w_init(&w);
    w.version = 16;
    w_small_tree(&w);
    size_t size;
    uint8_t *b = w_finish(&w, &size);
    CHECK_EQ(check(b, size), 0);
    put32(b + H_SIZE_STRINGS, w.str_len - 1); /* "bootargs" loses its NUL */
    CHECK_EQ(check(b, size), -EINVAL);
    put32(b + H_SIZE_STRINGS, 1); /* the first name, "#address-cells", no longer fits */
    CHECK_EQ(check(b, size), -EINVAL);
    free(b);
}

TEST(tiny_buffers)
{
    CHECK_EQ(check(NULL, 0), -EINVAL);
    CHECK_EQ(dt_check(NULL, 100, NULL), -EINVAL);
    for (size_t len = 0; len < 64; len++) {
        uint8_t *b = calloc(1, len ? len : 1);
        if (len >= 4)
            put32(b, DT_MAGIC);
        CHECK_EQ(check(b, len), -EINVAL);
        free(b);
    }
}

TEST(why_untouched_on_success)
{
    size_t size;
    uint8_t *b = load("qemu-virt-4g.dtb", &size);
    if (!b)
        return;
    const char *why = "unchanged";
    CHECK_EQ(dt_check(b, size, &why), 0);
    CHECK(!strcmp(why, "unchanged"));
    free(b);
}
