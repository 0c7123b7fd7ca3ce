/* Binary buddy allocator (see buddy.h).
 *
 * Frame states: a block of 2^order frames is described by its first frame
 * (state FREE or ALLOCATED, with the order); its other frames are TAIL.
 * Frames that were never released are RESERVED. Marking tails costs
 * O(2^order) only when a range is first released; afterwards splitting or
 * merging changes exactly one frame (the head of the upper half), so
 * alloc and free stay O(BUDDY_MAX_ORDER).
 *
 * Blocks are aligned to their size in absolute frame numbers, not relative
 * to the zone start, so a block is also physically aligned (page tables
 * and DMA rely on that). The buddy of block pfn at order o is pfn ^ 2^o;
 * a buddy that falls outside the zone simply never merges. */
#include <kernel/buddy.h>
#include <kernel/string.h>
#include <uapi/errno.h>

static uint64_t order_pages(unsigned order)
{
    return (uint64_t)1 << order;
}

static bool pfn_in_zone(const struct buddy_zone *z, uint64_t pfn)
{
    return pfn >= z->base_pfn && pfn - z->base_pfn < z->npages;
}

static struct buddy_frame *frame_of(const struct buddy_zone *z, uint64_t pfn)
{
    return &z->frames[pfn - z->base_pfn];
}

static uint64_t pfn_of(const struct buddy_zone *z, const struct buddy_frame *f)
{
    return z->base_pfn + (uint64_t)(f - z->frames);
}

/* ---- circular free lists; free_head[o] is the most recently freed ---- */

static void list_push(struct buddy_zone *z, struct buddy_frame *f, unsigned order)
{
    struct buddy_frame *head = z->free_head[order];
    if (!head) {
        f->next = f->prev = f;
    } else {
        f->next = head;
        f->prev = head->prev;
        head->prev->next = f;
        head->prev = f;
    }
    z->free_head[order] = f;
    z->free_count[order]++;
    z->free_pages += order_pages(order);
}

static void list_remove(struct buddy_zone *z, struct buddy_frame *f, unsigned order)
{
    if (f->next == f) {
        z->free_head[order] = NULL;
    } else {
        f->prev->next = f->next;
        f->next->prev = f->prev;
        if (z->free_head[order] == f)
            z->free_head[order] = f->next;
    }
    f->next = f->prev = NULL;
    z->free_count[order]--;
    z->free_pages -= order_pages(order);
}

/* ---- blocks ---- */

static void mark_head(struct buddy_frame *f, uint8_t state, unsigned order)
{
    f->state = state;
    f->order = (uint8_t)order;
}

/* Put the block (pfn, order), already marked with TAIL frames, on the free
 * lists, merging upwards while its buddy is a free block of the same order. */
static void free_block(struct buddy_zone *z, uint64_t pfn, unsigned order)
{
    while (order < BUDDY_MAX_ORDER) {
        uint64_t buddy = pfn ^ order_pages(order);
        if (!pfn_in_zone(z, buddy))
            break;
        struct buddy_frame *b = frame_of(z, buddy);
        if (b->state != BUDDY_FREE || b->order != order)
            break;
        list_remove(z, b, order);
        /* The upper half's head becomes a tail of the merged block. */
        uint64_t upper = pfn | order_pages(order);
        mark_head(frame_of(z, upper), BUDDY_TAIL, 0);
        pfn &= ~order_pages(order);
        order++;
    }
    struct buddy_frame *f = frame_of(z, pfn);
    mark_head(f, BUDDY_FREE, order);
    list_push(z, f, order);
}

size_t buddy_meta_bytes(uint64_t npages)
{
    if (npages > SIZE_MAX / sizeof(struct buddy_frame))
        return SIZE_MAX; /* no allocation can satisfy this */
    return (size_t)npages * sizeof(struct buddy_frame);
}

void buddy_init(struct buddy_zone *z, uint64_t base_pfn, uint64_t npages, void *meta)
{
    z->base_pfn = base_pfn;
    z->npages = npages;
    z->frames = meta;
    for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
        z->free_head[o] = NULL;
        z->free_count[o] = 0;
    }
    z->free_pages = 0;
    /* All-zero bytes are a reserved order-0 frame with no links
     * (BUDDY_RESERVED == 0): one memset, which the kernel turns into cache
     * block zeroing, instead of a loop over every frame. */
    _Static_assert(BUDDY_RESERVED == 0, "reserved frames must be all-zero");
    memset(z->frames, 0, buddy_meta_bytes(npages));
}

static bool all_reserved(const struct buddy_zone *z, uint64_t pfn, unsigned order)
{
    const struct buddy_frame *f = frame_of(z, pfn);
    for (uint64_t i = 0; i < order_pages(order); i++)
        if (f[i].state != BUDDY_RESERVED)
            return false;
    return true;
}

/* The largest order whose block at pfn is naturally aligned and ends by `end`. */
static unsigned max_fit_order(uint64_t pfn, uint64_t end)
{
    unsigned order = 0;
    while (order < BUDDY_MAX_ORDER && (pfn & order_pages(order)) == 0 &&
           order_pages(order + 1) <= end - pfn)
        order++;
    return order;
}

/* Frames outside the zone are ignored, and so are frames already handed
 * over (releasing twice is harmless): a block that contains one shrinks
 * until it does not, and such a frame itself is skipped. */
void buddy_release_range(struct buddy_zone *z, uint64_t pfn, uint64_t count)
{
    uint64_t zone_end = z->base_pfn + z->npages;
    uint64_t end = count > UINT64_MAX - pfn ? UINT64_MAX : pfn + count;
    pfn = MAX(pfn, z->base_pfn);
    end = MIN(end, zone_end);
    while (pfn < end) {
        unsigned order = max_fit_order(pfn, end);
        while (order > 0 && !all_reserved(z, pfn, order))
            order--;
        if (frame_of(z, pfn)->state != BUDDY_RESERVED) {
            pfn++;
            continue;
        }
        struct buddy_frame *f = frame_of(z, pfn);
        for (uint64_t i = 1; i < order_pages(order); i++)
            mark_head(&f[i], BUDDY_TAIL, 0);
        free_block(z, pfn, order);
        pfn += order_pages(order);
    }
}

int buddy_alloc(struct buddy_zone *z, unsigned order, uint64_t *pfn)
{
    if (order > BUDDY_MAX_ORDER)
        return -ENOMEM;
    unsigned o = order;
    while (o <= BUDDY_MAX_ORDER && !z->free_head[o])
        o++;
    if (o > BUDDY_MAX_ORDER)
        return -ENOMEM;
    struct buddy_frame *f = z->free_head[o];
    list_remove(z, f, o);
    uint64_t start = pfn_of(z, f);
    /* Split: the upper half of each step goes back on the lists. */
    while (o > order) {
        o--;
        struct buddy_frame *upper = frame_of(z, start + order_pages(o));
        mark_head(upper, BUDDY_FREE, o);
        list_push(z, upper, o);
    }
    mark_head(f, BUDDY_ALLOCATED, order);
    *pfn = start;
    return 0;
}

int buddy_free(struct buddy_zone *z, uint64_t pfn, unsigned order)
{
    if (order > BUDDY_MAX_ORDER || !pfn_in_zone(z, pfn))
        return -EINVAL;
    struct buddy_frame *f = frame_of(z, pfn);
    if (f->state != BUDDY_ALLOCATED || f->order != order)
        return -EINVAL;
    free_block(z, pfn, order);
    return 0;
}

/* ---- invariant checking ---- */

static int fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -EINVAL;
}

/* A list pointer that really designates an entry of the frame array
 * (checked before it is ever dereferenced). */
static bool frame_ptr_ok(const struct buddy_zone *z, const struct buddy_frame *f)
{
    uintptr_t lo = (uintptr_t)z->frames, p = (uintptr_t)f;
    return f && p >= lo && (p - lo) % sizeof(*f) == 0 && (p - lo) / sizeof(*f) < z->npages;
}

/* Walk one list: every node must be a frame of this zone, FREE, of this
 * order, aligned, and doubly linked both ways. The walk is bounded, so a
 * corrupted cycle that misses the head is reported instead of looping. */
static int check_list(const struct buddy_zone *z, unsigned order, const char **why)
{
    const struct buddy_frame *head = z->free_head[order];
    uint64_t seen = 0;
    if (!head)
        return z->free_count[order] ? fail(why, "free_count set for an empty list") : 0;
    const struct buddy_frame *f = head;
    do {
        if (!frame_ptr_ok(z, f))
            return fail(why, "free list points outside the frame array");
        if (f->state != BUDDY_FREE)
            return fail(why, "frame on a free list is not FREE");
        if (f->order != order)
            return fail(why, "frame on a free list has another order");
        if (pfn_of(z, f) & (order_pages(order) - 1))
            return fail(why, "free block not aligned to its order");
        if (!frame_ptr_ok(z, f->next) || !frame_ptr_ok(z, f->prev) || f->next->prev != f ||
            f->prev->next != f)
            return fail(why, "free list links inconsistent");
        if (++seen > z->free_count[order])
            return fail(why, "free list longer than free_count");
        f = f->next;
    } while (f != head);
    return seen == z->free_count[order] ? 0 : fail(why, "free list shorter than free_count");
}

/* Is the block headed by frame index i a free block whose buddy is a free
 * block of the same order? Then free_block failed to merge them. */
static bool unmerged_buddy(const struct buddy_zone *z, uint64_t i)
{
    const struct buddy_frame *f = &z->frames[i];
    if (f->order >= BUDDY_MAX_ORDER)
        return false;
    uint64_t buddy = (z->base_pfn + i) ^ order_pages(f->order);
    if (!pfn_in_zone(z, buddy))
        return false;
    const struct buddy_frame *b = frame_of(z, buddy);
    return b->state == BUDDY_FREE && b->order == f->order;
}

/* Walk the frames block by block: heads aligned and in the zone, tails
 * marked, free blocks counted per order to match the lists. */
static int check_frames(const struct buddy_zone *z, const char **why)
{
    uint64_t count[BUDDY_ORDERS] = {0}, pages = 0;
    uint64_t i = 0;
    while (i < z->npages) {
        const struct buddy_frame *f = &z->frames[i];
        if (f->state == BUDDY_RESERVED) {
            i++;
            continue;
        }
        if (f->state == BUDDY_TAIL)
            return fail(why, "tail frame outside any block");
        if (f->state != BUDDY_FREE && f->state != BUDDY_ALLOCATED)
            return fail(why, "frame with an unknown state");
        if (f->order > BUDDY_MAX_ORDER)
            return fail(why, "block order above BUDDY_MAX_ORDER");
        uint64_t n = order_pages(f->order);
        if ((z->base_pfn + i) & (n - 1))
            return fail(why, "block not aligned to its order");
        if (n > z->npages - i)
            return fail(why, "block runs past the end of the zone");
        for (uint64_t k = 1; k < n; k++)
            if (f[k].state != BUDDY_TAIL)
                return fail(why, "block frame not marked as tail");
        if (f->state == BUDDY_FREE) {
            if (unmerged_buddy(z, i))
                return fail(why, "two free buddies left unmerged");
            count[f->order]++;
            pages += n;
        }
        i += n;
    }
    for (unsigned o = 0; o < BUDDY_ORDERS; o++)
        if (count[o] != z->free_count[o])
            return fail(why, "free blocks in frames differ from free_count");
    return pages == z->free_pages ? 0 : fail(why, "free_pages differs from the free blocks");
}

int buddy_check(const struct buddy_zone *z, const char **why)
{
    for (unsigned o = 0; o < BUDDY_ORDERS; o++) {
        int err = check_list(z, o, why);
        if (err)
            return err;
    }
    return check_frames(z, why);
}
