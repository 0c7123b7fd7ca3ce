/* Host tests for kernel/mm/buddy.c over fake frames: release of aligned
 * and odd unaligned ranges (compared with an independent computation of
 * the maximal aligned blocks), splitting, coalescing back to the initial
 * blocks after exhausting the zone, bad frees, buddy_check catching
 * corrupted state, and a long random alloc/free storm checked against a
 * shadow bitmap of the frames handed out. */
#include "test.h"

#include <kernel/buddy.h>
#include <uapi/errno.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct buddy_zone zone;
static void *meta;

static void zone_setup(uint64_t base_pfn, uint64_t npages)
{
    free(meta);
    meta = malloc(buddy_meta_bytes(npages) ? buddy_meta_bytes(npages) : 1);
    memset(meta, 0xa5, buddy_meta_bytes(npages)); /* init must not rely on zeroes */
    buddy_init(&zone, base_pfn, npages, meta);
}

static void zone_teardown(void)
{
    free(meta);
    meta = NULL;
}

static bool zone_ok(void)
{
    const char *why = NULL;
    int err = buddy_check(&zone, &why);
    if (err)
        fprintf(stderr, "  buddy_check: %s\n", why ? why : "(no reason)");
    return err == 0;
}

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64*: fixed seeds make every run identical. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* The free blocks per order that a set of free frames must end up as,
 * computed independently of the allocator: from the largest order down,
 * take every naturally aligned block that is entirely free, inside the
 * zone and not yet covered. */
static void expected_counts(const uint8_t *is_free, uint64_t base, uint64_t n,
                            uint64_t count[BUDDY_ORDERS])
{
    uint8_t *covered = calloc(n ? n : 1, 1);
    memset(count, 0, sizeof(uint64_t) * BUDDY_ORDERS);
    for (int o = BUDDY_MAX_ORDER; o >= 0; o--) {
        uint64_t sz = 1ULL << o;
        for (uint64_t p = ALIGN_UP(base, sz); p + sz <= base + n; p += sz) {
            bool all = true;
            for (uint64_t k = 0; k < sz && all; k++)
                all = is_free[p - base + k] && !covered[p - base + k];
            if (!all)
                continue;
            memset(covered + (p - base), 1, sz);
            count[o]++;
        }
    }
    free(covered);
}

static bool counts_are(const uint64_t want[BUDDY_ORDERS])
{
    bool same = true;
    for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
        if (zone.free_count[o] != want[o]) {
            fprintf(stderr, "  order %u: %llu free blocks, want %llu\n", o,
                    (unsigned long long)zone.free_count[o], (unsigned long long)want[o]);
            same = false;
        }
    }
    return same;
}

TEST(buddy_meta_and_init)
{
    CHECK_EQ(buddy_meta_bytes(0), 0);
    CHECK_EQ(buddy_meta_bytes(1000), 1000 * sizeof(struct buddy_frame));
    CHECK_EQ(buddy_meta_bytes(UINT64_MAX), SIZE_MAX);
    zone_setup(0x40000, 4096);
    CHECK_EQ(buddy_free_pages(&zone), 0);
    CHECK(zone_ok());
    uint64_t pfn = 77;
    CHECK_EQ(buddy_alloc(&zone, 0, &pfn), -ENOMEM);
    CHECK_EQ(pfn, 77);
    for (uint64_t i = 0; i < 4096; i++)
        CHECK_EQ(zone.frames[i].state, BUDDY_RESERVED);
    /* A zone of no frames at all. */
    zone_setup(5, 0);
    buddy_release_range(&zone, 0, 100);
    CHECK_EQ(buddy_free_pages(&zone), 0);
    CHECK(zone_ok());
    zone_teardown();
}

/* QEMU virt, 1 GiB: 262144 frames from pfn 0x40000, all 4 MiB blocks. */
TEST(buddy_release_aligned_gib)
{
    zone_setup(0x40000, 262144);
    buddy_release_range(&zone, 0x40000, 262144);
    CHECK(zone_ok());
    CHECK_EQ(zone.free_count[BUDDY_MAX_ORDER], 256);
    for (unsigned o = 0; o < BUDDY_MAX_ORDER; o++)
        CHECK_EQ(zone.free_count[o], 0);
    CHECK_EQ(buddy_free_pages(&zone), 262144);
    zone_teardown();
}

TEST(buddy_release_unaligned)
{
    /* The zone itself starts and ends off any large alignment. */
    const uint64_t base = 0x40003, n = 5000;
    uint8_t *is_free = calloc(n, 1);
    uint64_t want[BUDDY_ORDERS];
    zone_setup(base, n);
    buddy_release_range(&zone, base + 2, 4001);
    memset(is_free + 2, 1, 4001);
    CHECK(zone_ok());
    expected_counts(is_free, base, n, want);
    CHECK(counts_are(want));
    CHECK_EQ(buddy_free_pages(&zone), 4001);
    /* Every free block is aligned in absolute frame numbers. */
    for (uint64_t i = 0; i < n; i++)
        if (zone.frames[i].state == BUDDY_FREE)
            CHECK_EQ((base + i) & ((1ULL << zone.frames[i].order) - 1), 0);

    /* The rest in odd pieces, some overlapping what is free already and
     * some running off either end of the zone: they merge with their
     * neighbours into the same blocks as one release of the whole zone. */
    buddy_release_range(&zone, base - 100, 101);
    buddy_release_range(&zone, base + 4000, 3);
    buddy_release_range(&zone, base + 4003, 997);
    buddy_release_range(&zone, base + 1, 1);
    buddy_release_range(&zone, base + 4990, 1000);
    memset(is_free, 1, n);
    CHECK(zone_ok());
    expected_counts(is_free, base, n, want);
    CHECK(counts_are(want));
    CHECK_EQ(buddy_free_pages(&zone), n);

    struct buddy_zone once;
    void *meta2 = malloc(buddy_meta_bytes(n));
    buddy_init(&once, base, n, meta2);
    buddy_release_range(&once, base, n);
    for (unsigned o = 0; o < BUDDY_ORDERS; o++)
        CHECK_EQ(once.free_count[o], zone.free_count[o]);
    free(meta2);
    free(is_free);
    zone_teardown();
}

/* Many random ranges released in random order, including repeats, end as
 * the same canonical blocks the model predicts. */
TEST(buddy_release_random_pieces)
{
    rng_state = 42;
    for (unsigned round = 0; round < 30; round++) {
        uint64_t base = 0x10000 + rng() % 4096, n = 1 + rng() % 9000;
        uint8_t *is_free = calloc(n, 1);
        uint64_t want[BUDDY_ORDERS];
        zone_setup(base, n);
        for (unsigned k = 0; k < 40; k++) {
            uint64_t from = rng() % n, len = 1 + rng() % (n / 4 + 1);
            len = MIN(len, n - from);
            buddy_release_range(&zone, base + from, len);
            memset(is_free + from, 1, len);
        }
        CHECK(zone_ok());
        expected_counts(is_free, base, n, want);
        CHECK(counts_are(want));
        uint64_t pages = 0;
        for (uint64_t i = 0; i < n; i++)
            pages += is_free[i];
        CHECK_EQ(buddy_free_pages(&zone), pages);
        free(is_free);
    }
    zone_teardown();
}

TEST(buddy_split_and_merge)
{
    zone_setup(0x100, 64);
    buddy_release_range(&zone, 0x108, 8); /* one order-3 block */
    CHECK_EQ(zone.free_count[3], 1);
    uint64_t a, b, c, d;
    CHECK_EQ(buddy_alloc(&zone, 0, &a), 0);
    CHECK_EQ(a, 0x108);
    CHECK_EQ(zone.free_count[0], 1);
    CHECK_EQ(zone.free_count[1], 1);
    CHECK_EQ(zone.free_count[2], 1);
    CHECK_EQ(zone.free_count[3], 0);
    CHECK_EQ(buddy_free_pages(&zone), 7);
    CHECK(zone_ok());
    CHECK_EQ(buddy_alloc(&zone, 2, &b), 0);
    CHECK_EQ(b, 0x10c);
    CHECK_EQ(buddy_alloc(&zone, 1, &c), 0);
    CHECK_EQ(c, 0x10a);
    CHECK_EQ(buddy_alloc(&zone, 0, &d), 0);
    CHECK_EQ(d, 0x109);
    CHECK_EQ(buddy_alloc(&zone, 0, &d), -ENOMEM);
    CHECK_EQ(buddy_free_pages(&zone), 0);
    CHECK(zone_ok());
    CHECK_EQ(buddy_free(&zone, 0x10c, 2), 0);
    CHECK_EQ(buddy_free(&zone, 0x108, 0), 0);
    CHECK_EQ(buddy_free(&zone, 0x10a, 1), 0);
    CHECK_EQ(zone.free_count[2], 1); /* 0x108..0x10b merged, waits for 0x109 */
    CHECK_EQ(buddy_free(&zone, 0x109, 0), 0);
    CHECK_EQ(zone.free_count[3], 1);
    CHECK_EQ(buddy_free_pages(&zone), 8);
    CHECK(zone_ok());
    CHECK_EQ(buddy_alloc(&zone, BUDDY_MAX_ORDER + 1, &d), -ENOMEM);
    CHECK_EQ(buddy_alloc(&zone, 4, &d), -ENOMEM);
    zone_teardown();
}

/* A block at the zone's edge whose buddy lies outside never merges. */
TEST(buddy_zone_edges)
{
    zone_setup(0x1001, 2046); /* 0x1001 .. 0x17fe */
    buddy_release_range(&zone, 0x1001, 2046);
    CHECK(zone_ok());
    CHECK_EQ(zone.free_count[0], 2); /* 0x1001 and 0x17fe */
    CHECK_EQ(zone.free_count[BUDDY_MAX_ORDER], 0);
    uint64_t pfn;
    uint64_t n0 = 0;
    while (buddy_alloc(&zone, 0, &pfn) == 0) {
        CHECK(pfn >= 0x1001 && pfn <= 0x17fe);
        n0++;
    }
    CHECK_EQ(n0, 2046);
    for (uint64_t p = 0x1001; p <= 0x17fe; p++)
        CHECK_EQ(buddy_free(&zone, p, 0), 0);
    CHECK(zone_ok());
    CHECK_EQ(zone.free_count[0], 2);
    CHECK_EQ(buddy_free_pages(&zone), 2046);
    zone_teardown();
}

TEST(buddy_bad_free)
{
    zone_setup(0x2000, 1024);
    buddy_release_range(&zone, 0x2000, 512);
    uint64_t a, b;
    CHECK_EQ(buddy_alloc(&zone, 3, &a), 0);
    CHECK_EQ(buddy_alloc(&zone, 0, &b), 0);
    struct buddy_zone before = zone;
    CHECK_EQ(buddy_free(&zone, a, 2), -EINVAL);             /* wrong order */
    CHECK_EQ(buddy_free(&zone, a, 4), -EINVAL);             /* wrong order */
    CHECK_EQ(buddy_free(&zone, a + 1, 0), -EINVAL);         /* tail frame */
    CHECK_EQ(buddy_free(&zone, a + 4, 2), -EINVAL);         /* inside the block */
    CHECK_EQ(buddy_free(&zone, 0x2000 + 600, 0), -EINVAL);  /* never released */
    CHECK_EQ(buddy_free(&zone, 0x1fff, 0), -EINVAL);        /* below the zone */
    CHECK_EQ(buddy_free(&zone, 0x2000 + 1024, 0), -EINVAL); /* above */
    CHECK_EQ(buddy_free(&zone, UINT64_MAX, 0), -EINVAL);
    CHECK_EQ(buddy_free(&zone, a, BUDDY_MAX_ORDER + 1), -EINVAL);
    CHECK_EQ(buddy_free(&zone, a, 255), -EINVAL);
    /* A free block (not just a free head) cannot be freed. */
    CHECK_EQ(buddy_free(&zone, zone.base_pfn + (uint64_t)(zone.free_head[0] - zone.frames), 0),
             -EINVAL);
    CHECK(memcmp(&before, &zone, sizeof(zone)) == 0);
    CHECK(zone_ok());
    CHECK_EQ(buddy_free(&zone, b, 0), 0);
    CHECK_EQ(buddy_free(&zone, b, 0), -EINVAL); /* double free */
    CHECK_EQ(buddy_free(&zone, a, 3), 0);
    CHECK_EQ(buddy_free(&zone, a, 3), -EINVAL);
    CHECK(zone_ok());
    CHECK_EQ(buddy_free_pages(&zone), 512);
    CHECK_EQ(zone.free_count[9], 1);
    zone_teardown();
}

/* Take every frame (mixed orders, then order 0), free everything in random
 * order: the zone must return to exactly the blocks it started with. */
TEST(buddy_exhaust_and_restore)
{
    const uint64_t base = 0x40000 + 3, n = 70000;
    zone_setup(base, n);
    buddy_release_range(&zone, base + 5, 30000);
    buddy_release_range(&zone, base + 31000, 38999);
    CHECK(zone_ok());
    uint64_t initial[BUDDY_ORDERS], total = buddy_free_pages(&zone);
    memcpy(initial, zone.free_count, sizeof(initial));

    struct blk {
        uint64_t pfn;
        unsigned order;
    };
    struct blk *held = malloc(sizeof(*held) * n);
    uint64_t nheld = 0, pages = 0;
    rng_state = 7;
    for (;;) {
        unsigned order = (unsigned)(rng() % BUDDY_ORDERS);
        uint64_t pfn;
        if (buddy_alloc(&zone, order, &pfn) != 0) {
            /* This order is gone; when order 0 is gone, everything is. */
            if (buddy_alloc(&zone, 0, &pfn) != 0)
                break;
            order = 0;
        }
        CHECK_EQ(pfn & ((1ULL << order) - 1), 0);
        held[nheld++] = (struct blk){pfn, order};
        pages += 1ULL << order;
    }
    CHECK_EQ(pages, total);
    CHECK_EQ(buddy_free_pages(&zone), 0);
    for (unsigned o = 0; o < BUDDY_ORDERS; o++)
        CHECK_EQ(zone.free_count[o], 0);
    CHECK(zone_ok());
    /* Fisher-Yates shuffle, then free. */
    for (uint64_t i = nheld; i > 1; i--) {
        uint64_t j = rng() % i;
        struct blk t = held[i - 1];
        held[i - 1] = held[j];
        held[j] = t;
    }
    for (uint64_t i = 0; i < nheld; i++)
        CHECK_EQ(buddy_free(&zone, held[i].pfn, held[i].order), 0);
    CHECK(zone_ok());
    CHECK_EQ(buddy_free_pages(&zone), total);
    CHECK(counts_are(initial));
    free(held);
    zone_teardown();
}

/* 200000 random operations with a shadow bitmap of every frame handed out:
 * no frame may be given twice, every block inside released memory, bad
 * frees refused, and buddy_check after every 2000 operations. */
TEST(buddy_random_storm)
{
    const uint64_t base = 0x80000 + 0x1234, n = 40000;
    zone_setup(base, n);
    uint8_t *released = calloc(n, 1), *shadow = calloc(n, 1);
    /* Several ranges with holes between them. */
    const uint64_t ranges[][2] = {{0, 9000}, {9100, 17}, {9200, 15000}, {24300, 15699}};
    for (unsigned r = 0; r < ARRAY_SIZE(ranges); r++) {
        buddy_release_range(&zone, base + ranges[r][0], ranges[r][1]);
        memset(released + ranges[r][0], 1, ranges[r][1]);
    }
    uint64_t initial[BUDDY_ORDERS], total = buddy_free_pages(&zone);
    memcpy(initial, zone.free_count, sizeof(initial));

    struct blk {
        uint64_t pfn;
        unsigned order;
    } *held = malloc(sizeof(*held) * n);
    uint64_t nheld = 0, pages = 0, failures = 0, bad = 0, checks = 0;
    rng_state = 0xdeadbeef;
    for (unsigned op = 0; op < 200000; op++) {
        if (op % 2000 == 0) {
            checks++;
            if (!zone_ok())
                bad++;
        }
        /* Alternate filling and draining phases, so the zone both runs
         * dry and refills to large blocks. */
        unsigned alloc_pct = (op / 20000) % 2 ? 25 : 75;
        bool do_alloc = nheld == 0 || (rng() % 100) < alloc_pct;
        if (do_alloc) {
            /* Mostly small orders, as a kernel asks. */
            unsigned order = (unsigned)(rng() % 4 ? rng() % 3 : rng() % BUDDY_ORDERS);
            uint64_t pfn;
            if (buddy_alloc(&zone, order, &pfn) != 0) {
                failures++;
                continue;
            }
            uint64_t idx = pfn - base, len = 1ULL << order;
            if (pfn < base || idx + len > n || (pfn & (len - 1))) {
                bad++;
                continue;
            }
            for (uint64_t k = 0; k < len; k++) {
                if (shadow[idx + k] || !released[idx + k])
                    bad++;
                shadow[idx + k] = 1;
            }
            held[nheld++] = (struct blk){pfn, order};
            pages += len;
        } else {
            uint64_t i = rng() % nheld;
            struct blk b = held[i];
            held[i] = held[--nheld];
            /* Now and then a wrong free first: it must change nothing. */
            if (rng() % 16 == 0) {
                if (b.order < BUDDY_MAX_ORDER && buddy_free(&zone, b.pfn, b.order + 1) != -EINVAL)
                    bad++;
                if (b.order > 0 && buddy_free(&zone, b.pfn + 1, 0) != -EINVAL)
                    bad++;
            }
            if (buddy_free(&zone, b.pfn, b.order) != 0)
                bad++;
            if (rng() % 16 == 0 && buddy_free(&zone, b.pfn, b.order) != -EINVAL)
                bad++; /* double free */
            memset(shadow + (b.pfn - base), 0, 1ULL << b.order);
            pages -= 1ULL << b.order;
        }
        if (buddy_free_pages(&zone) != total - pages)
            bad++;
    }
    CHECK_EQ(bad, 0);
    CHECK(failures > 0); /* the storm did run the zone dry at times */
    CHECK(checks == 100);
    while (nheld) {
        nheld--;
        CHECK_EQ(buddy_free(&zone, held[nheld].pfn, held[nheld].order), 0);
    }
    CHECK(zone_ok());
    CHECK_EQ(buddy_free_pages(&zone), total);
    CHECK(counts_are(initial));
    free(held);
    free(shadow);
    free(released);
    zone_teardown();
}

/* buddy_check must notice each kind of damage; each case starts afresh. */
static void damaged_zone(void)
{
    zone_setup(0x3000, 256);
    buddy_release_range(&zone, 0x3000, 200);
    uint64_t pfn;
    buddy_alloc(&zone, 2, &pfn);
}

static bool check_fails(const char *what)
{
    const char *why = NULL;
    int err = buddy_check(&zone, &why);
    if (err != -EINVAL || !why) {
        fprintf(stderr, "  not detected: %s\n", what);
        return false;
    }
    return true;
}

TEST(buddy_check_detects_damage)
{
    damaged_zone();
    CHECK(zone_ok());

    damaged_zone();
    zone.free_count[3]++;
    CHECK(check_fails("free_count too high"));

    damaged_zone();
    zone.free_pages--;
    CHECK(check_fails("free_pages off"));

    damaged_zone();
    zone.free_head[6]->state = BUDDY_ALLOCATED; /* listed but not FREE */
    CHECK(check_fails("listed block not free"));

    damaged_zone();
    zone.free_head[6]->order = 5;
    CHECK(check_fails("listed block with wrong order"));

    damaged_zone();
    zone.frames[3].state = BUDDY_RESERVED; /* tail of the order-2 block */
    CHECK(check_fails("tail not marked"));

    damaged_zone();
    zone.frames[250].state = BUDDY_TAIL; /* tail outside any block */
    CHECK(check_fails("orphan tail"));

    damaged_zone();
    zone.free_head[6]->next = &zone.frames[1]; /* link into the middle */
    CHECK(check_fails("broken next link"));

    damaged_zone();
    zone.free_head[6]->prev = (struct buddy_frame *)((char *)zone.frames + 3);
    CHECK(check_fails("misaligned prev link"));

    damaged_zone();
    zone.frames[0].state = 9;
    CHECK(check_fails("unknown state"));

    /* Two free order-0 buddies that were never merged: release 0x3001
     * alone, then put its buddy 0x3000 on the list by hand, as if
     * free_block had forgotten to merge. */
    zone_setup(0x3000, 256);
    buddy_release_range(&zone, 0x3001, 1);
    struct buddy_frame *g = &zone.frames[0];
    g->state = BUDDY_FREE;
    g->order = 0;
    g->next = zone.free_head[0];
    g->prev = zone.free_head[0];
    zone.free_head[0]->next = g;
    zone.free_head[0]->prev = g;
    zone.free_count[0]++;
    zone.free_pages++;
    CHECK(check_fails("unmerged buddies"));

    /* A free block not on any list: counts disagree with the frames. */
    damaged_zone();
    zone.frames[250].state = BUDDY_FREE;
    zone.frames[250].order = 0;
    CHECK(check_fails("free frame not on a list"));
    zone_teardown();
}
