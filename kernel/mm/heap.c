/* The kernel heap (see heap.h).
 *
 * Small requests (up to 2048 bytes) are rounded up to a power-of-two size
 * class and served from slabs: single backend pages that start with a
 * struct slab header and hold equal-sized objects after it. Large requests
 * get 2^order whole pages with a 64-byte struct large header in front. In
 * both cases the header sits at the start of the page containing the
 * object's first byte, so kfree finds it by rounding the pointer down to
 * PAGE_SIZE and tells the two kinds apart by the magic number.
 *
 * Hardening, because heap corruption is the hardest kernel bug to chase:
 *  - free objects are filled with POISON_FREE (0x6b, as Linux does), and
 *    the poison is verified when the object is handed out again and by
 *    heap_check, so a write after free is caught near its cause;
 *  - the free-list link inside a free object is the index of the next free
 *    object, stored XORed with a secret and the link's own address; a
 *    decoded link must name a free object of the same slab, so an
 *    overwritten link panics instead of handing out arbitrary memory;
 *  - a per-slab bitmap of free objects turns a double free into a panic;
 *  - kfree of a pointer that is not the start of a live object panics.
 *
 * Slabs of a class live on one of three lists: partial, full, empty.
 * Keeping empty slabs apart lets kmalloc prefer partial ones (fewer pages
 * in use) and lets heap_trim find the empty ones without a search.
 *
 * Locking: one spinlock per size class guards its lists, slabs and
 * counters; one more guards the large allocations. The backend (the page
 * allocator, with its own lock) is never called with a heap lock held. */
#include <kernel/heap.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <uapi/errno.h>

#define SLAB_MAGIC  0x534c4142u /* "SLAB" */
#define LARGE_MAGIC 0x4c524745u /* "LRGE" */
#define DEAD_MAGIC  0x44454144u /* a large block's header after kfree */

#define POISON_FREE 0x6b

#define MIN_SHIFT    4 /* 16-byte objects, also the alignment guarantee */
#define MAX_SHIFT    11
#define NCLASSES     (MAX_SHIFT - MIN_SHIFT + 1)
#define MAX_SMALL    (1UL << MAX_SHIFT)
#define OBJ_ALIGN    16
#define MAX_OBJS     256     /* bitmap capacity; the 16-byte class needs 224 */
#define NO_OBJ       0xffffu /* end of a free list */
#define LINK_BYTES   sizeof(uint64_t)
#define LARGE_HDR    64
#define EMPTY_KEEP   2  /* empty slabs a class keeps before freeing pages */
#define MAX_ORDER_LG 20 /* refuse large blocks of more than 2^20 pages */

enum { LIST_PARTIAL, LIST_FULL, LIST_EMPTY, NLISTS };

struct slab {
    uint32_t magic;
    uint8_t cls;       /* size class index */
    uint8_t list;      /* LIST_* it is on */
    uint16_t nobj;     /* objects in this slab */
    uint16_t nfree;    /* of which free */
    uint16_t first;    /* byte offset of object 0 from the page start */
    uint16_t size;     /* object size */
    uint16_t freelist; /* index of the first free object, or NO_OBJ */
    struct slab *next, *prev;
    uint64_t freemap[MAX_OBJS / 64]; /* bit set: object is free */
    uint16_t req[];                  /* requested size of each live object */
};

struct large {
    uint32_t magic;
    uint32_t order;
    size_t size; /* requested bytes */
    struct large *next, *prev;
};
_Static_assert(sizeof(struct large) <= LARGE_HDR, "large header must fit in 64 bytes");
_Static_assert(LARGE_HDR % OBJ_ALIGN == 0, "large objects must stay 16-byte aligned");
_Static_assert(MAX_SMALL <= UINT16_MAX, "requested sizes are kept in 16 bits");

struct size_class {
    struct spinlock lock;
    struct slab *lists[NLISTS]; /* circular, NULL when empty */
    uint16_t nobj, first;       /* slab layout, fixed at heap_init */
    uint64_t slabs[NLISTS];     /* slabs per list */
    uint64_t live_objects, live_bytes;
};

static const struct heap_backend *backend;
static uint64_t link_secret;
static struct size_class classes[NCLASSES];
static struct spinlock large_lock;
static struct large *large_list;
static uint64_t large_live, large_bytes, large_pages;

static size_t class_size(unsigned cls)
{
    return (size_t)1 << (cls + MIN_SHIFT);
}

static unsigned class_of(size_t size)
{
    unsigned cls = 0;
    while (class_size(cls) < size)
        cls++;
    return cls;
}

/* The page holding p's first byte, where its header lives. Pointer
 * arithmetic rather than a cast from an integer keeps the pointer's
 * provenance visible to the compiler. */
static void *page_of(const void *p)
{
    return (char *)p - ((uintptr_t)p & (PAGE_SIZE - 1));
}

/* ---- circular slab lists ---- */

static void slab_list_add(struct size_class *c, struct slab *s, unsigned list)
{
    struct slab **head = &c->lists[list];
    if (!*head) {
        s->next = s->prev = s;
    } else {
        s->next = *head;
        s->prev = (*head)->prev;
        (*head)->prev->next = s;
        (*head)->prev = s;
    }
    *head = s;
    s->list = (uint8_t)list;
    c->slabs[list]++;
}

static void slab_list_del(struct size_class *c, struct slab *s)
{
    struct slab **head = &c->lists[s->list];
    if (s->next == s) {
        *head = NULL;
    } else {
        s->prev->next = s->next;
        s->next->prev = s->prev;
        if (*head == s)
            *head = s->next;
    }
    s->next = s->prev = NULL;
    c->slabs[s->list]--;
}

static unsigned list_for(const struct slab *s)
{
    if (s->nfree == 0)
        return LIST_FULL;
    return s->nfree == s->nobj ? LIST_EMPTY : LIST_PARTIAL;
}

/* Move a slab to the list its free count now calls for. */
static void slab_relist(struct size_class *c, struct slab *s)
{
    unsigned want = list_for(s);
    if (s->list == want)
        return;
    slab_list_del(c, s);
    slab_list_add(c, s, want);
}

/* ---- objects inside a slab ---- */

static void *obj_at(const struct slab *s, unsigned i)
{
    return (char *)s + s->first + (size_t)i * s->size;
}

/* Index of the object starting exactly at p, or -1. */
static int obj_index(const struct slab *s, const void *p)
{
    uintptr_t off = (uintptr_t)p - (uintptr_t)s;
    if (off < s->first || (off - s->first) % s->size)
        return -1;
    uintptr_t i = (off - s->first) / s->size;
    return i < s->nobj ? (int)i : -1;
}

static bool obj_is_free(const struct slab *s, unsigned i)
{
    return s->freemap[i / 64] >> (i % 64) & 1;
}

static void obj_set_free(struct slab *s, unsigned i, bool is_free)
{
    if (is_free)
        s->freemap[i / 64] |= (uint64_t)1 << (i % 64);
    else
        s->freemap[i / 64] &= ~((uint64_t)1 << (i % 64));
}

/* The link is bound to the slot it is stored in, so a valid link copied
 * into another free object does not decode to a valid link there. */
static uint64_t link_encode(uint64_t v, const void *slot)
{
    return v ^ link_secret ^ (uintptr_t)slot;
}

static uint64_t link_read(const void *obj)
{
    uint64_t v;
    memcpy(&v, obj, sizeof(v));
    return link_encode(v, obj);
}

static void link_write(void *obj, uint64_t next)
{
    uint64_t v = link_encode(next, obj);
    memcpy(obj, &v, sizeof(v));
}

/* A free-list link must be NO_OBJ or the index of a free object of this
 * slab. Only 257 of 2^64 values pass, so damage is all but always seen. */
static bool link_valid(const struct slab *s, uint64_t next)
{
    return next == NO_OBJ || (next < s->nobj && obj_is_free(s, (unsigned)next));
}

/* Every byte of a free object past the link still holds the poison. */
static bool poison_intact(const struct slab *s, const void *obj)
{
    const unsigned char *b = obj;
    for (size_t k = LINK_BYTES; k < s->size; k++)
        if (b[k] != POISON_FREE)
            return false;
    return true;
}

/* ---- slab life cycle ---- */

/* The most objects of class cls that fit in a page after a header with one
 * req[] entry per object, the first object 16-byte aligned. */
static void class_layout(unsigned cls, uint16_t *nobj, uint16_t *first)
{
    size_t size = class_size(cls);
    size_t n = MIN((PAGE_SIZE - sizeof(struct slab)) / size, (size_t)MAX_OBJS);
    while (n > 1 &&
           ALIGN_UP(sizeof(struct slab) + n * sizeof(uint16_t), OBJ_ALIGN) + n * size > PAGE_SIZE)
        n--;
    *nobj = (uint16_t)n;
    *first = (uint16_t)ALIGN_UP(sizeof(struct slab) + n * sizeof(uint16_t), OBJ_ALIGN);
}

static struct slab *slab_create(unsigned cls, void *page)
{
    struct size_class *c = &classes[cls];
    struct slab *s = page;
    memset(s, 0, sizeof(*s));
    s->magic = SLAB_MAGIC;
    s->cls = (uint8_t)cls;
    s->nobj = c->nobj;
    s->nfree = c->nobj;
    s->first = c->first;
    s->size = (uint16_t)class_size(cls);
    /* Thread the free list in address order: early objects go out first. */
    uint16_t next = NO_OBJ;
    for (unsigned i = s->nobj; i-- > 0;) {
        void *obj = obj_at(s, i);
        obj_set_free(s, i, true);
        memset(obj, POISON_FREE, s->size);
        link_write(obj, next);
        next = (uint16_t)i;
    }
    s->freelist = next;
    return s;
}

/* Take the first free object of s (which has one) and store its index in
 * *index; the class lock is held. */
static void *slab_pop(struct slab *s, unsigned *index)
{
    unsigned i = s->freelist;
    if (i == NO_OBJ || !link_valid(s, i))
        panic("heap: %u-byte slab %p has a corrupted free list head", s->size, (void *)s);
    void *obj = obj_at(s, i);
    uint64_t next = link_read(obj);
    if (!link_valid(s, next))
        panic("heap: free list of %u-byte slab %p corrupted at %p (overflow or use after free?)",
              s->size, (void *)s, obj);
    if (!poison_intact(s, obj))
        panic("heap: free %u-byte object %p was written after it was freed", s->size, obj);
    s->freelist = (uint16_t)next;
    obj_set_free(s, i, false);
    s->nfree--;
    /* Uniform poison, so the stale link is not mistaken for data. */
    memset(obj, POISON_FREE, LINK_BYTES);
    *index = i;
    return obj;
}

static void slab_push(struct slab *s, void *obj, unsigned i)
{
    memset(obj, POISON_FREE, s->size);
    link_write(obj, s->freelist);
    s->freelist = (uint16_t)i;
    obj_set_free(s, i, true);
    s->nfree++;
}

/* A slab to allocate from, or NULL: partial ones first, then empty ones. */
static struct slab *slab_pick(struct size_class *c)
{
    return c->lists[LIST_PARTIAL] ? c->lists[LIST_PARTIAL] : c->lists[LIST_EMPTY];
}

static void *backend_pages(unsigned order)
{
    void *va = backend->alloc_pages(order);
    if (va && ((uintptr_t)va & (PAGE_SIZE - 1)))
        panic("heap: backend returned unaligned pages %p", va);
    return va;
}

static void *slab_alloc(size_t size)
{
    unsigned cls = class_of(size);
    struct size_class *c = &classes[cls];
    spin_lock(&c->lock);
    struct slab *s = slab_pick(c);
    if (!s) {
        /* Get the page unlocked; if another CPU also grows the class
         * meanwhile, the spare slab just waits on the empty list. */
        spin_unlock(&c->lock);
        void *page = backend_pages(0);
        if (!page)
            return NULL;
        s = slab_create(cls, page);
        spin_lock(&c->lock);
        slab_list_add(c, s, LIST_EMPTY);
    }
    unsigned i;
    void *obj = slab_pop(s, &i);
    s->req[i] = (uint16_t)size;
    slab_relist(c, s);
    c->live_objects++;
    c->live_bytes += size;
    spin_unlock(&c->lock);
    return obj;
}

/* The slab header for p, after checking it really is one. */
static struct slab *slab_of(const void *p)
{
    struct slab *s = page_of(p);
    if (s->cls >= NCLASSES || s->size != class_size(s->cls) || s->nobj != classes[s->cls].nobj ||
        s->first != classes[s->cls].first)
        panic("heap: slab header at %p corrupted (overflow of the previous page?)", (void *)s);
    return s;
}

/* Index of the live object at p in s; panics on anything else. The class
 * lock is held so the bitmap cannot change under us. */
static unsigned live_index(const struct slab *s, const void *p, const char *who)
{
    int i = obj_index(s, p);
    if (i < 0)
        panic("%s: %p is not the start of a heap object", who, p);
    if (obj_is_free(s, (unsigned)i))
        panic("%s: double free or use of freed object %p", who, p);
    return (unsigned)i;
}

static void slab_free(struct slab *s, void *p)
{
    struct size_class *c = &classes[s->cls];
    struct slab *release = NULL;
    spin_lock(&c->lock);
    unsigned i = live_index(s, p, "kfree");
    c->live_objects--;
    c->live_bytes -= s->req[i];
    slab_push(s, p, i);
    slab_relist(c, s);
    /* Keep a few empty slabs for the next burst; return the rest. */
    if (s->list == LIST_EMPTY && c->slabs[LIST_EMPTY] > EMPTY_KEEP) {
        slab_list_del(c, s);
        s->magic = 0;
        release = s;
    }
    spin_unlock(&c->lock);
    if (release)
        backend->free_pages(release, 0);
}

/* ---- large allocations ---- */

static unsigned large_order(size_t size)
{
    unsigned order = 0;
    while (order <= MAX_ORDER_LG && (PAGE_SIZE << order) - LARGE_HDR < size)
        order++;
    return order;
}

static void *large_alloc(size_t size)
{
    unsigned order = large_order(size);
    if (order > MAX_ORDER_LG)
        return NULL;
    struct large *h = backend_pages(order);
    if (!h)
        return NULL;
    h->magic = LARGE_MAGIC;
    h->order = order;
    h->size = size;
    spin_lock(&large_lock);
    h->prev = NULL;
    h->next = large_list;
    if (large_list)
        large_list->prev = h;
    large_list = h;
    large_live++;
    large_bytes += size;
    large_pages += (uint64_t)1 << order;
    spin_unlock(&large_lock);
    return (char *)h + LARGE_HDR;
}

static struct large *large_of(const void *p, const char *who)
{
    struct large *h = page_of(p);
    if ((uintptr_t)p - (uintptr_t)h != LARGE_HDR)
        panic("%s: %p is not the start of a heap object", who, p);
    if (h->order > MAX_ORDER_LG)
        panic("heap: large block header at %p corrupted", (void *)h);
    return h;
}

static void large_free(void *p)
{
    struct large *h = large_of(p, "kfree");
    spin_lock(&large_lock);
    if (h->prev)
        h->prev->next = h->next;
    else
        large_list = h->next;
    if (h->next)
        h->next->prev = h->prev;
    large_live--;
    large_bytes -= h->size;
    large_pages -= (uint64_t)1 << h->order;
    spin_unlock(&large_lock);
    /* A second kfree then meets DEAD_MAGIC, if the page is not reused yet. */
    h->magic = DEAD_MAGIC;
    backend->free_pages(h, h->order);
}

/* ---- the interface ---- */

/* Call once before the first kmalloc. The host tests call it again between
 * tests, always with the heap empty and trimmed. */
void heap_init(const struct heap_backend *b)
{
    backend = b;
    /* Not a cryptographic secret: it only keeps a stray value from
     * decoding to a plausible link. */
    link_secret = ((uintptr_t)b ^ (uintptr_t)&link_secret) * 0x9e3779b97f4a7c15ULL;
    for (unsigned cls = 0; cls < NCLASSES; cls++) {
        struct size_class *c = &classes[cls];
        memset(c, 0, sizeof(*c));
        spin_init(&c->lock, "heap class");
        class_layout(cls, &c->nobj, &c->first);
    }
    spin_init(&large_lock, "heap large");
    large_list = NULL;
    large_live = large_bytes = large_pages = 0;
}

void *kmalloc(size_t size)
{
    if (size == 0 || !backend)
        return NULL;
    return size <= MAX_SMALL ? slab_alloc(size) : large_alloc(size);
}

static uint32_t magic_of(const void *p)
{
    return *(const uint32_t *)page_of(p);
}

void kfree(void *ptr)
{
    if (!ptr)
        return;
    uint32_t magic = magic_of(ptr);
    if (magic == SLAB_MAGIC)
        slab_free(slab_of(ptr), ptr);
    else if (magic == LARGE_MAGIC)
        large_free(ptr);
    else if (magic == DEAD_MAGIC)
        panic("kfree: double free of large object %p", ptr);
    else
        panic("kfree: %p is not a heap object (no slab or large header)", ptr);
}

/* Slab objects: the class size (every byte of it may be used). Large
 * blocks: the whole 2^order pages minus the header, which is at least the
 * request and less than twice it plus a page. */
size_t ksize(const void *ptr)
{
    if (!ptr)
        return 0;
    uint32_t magic = magic_of(ptr);
    if (magic == LARGE_MAGIC)
        return (PAGE_SIZE << large_of(ptr, "ksize")->order) - LARGE_HDR;
    if (magic != SLAB_MAGIC)
        panic("ksize: %p is not a heap object", ptr);
    struct slab *s = slab_of(ptr);
    struct size_class *c = &classes[s->cls];
    spin_lock(&c->lock);
    live_index(s, ptr, "ksize");
    spin_unlock(&c->lock);
    return s->size;
}

/* Zeroes all ksize() bytes, so a caller using the slack sees zeroes too. */
void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, ksize(p));
    return p;
}

void *kcalloc(size_t n, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(n, size, &bytes))
        return NULL;
    return kzalloc(bytes);
}

/* Each lock is taken in turn, so under concurrent use the totals are a
 * mix of moments; for a quiet heap they are exact. */
void heap_get_stats(struct heap_stats *st)
{
    memset(st, 0, sizeof(*st));
    for (unsigned cls = 0; cls < NCLASSES; cls++) {
        struct size_class *c = &classes[cls];
        spin_lock(&c->lock);
        st->live_objects += c->live_objects;
        st->live_bytes += c->live_bytes;
        st->slab_pages += c->slabs[LIST_PARTIAL] + c->slabs[LIST_FULL] + c->slabs[LIST_EMPTY];
        spin_unlock(&c->lock);
    }
    spin_lock(&large_lock);
    st->live_objects += large_live;
    st->live_bytes += large_bytes;
    st->large_pages += large_pages;
    spin_unlock(&large_lock);
}

void heap_trim(void)
{
    for (unsigned cls = 0; cls < NCLASSES; cls++) {
        struct size_class *c = &classes[cls];
        spin_lock(&c->lock);
        struct slab *s;
        while ((s = c->lists[LIST_EMPTY])) {
            slab_list_del(c, s);
            s->magic = 0;
            /* Dropping the lock around the backend keeps the rule that
             * no heap lock is held while calling it. */
            spin_unlock(&c->lock);
            backend->free_pages(s, 0);
            spin_lock(&c->lock);
        }
        spin_unlock(&c->lock);
    }
}

/* ---- heap_check ---- */

static int fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -EINVAL;
}

static unsigned popcount_map(const struct slab *s)
{
    unsigned n = 0;
    for (unsigned w = 0; w < ARRAY_SIZE(s->freemap); w++)
        n += (unsigned)__builtin_popcountll(s->freemap[w]);
    return n;
}

/* Walk a slab's free list: every link valid and distinct (a repeat would
 * make the walk longer than nfree), every free object still poisoned, and
 * the count matching both nfree and the bitmap. */
static int check_freelist(const struct slab *s, const char **why)
{
    unsigned seen = 0;
    uint64_t i = s->freelist;
    if (!link_valid(s, i))
        return fail(why, "slab free list head is not a free object");
    while (i != NO_OBJ) {
        if (++seen > s->nfree)
            return fail(why, "slab free list longer than its free count");
        const void *obj = obj_at(s, (unsigned)i);
        if (!poison_intact(s, obj))
            return fail(why, "free object poison overwritten (use after free?)");
        i = link_read(obj);
        if (!link_valid(s, i))
            return fail(why, "free list link corrupted");
    }
    if (seen != s->nfree)
        return fail(why, "slab free list shorter than its free count");
    return popcount_map(s) == s->nfree ? 0 : fail(why, "slab bitmap disagrees with free count");
}

static bool slab_ptr_ok(const struct slab *s)
{
    return s && ((uintptr_t)s & (PAGE_SIZE - 1)) == 0;
}

static int check_slab(const struct size_class *c, unsigned cls, unsigned list, const struct slab *s,
                      const char **why)
{
    if (s->magic != SLAB_MAGIC)
        return fail(why, "slab magic overwritten");
    if (s->cls != cls || s->size != class_size(cls) || s->nobj != c->nobj || s->first != c->first)
        return fail(why, "slab header fields corrupted");
    if (s->list != list || list_for(s) != list)
        return fail(why, "slab on the wrong list for its free count");
    if (!slab_ptr_ok(s->next) || !slab_ptr_ok(s->prev) || s->next->prev != s || s->prev->next != s)
        return fail(why, "slab list links inconsistent");
    return check_freelist(s, why);
}

static int check_class(unsigned cls, const char **why)
{
    const struct size_class *c = &classes[cls];
    uint64_t live = 0;
    for (unsigned list = 0; list < NLISTS; list++) {
        uint64_t n = 0;
        const struct slab *head = c->lists[list], *s = head;
        if (!head) {
            if (c->slabs[list])
                return fail(why, "slab count set for an empty list");
            continue;
        }
        do {
            if (++n > c->slabs[list])
                return fail(why, "slab list longer than its count");
            int err = check_slab(c, cls, list, s, why);
            if (err)
                return err;
            live += (uint64_t)(s->nobj - s->nfree);
            s = s->next;
        } while (s != head);
        if (n != c->slabs[list])
            return fail(why, "slab list shorter than its count");
    }
    return live == c->live_objects ? 0 : fail(why, "live object count disagrees with the slabs");
}

static int check_large(const char **why)
{
    uint64_t n = 0, pages = 0, bytes = 0;
    const struct large *prev = NULL;
    for (const struct large *h = large_list; h; prev = h, h = h->next) {
        if (++n > large_live)
            return fail(why, "large list longer than its count");
        if (((uintptr_t)h & (PAGE_SIZE - 1)) || h->magic != LARGE_MAGIC || h->order > MAX_ORDER_LG)
            return fail(why, "large block header corrupted");
        if (h->prev != prev)
            return fail(why, "large list links inconsistent");
        pages += (uint64_t)1 << h->order;
        bytes += h->size;
    }
    if (n != large_live || pages != large_pages || bytes != large_bytes)
        return fail(why, "large block counts disagree with the list");
    return 0;
}

int heap_check(const char **why)
{
    for (unsigned cls = 0; cls < NCLASSES; cls++) {
        struct size_class *c = &classes[cls];
        spin_lock(&c->lock);
        int err = check_class(cls, why);
        spin_unlock(&c->lock);
        if (err)
            return err;
    }
    spin_lock(&large_lock);
    int err = check_large(why);
    spin_unlock(&large_lock);
    return err;
}
