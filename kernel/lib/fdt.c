/* The flattened devicetree reader (include/kernel/fdt.h). Section numbers
 * refer to the Devicetree Specification v0.4, chapter 5 "Flattened
 * Devicetree (DTB) Format". One tokenizer, read_token(), decodes and
 * bounds-checks every token; dt_check() runs it over the whole structure
 * block and adds the nesting rules, and the accessors reuse it, so they
 * cannot read outside the blob even when handed a wrong offset. Values are
 * read a byte at a time: the blob may sit at any address. */
#include <kernel/fdt.h>
#include <kernel/string.h>
#include <uapi/errno.h>

/* Byte offsets of the fdt_header fields (5.2), each a big-endian uint32. */
enum {
    HDR_MAGIC = 0,
    HDR_TOTALSIZE = 4,
    HDR_OFF_DT_STRUCT = 8,
    HDR_OFF_DT_STRINGS = 12,
    HDR_OFF_MEM_RSVMAP = 16,
    HDR_VERSION = 20,
    HDR_LAST_COMP_VERSION = 24,
    HDR_BOOT_CPUID_PHYS = 28,
    HDR_SIZE_DT_STRINGS = 32,
    HDR_SIZE_DT_STRUCT = 36,
};

/* Version 16 headers end before size_dt_struct, which version 17 added. */
#define HDR_V16_SIZE   36U
#define HDR_V17_SIZE   40U
#define RSV_ENTRY_SIZE 16U /* struct fdt_reserve_entry: address, size (5.3.2) */
#define TOKEN_SIZE     4U

uint32_t dt_be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t dt_be64(const void *p)
{
    return (uint64_t)dt_be32(p) << 32 | dt_be32((const uint8_t *)p + 4);
}

uint64_t dt_read_cells(const void *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 32 | dt_be32((const uint8_t *)p + 4 * i);
    return v;
}

static uint32_t hdr(const void *blob, unsigned field)
{
    return dt_be32((const uint8_t *)blob + field);
}

uint32_t dt_totalsize(const void *blob)
{
    return hdr(blob, HDR_TOTALSIZE);
}

/* ---- Header and memory reservation block -------------------------------- */

/* Whether [off, off + len) lies in the blob after the header (5.2). */
static bool block_ok(uint32_t hsize, uint32_t total, uint32_t off, uint32_t len)
{
    return off >= hsize && (uint64_t)off + len <= total;
}

/* 5.2: the version fields. We read version 17 and the version 16 it stays
 * compatible with; a newer blob is readable as long as last_comp_version
 * says it is still compatible with 17. */
static const char *check_version(const void *blob)
{
    uint32_t version = hdr(blob, HDR_VERSION), last_comp = hdr(blob, HDR_LAST_COMP_VERSION);
    if (version < 16)
        return "devicetree version older than 16";
    if (last_comp > 17)
        return "devicetree last_comp_version newer than 17";
    if (last_comp > version)
        return "devicetree last_comp_version above its version";
    return NULL;
}

/* 5.3.2, 5.4 and 5.6: the memory reservation block is 8-byte aligned and
 * the structure block 4-byte aligned (its tokens are 32-bit aligned), both
 * counted from the start of the blob. Version 16 has no size_dt_struct,
 * so its structure block may run up to totalsize. */
static const char *check_blocks(const void *blob, uint32_t hsize, uint32_t total)
{
    uint32_t rsv = hdr(blob, HDR_OFF_MEM_RSVMAP), st = hdr(blob, HDR_OFF_DT_STRUCT);
    if (!block_ok(hsize, total, rsv, 0))
        return "devicetree memory reservation block outside the blob";
    if (rsv % 8)
        return "devicetree memory reservation block not 8-byte aligned";
    uint32_t st_len = hdr(blob, HDR_VERSION) >= 17 ? hdr(blob, HDR_SIZE_DT_STRUCT) : 0;
    if (!block_ok(hsize, total, st, st_len))
        return "devicetree structure block outside the blob";
    if (st % TOKEN_SIZE)
        return "devicetree structure block not 4-byte aligned";
    if (!block_ok(hsize, total, hdr(blob, HDR_OFF_DT_STRINGS), hdr(blob, HDR_SIZE_DT_STRINGS)))
        return "devicetree strings block outside the blob";
    return NULL;
}

static const char *check_header(const void *blob, size_t size)
{
    if (!blob || size < HDR_V16_SIZE)
        return "devicetree truncated inside its header";
    if (hdr(blob, HDR_MAGIC) != DT_MAGIC)
        return "devicetree magic is not 0xd00dfeed";
    const char *err = check_version(blob);
    if (err)
        return err;
    uint32_t hsize = hdr(blob, HDR_VERSION) >= 17 ? HDR_V17_SIZE : HDR_V16_SIZE;
    uint32_t total = hdr(blob, HDR_TOTALSIZE);
    if (size < hsize)
        return "devicetree truncated inside its header";
    if (total < hsize)
        return "devicetree totalsize smaller than its header";
    if (total > size)
        return "devicetree totalsize beyond the end of the buffer";
    /* Offsets are handed out as int, as in libfdt. */
    if (total > INT32_MAX)
        return "devicetree totalsize above 2 GiB";
    return check_blocks(blob, hsize, total);
}

/* 5.3.2: the list ends with an entry of size 0. The spec has both fields 0,
 * but Linux and libfdt stop at the first size 0 and so do we: an entry
 * reserving nothing is no reservation. */
static const char *check_rsvmap(const void *blob)
{
    uint32_t total = hdr(blob, HDR_TOTALSIZE);
    const uint8_t *b = blob;
    for (uint32_t pos = hdr(blob, HDR_OFF_MEM_RSVMAP); total - pos >= RSV_ENTRY_SIZE;
         pos += RSV_ENTRY_SIZE) {
        if (dt_be64(b + pos + 8) == 0)
            return NULL;
    }
    return "devicetree memory reservation map not terminated";
}

/* ---- Tokens -------------------------------------------------------------- */

/* Where the blocks of a checked blob are. */
struct view {
    const uint8_t *st; /* structure block */
    uint32_t st_len;   /* v17: size_dt_struct; v16: up to totalsize */
    const char *str;   /* strings block */
    uint32_t str_len;
};

static struct view view_of(const void *blob)
{
    const uint8_t *b = blob;
    uint32_t st = hdr(blob, HDR_OFF_DT_STRUCT);
    struct view v = {
        .st = b + st,
        .st_len = hdr(blob, HDR_VERSION) >= 17 ? hdr(blob, HDR_SIZE_DT_STRUCT)
                                               : hdr(blob, HDR_TOTALSIZE) - st,
        .str = (const char *)b + hdr(blob, HDR_OFF_DT_STRINGS),
        .str_len = hdr(blob, HDR_SIZE_DT_STRINGS),
    };
    return v;
}

/* One decoded token (5.4.1). */
struct token {
    uint32_t tag;
    uint32_t next;        /* offset of the following token */
    const char *name;     /* BEGIN_NODE: unit name; PROP: property name */
    uint32_t len;         /* BEGIN_NODE: name length; PROP: value length */
    const uint8_t *value; /* PROP */
};

/* 5.4.1 FDT_PROP: nameoff is an offset into the strings block (5.5), where
 * the name must end with a NUL inside the block. Version 16 blobs have a
 * size_dt_strings as well, so this holds for them too. */
static const char *prop_name(const struct view *v, uint32_t nameoff, const char **name)
{
    if (nameoff >= v->str_len)
        return "devicetree property name offset outside the strings block";
    if (!memchr(v->str + nameoff, '\0', v->str_len - nameoff))
        return "devicetree property name not terminated in the strings block";
    *name = v->str + nameoff;
    return NULL;
}

/* FDT_BEGIN_NODE is followed by the node's NUL-terminated unit name. */
static const char *read_begin_node(const struct view *v, uint32_t pos, struct token *t)
{
    const uint8_t *nul = memchr(v->st + pos, '\0', v->st_len - pos);
    if (!nul)
        return "devicetree node name runs past the structure block";
    t->name = (const char *)v->st + pos;
    t->len = (uint32_t)(nul - (v->st + pos));
    t->next = pos + t->len + 1;
    return NULL;
}

/* FDT_PROP is followed by struct { be32 len; be32 nameoff; } and the value. */
static const char *read_prop(const struct view *v, uint32_t pos, struct token *t)
{
    if (v->st_len - pos < 8)
        return "devicetree property header runs past the structure block";
    t->len = dt_be32(v->st + pos);
    uint32_t nameoff = dt_be32(v->st + pos + 4);
    pos += 8;
    if (t->len > v->st_len - pos)
        return "devicetree property value runs past the structure block";
    t->value = v->st + pos;
    t->next = pos + t->len;
    return prop_name(v, nameoff, &t->name);
}

/* Decode the token at off. Returns NULL, or why it is malformed: an unknown
 * tag or any part of it outside its block. t->next is aligned up to the
 * next token (5.4.1: tokens are 32-bit aligned, padding follows names and
 * values); it may lie past the block, which the next read then reports. */
static const char *read_token(const struct view *v, uint32_t off, struct token *t)
{
    if (off % TOKEN_SIZE || off > v->st_len || v->st_len - off < TOKEN_SIZE)
        return "devicetree structure block ends without FDT_END";
    const char *err = NULL;
    uint32_t pos = off + TOKEN_SIZE;
    t->tag = dt_be32(v->st + off);
    t->next = pos;
    switch (t->tag) {
    case DT_TOKEN_BEGIN_NODE:
        err = read_begin_node(v, pos, t);
        break;
    case DT_TOKEN_PROP:
        err = read_prop(v, pos, t);
        break;
    case DT_TOKEN_END_NODE:
    case DT_TOKEN_NOP:
    case DT_TOKEN_END:
        break;
    default:
        return "devicetree structure block holds an unknown token";
    }
    /* st_len <= totalsize <= INT32_MAX, so this cannot wrap. */
    t->next = ALIGN_UP(t->next, TOKEN_SIZE);
    return err;
}

/* ---- Whole-blob check ---------------------------------------------------- */

struct nesting {
    int open;       /* nodes begun and not yet ended */
    bool root_seen; /* the root node has begun */
};

/* 5.4.2: one root node with an empty name (2.2.1), nodes properly nested,
 * properties only inside a node. FDT_NOP may appear anywhere (5.4.1),
 * before the root or after it too. */
static const char *nest(struct nesting *n, const struct token *t)
{
    switch (t->tag) {
    case DT_TOKEN_BEGIN_NODE:
        if (n->open == 0 && n->root_seen)
            return "devicetree has a second root node";
        if (n->open == 0 && t->len)
            return "devicetree root node has a name";
        if (n->open > DT_MAX_DEPTH)
            return "devicetree nodes nested too deeply";
        n->open++;
        n->root_seen = true;
        break;
    case DT_TOKEN_END_NODE:
        if (n->open == 0)
            return "devicetree FDT_END_NODE closes no node";
        n->open--;
        break;
    case DT_TOKEN_PROP:
        if (n->open == 0)
            return "devicetree property outside any node";
        break;
    case DT_TOKEN_END:
        if (n->open)
            return "devicetree FDT_END inside a node";
        if (!n->root_seen)
            return "devicetree has no root node";
        break;
    }
    return NULL;
}

/* Every token, in order, up to FDT_END. Offsets only grow, by at least one
 * token each step, so the loop ends. Anything after FDT_END is ignored. */
static const char *check_struct(const void *blob)
{
    struct view v = view_of(blob);
    struct nesting n = {0, false};
    struct token t;
    for (uint32_t off = 0;; off = t.next) {
        const char *err = read_token(&v, off, &t);
        if (!err)
            err = nest(&n, &t);
        if (err)
            return err;
        if (t.tag == DT_TOKEN_END)
            return NULL;
    }
}

int dt_check(const void *blob, size_t size, const char **why)
{
    const char *err = check_header(blob, size);
    if (!err)
        err = check_rsvmap(blob);
    if (!err)
        err = check_struct(blob);
    if (err) {
        if (why)
            *why = err;
        return -EINVAL;
    }
    return 0;
}

/* ---- Nodes --------------------------------------------------------------- */

static bool node_token(const struct view *v, int node, struct token *t)
{
    return node >= 0 && !read_token(v, (uint32_t)node, t) && t->tag == DT_TOKEN_BEGIN_NODE;
}

int dt_next_node(const void *blob, int node, int *depth)
{
    struct view v = view_of(blob);
    struct token t;
    int scratch = 0;
    uint32_t off = 0;
    if (!depth)
        depth = &scratch;
    if (node < 0) {
        *depth = -1;
    } else {
        if (!node_token(&v, node, &t))
            return -EINVAL;
        off = t.next;
    }
    for (;; off = t.next) {
        if (read_token(&v, off, &t))
            return -EINVAL;
        switch (t.tag) {
        case DT_TOKEN_BEGIN_NODE:
            (*depth)++;
            return (int)off;
        case DT_TOKEN_END_NODE:
            (*depth)--;
            break;
        case DT_TOKEN_END:
            return -ENOENT;
        }
    }
}

int dt_root(const void *blob)
{
    return dt_next_node(blob, -1, NULL);
}

int dt_first_subnode(const void *blob, int parent)
{
    int depth = 0;
    int node = dt_next_node(blob, parent, &depth);
    if (node < 0)
        return node;
    return depth == 1 ? node : -ENOENT;
}

/* Skip the node's descendants; the next node at the same depth is its
 * sibling, one above it means the parent has ended. */
int dt_next_subnode(const void *blob, int node)
{
    int depth = 0;
    do {
        node = dt_next_node(blob, node, &depth);
        if (node < 0)
            return node;
    } while (depth > 0);
    return depth == 0 ? node : -ENOENT;
}

/* Walk from the root keeping each open node's offset by depth. */
int dt_parent(const void *blob, int node)
{
    int stack[DT_MAX_DEPTH + 1];
    int depth = 0;
    int n = dt_next_node(blob, -1, &depth);
    for (; n >= 0; n = dt_next_node(blob, n, &depth)) {
        if (depth < 0 || depth > DT_MAX_DEPTH)
            return -EINVAL;
        stack[depth] = n;
        if (n == node)
            return depth ? stack[depth - 1] : -ENOENT;
    }
    return -EINVAL; /* node is not the offset of a node */
}

const char *dt_node_name(const void *blob, int node, size_t *len)
{
    struct view v = view_of(blob);
    struct token t;
    if (!node_token(&v, node, &t))
        return NULL;
    if (len)
        *len = t.len;
    return t.name;
}

/* 2.2.1: a node is "name@unit-address"; a path component without '@'
 * names the node by its name alone. */
static bool name_matches(const char *node, size_t node_len, const char *want, size_t want_len)
{
    if (node_len < want_len || memcmp(node, want, want_len) != 0)
        return false;
    if (node_len == want_len)
        return true;
    return node[want_len] == '@' && !memchr(want, '@', want_len);
}

int dt_subnode(const void *blob, int parent, const char *name, size_t len)
{
    int node = dt_first_subnode(blob, parent);
    for (; node >= 0; node = dt_next_subnode(blob, node)) {
        size_t node_len;
        const char *node_name = dt_node_name(blob, node, &node_len);
        if (node_name && name_matches(node_name, node_len, name, len))
            return node;
    }
    return node;
}

/* Follow path[0..end) from node, one '/'-separated component at a time. */
static int walk_path(const void *blob, int node, const char *p, const char *end)
{
    while (node >= 0 && p < end) {
        if (*p == '/') {
            p++;
            continue;
        }
        const char *slash = memchr(p, '/', (size_t)(end - p));
        const char *q = slash ? slash : end;
        node = dt_subnode(blob, node, p, (size_t)(q - p));
        p = q;
    }
    return node;
}

static const void *getprop_len(const void *blob, int node, const char *name, size_t name_len,
                               uint32_t *len);

/* 3.3: /aliases maps an alias name to an absolute path. Requiring the value
 * to be absolute keeps the lookup one level deep (no alias loops). */
static int resolve_alias(const void *blob, const char *name, size_t len)
{
    static const char aliases[] = "/aliases";
    int node = walk_path(blob, dt_root(blob), aliases, aliases + sizeof(aliases) - 1);
    if (node < 0)
        return node;
    uint32_t vlen;
    const char *path = getprop_len(blob, node, name, len, &vlen);
    if (!path || !vlen || path[0] != '/')
        return -ENOENT;
    const char *nul = memchr(path, '\0', vlen);
    if (!nul)
        return -ENOENT;
    return walk_path(blob, dt_root(blob), path, nul);
}

int dt_path_offset(const void *blob, const char *path, size_t len)
{
    const char *end = path + len;
    if (!len)
        return -ENOENT;
    if (path[0] == '/')
        return walk_path(blob, dt_root(blob), path, end);
    const char *slash = memchr(path, '/', len);
    const char *alias_end = slash ? slash : end;
    int node = resolve_alias(blob, path, (size_t)(alias_end - path));
    return walk_path(blob, node, alias_end, end);
}

uint32_t dt_node_phandle(const void *blob, int node)
{
    uint32_t ph;
    if (dt_getprop_u32(blob, node, "phandle", &ph) &&
        dt_getprop_u32(blob, node, "linux,phandle", &ph))
        return 0;
    return ph;
}

int dt_node_by_phandle(const void *blob, uint32_t phandle)
{
    if (phandle == 0 || phandle == 0xffffffffU)
        return -ENOENT;
    int node = dt_root(blob);
    for (; node >= 0; node = dt_next_node(blob, node, NULL)) {
        if (dt_node_phandle(blob, node) == phandle)
            return node;
    }
    return node;
}

int dt_node_by_compatible(const void *blob, int from, const char *compat)
{
    int node = dt_next_node(blob, from, NULL);
    for (; node >= 0; node = dt_next_node(blob, node, NULL)) {
        if (dt_node_is_compatible(blob, node, compat))
            return node;
    }
    return node;
}

/* ---- Properties ---------------------------------------------------------- */

/* The first property at or after off, skipping FDT_NOP; a node or the end
 * of the node means there is none. */
static int prop_from(const struct view *v, uint32_t off)
{
    struct token t;
    for (;; off = t.next) {
        if (read_token(v, off, &t))
            return -EINVAL;
        if (t.tag == DT_TOKEN_PROP)
            return (int)off;
        if (t.tag != DT_TOKEN_NOP)
            return -ENOENT;
    }
}

int dt_first_prop(const void *blob, int node)
{
    struct view v = view_of(blob);
    struct token t;
    if (!node_token(&v, node, &t))
        return -EINVAL;
    return prop_from(&v, t.next);
}

int dt_next_prop(const void *blob, int prop)
{
    struct view v = view_of(blob);
    struct token t;
    if (prop < 0 || read_token(&v, (uint32_t)prop, &t) || t.tag != DT_TOKEN_PROP)
        return -EINVAL;
    return prop_from(&v, t.next);
}

const void *dt_prop_at(const void *blob, int prop, const char **name, uint32_t *len)
{
    struct view v = view_of(blob);
    struct token t;
    if (prop < 0 || read_token(&v, (uint32_t)prop, &t) || t.tag != DT_TOKEN_PROP)
        return NULL;
    if (name)
        *name = t.name;
    if (len)
        *len = t.len;
    return t.value;
}

static const void *getprop_len(const void *blob, int node, const char *name, size_t name_len,
                               uint32_t *len)
{
    int prop = dt_first_prop(blob, node);
    for (; prop >= 0; prop = dt_next_prop(blob, prop)) {
        const char *pname;
        const void *value = dt_prop_at(blob, prop, &pname, len);
        /* pname is NUL-terminated (read_token checked it). */
        if (value && !strncmp(pname, name, name_len) && pname[name_len] == '\0')
            return value;
    }
    return NULL;
}

const void *dt_getprop(const void *blob, int node, const char *name, uint32_t *len)
{
    uint32_t scratch;
    return getprop_len(blob, node, name, strlen(name), len ? len : &scratch);
}

const char *dt_getprop_string(const void *blob, int node, const char *name)
{
    uint32_t len;
    const char *s = dt_getprop(blob, node, name, &len);
    return s && memchr(s, '\0', len) ? s : NULL;
}

int dt_getprop_u32(const void *blob, int node, const char *name, uint32_t *out)
{
    uint32_t len;
    const void *p = dt_getprop(blob, node, name, &len);
    if (!p)
        return -ENOENT;
    if (len != 4)
        return -EINVAL;
    *out = dt_be32(p);
    return 0;
}

/* 2.3.5: #address-cells and #size-cells, each one cell. */
static int cells(const void *blob, int node, const char *name, int dflt)
{
    uint32_t v;
    int err = dt_getprop_u32(blob, node, name, &v);
    if (err == -ENOENT)
        return dflt;
    if (err || v > DT_MAX_CELLS)
        return -EINVAL;
    return (int)v;
}

int dt_address_cells(const void *blob, int node)
{
    int n = cells(blob, node, "#address-cells", 2);
    return n == 0 ? -EINVAL : n;
}

int dt_size_cells(const void *blob, int node)
{
    return cells(blob, node, "#size-cells", 1);
}

/* 2.2.3.2 <stringlist>: NUL-terminated strings back to back. Only whole,
 * terminated strings match. */
bool dt_stringlist_contains(const void *list, uint32_t len, const char *s)
{
    size_t slen = strlen(s);
    const char *p = list;
    while (len > slen) {
        if (!memcmp(p, s, slen + 1))
            return true;
        const char *nul = memchr(p, '\0', len);
        if (!nul)
            return false;
        len -= (uint32_t)(nul + 1 - p);
        p = nul + 1;
    }
    return false;
}

bool dt_node_is_compatible(const void *blob, int node, const char *compat)
{
    uint32_t len;
    const void *list = dt_getprop(blob, node, "compatible", &len);
    return list && dt_stringlist_contains(list, len, compat);
}

bool dt_node_is_available(const void *blob, int node)
{
    uint32_t len;
    const char *status = dt_getprop(blob, node, "status", &len);
    if (!status)
        return true;
    return (len >= 5 && !memcmp(status, "okay", 5)) || (len >= 3 && !memcmp(status, "ok", 3));
}

/* ---- Memory reservation block -------------------------------------------- */

int dt_num_memreserve(const void *blob)
{
    uint32_t total = dt_totalsize(blob);
    const uint8_t *b = blob;
    int n = 0;
    for (uint32_t pos = hdr(blob, HDR_OFF_MEM_RSVMAP);
         pos <= total && total - pos >= RSV_ENTRY_SIZE; pos += RSV_ENTRY_SIZE, n++) {
        if (dt_be64(b + pos + 8) == 0)
            return n;
    }
    return -EINVAL;
}

int dt_get_memreserve(const void *blob, int index, uint64_t *base, uint64_t *size)
{
    int n = dt_num_memreserve(blob);
    if (n < 0)
        return n;
    if (index < 0 || index >= n)
        return -ENOENT;
    const uint8_t *e =
        (const uint8_t *)blob + hdr(blob, HDR_OFF_MEM_RSVMAP) + (uint32_t)index * RSV_ENTRY_SIZE;
    *base = dt_be64(e);
    *size = dt_be64(e + 8);
    return 0;
}
