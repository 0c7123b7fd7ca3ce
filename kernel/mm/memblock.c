/* The boot-time memory map (see memblock.h). Two sorted lists of disjoint
 * ranges: RAM and reservations. Every list operation keeps the invariant
 * "sorted by base, no two regions overlapping or touching", so the free
 * ranges (RAM minus reserved) can be computed with one merge-like walk and
 * never need storage of their own.
 *
 * Ranges are half-open [base, base + size). A range whose end would be
 * 2^64 or more is rejected, so every stored end fits in 64 bits and no
 * later computation has to think about wrapping. */
#include <kernel/memblock.h>
#include <uapi/errno.h>

static uint64_t region_end(const struct memblock_region *r)
{
    return r->base + r->size;
}

/* Open a hole at index i (the caller checked there is room). */
static void list_open(struct memblock_list *l, unsigned i)
{
    for (unsigned k = l->n; k > i; k--)
        l->r[k] = l->r[k - 1];
    l->n++;
}

/* Drop regions [from, to) by sliding the tail down. */
static void list_close(struct memblock_list *l, unsigned from, unsigned to)
{
    unsigned gap = to - from;
    for (unsigned k = from; k + gap < l->n; k++)
        l->r[k] = l->r[k + gap];
    l->n -= gap;
}

/* Add [base, base + size) to a list, merging with every region it overlaps
 * or touches. Merging never needs a new slot, so -ENOSPC is only possible
 * for a range that touches nothing, and is decided before any change. */
static int list_add(struct memblock_list *l, uint64_t base, uint64_t size)
{
    uint64_t end;
    if (size == 0 || __builtin_add_overflow(base, size, &end))
        return -EINVAL;

    /* Regions [i, j) touch or overlap the new range: everything before i
     * ends strictly below base, everything from j starts strictly above end. */
    unsigned i = 0;
    while (i < l->n && region_end(&l->r[i]) < base)
        i++;
    unsigned j = i;
    while (j < l->n && l->r[j].base <= end)
        j++;

    if (i == j) {
        if (l->n >= MEMBLOCK_MAX_REGIONS)
            return -ENOSPC;
        list_open(l, i);
        l->r[i] = (struct memblock_region){base, size};
        return 0;
    }
    uint64_t lo = MIN(base, l->r[i].base);
    uint64_t hi = MAX(end, region_end(&l->r[j - 1]));
    l->r[i] = (struct memblock_region){lo, hi - lo};
    list_close(l, i + 1, j);
    return 0;
}

void memblock_init(struct memblock *mb)
{
    mb->memory.n = 0;
    mb->reserved.n = 0;
}

int memblock_add(struct memblock *mb, uint64_t base, uint64_t size)
{
    return list_add(&mb->memory, base, size);
}

int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size)
{
    return list_add(&mb->reserved, base, size);
}

uint64_t memblock_ram_bytes(const struct memblock *mb)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < mb->memory.n; i++)
        total += mb->memory.r[i].size;
    return total;
}

/* Both lists are sorted and disjoint, so summing the pairwise
 * intersections counts every reserved RAM byte exactly once. */
uint64_t memblock_reserved_bytes(const struct memblock *mb)
{
    const struct memblock_list *m = &mb->memory, *r = &mb->reserved;
    uint64_t total = 0;
    unsigned i = 0, j = 0;
    while (i < m->n && j < r->n) {
        uint64_t lo = MAX(m->r[i].base, r->r[j].base);
        uint64_t hi = MIN(region_end(&m->r[i]), region_end(&r->r[j]));
        if (hi > lo)
            total += hi - lo;
        /* Advance whichever ends first; it cannot meet anything further. */
        if (region_end(&m->r[i]) <= region_end(&r->r[j]))
            i++;
        else
            j++;
    }
    return total;
}

/* The first free byte range ending above `from`, clipped to start at or
 * after it: the part of one RAM region between two reservations. */
static bool free_range_from(const struct memblock *mb, uint64_t from, uint64_t *base, uint64_t *end)
{
    const struct memblock_list *res = &mb->reserved;
    for (unsigned i = 0; i < mb->memory.n; i++) {
        const struct memblock_region *m = &mb->memory.r[i];
        uint64_t m_end = region_end(m);
        if (m_end <= from)
            continue;
        uint64_t start = MAX(m->base, from);
        for (unsigned k = 0; k < res->n && start < m_end; k++) {
            const struct memblock_region *r = &res->r[k];
            if (region_end(r) <= start)
                continue;
            if (r->base > start) {
                /* Reservations never touch, so this is a real gap. */
                *base = start;
                *end = MIN(r->base, m_end);
                return true;
            }
            start = region_end(r); /* r covers start: skip past it */
        }
        if (start < m_end) {
            *base = start;
            *end = m_end;
            return true;
        }
    }
    return false;
}

/* The cursor is the lowest address not yet reported. Every range reported
 * ends above 0, so the initial 0 cannot be confused with "after a range". */
bool memblock_next_free(const struct memblock *mb, uint64_t *cursor, uint64_t *base, uint64_t *size)
{
    uint64_t b, e;
    if (!free_range_from(mb, *cursor, &b, &e))
        return false;
    *cursor = e;
    *base = b;
    *size = e - b;
    return true;
}

/* Free ranges come in ascending order, so the last one that fits holds
 * the highest suitable address. Returns -EINVAL for size 0 or an
 * alignment that is not a power of two, -ENOMEM when nothing fits, and
 * -ENOSPC when the block was found but the reservation list is full (the
 * block could not be recorded, so it is not handed out). */
int memblock_alloc(struct memblock *mb, uint64_t size, uint64_t align, uint64_t *pa)
{
    if (size == 0 || align == 0 || (align & (align - 1)))
        return -EINVAL;
    bool found = false;
    uint64_t best = 0, cursor = 0, b, s;
    while (memblock_next_free(mb, &cursor, &b, &s)) {
        if (s < size)
            continue;
        uint64_t cand = ALIGN_DOWN(b + s - size, align);
        if (cand >= b) {
            best = cand;
            found = true;
        }
    }
    if (!found)
        return -ENOMEM;
    int err = memblock_reserve(mb, best, size);
    if (err)
        return err;
    *pa = best;
    return 0;
}
