/* The page allocator over the real free RAM: every free page is taken,
 * written and read back with address and walking-ones patterns, then
 * returned; randomized storms and deliberate fragmentation must leave the
 * allocator exactly as it was (same free count, invariants intact). */
#include <kernel/ktest.h>
#include <kernel/memlayout.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>

#define MAX_BLOCKS 8192 /* 32 GiB of order-10 blocks */

static void *blocks[MAX_BLOCKS];

/* A small deterministic PRNG (xorshift64*, Vigna 2016): tests repeat. */
static uint64_t prng_state;
static uint64_t prng(void)
{
    prng_state ^= prng_state >> 12;
    prng_state ^= prng_state << 25;
    prng_state ^= prng_state >> 27;
    return prng_state * 0x2545F4914F6CDD1DULL;
}

/* Take every free page as the largest blocks available, smallest last. */
static unsigned take_everything(unsigned *orders)
{
    unsigned n = 0;
    for (int order = 10; order >= 0; order--) {
        void *p;
        while (n < MAX_BLOCKS && (p = alloc_pages((unsigned)order)) != NULL) {
            orders[n] = (unsigned)order;
            blocks[n++] = p;
        }
    }
    return n;
}

static unsigned block_orders[MAX_BLOCKS];

static void give_back(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        free_pages(blocks[i], block_orders[i]);
}

/* Each word holds its own address, then its complement: catches address
 * lines that alias and bits stuck at either value. */
static bool address_pattern_ok(uint64_t *w, size_t words, bool invert)
{
    for (size_t i = 0; i < words; i++)
        w[i] = invert ? ~(uint64_t)&w[i] : (uint64_t)&w[i];
    for (size_t i = 0; i < words; i++)
        if (w[i] != (invert ? ~(uint64_t)&w[i] : (uint64_t)&w[i]))
            return false;
    return true;
}

KTEST(pages_every_free_page_holds_patterns)
{
    uint64_t free_before = page_alloc_free_pages();
    unsigned n = take_everything(block_orders);
    KT_ASSERT(page_alloc_free_pages() == 0);
    uint64_t pages = 0;
    bool ok = true;
    for (unsigned i = 0; i < n && ok; i++) {
        size_t bytes = PAGE_SIZE << block_orders[i];
        ok = address_pattern_ok(blocks[i], bytes / 8, false) &&
             address_pattern_ok(blocks[i], bytes / 8, true);
        pages += bytes / PAGE_SIZE;
    }
    give_back(n);
    pr_info("  %lu pages (%lu MiB) written and verified\n", (unsigned long)pages,
            (unsigned long)(pages >> 8));
    KT_ASSERT(ok);
    KT_ASSERT(pages == free_before);
    KT_ASSERT(page_alloc_free_pages() == free_before);
    KT_ASSERT(page_alloc_check() == 0);
    return KTEST_PASS;
}

/* Walking ones and zeros on the first word of every block (data lines),
 * and a distinct value at every power-of-two offset of each 4 MiB block
 * (address lines within the block). */
KTEST(pages_walking_ones)
{
    uint64_t free_before = page_alloc_free_pages();
    unsigned n = take_everything(block_orders);
    bool ok = true;
    for (unsigned i = 0; i < n && ok; i++) {
        volatile uint64_t *w = blocks[i];
        for (unsigned bit = 0; bit < 64 && ok; bit++) {
            w[0] = 1ULL << bit;
            ok = w[0] == 1ULL << bit;
            w[0] = ~(1ULL << bit);
            ok = ok && w[0] == ~(1ULL << bit);
        }
        size_t words = (PAGE_SIZE << block_orders[i]) / 8;
        for (size_t off = 1; off < words; off <<= 1)
            w[off] = off;
        w[0] = ~0ULL;
        for (size_t off = 1; off < words && ok; off <<= 1)
            ok = w[off] == off;
    }
    give_back(n);
    KT_ASSERT(ok);
    KT_ASSERT(page_alloc_free_pages() == free_before);
    return KTEST_PASS;
}

#define STORM_SLOTS 512

KTEST(pages_random_storm_returns_everything)
{
    static void *slot[STORM_SLOTS];
    static unsigned slot_order[STORM_SLOTS];
    uint64_t free_before = page_alloc_free_pages();
    prng_state = 0x9e3779b97f4a7c15ULL;
    memset(slot, 0, sizeof(slot));
    unsigned ops = 0, failures = 0;
    for (; ops < 50000; ops++) {
        unsigned s = (unsigned)(prng() % STORM_SLOTS);
        if (slot[s]) {
            /* The first word still carries the tag written at allocation:
             * no one else was handed this block. */
            if (*(uint64_t *)slot[s] != (uint64_t)s + ((uint64_t)slot_order[s] << 32))
                failures++;
            free_pages(slot[s], slot_order[s]);
            slot[s] = NULL;
        } else {
            unsigned order = (unsigned)(prng() % 6);
            slot[s] = alloc_pages(order);
            slot_order[s] = order;
            if (slot[s])
                *(uint64_t *)slot[s] = (uint64_t)s + ((uint64_t)order << 32);
        }
        if (ops % 10000 == 0 && page_alloc_check() != 0)
            failures++;
    }
    for (unsigned s = 0; s < STORM_SLOTS; s++)
        if (slot[s])
            free_pages(slot[s], slot_order[s]);
    pr_info("  %u operations\n", ops);
    KT_ASSERT(failures == 0);
    KT_ASSERT(page_alloc_free_pages() == free_before);
    KT_ASSERT(page_alloc_check() == 0);
    return KTEST_PASS;
}

/* Fill memory with single pages, free every other one: no order-1 block can
 * exist then; freeing the rest must merge everything back. */
KTEST(pages_fragmentation_and_merge)
{
    uint64_t free_before = page_alloc_free_pages();
    static void *singles[65536];
    unsigned big = take_everything(block_orders);
    /* Give back a 64 MiB slice as single pages to fragment. */
    unsigned released = 0;
    while (released < big && block_orders[released] == 10 && released < 16)
        released++;
    for (unsigned i = 0; i < released; i++)
        free_pages(blocks[i], 10);
    unsigned n = 0;
    void *p;
    while (n < ARRAY_SIZE(singles) && (p = alloc_page()) != NULL)
        singles[n++] = p;
    KT_ASSERT(n == released * 1024);
    for (unsigned i = 0; i < n; i += 2)
        free_pages(singles[i], 0);
    bool order1_failed = alloc_pages(1) == NULL;
    for (unsigned i = 1; i < n; i += 2)
        free_pages(singles[i], 0);
    void *merged = released ? alloc_pages(10) : NULL;
    if (merged)
        free_pages(merged, 10);
    for (unsigned i = released; i < big; i++)
        free_pages(blocks[i], block_orders[i]);
    KT_ASSERT(released > 0);
    KT_ASSERT(order1_failed);
    KT_ASSERT(merged != NULL);
    KT_ASSERT(page_alloc_free_pages() == free_before);
    KT_ASSERT(page_alloc_check() == 0);
    return KTEST_PASS;
}

KTEST(pages_exhaustion_returns_null)
{
    uint64_t free_before = page_alloc_free_pages();
    unsigned n = take_everything(block_orders);
    bool none_left = alloc_page() == NULL && alloc_pages(10) == NULL;
    bool too_big = alloc_pages(40) == NULL;
    give_back(n);
    KT_ASSERT(none_left);
    KT_ASSERT(too_big);
    KT_ASSERT(page_alloc_free_pages() == free_before);
    return KTEST_PASS;
}
