/* A reader for flattened devicetree blobs (Devicetree Specification v0.4,
 * chapter 5 "Flattened Devicetree (DTB) Format"). Portable and freestanding:
 * the kernel parses the boot DTB with it and the host tests and the fuzzer
 * (tests/fuzz/fuzz_fdt.c, against libfdt) run the same code.
 *
 * Trust model: dt_check() validates a blob completely (header, memory
 * reservation block and every token of the structure block). All other
 * functions require a blob that passed dt_check(); even so each of them
 * bounds-checks every read it makes, so a wrong offset yields an error and
 * never a read outside the blob. No function recurses; every loop advances
 * through the blob or is bounded by DT_MAX_DEPTH.
 *
 * Nodes and properties are named by the byte offset of their token within
 * the structure block (the convention libfdt uses, so the two can be compared
 * offset for offset). Functions returning an offset return a negative errno
 * instead: -ENOENT when there is no such node or property, -EINVAL when the
 * offset passed in does not name one. Multi-byte values in the blob are
 * big-endian and unaligned: read them with dt_be32()/dt_be64(). */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <kernel/types.h>

#define DT_MAGIC 0xd00dfeedU /* 5.2 fdt_header.magic */

/* Structure block tokens (5.4.1). */
#define DT_TOKEN_BEGIN_NODE 0x1U
#define DT_TOKEN_END_NODE   0x2U
#define DT_TOKEN_PROP       0x3U
#define DT_TOKEN_NOP        0x4U
#define DT_TOKEN_END        0x9U

/* Deepest node dt_check() accepts, the root being depth 0 (Linux's
 * drivers/of/fdt.c uses the same limit). Real trees are about 5 deep; the
 * limit bounds the ancestor stack dt_parent() keeps. */
#define DT_MAX_DEPTH 64

/* #address-cells / #size-cells above this are corrupt (libfdt agrees). */
#define DT_MAX_CELLS 4

/* Validate the blob at blob, of which size bytes are readable. Returns 0, or
 * -EINVAL with a static reason in *why (why may be NULL). Checks: magic,
 * version >= 16 and last_comp_version <= 17 (and <= version), totalsize
 * within size, every block inside totalsize and naturally aligned, the
 * memory reservation map terminated inside the blob, and the structure
 * block: known tokens only, names and property values inside the block,
 * property name offsets inside the strings block naming a NUL-terminated
 * string, exactly one root node (with an empty name), balanced
 * BEGIN_NODE/END_NODE no deeper than DT_MAX_DEPTH, and a final FDT_END. */
int dt_check(const void *blob, size_t size, const char **why);

uint32_t dt_be32(const void *p);
uint64_t dt_be64(const void *p);
/* A value of n big-endian 32-bit cells (n = 1 or 2 gives the full value;
 * larger n keeps the low 64 bits, as Linux's of_read_number does). */
uint64_t dt_read_cells(const void *p, unsigned n);

uint32_t dt_totalsize(const void *blob);

/* --- Nodes ------------------------------------------------------------- */

/* The node after node in document order; node < 0 starts the walk and
 * returns the root with *depth = 0. *depth (may be NULL) goes up by one per
 * node entered and down by one per node left on the way, so it stays the
 * depth below the root. -ENOENT after the last node. */
int dt_next_node(const void *blob, int node, int *depth);
int dt_root(const void *blob);
int dt_first_subnode(const void *blob, int parent);
int dt_next_subnode(const void *blob, int node);
/* -ENOENT for the root. */
int dt_parent(const void *blob, int node);
/* The node's name ("" for the root) and its length; NULL if node is bad. */
const char *dt_node_name(const void *blob, int node, size_t *len);
/* The child of parent called name[0..len): "cpu@0" names exactly that node;
 * a name without '@' also matches "name@unit" (as libfdt and Linux do). */
int dt_subnode(const void *blob, int parent, const char *name, size_t len);
/* The node at path[0..len): an absolute path ("/cpus/cpu@0"), or one
 * starting with an alias from /aliases ("serial0", "serial0/child") whose
 * value must itself be an absolute path (3.3). Any ":options" suffix (as in
 * stdout-path) must be cut off by the caller. */
int dt_path_offset(const void *blob, const char *path, size_t len);
/* The first node whose "phandle" (or legacy "linux,phandle") property is
 * phandle; 0 and 0xffffffff are never valid phandles (2.3.3). */
int dt_node_by_phandle(const void *blob, uint32_t phandle);
/* The first node after from (from < 0: from the start) compatible with compat. */
int dt_node_by_compatible(const void *blob, int from, const char *compat);

/* --- Properties -------------------------------------------------------- */

/* A node's properties in order: those before its first child (5.4.2 puts
 * all of them there; any after a child are not the node's, as in libfdt). */
int dt_first_prop(const void *blob, int node);
int dt_next_prop(const void *blob, int prop);
/* The value of the property at offset prop, its name and length; NULL if
 * prop is bad. A present empty property gives a non-NULL value, len 0. */
const void *dt_prop_at(const void *blob, int prop, const char **name, uint32_t *len);
/* The node's property called name, or NULL. len may be NULL. */
const void *dt_getprop(const void *blob, int node, const char *name, uint32_t *len);
/* The value as a string if it holds one (a NUL inside it), else NULL. */
const char *dt_getprop_string(const void *blob, int node, const char *name);
/* 0 with *out set; -ENOENT if absent; -EINVAL if it is not one cell. */
int dt_getprop_u32(const void *blob, int node, const char *name, uint32_t *out);
/* A property holding a cell-count (2.3.5): the value in 0..DT_MAX_CELLS, the
 * default (2 for #address-cells, 1 for #size-cells) if absent, -EINVAL if
 * malformed. #address-cells of 0 is malformed. Pass the PARENT of the node
 * whose reg is being decoded. */
int dt_address_cells(const void *blob, int node);
int dt_size_cells(const void *blob, int node);
/* Whether the string-list list[0..len) holds s as one of its strings. */
bool dt_stringlist_contains(const void *list, uint32_t len, const char *s);
bool dt_node_is_compatible(const void *blob, int node, const char *compat);
/* status absent, "okay" or "ok" (2.3.4; Linux also accepts "ok"). */
bool dt_node_is_available(const void *blob, int node);
/* The node's phandle, 0 if it has none. */
uint32_t dt_node_phandle(const void *blob, int node);

/* --- Memory reservation block (5.3) ------------------------------------ */

/* Number of entries before the terminator. */
int dt_num_memreserve(const void *blob);
/* Entry index: 0, or -ENOENT past the last one. */
int dt_get_memreserve(const void *blob, int index, uint64_t *base, uint64_t *size);

#endif
