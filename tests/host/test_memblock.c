/* Host tests for kernel/mm/memblock.c: a QEMU virt memory map with the
 * kernel, DTB and initrd reserved; merging of adjacent, overlapping and
 * bridging ranges; the region limit (-ENOSPC, nothing changed); ranges
 * wrapping past 2^64 (-EINVAL); top-down aligned allocation; and a
 * randomized comparison against a byte-map model of the same operations. */
#include "test.h"

#include <kernel/memblock.h>
#include <uapi/errno.h>

#include <stdint.h>
#include <string.h>

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)

static struct memblock mb;

/* All free ranges joined as "base+size" pairs, for compact comparisons. */
struct range {
    uint64_t base, size;
};

static unsigned free_ranges(const struct memblock *m, struct range *out, unsigned max)
{
    uint64_t cursor = 0, base, size;
    unsigned n = 0;
    while (memblock_next_free(m, &cursor, &base, &size)) {
        if (n < max)
            out[n] = (struct range){base, size};
        n++;
    }
    return n;
}

static bool list_is(const struct memblock_list *l, const struct range *want, unsigned n)
{
    if (l->n != n)
        return false;
    for (unsigned i = 0; i < n; i++)
        if (l->r[i].base != want[i].base || l->r[i].size != want[i].size)
            return false;
    return true;
}

static bool same_memblock(const struct memblock *a, const struct memblock *b)
{
    const struct memblock_list *la[] = {&a->memory, &a->reserved};
    const struct memblock_list *lb[] = {&b->memory, &b->reserved};
    for (unsigned k = 0; k < 2; k++) {
        if (la[k]->n != lb[k]->n)
            return false;
        for (unsigned i = 0; i < la[k]->n; i++)
            if (la[k]->r[i].base != lb[k]->r[i].base || la[k]->r[i].size != lb[k]->r[i].size)
                return false;
    }
    return true;
}

TEST(memblock_empty)
{
    memblock_init(&mb);
    uint64_t cursor = 0, base, size, pa = 0x1234;
    CHECK_EQ(memblock_ram_bytes(&mb), 0);
    CHECK_EQ(memblock_reserved_bytes(&mb), 0);
    CHECK(!memblock_next_free(&mb, &cursor, &base, &size));
    CHECK_EQ(memblock_alloc(&mb, 4096, 4096, &pa), -ENOMEM);
    CHECK_EQ(pa, 0x1234);
    /* Reservations alone give no free memory. */
    CHECK_EQ(memblock_reserve(&mb, 0x1000, 0x1000), 0);
    CHECK_EQ(memblock_reserved_bytes(&mb), 0);
    CHECK(!memblock_next_free(&mb, &cursor, &base, &size));
}

/* QEMU virt with -m 1G: RAM at 1 GiB, the DTB at its start, the Image at
 * 2 MiB (text_offset), the initrd at 128 MiB with an odd size. */
TEST(memblock_qemu_virt_map)
{
    memblock_init(&mb);
    CHECK_EQ(memblock_add(&mb, 0x40000000, GiB), 0);
    CHECK_EQ(memblock_reserve(&mb, 0x40200000, 0x2c0000), 0); /* kernel image */
    CHECK_EQ(memblock_reserve(&mb, 0x40000000, 0x100000), 0); /* DTB */
    CHECK_EQ(memblock_reserve(&mb, 0x48000000, 0x123456), 0); /* initrd */
    CHECK_EQ(memblock_ram_bytes(&mb), GiB);
    CHECK_EQ(memblock_reserved_bytes(&mb), 0x2c0000 + 0x100000 + 0x123456);

    struct range want_res[] = {
        {0x40000000, 0x100000}, {0x40200000, 0x2c0000}, {0x48000000, 0x123456}};
    CHECK(list_is(&mb.reserved, want_res, 3));

    struct range got[8];
    CHECK_EQ(free_ranges(&mb, got, 8), 3);
    struct range want[] = {{0x40100000, 0x100000},
                           {0x404c0000, 0x48000000 - 0x404c0000},
                           {0x48123456, 0x80000000 - 0x48123456}};
    for (unsigned i = 0; i < 3; i++) {
        CHECK_EQ(got[i].base, want[i].base);
        CHECK_EQ(got[i].size, want[i].size);
    }

    /* The page bookkeeping for 1 GiB, as page_alloc asks: top of RAM. */
    uint64_t pa;
    CHECK_EQ(memblock_alloc(&mb, 0x600000, 4096, &pa), 0);
    CHECK_EQ(pa, 0x80000000 - 0x600000);
    /* Now reserved and merged with nothing: a fourth reservation. */
    CHECK_EQ(mb.reserved.n, 4);
    CHECK_EQ(memblock_reserved_bytes(&mb), 0x2c0000 + 0x100000 + 0x123456 + 0x600000);
    /* The next one lands right below and merges with it. */
    uint64_t pa2;
    CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000, &pa2), 0);
    CHECK_EQ(pa2, pa - 0x1000);
    CHECK_EQ(mb.reserved.n, 4);
    /* The biggest gap (initrd end to the bookkeeping) is about 888 MiB. */
    CHECK_EQ(memblock_alloc(&mb, 900 * MiB, 4096, &pa), -ENOMEM);
    CHECK_EQ(memblock_alloc(&mb, 800 * MiB, 4096, &pa), 0);
    CHECK_EQ(pa, pa2 - 800 * MiB);
    /* A block that only fits in the gap between the DTB and the Image. */
    memblock_init(&mb);
    CHECK_EQ(memblock_add(&mb, 0x40000000, 4 * MiB), 0);
    CHECK_EQ(memblock_reserve(&mb, 0x40000000, MiB), 0);
    CHECK_EQ(memblock_reserve(&mb, 0x40200000, 2 * MiB), 0);
    CHECK_EQ(memblock_alloc(&mb, MiB, MiB, &pa), 0);
    CHECK_EQ(pa, 0x40100000);
    CHECK_EQ(mb.reserved.n, 1); /* the three merged into one */
    CHECK_EQ(memblock_alloc(&mb, 1, 1, &pa), -ENOMEM);
}

TEST(memblock_merging)
{
    memblock_init(&mb);
    CHECK_EQ(memblock_add(&mb, 0x3000, 0x1000), 0);
    CHECK_EQ(memblock_add(&mb, 0x1000, 0x1000), 0);
    CHECK_EQ(memblock_add(&mb, 0x5000, 0x1000), 0);
    struct range three[] = {{0x1000, 0x1000}, {0x3000, 0x1000}, {0x5000, 0x1000}};
    CHECK(list_is(&mb.memory, three, 3));

    /* Adjacent on the left of the middle region. */
    CHECK_EQ(memblock_add(&mb, 0x2800, 0x800), 0);
    struct range a[] = {{0x1000, 0x1000}, {0x2800, 0x1800}, {0x5000, 0x1000}};
    CHECK(list_is(&mb.memory, a, 3));

    /* Bridging: touches the first, overlaps into the third. */
    CHECK_EQ(memblock_add(&mb, 0x2000, 0x3800), 0);
    struct range b[] = {{0x1000, 0x5000}};
    CHECK(list_is(&mb.memory, b, 1));

    /* Contained and identical additions change nothing. */
    CHECK_EQ(memblock_add(&mb, 0x1800, 0x10), 0);
    CHECK_EQ(memblock_add(&mb, 0x1000, 0x5000), 0);
    CHECK(list_is(&mb.memory, b, 1));

    /* Covering everything, extending both ends. */
    CHECK_EQ(memblock_add(&mb, 0x0, 0x10000), 0);
    struct range c[] = {{0x0, 0x10000}};
    CHECK(list_is(&mb.memory, c, 1));
    CHECK_EQ(memblock_ram_bytes(&mb), 0x10000);

    /* Adjacent on the right. */
    CHECK_EQ(memblock_add(&mb, 0x10000, 0x10), 0);
    struct range d[] = {{0x0, 0x10010}};
    CHECK(list_is(&mb.memory, d, 1));

    /* Reservations merge the same way and may overlap RAM partially. */
    CHECK_EQ(memblock_reserve(&mb, 0x8000, 0x10000), 0); /* runs past RAM */
    CHECK_EQ(memblock_reserve(&mb, 0x7000, 0x1800), 0);  /* overlaps it */
    struct range r[] = {{0x7000, 0x11000}};
    CHECK(list_is(&mb.reserved, r, 1));
    CHECK_EQ(memblock_reserved_bytes(&mb), 0x10010 - 0x7000);
    struct range got[4] = {{0}};
    CHECK_EQ(free_ranges(&mb, got, 4), 1);
    CHECK_EQ(got[0].base, 0);
    CHECK_EQ(got[0].size, 0x7000);
}

TEST(memblock_reserved_outside_ram_and_holes)
{
    memblock_init(&mb);
    CHECK_EQ(memblock_add(&mb, 0x10000, 0x10000), 0);
    CHECK_EQ(memblock_add(&mb, 0x40000, 0x10000), 0);
    /* Straddles the hole between the two RAM regions. */
    CHECK_EQ(memblock_reserve(&mb, 0x1f000, 0x22000), 0);
    /* Entirely outside RAM. */
    CHECK_EQ(memblock_reserve(&mb, 0x100000, 0x1000), 0);
    CHECK_EQ(memblock_reserved_bytes(&mb), 0x1000 + 0x1000);
    struct range got[4] = {{0}};
    CHECK_EQ(free_ranges(&mb, got, 4), 2);
    CHECK_EQ(got[0].base, 0x10000);
    CHECK_EQ(got[0].size, 0xf000);
    CHECK_EQ(got[1].base, 0x41000);
    CHECK_EQ(got[1].size, 0xf000);
    /* Many reservations splitting one region. */
    for (uint64_t a = 0x42000; a < 0x50000; a += 0x2000)
        CHECK_EQ(memblock_reserve(&mb, a, 0x1000), 0);
    struct range many[16];
    CHECK_EQ(free_ranges(&mb, many, 16), 1 + 8);
    for (unsigned i = 1; i <= 8; i++) {
        CHECK_EQ(many[i].base, 0x41000 + (i - 1) * 0x2000);
        CHECK_EQ(many[i].size, 0x1000);
    }
    CHECK_EQ(memblock_reserved_bytes(&mb), 0x2000 + 7 * 0x1000);
}

TEST(memblock_full_list)
{
    memblock_init(&mb);
    for (unsigned i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
        CHECK_EQ(memblock_add(&mb, (uint64_t)i * 0x2000, 0x1000), 0);
    CHECK_EQ(mb.memory.n, MEMBLOCK_MAX_REGIONS);
    struct memblock before = mb;
    /* A new disjoint region does not fit: -ENOSPC and nothing changes. */
    CHECK_EQ(memblock_add(&mb, 0x1000000, 0x1000), -ENOSPC);
    CHECK_EQ(memblock_add(&mb, 0x1001, 0x10), -ENOSPC); /* inside a hole */
    CHECK(same_memblock(&before, &mb));
    /* Extending or bridging still works on a full list. */
    CHECK_EQ(memblock_add(&mb, 0x1000, 0x1000), 0); /* fills hole 0 */
    CHECK_EQ(mb.memory.n, MEMBLOCK_MAX_REGIONS - 1);
    CHECK_EQ(mb.memory.r[0].size, 0x3000);
    CHECK_EQ(memblock_add(&mb, 0x1000000, 0x1000), 0); /* room again */
    CHECK_EQ(memblock_add(&mb, 0x2000000, 0x1000), -ENOSPC);
    CHECK_EQ(memblock_add(&mb, 0, 0x2000000), 0); /* swallows everything */
    CHECK_EQ(mb.memory.n, 1);
    CHECK_EQ(memblock_ram_bytes(&mb), 0x2000000);

    /* The same for reservations, and memblock_alloc must not hand out a
     * block it cannot record. */
    for (unsigned i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
        CHECK_EQ(memblock_reserve(&mb, (uint64_t)i * 0x4000, 0x1000), 0);
    CHECK_EQ(memblock_reserve(&mb, 0x1f00000, 0x1000), -ENOSPC);
    uint64_t pa = 7;
    CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000, &pa), -ENOSPC);
    CHECK_EQ(pa, 7);
    CHECK_EQ(mb.reserved.n, MEMBLOCK_MAX_REGIONS);
    /* Reserving the rest of RAM merges with the last reservation; then the
     * top fit touches a reservation, so it merges and needs no new slot. */
    CHECK_EQ(memblock_reserve(&mb, 0xfd000, 0x1f03000), 0);
    CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000, &pa), 0);
    CHECK_EQ(pa, 0xfb000); /* just below, touching: merged */
}

TEST(memblock_overflow_and_bad_args)
{
    memblock_init(&mb);
    CHECK_EQ(memblock_add(&mb, 0x1000, 0), -EINVAL);
    CHECK_EQ(memblock_reserve(&mb, 0x1000, 0), -EINVAL);
    CHECK_EQ(memblock_add(&mb, UINT64_MAX, 1), -EINVAL);
    CHECK_EQ(memblock_add(&mb, UINT64_MAX, 2), -EINVAL);
    CHECK_EQ(memblock_add(&mb, 1, UINT64_MAX), -EINVAL);
    CHECK_EQ(memblock_add(&mb, 0xfffff000ULL << 32, 1ULL << 44), -EINVAL);
    CHECK_EQ(memblock_reserve(&mb, UINT64_MAX - 0xfff, 0x1000), -EINVAL);
    CHECK_EQ(mb.memory.n, 0);
    CHECK_EQ(mb.reserved.n, 0);

    /* The very top of the address space, ending at 2^64 - 1. */
    CHECK_EQ(memblock_add(&mb, UINT64_MAX - 0x10000, 0x10000), 0);
    CHECK_EQ(memblock_add(&mb, 0, UINT64_MAX), 0); /* all but the last byte */
    CHECK_EQ(mb.memory.n, 1);
    CHECK_EQ(memblock_ram_bytes(&mb), UINT64_MAX);
    uint64_t pa;
    CHECK_EQ(memblock_alloc(&mb, 0x1000, 0x1000, &pa), 0);
    CHECK_EQ(pa, UINT64_MAX - 0x1fff); /* highest aligned fit below 2^64 - 1 */
    CHECK_EQ(memblock_alloc(&mb, 16, 0, &pa), -EINVAL);
    CHECK_EQ(memblock_alloc(&mb, 16, 24, &pa), -EINVAL);
    CHECK_EQ(memblock_alloc(&mb, 0, 16, &pa), -EINVAL);
    CHECK_EQ(memblock_alloc(&mb, UINT64_MAX, 1, &pa), -ENOMEM);
    CHECK_EQ(memblock_alloc(&mb, 1, 1ULL << 63, &pa), 0);
    CHECK_EQ(pa, 1ULL << 63);
    CHECK_EQ(memblock_alloc(&mb, 1, 1ULL << 63, &pa), 0);
    CHECK_EQ(pa, 0); /* physical address 0 is valid */
    CHECK_EQ(memblock_alloc(&mb, 1, 1ULL << 63, &pa), -ENOMEM);
}

TEST(memblock_alloc_alignment)
{
    memblock_init(&mb);
    CHECK_EQ(memblock_add(&mb, 0x40000000, 64 * MiB), 0);
    CHECK_EQ(memblock_reserve(&mb, 0x43f00000, MiB), 0); /* the top MiB */
    uint64_t pa;
    CHECK_EQ(memblock_alloc(&mb, 0x3000, 2 * MiB, &pa), 0);
    CHECK_EQ(pa, 0x43e00000);
    CHECK_EQ(memblock_alloc(&mb, 100, 8, &pa), 0);
    CHECK_EQ(pa, ALIGN_DOWN(0x43f00000 - 100, 8)); /* above the first, below the top MiB */
    CHECK_EQ(memblock_alloc(&mb, 32 * MiB, 32 * MiB, &pa), 0);
    CHECK_EQ(pa, 0x40000000 + 0); /* only the bottom half is aligned and free */
    CHECK_EQ(memblock_alloc(&mb, 32 * MiB, 32 * MiB, &pa), -ENOMEM);
    /* Every allocation is reserved: nothing handed out twice. */
    CHECK_EQ(memblock_reserved_bytes(&mb), MiB + 0x3000 + 100 + 32 * MiB);
}

/* ---- randomized comparison with a byte map (one byte per 16-byte unit) ---- */

#define UNITS 2048
#define UNIT  16

static uint8_t model_mem[UNITS], model_res[UNITS];
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Maximal runs of set bytes, as regions, or UINT32_MAX if there are more
 * than the list can hold. */
static unsigned model_runs(const uint8_t *map, struct range *out)
{
    unsigned n = 0;
    for (unsigned i = 0; i < UNITS;) {
        if (!map[i]) {
            i++;
            continue;
        }
        unsigned j = i;
        while (j < UNITS && map[j])
            j++;
        if (n < MEMBLOCK_MAX_REGIONS)
            out[n] = (struct range){(uint64_t)i * UNIT, (uint64_t)(j - i) * UNIT};
        n++;
        i = j;
    }
    return n;
}

/* Apply an add to a byte map unless the result would not fit the list. */
static int model_add(uint8_t *map, unsigned from, unsigned len)
{
    uint8_t copy[UNITS];
    struct range tmp[MEMBLOCK_MAX_REGIONS];
    memcpy(copy, map, UNITS);
    memset(copy + from, 1, len);
    if (model_runs(copy, tmp) > MEMBLOCK_MAX_REGIONS)
        return -ENOSPC;
    memcpy(map, copy, UNITS);
    return 0;
}

static bool model_matches(void)
{
    struct range want[MEMBLOCK_MAX_REGIONS];
    unsigned n = model_runs(model_mem, want);
    if (!list_is(&mb.memory, want, n))
        return false;
    n = model_runs(model_res, want);
    if (!list_is(&mb.reserved, want, n))
        return false;
    uint8_t freemap[UNITS];
    uint64_t reserved = 0;
    for (unsigned i = 0; i < UNITS; i++) {
        freemap[i] = model_mem[i] && !model_res[i];
        reserved += (uint64_t)(model_mem[i] && model_res[i]) * UNIT;
    }
    if (memblock_reserved_bytes(&mb) != reserved)
        return false;
    struct range free_want[UNITS / 2], free_got[UNITS / 2];
    uint8_t copy[UNITS];
    memcpy(copy, freemap, UNITS);
    unsigned nf = 0;
    for (unsigned i = 0; i < UNITS;) {
        if (!copy[i]) {
            i++;
            continue;
        }
        unsigned j = i;
        while (j < UNITS && copy[j])
            j++;
        free_want[nf++] = (struct range){(uint64_t)i * UNIT, (uint64_t)(j - i) * UNIT};
        i = j;
    }
    if (free_ranges(&mb, free_got, UNITS / 2) != nf)
        return false;
    for (unsigned i = 0; i < nf; i++)
        if (free_got[i].base != free_want[i].base || free_got[i].size != free_want[i].size)
            return false;
    return true;
}

/* The highest unit-aligned fit the model allows, or -1. */
static long model_alloc_fit(unsigned len, unsigned align)
{
    for (long s = UNITS - (long)len; s >= 0; s--) {
        if (s % align)
            continue;
        bool ok = true;
        for (unsigned k = 0; k < len && ok; k++)
            ok = model_mem[s + k] && !model_res[s + k];
        if (ok)
            return s;
    }
    return -1;
}

TEST(memblock_random_vs_model)
{
    unsigned mismatches = 0, nospc = 0, allocs = 0;
    for (unsigned round = 0; round < 40; round++) {
        memblock_init(&mb);
        memset(model_mem, 0, sizeof(model_mem));
        memset(model_res, 0, sizeof(model_res));
        for (unsigned op = 0; op < 300; op++) {
            unsigned kind = (unsigned)(rng() % 10);
            unsigned from = (unsigned)(rng() % UNITS);
            unsigned len = 1 + (unsigned)(rng() % (kind < 2 ? 200 : 24));
            len = MIN(len, UNITS - from);
            int want, got;
            if (kind < 4) {
                want = model_add(model_mem, from, len);
                got = memblock_add(&mb, (uint64_t)from * UNIT, (uint64_t)len * UNIT);
            } else if (kind < 8) {
                want = model_add(model_res, from, len);
                got = memblock_reserve(&mb, (uint64_t)from * UNIT, (uint64_t)len * UNIT);
            } else {
                unsigned alen = 1 + (unsigned)(rng() % 8), align = 1u << (rng() % 4);
                long s = model_alloc_fit(alen, align);
                uint64_t pa = 0;
                got = memblock_alloc(&mb, (uint64_t)alen * UNIT, (uint64_t)align * UNIT, &pa);
                if (s < 0) {
                    want = -ENOMEM;
                } else {
                    want = model_add(model_res, (unsigned)s, alen);
                    if (want == 0 && got == 0 && pa != (uint64_t)s * UNIT)
                        mismatches++;
                    allocs += want == 0;
                }
            }
            nospc += want == -ENOSPC;
            if (got != want || !model_matches()) {
                if (!mismatches)
                    fprintf(stderr, "  round %u op %u kind %u: got %d want %d\n", round, op, kind,
                            got, want);
                mismatches++;
            }
        }
    }
    CHECK_EQ(mismatches, 0);
    CHECK(nospc > 0);    /* the random ops did reach the list limit */
    CHECK(allocs > 100); /* and allocated often */
}
