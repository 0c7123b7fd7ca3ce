/* kmalloc/kfree in the running kernel: every size class, alignment,
 * contents kept intact across a randomized storm, integrity checks, and
 * every page given back at the end. Also the kernel stack guard: the page
 * below a stack is not mapped. */
#include <kernel/arch.h>
#include <kernel/heap.h>
#include <kernel/kstack.h>
#include <kernel/ktest.h>
#include <kernel/memlayout.h>
#include <kernel/page_alloc.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#define SLOTS 1024

static void *obj[SLOTS];
static size_t obj_size[SLOTS];

static uint64_t seed;
static uint64_t next_random(void)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL; /* Knuth MMIX LCG */
    return seed >> 33;
}

static uint8_t fill_byte(unsigned slot)
{
    return (uint8_t)(slot * 31 + 7);
}

static bool contents_ok(unsigned s)
{
    const uint8_t *p = obj[s];
    for (size_t i = 0; i < obj_size[s]; i++)
        if (p[i] != fill_byte(s))
            return false;
    return true;
}

KTEST(heap_every_size_aligned_and_usable)
{
    struct heap_stats before, after;
    heap_get_stats(&before);
    bool ok = true;
    for (size_t size = 1; size <= 9000 && ok; size += (size < 300 ? 1 : 37)) {
        uint8_t *p = kmalloc(size);
        ok = p && ((uintptr_t)p & 15) == 0 && ksize(p) >= size;
        if (ok) {
            memset(p, 0xa5, size);
            kfree(p);
        }
    }
    KT_ASSERT(ok);
    KT_ASSERT(kmalloc(0) == NULL);
    KT_ASSERT(kcalloc(SIZE_MAX / 2, 4) == NULL);
    uint8_t *z = kzalloc(1000);
    KT_ASSERT(z != NULL);
    bool zeroed = true;
    for (unsigned i = 0; i < 1000; i++)
        zeroed = zeroed && z[i] == 0;
    kfree(z);
    KT_ASSERT(zeroed);
    heap_get_stats(&after);
    KT_ASSERT(after.live_objects == before.live_objects);
    return KTEST_PASS;
}

KTEST(heap_random_storm_keeps_contents_and_pages)
{
    heap_trim();
    uint64_t pages_before = page_alloc_free_pages();
    struct heap_stats before;
    heap_get_stats(&before);
    seed = 12345;
    memset(obj, 0, sizeof(obj));
    unsigned corrupt = 0, ops;
    const char *why = NULL;
    for (ops = 0; ops < 100000; ops++) {
        unsigned s = (unsigned)(next_random() % SLOTS);
        if (obj[s]) {
            corrupt += !contents_ok(s);
            kfree(obj[s]);
            obj[s] = NULL;
            continue;
        }
        /* Mostly small objects, sometimes large ones (several pages). */
        size_t size = next_random() % 8 ? 1 + next_random() % 512 : 1 + next_random() % 20000;
        obj[s] = kmalloc(size);
        obj_size[s] = size;
        if (obj[s])
            memset(obj[s], fill_byte(s), size);
        if (ops % 20000 == 0 && heap_check(&why) != 0)
            corrupt++;
    }
    KT_ASSERT(heap_check(&why) == 0);
    for (unsigned s = 0; s < SLOTS; s++) {
        if (obj[s]) {
            corrupt += !contents_ok(s);
            kfree(obj[s]);
        }
    }
    struct heap_stats after;
    heap_get_stats(&after);
    heap_trim();
    pr_info("  %u operations\n", ops);
    KT_ASSERT(corrupt == 0);
    KT_ASSERT(after.live_objects == before.live_objects);
    KT_ASSERT(page_alloc_free_pages() == pages_before);
    return KTEST_PASS;
}

KTEST(heap_exhaustion_returns_null)
{
    heap_trim(); /* slack left by earlier tests would come back below */
    uint64_t pages_before = page_alloc_free_pages();
    /* Ask for more than all of RAM in one piece, then in many pieces. */
    KT_ASSERT(kmalloc((size_t)page_alloc_total_pages() * PAGE_SIZE * 2) == NULL);
    void *head = NULL;
    unsigned n = 0;
    void **p;
    while ((p = kmalloc(1 << 20)) != NULL) {
        *p = head;
        head = p;
        n++;
    }
    void *small = kmalloc(64);
    while (head) {
        void *next = *(void **)head;
        kfree(head);
        head = next;
    }
    kfree(small);
    heap_trim();
    pr_info("  %u MiB allocated before exhaustion\n", n);
    KT_ASSERT(n > 0);
    KT_ASSERT(page_alloc_free_pages() == pages_before);
    return KTEST_PASS;
}

KTEST(kstack_guard_page_unmapped)
{
    uint64_t pages_before = page_alloc_free_pages();
    char *top = kstack_alloc();
    KT_ASSERT(top != NULL);
    uint64_t v;
    KT_ASSERT(arch_probe_write_u64(top - 8, 1) == 0);
    KT_ASSERT(arch_probe_write_u64(top - KSTACK_BYTES, 2) == 0);           /* lowest stack word */
    KT_ASSERT(arch_probe_read_u64(top - KSTACK_BYTES - 8, &v) == -EFAULT); /* guard */
    kstack_free(top);
    KT_ASSERT(arch_probe_read_u64(top - 8, &v) == -EFAULT); /* unmapped when freed */
    KT_ASSERT(page_alloc_free_pages() == pages_before);
    return KTEST_PASS;
}
