/* Host tests for kernel/mm/heap.c over a counting page backend built on
 * aligned_alloc: every size from 1 to 5000, alignment, contents kept
 * intact, statistics, heap_trim returning every page, a random storm with
 * shadow tracking, heap_check finding corrupted free objects, and the
 * panics (double free, bad pointers, write after free) checked in forked
 * children that must die by abort() with the right message. */
#include "test.h"

#include <kernel/heap.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- backend: counts pages and checks each block comes back whole ---- */

#define MAX_BLOCKS 65536

static struct {
    void *va;
    unsigned order;
} blocks[MAX_BLOCKS];
static unsigned nblocks;
static uint64_t backend_pages, backend_limit = UINT64_MAX, backend_errors;

static void *test_alloc_pages(unsigned order)
{
    uint64_t n = 1ULL << order;
    if (backend_pages + n > backend_limit || nblocks == MAX_BLOCKS)
        return NULL;
    void *va = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
    if (!va)
        return NULL;
    memset(va, 0xcc, PAGE_SIZE << order); /* the heap must not expect zeroes */
    blocks[nblocks].va = va;
    blocks[nblocks++].order = order;
    backend_pages += n;
    return va;
}

static void test_free_pages(void *va, unsigned order)
{
    for (unsigned i = 0; i < nblocks; i++) {
        if (blocks[i].va != va)
            continue;
        if (blocks[i].order != order)
            backend_errors++;
        blocks[i] = blocks[--nblocks];
        backend_pages -= 1ULL << order;
        free(va);
        return;
    }
    backend_errors++; /* not a block we gave out */
}

static const struct heap_backend backend = {test_alloc_pages, test_free_pages};

/* Pages freed by the heap are kept (never reused), so a use of a stale
 * header reads the heap's own markings rather than freed host memory. */
static void keep_pages(void *va, unsigned order)
{
    (void)va;
    (void)order;
}
static const struct heap_backend keeping_backend = {test_alloc_pages, keep_pages};

static void heap_fresh(void)
{
    backend_limit = UINT64_MAX;
    backend_errors = 0;
    heap_init(&backend);
}

static bool heap_ok(void)
{
    const char *why = NULL;
    int err = heap_check(&why);
    if (err)
        fprintf(stderr, "  heap_check: %s\n", why ? why : "(no reason)");
    return err == 0;
}

/* After everything is freed: no live objects, and trimming gives every
 * page back to the backend. */
static void check_empty_and_trim(void)
{
    struct heap_stats st;
    heap_get_stats(&st);
    CHECK_EQ(st.live_objects, 0);
    CHECK_EQ(st.live_bytes, 0);
    CHECK_EQ(st.large_pages, 0);
    CHECK(heap_ok());
    heap_trim();
    heap_get_stats(&st);
    CHECK_EQ(st.slab_pages, 0);
    CHECK_EQ(backend_pages, 0);
    CHECK_EQ(nblocks, 0);
    CHECK_EQ(backend_errors, 0);
}

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

static void fill(void *p, size_t n, unsigned tag)
{
    unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(tag * 31 + i * 7);
}

static bool intact(const void *p, size_t n, unsigned tag)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i] != (unsigned char)(tag * 31 + i * 7))
            return false;
    return true;
}

static size_t class_of_size(size_t n)
{
    size_t c = 16;
    while (c < n)
        c *= 2;
    return c;
}

/* What ksize must report for a large request: all pages minus the header. */
static size_t large_usable(size_t n)
{
    size_t bytes = PAGE_SIZE;
    while (bytes - 64 < n)
        bytes *= 2;
    return bytes - 64;
}

TEST(heap_edge_cases)
{
    heap_fresh();
    CHECK(kmalloc(0) == NULL);
    kfree(NULL);
    CHECK(kcalloc(SIZE_MAX / 2, 3) == NULL);
    CHECK(kcalloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
    CHECK(kcalloc(0, 16) == NULL);
    CHECK(kcalloc(16, 0) == NULL);
    CHECK(kmalloc(SIZE_MAX) == NULL);
    CHECK(kmalloc(SIZE_MAX - 4000) == NULL);
    CHECK_EQ(ksize(NULL), 0);
    struct heap_stats st;
    heap_get_stats(&st);
    CHECK_EQ(st.live_objects, 0);
    CHECK_EQ(backend_pages, 0);

    /* No memory: NULL, and nothing counted. */
    backend_limit = 0;
    CHECK(kmalloc(8) == NULL);
    CHECK(kmalloc(100000) == NULL);
    heap_get_stats(&st);
    CHECK_EQ(st.live_objects, 0);
    CHECK_EQ(st.slab_pages, 0);
    backend_limit = UINT64_MAX;
    check_empty_and_trim();
}

TEST(heap_every_size)
{
    enum { MAXSZ = 5000 };
    static void *p[MAXSZ + 1];
    heap_fresh();
    uint64_t bytes = 0;
    for (size_t n = 1; n <= MAXSZ; n++) {
        p[n] = kmalloc(n);
        CHECK(p[n] != NULL);
        if (!p[n])
            continue;
        CHECK_EQ((uintptr_t)p[n] % 16, 0);
        size_t want = n <= 2048 ? class_of_size(n) : large_usable(n);
        CHECK_EQ(ksize(p[n]), want);
        fill(p[n], ksize(p[n]), (unsigned)n);
        bytes += n;
    }
    struct heap_stats st;
    heap_get_stats(&st);
    CHECK_EQ(st.live_objects, MAXSZ);
    CHECK_EQ(st.live_bytes, bytes);
    CHECK_EQ(st.slab_pages + st.large_pages, backend_pages);
    CHECK(st.large_pages >= (MAXSZ - 2048)); /* one page or more each */
    CHECK(heap_ok());
    /* Free odd sizes first, then even, checking contents each time. */
    for (size_t start = 1; start <= 2; start++) {
        for (size_t n = start; n <= MAXSZ; n += 2) {
            if (!p[n])
                continue;
            CHECK(intact(p[n], ksize(p[n]), (unsigned)n));
            kfree(p[n]);
        }
        CHECK(heap_ok());
    }
    check_empty_and_trim();
}

TEST(heap_large_orders)
{
    heap_fresh();
    struct heap_stats st;
    struct {
        size_t size;
        uint64_t pages;
    } cases[] = {{2049, 1}, {4096 - 64, 1}, {4096 - 63, 2},        {8192 - 64, 2},
                 {8193, 4}, {1 << 20, 512}, {(4 << 20) - 64, 1024}};
    for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
        void *p = kmalloc(cases[i].size);
        CHECK(p != NULL);
        CHECK_EQ((uintptr_t)p % PAGE_SIZE, 64);
        heap_get_stats(&st);
        CHECK_EQ(st.large_pages, cases[i].pages);
        CHECK_EQ(st.live_bytes, cases[i].size);
        CHECK_EQ(ksize(p), cases[i].pages * PAGE_SIZE - 64);
        memset(p, 0x5a, ksize(p));
        kfree(p);
        heap_get_stats(&st);
        CHECK_EQ(st.large_pages, 0);
        CHECK_EQ(backend_pages, 0); /* large blocks go back at once */
    }
    check_empty_and_trim();
}

TEST(heap_zeroing)
{
    heap_fresh();
    /* Dirty an object, free it, and get the same slot back zeroed. */
    for (size_t n = 1; n <= 4200; n += 97) {
        unsigned char *a = kmalloc(n);
        CHECK(a != NULL);
        memset(a, 0xff, ksize(a));
        kfree(a);
        unsigned char *z = kzalloc(n);
        CHECK(z != NULL);
        size_t k = ksize(z), nz = 0;
        for (size_t i = 0; i < k; i++)
            nz += z[i] != 0;
        CHECK_EQ(nz, 0);
        kfree(z);
    }
    uint32_t *v = kcalloc(1000, sizeof(uint32_t));
    CHECK(v != NULL);
    for (unsigned i = 0; i < 1000; i++)
        CHECK_EQ(v[i], 0);
    kfree(v);
    check_empty_and_trim();
}

/* Many objects of one class: their slabs fill, and freeing them all keeps
 * at most a couple of empty slabs until heap_trim. */
TEST(heap_slab_recycling)
{
    enum { N = 3000 };
    static void *p[N];
    heap_fresh();
    for (unsigned i = 0; i < N; i++) {
        p[i] = kmalloc(64);
        CHECK(p[i] != NULL);
        fill(p[i], 64, i);
    }
    /* All distinct, so sorting by address would find no duplicates; the
     * fill patterns below prove no two overlap. */
    struct heap_stats st;
    heap_get_stats(&st);
    CHECK(st.slab_pages >= N * 64 / PAGE_SIZE);
    CHECK(st.slab_pages <= N * 64 / (PAGE_SIZE - 512) + 1);
    for (unsigned i = 0; i < N; i++) {
        CHECK(intact(p[i], 64, i));
        kfree(p[i]);
    }
    heap_get_stats(&st);
    CHECK(st.slab_pages <= 2);
    CHECK(heap_ok());
    /* Reuse: the same count again needs no more pages than before. */
    uint64_t before = backend_pages;
    void *q = kmalloc(50);
    CHECK_EQ(backend_pages, before);
    kfree(q);
    check_empty_and_trim();
}

/* ---- the storm ---- */

struct live {
    unsigned char *p;
    size_t size;
    unsigned tag;
};

static int by_addr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct live *)a)->p;
    uintptr_t y = (uintptr_t)((const struct live *)b)->p;
    return x < y ? -1 : x > y;
}

/* No two live objects overlap (sorting a copy by address). */
static bool no_overlap(const struct live *lv, unsigned n)
{
    static struct live copy[4096];
    memcpy(copy, lv, sizeof(*lv) * n);
    qsort(copy, n, sizeof(*copy), by_addr);
    for (unsigned i = 1; i < n; i++)
        if (copy[i - 1].p + copy[i - 1].size > copy[i].p)
            return false;
    return true;
}

static size_t storm_size(void)
{
    unsigned r = (unsigned)(rng() % 100);
    if (r < 70)
        return 1 + rng() % 256;
    if (r < 95)
        return 257 + rng() % (2048 - 256);
    return 2049 + rng() % 30000;
}

TEST(heap_random_storm)
{
    enum { SLOTS = 4096, OPS = 200000 };
    static struct live lv[SLOTS];
    unsigned n = 0, tag = 0, bad = 0, checks = 0;
    uint64_t bytes = 0;
    heap_fresh();
    rng_state = 0x1234567;
    for (unsigned op = 0; op < OPS; op++) {
        /* Grow towards SLOTS and drain again, in phases. */
        unsigned alloc_pct = (op / 25000) % 2 ? 30 : 70;
        if (n < SLOTS && (n == 0 || rng() % 100 < alloc_pct)) {
            size_t size = storm_size();
            unsigned char *p = kmalloc(size);
            if (!p || (uintptr_t)p % 16) {
                bad++;
                continue;
            }
            fill(p, size, ++tag);
            lv[n++] = (struct live){p, size, tag};
            bytes += size;
        } else {
            unsigned i = (unsigned)(rng() % n);
            if (!intact(lv[i].p, lv[i].size, lv[i].tag))
                bad++;
            kfree(lv[i].p);
            bytes -= lv[i].size;
            lv[i] = lv[--n];
        }
        if (op % 5000 == 0) {
            checks++;
            struct heap_stats st;
            heap_get_stats(&st);
            if (!heap_ok() || !no_overlap(lv, n) || st.live_objects != n ||
                st.live_bytes != bytes || st.slab_pages + st.large_pages != backend_pages)
                bad++;
        }
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(checks, OPS / 5000);
    while (n) {
        n--;
        CHECK(intact(lv[n].p, lv[n].size, lv[n].tag));
        kfree(lv[n].p);
    }
    check_empty_and_trim();
}

/* ---- heap_check on damaged free objects ---- */

TEST(heap_check_detects_corruption)
{
    heap_fresh();
    unsigned char *a = kmalloc(64), *b = kmalloc(64), *c = kmalloc(64);
    CHECK(a && b && c);
    kfree(b);
    CHECK(heap_ok());
    const char *why = NULL;

    /* A write after free into the poison. */
    b[40] = 0; // NOLINT(clang-analyzer-unix.Malloc): deliberate
    CHECK_EQ(heap_check(&why), -EINVAL);
    CHECK(why && strstr(why, "poison"));
    b[40] = 0x6b;
    CHECK(heap_ok());

    /* The encoded free-list link overwritten. */
    uint64_t saved;
    memcpy(&saved, b, 8);
    memset(b, 0, 8);
    why = NULL;
    CHECK_EQ(heap_check(&why), -EINVAL);
    CHECK(why != NULL);
    /* A plausible-looking plain pointer to another object is no better. */
    uintptr_t fake = (uintptr_t)c;
    memcpy(b, &fake, 8);
    CHECK_EQ(heap_check(&why), -EINVAL);
    memcpy(b, &saved, 8);
    CHECK(heap_ok());

    /* A valid link copied from another free object: links are bound to
     * their own address, so it does not decode to a valid one here. */
    kfree(c);
    CHECK(heap_ok());
    memcpy(&saved, b, 8);
    memcpy(b, c, 8);
    CHECK_EQ(heap_check(&why), -EINVAL);
    memcpy(b, &saved, 8);
    CHECK(heap_ok());
    c = kmalloc(64); /* the most recently freed slot comes back first */
    CHECK(c != NULL);

    /* The slab header's magic. */
    uint32_t *magic = (uint32_t *)(a - ((uintptr_t)a & (PAGE_SIZE - 1)));
    uint32_t m = *magic;
    *magic = 0;
    CHECK_EQ(heap_check(&why), -EINVAL);
    *magic = m;
    CHECK(heap_ok());

    kfree(a);
    kfree(c);
    check_empty_and_trim();
}

/* ---- panics, in forked children ---- */

/* Run fn in a child with stderr captured: true when it died by SIGABRT
 * (the host panic) and its output contains `want`. */
static bool dies_with(void (*fn)(void), const char *want)
{
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        _exit(0); /* survived: the test fails */
    }
    close(fds[1]);
    char out[4096];
    size_t len = 0;
    ssize_t r;
    while ((r = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    bool aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    if (!aborted || !strstr(out, want)) {
        fprintf(stderr, "  child (want \"%s\") %s; said: %s\n", want,
                aborted ? "aborted" : "did not abort", out);
        return false;
    }
    return true;
}

static void double_free_small(void)
{
    heap_init(&keeping_backend);
    void *keep = kmalloc(32); /* keeps the slab from being released */
    void *p = kmalloc(32);
    kfree(p);
    kfree(p); // NOLINT(clang-analyzer-unix.Malloc): the double free under test
    (void)keep;
}

static void double_free_large(void)
{
    heap_init(&keeping_backend);
    void *p = kmalloc(10000);
    kfree(p);
    kfree(p); // NOLINT(clang-analyzer-unix.Malloc): the double free under test
}

static void free_interior(void)
{
    heap_init(&backend);
    char *p = kmalloc(100);
    kfree(p + 16);
}

static void free_large_interior(void)
{
    heap_init(&backend);
    char *p = kmalloc(3000);
    kfree(p + 16);
}

static void free_header(void)
{
    heap_init(&backend);
    char *p = kmalloc(100);
    kfree(p - ((uintptr_t)p & (PAGE_SIZE - 1)));
}

static void free_foreign(void)
{
    heap_init(&backend);
    void *page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    memset(page, 0, PAGE_SIZE);
    kfree((char *)page + 64);
}

static void write_after_free(void)
{
    heap_init(&backend);
    unsigned char *keep = kmalloc(128);
    unsigned char *p = kmalloc(128);
    kfree(p);
    p[100] = 1; // NOLINT(clang-analyzer-unix.Malloc): deliberate
    /* The freed slot is the next one handed out: the damage is seen then. */
    void *q = kmalloc(128);
    (void)q;
    (void)keep;
}

static void link_overwritten(void)
{
    heap_init(&backend);
    unsigned char *keep = kmalloc(256);
    unsigned char *p = kmalloc(256);
    kfree(p);
    memset(p, 0x41, 8); // NOLINT(clang-analyzer-unix.Malloc): a stale pointer stored through
    void *q = kmalloc(256);
    (void)q;
    (void)keep;
}

static void ksize_of_freed(void)
{
    heap_init(&keeping_backend);
    void *keep = kmalloc(16);
    void *p = kmalloc(16);
    kfree(p);
    ksize(p); // NOLINT(clang-analyzer-unix.Malloc): deliberate
    (void)keep;
}

TEST(heap_panics)
{
    CHECK(dies_with(double_free_small, "double free"));
    CHECK(dies_with(double_free_large, "double free"));
    CHECK(dies_with(free_interior, "not the start of a heap object"));
    CHECK(dies_with(free_large_interior, "not the start of a heap object"));
    CHECK(dies_with(free_header, "not the start of a heap object"));
    CHECK(dies_with(free_foreign, "not a heap object"));
    CHECK(dies_with(write_after_free, "written after it was freed"));
    CHECK(dies_with(link_overwritten, "corrupted"));
    CHECK(dies_with(ksize_of_freed, "freed"));
    /* The parent's heap was never touched by the children. */
    heap_fresh();
    check_empty_and_trim();
}
