/* Address-to-symbol lookup for backtraces. The table is generated from the
 * linked kernel by tools/kallsyms.sh (text symbols, sorted by address) and
 * linked into the .kallsyms section; the first link uses an empty table. */
#include <kernel/panic.h>

extern const uint64_t kallsyms_count;
extern const uint64_t kallsyms_addrs[];
extern const uint32_t kallsyms_name_offsets[];
extern const char kallsyms_names[];

const char *kallsyms_lookup(uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = kallsyms_count;
    if (!hi || addr < kallsyms_addrs[0])
        return NULL;
    /* Find the last symbol at or below addr. */
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (kallsyms_addrs[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    /* The last entry is the end-of-text marker, not a function. */
    if (lo + 1 >= kallsyms_count)
        return NULL;
    *offset = addr - kallsyms_addrs[lo];
    return &kallsyms_names[kallsyms_name_offsets[lo]];
}
