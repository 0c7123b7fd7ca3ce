/* devtree_parse() (include/kernel/devtree.h): the platform facts the kernel
 * needs, read from a blob that dt_check() (kernel/lib/fdt.c) has validated.
 * The bindings followed are the Devicetree Specification v0.4 chapters 2-3
 * and the Linux bindings named at each helper. Semantic oddities (an
 * undecodable reg, a dangling phandle, more entries than the arrays hold)
 * drop the one fact affected, as Linux does, instead of failing the boot;
 * only a corrupt blob (-EINVAL) or a machine without memory (-ENOENT) fails. */
#include <kernel/devtree.h>
#include <kernel/fdt.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <uapi/errno.h>

/* Bounds the interrupt-parent chain (phandles may form a loop). */
#define MAX_IRQ_HOPS (DT_MAX_DEPTH + 8)
/* Clock providers examined per device; real devices list one to three. */
#define MAX_CLOCKS 8

/* The first string of value[0..len) into dst, truncated to fit, always
 * NUL-terminated; the value need not be. */
static void copy_string(char *dst, size_t cap, const char *value, uint32_t len)
{
    size_t n = strnlen(value, MIN((size_t)len, cap - 1));
    memcpy(dst, value, n);
    dst[n] = '\0';
}

/* ---- Addresses ------------------------------------------------------------ */

/* Cell counts this parser can hold in 64 bits. */
static bool cells_ok(int address_cells, int size_cells)
{
    return address_cells >= 1 && address_cells <= 2 && size_cells >= 1 && size_cells <= 2;
}

/* One "ranges" triple list (2.3.8): <child-addr parent-addr size>. Maps
 * *addr from bus's address space to that of its parent up. */
static bool map_through(const void *blob, int bus, int up, const uint8_t *r, uint32_t len,
                        uint64_t *addr)
{
    int cac = dt_address_cells(blob, bus), csc = dt_size_cells(blob, bus);
    int pac = dt_address_cells(blob, up);
    if (!cells_ok(cac, csc) || !cells_ok(pac, 1))
        return false;
    uint32_t entry = 4U * (uint32_t)(cac + pac + csc);
    for (uint32_t off = 0; len - off >= entry; off += entry) {
        uint64_t child = dt_read_cells(r + off, (unsigned)cac);
        uint64_t parent = dt_read_cells(r + off + 4U * (uint32_t)cac, (unsigned)pac);
        uint64_t size = dt_read_cells(r + off + 4U * (uint32_t)(cac + pac), (unsigned)csc);
        if (*addr >= child && *addr - child < size) {
            *addr = parent + (*addr - child);
            return true;
        }
    }
    return false;
}

/* ---- Parents -------------------------------------------------------------- */

/* dt_parent() walks the tree from the root on every call, and reg,
 * ranges and interrupt lookups ask for parents again and again; on QEMU's
 * tree that alone cost millions of instructions at boot. One walk records
 * every node's parent instead (offsets ascend in walk order, so lookups
 * are a binary search). Trees larger than the index fall back to
 * dt_parent() for the nodes past its end. The index is shared scratch,
 * so devtree_parse() holds index_lock while it uses it. */
#define PARENT_INDEX_MAX 512

static struct spinlock index_lock = SPINLOCK_INIT("devtree index");
static struct {
    int node[PARENT_INDEX_MAX];
    int parent[PARENT_INDEX_MAX]; /* -ENOENT for the root */
    unsigned n;
} index; /* guarded by index_lock */

static void index_parents(const void *blob)
{
    int stack[DT_MAX_DEPTH + 1];
    int depth = 0;
    index.n = 0;
    for (int n = dt_next_node(blob, -1, &depth); n >= 0 && index.n < PARENT_INDEX_MAX;
         n = dt_next_node(blob, n, &depth)) {
        if (depth < 0 || depth > DT_MAX_DEPTH)
            break; /* dt_check() rules this out; stay safe regardless */
        stack[depth] = n;
        index.node[index.n] = n;
        index.parent[index.n++] = depth ? stack[depth - 1] : -ENOENT;
    }
}

static int parent_of(const void *blob, int node)
{
    unsigned lo = 0, hi = index.n;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (index.node[mid] == node)
            return index.parent[mid];
        if (index.node[mid] < node)
            lo = mid + 1;
        else
            hi = mid;
    }
    return dt_parent(blob, node);
}

/* 2.3.8: an address on bus becomes a CPU address through the "ranges" of
 * bus and each ancestor below the root. An empty ranges is the identity;
 * no ranges at all means the bus is not memory-mapped (Linux's
 * of_translate_address gives up there too). Each step goes one level up,
 * so DT_MAX_DEPTH steps reach the root. */
static bool translate(const void *blob, int bus, uint64_t *addr)
{
    for (int step = 0; step <= DT_MAX_DEPTH; step++) {
        int up = parent_of(blob, bus);
        if (up == -ENOENT)
            return true; /* bus is the root: CPU addresses */
        if (up < 0)
            return false;
        uint32_t len;
        const uint8_t *r = dt_getprop(blob, bus, "ranges", &len);
        if (!r || (len && !map_through(blob, bus, up, r, len, addr)))
            return false;
        bus = up;
    }
    return false;
}

/* 2.3.6 reg: <address size> pairs, cell counts from the parent (2.3.5). */
struct reg {
    const uint8_t *cells;
    unsigned count; /* whole entries; a partial trailing one is ignored, as in Linux */
    int ac, sc, bus;
};

static bool reg_of(const void *blob, int node, struct reg *reg)
{
    uint32_t len;
    reg->bus = parent_of(blob, node);
    if (reg->bus < 0)
        return false;
    reg->ac = dt_address_cells(blob, reg->bus);
    reg->sc = dt_size_cells(blob, reg->bus);
    reg->cells = dt_getprop(blob, node, "reg", &len);
    if (!reg->cells || !cells_ok(reg->ac, reg->sc))
        return false;
    reg->count = len / (4U * (uint32_t)(reg->ac + reg->sc));
    return true;
}

/* Entry i as a CPU-physical range; false if it does not exist, is empty,
 * wraps past 2^64 or is not reachable from the CPU. */
static bool reg_entry(const void *blob, const struct reg *reg, unsigned i, struct dt_range *out)
{
    if (i >= reg->count)
        return false;
    const uint8_t *e = reg->cells + 4U * i * (uint32_t)(reg->ac + reg->sc);
    struct dt_range r = {
        .base = dt_read_cells(e, (unsigned)reg->ac),
        .size = dt_read_cells(e + 4U * (uint32_t)reg->ac, (unsigned)reg->sc),
    };
    if (!r.size || r.base + (r.size - 1) < r.base || !translate(blob, reg->bus, &r.base))
        return false;
    *out = r;
    return true;
}

static bool reg_range(const void *blob, int node, unsigned i, struct dt_range *out)
{
    struct reg reg;
    return reg_of(blob, node, &reg) && reg_entry(blob, &reg, i, out);
}

/* Append every usable reg entry of node to ranges[*n], up to max. */
static void add_reg_ranges(const void *blob, int node, struct dt_range *ranges, unsigned *n,
                           unsigned max)
{
    struct reg reg;
    if (!reg_of(blob, node, &reg))
        return;
    for (unsigned i = 0; i < reg.count && *n < max; i++) {
        if (reg_entry(blob, &reg, i, &ranges[*n]))
            (*n)++;
    }
}

/* ---- Phandles -------------------------------------------------------------- */

/* Each phandle lookup scans the tree, and nearly every device names the
 * same interrupt parent and clock, so remember the last few. */
#define PHANDLE_CACHE 4

struct phandles {
    uint32_t phandle[PHANDLE_CACHE]; /* 0: empty (never a valid phandle) */
    int node[PHANDLE_CACHE];
    unsigned next; /* slot to replace */
};

static int lookup_phandle(const void *blob, struct phandles *ph, uint32_t phandle)
{
    for (unsigned i = 0; i < PHANDLE_CACHE; i++) {
        if (phandle && ph->phandle[i] == phandle)
            return ph->node[i];
    }
    int node = dt_node_by_phandle(blob, phandle);
    if (node >= 0) {
        ph->phandle[ph->next] = phandle;
        ph->node[ph->next] = node;
        ph->next = (ph->next + 1) % PHANDLE_CACHE;
    }
    return node;
}

/* ---- Interrupts ----------------------------------------------------------- */

/* GIC compatibles (Linux bindings interrupt-controller/arm,gic.yaml and
 * arm,gic-v3.yaml) and the architecture version each implies. */
static unsigned gic_version(const void *blob, int node)
{
    static const char *const v2[] = {"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic"};
    if (dt_node_is_compatible(blob, node, "arm,gic-v3"))
        return 3;
    for (size_t i = 0; i < ARRAY_SIZE(v2); i++) {
        if (dt_node_is_compatible(blob, node, v2[i]))
            return 2;
    }
    return 0;
}

/* 2.4.1.2: a node's interrupt parent is named by interrupt-parent, else it
 * is the tree parent; the chain ends at a node with #interrupt-cells
 * (Linux's of_irq_find_parent walks it the same way). */
static int irq_parent(const void *blob, struct phandles *ph, int node)
{
    for (int hop = 0; hop < MAX_IRQ_HOPS; hop++) {
        uint32_t phandle;
        int next = dt_getprop_u32(blob, node, "interrupt-parent", &phandle) == 0
                       ? lookup_phandle(blob, ph, phandle)
                       : parent_of(blob, node);
        if (next < 0)
            return next;
        if (dt_getprop(blob, next, "#interrupt-cells", NULL))
            return next;
        node = next;
    }
    return -ELOOP;
}

/* GIC specifier cells 1 and 2 (arm,gic.yaml): type 0 is an SPI, INTIDs
 * 32-1019; type 1 a PPI, INTIDs 16-31 (ARM IHI 0069, 2.2 "INTIDs"). */
static uint32_t gic_intid(uint32_t type, uint32_t n)
{
    if (type == 0 && n <= 1019 - 32)
        return 32 + n;
    if (type == 1 && n <= 15)
        return 16 + n;
    return 0;
}

/* INTID of node's interrupt number i (2.4.1.1 interrupts), 0 if it does
 * not exist or its parent is not a GIC. interrupts-extended (2.4.1.3) is
 * not read: none of the devices taken here uses it on QEMU virt. */
static uint32_t irq_at(const void *blob, struct phandles *ph, int node, unsigned i)
{
    int gic = irq_parent(blob, ph, node);
    uint32_t ncells, len;
    if (gic < 0 || !gic_version(blob, gic))
        return 0;
    if (dt_getprop_u32(blob, gic, "#interrupt-cells", &ncells) || ncells < 2 || ncells > 4)
        return 0;
    const uint8_t *irqs = dt_getprop(blob, node, "interrupts", &len);
    if (!irqs || len / (4 * ncells) <= i)
        return 0;
    const uint8_t *spec = irqs + 4 * ncells * i;
    return gic_intid(dt_be32(spec), dt_be32(spec + 4));
}

/* ---- Individual facts ------------------------------------------------------ */

static void parse_model(const void *blob, int root, struct dt_platform *plat)
{
    uint32_t len;
    const char *model = dt_getprop(blob, root, "model", &len);
    if (model)
        copy_string(plat->model, sizeof(plat->model), model, len);
}

/* 3.4: memory nodes are children of the root with device_type "memory".
 * Returns whether any exists, usable or not. */
static bool parse_memory(const void *blob, int root, struct dt_platform *plat)
{
    bool found = false;
    int node = dt_first_subnode(blob, root);
    for (; node >= 0; node = dt_next_subnode(blob, node)) {
        const char *type = dt_getprop_string(blob, node, "device_type");
        if (!type || strcmp(type, "memory") != 0)
            continue;
        found = true;
        if (dt_node_is_available(blob, node))
            add_reg_ranges(blob, node, plat->memory, &plat->n_memory, DT_MAX_MEM_REGIONS);
    }
    return found;
}

/* 5.3 /memreserve/ entries, then 3.5 /reserved-memory children with a reg
 * (those with only a size are dynamic and not placed yet). */
static void parse_reserved(const void *blob, struct dt_platform *plat)
{
    int n = dt_num_memreserve(blob);
    for (int i = 0; i < n && plat->n_reserved < DT_MAX_RESERVED; i++) {
        struct dt_range *r = &plat->reserved[plat->n_reserved];
        if (dt_get_memreserve(blob, i, &r->base, &r->size) == 0 &&
            r->base + (r->size - 1) >= r->base)
            plat->n_reserved++;
    }
    int rm = dt_path_offset(blob, "/reserved-memory", 16);
    int node = rm < 0 ? rm : dt_first_subnode(blob, rm);
    for (; node >= 0; node = dt_next_subnode(blob, node)) {
        if (dt_node_is_available(blob, node))
            add_reg_ranges(blob, node, plat->reserved, &plat->n_reserved, DT_MAX_RESERVED);
    }
}

/* linux,initrd-start/-end are one or two cells (Linux's
 * early_init_dt_check_for_initrd reads either). */
static bool initrd_prop(const void *blob, int chosen, const char *name, uint64_t *out)
{
    uint32_t len;
    const void *p = dt_getprop(blob, chosen, name, &len);
    if (!p || (len != 4 && len != 8))
        return false;
    *out = dt_read_cells(p, len / 4);
    return true;
}

static void add_seed(const void *blob, int chosen, const char *name, struct dt_platform *plat)
{
    uint32_t len;
    const uint8_t *p = dt_getprop(blob, chosen, name, &len);
    if (!p)
        return;
    uint32_t n = MIN(len, DT_SEED_MAX - plat->seed_len);
    memcpy(plat->seed + plat->seed_len, p, n);
    plat->seed_len += n;
}

/* 3.6 /chosen. The command line is truncated to fit, as Linux truncates it
 * to COMMAND_LINE_SIZE. Returns the stdout-path node, or a negative errno. */
static int parse_chosen(const void *blob, struct dt_platform *plat)
{
    int chosen = dt_path_offset(blob, "/chosen", 7);
    if (chosen < 0)
        return chosen;
    uint32_t len;
    const char *args = dt_getprop(blob, chosen, "bootargs", &len);
    if (args)
        copy_string(plat->bootargs, sizeof(plat->bootargs), args, len);
    uint64_t start, end;
    if (initrd_prop(blob, chosen, "linux,initrd-start", &start) &&
        initrd_prop(blob, chosen, "linux,initrd-end", &end) && end > start) {
        plat->has_initrd = true;
        plat->initrd_start = start;
        plat->initrd_end = end;
    }
    add_seed(blob, chosen, "rng-seed", plat);
    add_seed(blob, chosen, "kaslr-seed", plat);
    /* linux,stdout-path is the pre-standard name Linux still honours. */
    const char *path = dt_getprop(blob, chosen, "stdout-path", &len);
    if (!path)
        path = dt_getprop(blob, chosen, "linux,stdout-path", &len);
    if (!path)
        return -ENOENT;
    copy_string(plat->stdout_path, sizeof(plat->stdout_path), path, len);
    /* 3.6: a ':' ends the path (options such as "115200n8" follow); the
     * path may begin with an alias. */
    size_t n = strnlen(path, len);
    const char *colon = memchr(path, ':', n);
    return dt_path_offset(blob, path, colon ? (size_t)(colon - path) : n);
}

/* Clock rate from the first provider in "clocks" (Linux binding
 * clock/clock-bindings.txt: phandle plus #clock-cells specifier cells)
 * that has a clock-frequency, as a fixed-clock does. */
static uint32_t clock_hz(const void *blob, struct phandles *ph, int node)
{
    uint32_t len, hz;
    const uint8_t *clocks = dt_getprop(blob, node, "clocks", &len);
    if (!clocks)
        return 0;
    for (uint32_t off = 0, i = 0; len - off >= 4 && i < MAX_CLOCKS; i++) {
        int clk = lookup_phandle(blob, ph, dt_be32(clocks + off));
        if (clk < 0)
            return 0; /* unknown specifier size: cannot step past it */
        if (dt_getprop_u32(blob, clk, "clock-frequency", &hz) == 0)
            return hz;
        uint32_t ncells = 0; /* #clock-cells absent: no specifier cells */
        int err = dt_getprop_u32(blob, clk, "#clock-cells", &ncells);
        if ((err && err != -ENOENT) || ncells > (len - off - 4) / 4)
            return 0;
        off += 4 + 4 * ncells;
    }
    return 0;
}

static bool take_uart(const void *blob, struct phandles *ph, int node, struct dt_platform *plat)
{
    if (!dt_node_is_compatible(blob, node, "arm,pl011") || !dt_node_is_available(blob, node) ||
        !reg_range(blob, node, 0, &plat->uart))
        return false;
    plat->has_uart = true;
    plat->uart_irq = irq_at(blob, ph, node, 0);
    plat->uart_clock_hz = clock_hz(blob, ph, node);
    return true;
}

/* The PL011 stdout-path names (the console the firmware chose), else the
 * first usable one. */
static void parse_uart(const void *blob, struct phandles *ph, int stdout_node,
                       struct dt_platform *plat)
{
    if (stdout_node >= 0 && take_uart(blob, ph, stdout_node, plat))
        return;
    int node = dt_node_by_compatible(blob, -1, "arm,pl011");
    for (; node >= 0; node = dt_node_by_compatible(blob, node, "arm,pl011")) {
        if (take_uart(blob, ph, node, plat))
            return;
    }
}

/* The first usable GIC. reg: GICD then GICC (v2, arm,gic.yaml) or GICD
 * then the first GICR region (v3, arm,gic-v3.yaml). */
static void parse_gic(const void *blob, struct dt_platform *plat)
{
    int node = dt_root(blob);
    for (; node >= 0; node = dt_next_node(blob, node, NULL)) {
        unsigned version = gic_version(blob, node);
        if (!version || !dt_node_is_available(blob, node) ||
            !reg_range(blob, node, 0, &plat->gic_dist))
            continue;
        plat->gic_version = version;
        /* Optional: a GIC described by GICD alone still gives its version. */
        (void)reg_range(blob, node, 1, version == 3 ? &plat->gic_redist : &plat->gic_cpu);
        return;
    }
}

/* Linux binding timer/arm,arch_timer.yaml: interrupts are the secure
 * physical, non-secure physical, virtual and hypervisor PPIs, in order. */
static void parse_timer(const void *blob, struct phandles *ph, struct dt_platform *plat)
{
    static const char *const compat[] = {"arm,armv8-timer", "arm,armv7-timer"};
    for (size_t c = 0; c < ARRAY_SIZE(compat); c++) {
        int node = dt_node_by_compatible(blob, -1, compat[c]);
        for (; node >= 0; node = dt_node_by_compatible(blob, node, compat[c])) {
            if (!dt_node_is_available(blob, node))
                continue;
            plat->has_timer = true;
            for (unsigned i = 0; i < ARRAY_SIZE(plat->timer_irq); i++)
                plat->timer_irq[i] = irq_at(blob, ph, node, i);
            /* Set only if present: 0 stays "absent". */
            (void)dt_getprop_u32(blob, node, "clock-frequency", &plat->timer_freq_hz);
            return;
        }
    }
}

/* Linux binding arm/psci.yaml: the node is /psci; method is the conduit.
 * Function IDs such as cpu_on belong to PSCI 0.1 ("arm,psci"); later
 * versions use the standard IDs. */
static int psci_node(const void *blob)
{
    static const char *const compat[] = {"arm,psci-1.0", "arm,psci-0.2", "arm,psci"};
    int node = dt_path_offset(blob, "/psci", 5);
    for (size_t c = 0; node < 0 && c < ARRAY_SIZE(compat); c++)
        node = dt_node_by_compatible(blob, -1, compat[c]);
    return node;
}

static void parse_psci(const void *blob, struct dt_platform *plat)
{
    int node = psci_node(blob);
    if (node < 0 || !dt_node_is_available(blob, node))
        return;
    const char *method = dt_getprop_string(blob, node, "method");
    if (method && !strcmp(method, "hvc"))
        plat->psci = DT_PSCI_HVC;
    else if (method && !strcmp(method, "smc"))
        plat->psci = DT_PSCI_SMC;
    if (dt_node_is_compatible(blob, node, "arm,psci"))
        (void)dt_getprop_u32(blob, node, "cpu_on", &plat->psci_cpu_on);
}

/* 3.7 /cpus and 3.8 /cpus/cpu*: each child with device_type "cpu"; reg is
 * the MPIDR affinity in /cpus' #address-cells (1 or 2) cells (Linux
 * binding arm/cpus.yaml). A "disabled" CPU is still a CPU: 3.8.1 defines it
 * as quiescent, to be started through its enable-method. */
static void parse_cpus(const void *blob, struct dt_platform *plat)
{
    int cpus = dt_path_offset(blob, "/cpus", 5);
    int ac = cpus < 0 ? -1 : dt_address_cells(blob, cpus);
    if (ac < 1 || ac > 2)
        return;
    int node = dt_first_subnode(blob, cpus);
    for (; node >= 0 && plat->n_cpus < DT_MAX_CPUS; node = dt_next_subnode(blob, node)) {
        const char *type = dt_getprop_string(blob, node, "device_type");
        uint32_t len, clen;
        const void *reg = dt_getprop(blob, node, "reg", &len);
        if (!type || strcmp(type, "cpu") != 0 || !reg || len < 4U * (uint32_t)ac)
            continue;
        plat->cpus[plat->n_cpus].mpidr = dt_read_cells(reg, (unsigned)ac);
        const char *compat = dt_getprop(blob, node, "compatible", &clen);
        if (compat)
            copy_string(plat->cpus[plat->n_cpus].compatible,
                        sizeof(plat->cpus[plat->n_cpus].compatible), compat, clen);
        plat->n_cpus++;
    }
}

/* Linux binding virtio/mmio.yaml: one reg window and one interrupt each. */
static void parse_virtio(const void *blob, struct phandles *ph, struct dt_platform *plat)
{
    int node = dt_node_by_compatible(blob, -1, "virtio,mmio");
    for (; node >= 0 && plat->n_virtio < DT_MAX_VIRTIO;
         node = dt_node_by_compatible(blob, node, "virtio,mmio")) {
        struct dt_virtio_mmio *v = &plat->virtio[plat->n_virtio];
        if (!dt_node_is_available(blob, node) || !reg_range(blob, node, 0, &v->reg))
            continue;
        v->irq = irq_at(blob, ph, node, 0);
        plat->n_virtio++;
    }
}

/* Linux binding rtc/arm,pl031.yaml. */
static void parse_rtc(const void *blob, struct dt_platform *plat)
{
    int node = dt_node_by_compatible(blob, -1, "arm,pl031");
    for (; node >= 0; node = dt_node_by_compatible(blob, node, "arm,pl031")) {
        if (dt_node_is_available(blob, node) && reg_range(blob, node, 0, &plat->rtc)) {
            plat->has_rtc = true;
            return;
        }
    }
}

static int fail(const char **why, const char *reason, int err)
{
    if (why)
        *why = reason;
    return err;
}

static int parse_checked(const void *blob, struct dt_platform *plat, const char **why)
{
    struct phandles ph = {{0}, {0}, 0};
    index_parents(blob);
    int root = dt_root(blob);
    parse_model(blob, root, plat);
    bool have_memory = parse_memory(blob, root, plat);
    parse_reserved(blob, plat);
    int stdout_node = parse_chosen(blob, plat);
    parse_uart(blob, &ph, stdout_node, plat);
    parse_gic(blob, plat);
    parse_timer(blob, &ph, plat);
    parse_psci(blob, plat);
    parse_cpus(blob, plat);
    parse_virtio(blob, &ph, plat);
    parse_rtc(blob, plat);
    if (!have_memory)
        return fail(why, "devicetree has no memory node", -ENOENT);
    if (!plat->n_memory)
        return fail(why, "devicetree memory nodes hold no usable range", -EINVAL);
    return 0;
}

int devtree_parse(const void *blob, size_t size, struct dt_platform *plat, const char **why)
{
    const char *reason;
    memset(plat, 0, sizeof(*plat));
    if (dt_check(blob, size, &reason))
        return fail(why, reason, -EINVAL);
    spin_lock(&index_lock);
    int err = parse_checked(blob, plat, why);
    spin_unlock(&index_lock);
    return err;
}
