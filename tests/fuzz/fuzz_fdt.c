/* libFuzzer target for the FDT reader (kernel/lib/fdt.c) and devtree_parse()
 * (kernel/lib/devtree.c), cross-checked against libfdt (Debian bookworm's
 * libfdt 1.6.1, -lfdt). Build and run: make fuzz-fdt (mk/fuzz.mk).
 *
 * For each input, copied to a heap buffer of exactly its size (malloc'd,
 * so 8-byte aligned as libfdt requires, and any read past the end is an
 * AddressSanitizer report):
 *   1. dt_check() and fdt_check_full() must agree, except for the
 *      deliberate differences listed below;
 *   2. if both accept, walking the tree with both libraries must give the
 *      same node offsets, names and depths, the same properties (offsets,
 *      names, lengths, bytes) in the same order, the same reservation map,
 *      and the same answers from the lookups both provide;
 *   3. devtree_parse() must not crash, must fail with -EINVAL exactly when
 *      dt_check() does, and must leave a well-formed struct dt_platform.
 * Any mismatch prints what differed and traps. When libfdt accepts a blob
 * we reject, our reason must name the deliberate difference found.
 *
 * Deliberate differences from libfdt 1.6.1 (each is detected on the input
 * and excuses only that disagreement):
 *   - Versions before 16: we reject them all; libfdt reads versions 2-15
 *     (and 1.6.1 can dereference NULL on some; fixed in dtc v1.7.0, commit
 *     fda71da), so such inputs are not handed to libfdt and not compared.
 *   - Alignment: we reject an off_mem_rsvmap that is not 8-byte aligned or
 *     an off_dt_struct that is not 4-byte aligned (Devicetree Specification
 *     v0.4 5.3.2, 5.4, 5.6); 1.6.1 accepts them (libfdt rejects them too
 *     since dtc v1.8.0, commit 8d15a63).
 *   - Properties outside any node (before the root) and a structure block
 *     with no root node at all: we reject them (5.4.2); 1.6.1 accepts them.
 *   - Nesting deeper than DT_MAX_DEPTH (64): we reject it; libfdt allows
 *     depths up to INT_MAX.
 *   - Version 16 property names: we require nameoff inside size_dt_strings
 *     for every version (the field exists since version 3); 1.6.1 bounds
 *     version-16 names only by totalsize.
 *   - FDT_NOP between the root's FDT_END_NODE and FDT_END: we accept it,
 *     as the spec allows NOP anywhere (5.4.1); 1.6.1 rejects it (libfdt
 *     accepts it since dtc v1.8.0, commit caf7465).
 *   - Property lengths near 2^32: 1.6.1's fdt_next_tag lets the offset wrap
 *     and can loop forever (fixed in dtc v1.7.0, commit 7359034). Inputs we
 *     reject that hold a FDT_PROP word followed by a length that could wrap
 *     are not handed to libfdt; we reject every such token as running past
 *     the block, so an input we accept is always safe to compare.
 * Lookup comparisons skip two more libfdt 1.6.1 limitations: its path and
 * parent lookups assume the root is at structure offset 0 (false when
 * FDT_NOPs precede it), and fdt_stringlist_contains reads one byte past a
 * string list whose last string is unterminated (only well-formed lists
 * are compared). */
#include <kernel/devtree.h>
#include <kernel/fdt.h>
#include <uapi/errno.h>

#include <libfdt.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-input bounds on the O(n^2) lookup comparisons. */
#define LOOKUP_NODES 8
#define LOOKUP_PROPS 16

#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            mismatch(__LINE__, #cond);                                                             \
    } while (0)

static void mismatch(int line, const char *what)
{
    fprintf(stderr, "fuzz_fdt.c:%d: mismatch: %s\n", line, what);
    __builtin_trap();
}

static uint32_t be32(const uint8_t *b, size_t off)
{
    return dt_be32(b + off);
}

/* ---- Deciding which verdicts are comparable ------------------------------- */

/* libfdt 1.6.1 may loop forever on a property length that makes its int
 * offset wrap (see the header comment). Flag any FDT_PROP word at a 4-byte
 * step from the structure block's start followed by such a length: a
 * superset of the token positions, so this may flag harmless blobs too. */
static bool libfdt_may_hang(const uint8_t *b, size_t size)
{
    size_t st = be32(b, 8);
    for (size_t p = st; p + 8 <= size; p += 4) {
        if (be32(b, p) == DT_TOKEN_PROP && be32(b, p + 4) > 0x7fff0000U)
            return true;
    }
    return false;
}

/* Whether a version 16 property's name lies outside the strings block. */
static bool v16_name_outside(const uint8_t *b, int off)
{
    const struct fdt_property *prop = fdt_offset_ptr(b, off, sizeof(*prop));
    uint32_t nameoff = fdt32_to_cpu(prop->nameoff), str_size = fdt_size_dt_strings(b);
    return fdt_version(b) < 17 &&
           (nameoff >= str_size ||
            !memchr((const char *)b + fdt_off_dt_strings(b) + nameoff, '\0', str_size - nameoff));
}

/* Which deliberate difference makes us reject a blob libfdt accepts: part
 * of the reason dt_check must then give (it reports the first problem in
 * blob order, and so does this walk), or NULL if there is none. Safe to
 * walk with fdt_next_tag because fdt_check_full accepted the blob. */
static const char *expected_rejection(const uint8_t *b)
{
    if (fdt_off_mem_rsvmap(b) % 8)
        return "reservation block not 8-byte aligned";
    if (fdt_off_dt_struct(b) % 4)
        return "structure block not 4-byte aligned";
    int depth = 0, off = 0, next;
    bool root_seen = false;
    for (;; off = next) {
        uint32_t tag = fdt_next_tag(b, off, &next);
        if (next < 0)
            return NULL;
        if (tag == FDT_BEGIN_NODE) {
            root_seen = true;
            if (++depth > DT_MAX_DEPTH + 1) /* libfdt's depth counts the root as 1 */
                return "nested too deeply";
        } else if (tag == FDT_END_NODE) {
            depth--;
        } else if (tag == FDT_PROP && depth == 0) {
            return "property outside any node";
        } else if (tag == FDT_PROP && v16_name_outside(b, off)) {
            return "the strings block";
        } else if (tag == FDT_END) {
            return root_seen ? NULL : "has no root node";
        }
    }
}

/* What an accepted blob contains that libfdt 1.6.1 rejects: FDT_NOP after
 * the root node. Safe to walk: dt_check accepted the blob. */
static bool explains_libfdt_rejection(const uint8_t *b)
{
    int depth = 0, off = 0, next;
    bool root_done = false;
    for (;;) {
        uint32_t tag = fdt_next_tag(b, off, &next);
        if (next < 0 || tag == FDT_END)
            return false;
        if (tag == FDT_BEGIN_NODE)
            depth++;
        else if (tag == FDT_END_NODE && --depth == 0)
            root_done = true;
        else if (tag == FDT_NOP && root_done)
            return true;
        off = next;
    }
}

/* ---- Comparing the two readers on an accepted blob ------------------------ */

static void compare_props(const uint8_t *b, int node)
{
    int p1 = fdt_first_property_offset(b, node);
    int p2 = dt_first_prop(b, node);
    int count = 0;
    for (; p1 >= 0; p1 = fdt_next_property_offset(b, p1), p2 = dt_next_prop(b, p2)) {
        REQUIRE(p1 == p2);
        const char *n1 = NULL, *n2 = NULL;
        int len1 = -1;
        uint32_t len2 = 0;
        const void *v1 = fdt_getprop_by_offset(b, p1, &n1, &len1);
        const void *v2 = dt_prop_at(b, p2, &n2, &len2);
        REQUIRE(v1 && v2 && v1 == v2);
        REQUIRE(len1 >= 0 && (uint32_t)len1 == len2);
        REQUIRE(!strcmp(n1, n2));
        /* The same property is found by name (the first of that name);
         * bounded, as each lookup is a scan. */
        if (count++ >= LOOKUP_PROPS)
            continue;
        uint32_t len3 = 0;
        int len4 = -1;
        const void *v3 = dt_getprop(b, node, n2, &len3);
        const void *v4 = fdt_getprop(b, node, n1, &len4);
        REQUIRE(v3 && v3 == v4 && len4 >= 0 && len3 == (uint32_t)len4);
    }
    REQUIRE(p1 == -FDT_ERR_NOTFOUND && p2 == -ENOENT);
}

/* The node's compatible strings, when the list is well formed. */
static void compare_compatible(const uint8_t *b, int node)
{
    uint32_t len;
    const char *list = dt_getprop(b, node, "compatible", &len);
    if (!list || !len || list[len - 1] != '\0')
        return;
    for (const char *s = list; s < list + len; s += strlen(s) + 1)
        REQUIRE(dt_node_is_compatible(b, node, s) == !fdt_node_check_compatible(b, node, s));
    REQUIRE(dt_node_is_compatible(b, node, "virtio,mmio") ==
            !fdt_node_check_compatible(b, node, "virtio,mmio"));
}

static void compare_cells(const uint8_t *b, int node)
{
    int a1 = fdt_address_cells(b, node), a2 = dt_address_cells(b, node);
    int s1 = fdt_size_cells(b, node), s2 = dt_size_cells(b, node);
    REQUIRE((a1 < 0) == (a2 < 0) && (a1 < 0 || a1 == a2));
    REQUIRE((s1 < 0) == (s2 < 0) && (s1 < 0 || s1 == s2));
}

static void compare_phandle(const uint8_t *b, int node)
{
    uint32_t ph = fdt_get_phandle(b, node);
    REQUIRE(ph == dt_node_phandle(b, node));
    if (ph) {
        int n1 = fdt_node_offset_by_phandle(b, ph), n2 = dt_node_by_phandle(b, ph);
        REQUIRE((n1 < 0) == (n2 < 0) && (n1 < 0 || n1 == n2));
    }
}

/* Look the path built from the names so far up with both libraries: names
 * may repeat or hold '/' or '@', so both must just agree. */
static void compare_path(const uint8_t *b, const char *path, size_t len)
{
    int n1 = fdt_path_offset_namelen(b, path, (int)len);
    int n2 = dt_path_offset(b, path, len);
    REQUIRE((n1 < 0) == (n2 < 0) && (n1 < 0 || n1 == n2));
}

/* Aliases whose value is a terminated absolute path (libfdt 1.6.1 would
 * recurse on a relative one and strlen an unterminated one). */
static void compare_aliases(const uint8_t *b)
{
    int aliases = dt_path_offset(b, "/aliases", 8);
    if (aliases < 0)
        return;
    for (int p = dt_first_prop(b, aliases); p >= 0; p = dt_next_prop(b, p)) {
        const char *name;
        uint32_t len;
        if (!dt_prop_at(b, p, &name, NULL) || !name[0] || strchr(name, '/'))
            continue;
        /* Lookups use the first property of the name: check that one. */
        const char *value = dt_getprop(b, aliases, name, &len);
        if (!value || !len || value[0] != '/' || !memchr(value, '\0', len))
            continue;
        compare_path(b, name, strlen(name));
    }
}

/* The path of each node as the walk goes: prefix[d] is the length of the
 * path of the node open at depth d (0 for the root, whose path is "/"). */
struct walk {
    char path[4096];
    size_t prefix[DT_MAX_DEPTH + 1];
    bool path_ok[DT_MAX_DEPTH + 1]; /* false once a path outgrew the buffer */
};

static void extend_path(struct walk *w, int depth, const char *name, size_t len)
{
    if (depth == 0) {
        w->prefix[0] = 0;
        w->path_ok[0] = true;
        return;
    }
    size_t at = w->prefix[depth - 1];
    w->path_ok[depth] = w->path_ok[depth - 1] && at + 1 + len <= sizeof(w->path);
    if (!w->path_ok[depth])
        return;
    w->path[at] = '/';
    memcpy(w->path + at + 1, name, len);
    w->prefix[depth] = at + 1 + len;
}

/* The lookups both libraries provide, each a scan of the tree. */
static void compare_lookups(const uint8_t *b, int node, int depth, const struct walk *w)
{
    compare_cells(b, node);
    compare_compatible(b, node);
    compare_phandle(b, node);
    int par1 = fdt_parent_offset(b, node), par2 = dt_parent(b, node);
    REQUIRE((par1 < 0) == (par2 < 0) && (par1 < 0 || par1 == par2));
    if (depth == 0)
        compare_path(b, "/", 1);
    else if (w->path_ok[depth])
        compare_path(b, w->path, w->prefix[depth]);
}

static int count_nodes(const uint8_t *b)
{
    int n = 0;
    for (int node = dt_root(b); node >= 0; node = dt_next_node(b, node, NULL))
        n++;
    return n;
}

static void compare_nodes(const uint8_t *b, size_t size)
{
    static struct walk w;
    int d1 = 0, d2 = 0;
    int n1 = fdt_next_node(b, -1, &d1), n2 = dt_next_node(b, -1, &d2);
    bool root_at_0 = n2 == 0;
    /* Lookups for about LOOKUP_NODES nodes spread over the tree, a
     * different selection for different inputs. */
    int stride = count_nodes(b) / LOOKUP_NODES + 1, pick = (int)(size % (size_t)stride);
    for (int i = 0; n1 >= 0; i++, n1 = fdt_next_node(b, n1, &d1), n2 = dt_next_node(b, n2, &d2)) {
        REQUIRE(n1 == n2);
        REQUIRE(d1 - 1 == d2); /* libfdt counts the root as depth 1 from -1 */
        REQUIRE(d2 >= 0 && d2 <= DT_MAX_DEPTH);
        int len1 = -1;
        size_t len2 = 0;
        const char *name1 = fdt_get_name(b, n1, &len1);
        const char *name2 = dt_node_name(b, n2, &len2);
        REQUIRE(name1 && name1 == name2 && len1 >= 0 && (size_t)len1 == len2);
        compare_props(b, n1);
        extend_path(&w, d2, name2, len2);
        if (root_at_0 && (i == 0 || i % stride == pick))
            compare_lookups(b, n2, d2, &w);
    }
    REQUIRE(n1 == -FDT_ERR_NOTFOUND && n2 == -ENOENT);
    if (root_at_0)
        compare_aliases(b);
}

static void compare_memreserve(const uint8_t *b)
{
    int n1 = fdt_num_mem_rsv(b), n2 = dt_num_memreserve(b);
    REQUIRE(n1 >= 0 && n1 == n2);
    for (int i = 0; i < n1; i++) {
        uint64_t a1 = 0, s1 = 0, a2 = 1, s2 = 1;
        REQUIRE(fdt_get_mem_rsv(b, i, &a1, &s1) == 0 && dt_get_memreserve(b, i, &a2, &s2) == 0);
        REQUIRE(a1 == a2 && s1 == s2);
    }
}

/* ---- devtree_parse ---------------------------------------------------------- */

static bool terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static void check_devtree(const uint8_t *b, size_t size, int check_err)
{
    static struct dt_platform plat;
    const char *why = NULL;
    int err = devtree_parse(b, size, &plat, &why);
    REQUIRE(err == 0 || why != NULL);
    /* A checked blob fails with -EINVAL only for memory it cannot use. */
    REQUIRE(check_err ? err == -EINVAL : err != -EINVAL || plat.n_memory == 0);
    REQUIRE(err == 0 || err == -EINVAL || err == -ENOENT);
    REQUIRE(plat.n_memory <= DT_MAX_MEM_REGIONS && plat.n_reserved <= DT_MAX_RESERVED);
    REQUIRE(plat.n_cpus <= DT_MAX_CPUS && plat.n_virtio <= DT_MAX_VIRTIO);
    REQUIRE(terminated(plat.model, sizeof(plat.model)));
    REQUIRE(terminated(plat.bootargs, sizeof(plat.bootargs)));
    REQUIRE(terminated(plat.stdout_path, sizeof(plat.stdout_path)));
    for (unsigned i = 0; i < plat.n_cpus; i++)
        REQUIRE(terminated(plat.cpus[i].compatible, sizeof(plat.cpus[i].compatible)));
    for (unsigned i = 0; i < plat.n_memory; i++)
        REQUIRE(plat.memory[i].size != 0);
    REQUIRE(!plat.has_initrd || plat.initrd_end > plat.initrd_start);
}

/* ---- Entry point ------------------------------------------------------------- */

static void compare_verdicts(const uint8_t *b, size_t size, int ours, const char *why)
{
    if (size < 24 || be32(b, 20) < 16) {
        REQUIRE(ours != 0);
        return; /* not given to libfdt: see the header comment */
    }
    /* A blob we accept has no wrapping length at a token position (we
     * reject those), and libfdt tokenizes it exactly as we do, so only
     * rejected blobs can make libfdt hang. */
    if (ours != 0 && libfdt_may_hang(b, size))
        return;
    int theirs = fdt_check_full(b, size);
    if (theirs == 0 && ours != 0) {
        const char *expected = expected_rejection(b);
        if (!expected || !strstr(why, expected)) {
            fprintf(stderr, "dt_check: %s; expected: %s\n", why, expected ? expected : "none");
            mismatch(__LINE__, "libfdt accepts a blob dt_check rejects");
        }
        return;
    }
    if (theirs != 0 && ours == 0) {
        if (!explains_libfdt_rejection(b))
            mismatch(__LINE__, "dt_check accepts a blob libfdt rejects");
        return;
    }
    if (theirs == 0 && ours == 0) {
        compare_memreserve(b);
        compare_nodes(b, size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *b = malloc(size ? size : 1);
    memcpy(b, data, size);
    const char *why = NULL;
    int ours = dt_check(b, size, &why);
    REQUIRE(ours == 0 || (ours == -EINVAL && why && why[0]));
    compare_verdicts(b, size, ours, why);
    check_devtree(b, size, ours);
    REQUIRE(!memcmp(b, data, size)); /* nothing writes to the blob */
    free(b);
    return 0;
}
