/* ELF executable validation for exec (include/kernel/elf.h).
 *
 * The rules are Linux fs/binfmt_elf.c's (6.1) with its error numbers where
 * it reports one before the point of no return (load_elf_binary(),
 * load_elf_phdrs()), plus the checks Linux leaves to mmap() failing after
 * that point (or never makes), reported here as -ENOEXEC while exec can
 * still fail cleanly:
 *   - e_ident class, data and version, and e_version (Linux only checks
 *     e_machine for native binaries);
 *   - PT_LOAD: p_filesz <= p_memsz, the file range inside the file, vaddr
 *     congruent to offset modulo the page size (gABI 5 "Program Loading";
 *     elf_map() needs it for mmap), the end inside the 48-bit user space,
 *     ascending vaddr (gABI 5 requires it) and no page shared by two
 *     segments (each becomes one VMA);
 *   - at least one PT_LOAD, and e_entry inside an executable PT_LOAD
 *     (Linux only checks the entry is below TASK_SIZE).
 * The file is little-endian (EI_DATA is checked), so fields are read with
 * memcpy into native structures: head may be unaligned. */
#include <kernel/elf.h>
#include <kernel/string.h>
#include <uapi/errno.h>

static int fail(const char **why, int err, const char *reason)
{
    if (why)
        *why = reason;
    return err;
}

/* a + b, or false if it wraps. */
static bool add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
    *sum = a + b;
    return *sum >= a;
}

/* e_ident (gABI 4 "ELF Identification"). */
static int check_ident(const Elf64_Ehdr *eh, const char **why)
{
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
        return fail(why, -ENOEXEC, "bad ELF magic");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return fail(why, -ENOEXEC, "not ELFCLASS64");
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(why, -ENOEXEC, "not little-endian");
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return fail(why, -ENOEXEC, "bad ELF version");
    return 0;
}

/* load_elf_binary() and load_elf_phdrs(): type, machine, table shape. */
static int check_ehdr(const Elf64_Ehdr *eh, uint64_t file_size, const char **why)
{
    int r = check_ident(eh, why);
    if (r)
        return r;
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(why, -ENOEXEC, "e_type not ET_EXEC or ET_DYN");
    if (eh->e_machine != EM_AARCH64)
        return fail(why, -ENOEXEC, "e_machine not EM_AARCH64");
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return fail(why, -ENOEXEC, "e_phentsize != sizeof(Elf64_Phdr)");
    uint64_t size = (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (size == 0 || size > 65536 || size > ELF_MAX_PHDRS_SIZE)
        return fail(why, -ENOEXEC, "e_phnum 0 or table larger than a page");
    uint64_t end;
    if (!add_ok(eh->e_phoff, size, &end) || end > file_size)
        return fail(why, -ENOEXEC, "program headers outside the file");
    return 0;
}

static unsigned prot_of(uint32_t p_flags)
{
    return ((p_flags & PF_R) ? ELF_PROT_READ : 0) | ((p_flags & PF_W) ? ELF_PROT_WRITE : 0) |
           ((p_flags & PF_X) ? ELF_PROT_EXEC : 0);
}

/* One PT_LOAD on its own: sizes, file range, congruence, address range. */
static int check_load(const Elf64_Phdr *ph, const struct elf_image *img, const char **why)
{
    uint64_t end;
    if (ph->p_filesz > ph->p_memsz)
        return fail(why, -ENOEXEC, "PT_LOAD p_filesz > p_memsz");
    if (!add_ok(ph->p_offset, ph->p_filesz, &end) || (ph->p_filesz && end > img->file_size))
        return fail(why, -ENOEXEC, "PT_LOAD file range outside the file");
    if (!IS_ALIGNED(ph->p_vaddr - ph->p_offset, PAGE_SIZE))
        return fail(why, -ENOEXEC, "PT_LOAD p_vaddr != p_offset modulo the page size");
    if (!add_ok(ph->p_vaddr, ph->p_memsz, &end) || end > ELF_USER_END)
        return fail(why, -ENOEXEC, "PT_LOAD beyond the user address space");
    if (img->type == ET_EXEC && ph->p_memsz && ph->p_vaddr < ELF_MIN_VADDR)
        return fail(why, -ENOEXEC, "ET_EXEC PT_LOAD below mmap_min_addr");
    return 0;
}

/* Append a checked PT_LOAD: ascending (gABI 5), no shared page. */
static int add_load(const Elf64_Phdr *ph, struct elf_image *img, const char **why)
{
    int r = check_load(ph, img, why);
    if (r)
        return r;
    if (img->nloads) {
        const struct elf_segment *prev = &img->loads[img->nloads - 1];
        if (ph->p_vaddr < prev->vaddr)
            return fail(why, -ENOEXEC, "PT_LOAD segments not in ascending order");
        if (ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE) < ALIGN_UP(prev->vaddr + prev->memsz, PAGE_SIZE))
            return fail(why, -ENOEXEC, "PT_LOAD segments overlap or share a page");
    }
    if (img->nloads == ELF_MAX_LOADS)
        return fail(why, -ENOEXEC, "too many PT_LOAD segments");
    img->loads[img->nloads++] = (struct elf_segment){
        .vaddr = ph->p_vaddr,
        .memsz = ph->p_memsz,
        .offset = ph->p_offset,
        .filesz = ph->p_filesz,
        .prot = prot_of(ph->p_flags),
    };
    return 0;
}

/* AT_PHDR as 6.1 computes it: the last PT_LOAD whose file bytes contain
 * e_phoff maps the table at e_phoff - p_offset + p_vaddr. */
static void note_phdr(const Elf64_Phdr *ph, struct elf_image *img)
{
    if (ph->p_offset <= img->phoff && img->phoff - ph->p_offset < ph->p_filesz) {
        img->phdr_vaddr = img->phoff - ph->p_offset + ph->p_vaddr;
        img->phdr_mapped = true;
    }
}

/* maximum_alignment(): non-power-of-two p_align values are skipped. */
static void note_align(const Elf64_Phdr *ph, struct elf_image *img)
{
    uint64_t a = ph->p_align;
    if (a && (a & (a - 1)) == 0 && a > img->max_align)
        img->max_align = a;
}

/* The path's last byte must be NUL (load_elf_binary). */
static int check_interp_bytes(const char *path, size_t len, const char **why)
{
    if (path[len - 1] != '\0')
        return fail(why, -ENOEXEC, "PT_INTERP path not NUL-terminated");
    return 0;
}

/* The first PT_INTERP: 2 ..= PATH_MAX bytes, inside the file. */
static int add_interp(const Elf64_Phdr *ph, struct elf_image *img, const char **why)
{
    if (img->has_interp)
        return 0;
    if (ph->p_filesz > ELF_INTERP_MAX || ph->p_filesz < ELF_INTERP_MIN)
        return fail(why, -ENOEXEC, "PT_INTERP size not in 2..PATH_MAX");
    uint64_t end;
    if (!add_ok(ph->p_offset, ph->p_filesz, &end) || end > img->file_size)
        return fail(why, -EIO, "PT_INTERP past the end of the file");
    img->has_interp = true;
    img->interp_offset = ph->p_offset;
    img->interp_size = (uint32_t)ph->p_filesz;
    img->interp = NULL;
    if (end <= img->head_len) {
        const char *path = (const char *)img->head + ph->p_offset;
        int r = check_interp_bytes(path, ph->p_filesz, why);
        if (r)
            return r;
        img->interp = path;
    }
    return 0;
}

static int add_phdr(const Elf64_Phdr *ph, struct elf_image *img, const char **why)
{
    switch (ph->p_type) {
    case PT_LOAD:
        note_phdr(ph, img);
        note_align(ph, img);
        return add_load(ph, img, why);
    case PT_INTERP:
        return add_interp(ph, img, why);
    case PT_GNU_STACK:
        img->exec_stack = (ph->p_flags & PF_X) != 0;
        return 0;
    case PT_TLS:
        if (!img->has_tls) {
            img->has_tls = true;
            img->tls.vaddr = ph->p_vaddr;
            img->tls.filesz = ph->p_filesz;
            img->tls.memsz = ph->p_memsz;
            img->tls.align = ph->p_align;
        }
        return 0;
    case PT_GNU_PROPERTY:
        img->has_property = true;
        img->property_offset = ph->p_offset;
        img->property_size = ph->p_filesz;
        return 0;
    default:
        return 0;
    }
}

/* The entry must be inside an executable PT_LOAD. */
static bool entry_ok(const struct elf_image *img)
{
    for (unsigned i = 0; i < img->nloads; i++) {
        const struct elf_segment *s = &img->loads[i];
        if ((s->prot & ELF_PROT_EXEC) && img->entry >= s->vaddr && img->entry - s->vaddr < s->memsz)
            return true;
    }
    return false;
}

/* Whole-image rules once every program header has been seen. */
static int finish(struct elf_image *img, const char **why)
{
    if (img->nloads == 0)
        return fail(why, -ENOEXEC, "no PT_LOAD segment");
    const struct elf_segment *last = &img->loads[img->nloads - 1];
    img->start = ALIGN_DOWN(img->loads[0].vaddr, PAGE_SIZE);
    img->end = ALIGN_UP(last->vaddr + last->memsz, PAGE_SIZE);
    if (img->end - img->start > ELF_MAX_SPAN)
        return fail(why, -ENOMEM, "PT_LOAD span too large");
    if (!entry_ok(img))
        return fail(why, -ENOEXEC, "entry point not in an executable PT_LOAD");
    /* ELF_PAGEALIGN() of it; 0 (no usable p_align) means a page too. */
    img->max_align = MAX(ALIGN_UP(img->max_align, PAGE_SIZE), PAGE_SIZE);
    return 0;
}

/* Forget everything a previous elf_parse_phdrs() call may have recorded. */
static void reset_phdr_results(struct elf_image *img)
{
    img->phdr_vaddr = 0;
    img->phdr_mapped = false;
    img->nloads = 0;
    img->start = img->end = 0;
    img->max_align = 0;
    img->has_interp = img->exec_stack = img->has_tls = img->has_property = false;
    img->interp_offset = img->interp_size = 0;
    img->interp = NULL;
    memset(&img->tls, 0, sizeof(img->tls));
    img->property_offset = img->property_size = 0;
}

int elf_parse_phdrs(struct elf_image *img, const void *phdrs, size_t len, const char **why)
{
    if (!img || !phdrs || len != img->phsize || img->phsize == 0)
        return fail(why, -EINVAL, "program header buffer does not match e_phnum");
    reset_phdr_results(img);
    for (unsigned i = 0; i < img->phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, (const char *)phdrs + (size_t)i * sizeof(ph), sizeof(ph));
        int r = add_phdr(&ph, img, why);
        if (r)
            return r;
    }
    return finish(img, why);
}

int elf_parse(const void *head, size_t head_len, uint64_t file_size, struct elf_image *img,
              const char **why)
{
    if (!head || !img || head_len > file_size)
        return fail(why, -EINVAL, "head longer than the file");
    memset(img, 0, sizeof(*img));
    img->head = head;
    img->head_len = head_len;
    img->file_size = file_size;
    /* prepare_binprm() zero-fills a short file's buffer: no valid header. */
    if (file_size < sizeof(Elf64_Ehdr))
        return fail(why, -ENOEXEC, "file shorter than Elf64_Ehdr");
    if (head_len < sizeof(Elf64_Ehdr))
        return fail(why, -EINVAL, "head shorter than Elf64_Ehdr");
    Elf64_Ehdr eh;
    memcpy(&eh, head, sizeof(eh));
    int r = check_ehdr(&eh, file_size, why);
    if (r)
        return r;
    img->type = eh.e_type;
    img->entry = eh.e_entry;
    img->phoff = eh.e_phoff;
    img->phnum = eh.e_phnum;
    img->phentsize = eh.e_phentsize;
    img->phsize = (uint32_t)eh.e_phnum * eh.e_phentsize;
    if (img->phoff + img->phsize > head_len)
        return ELF_NEED_PHDRS;
    return elf_parse_phdrs(img, (const char *)head + img->phoff, img->phsize, why);
}

int elf_check_interp(const struct elf_image *img, const char *path, size_t len, const char **why)
{
    if (!img || !img->has_interp || !path || len != img->interp_size)
        return fail(why, -EINVAL, "interpreter buffer does not match PT_INTERP");
    return check_interp_bytes(path, len, why);
}

/* "#!" scripts: fs/binfmt_script.c load_script() (Linux 6.1), run on a
 * copy of the first BINPRM_BUF_SIZE bytes, zero-padded like bprm->buf
 * when the file is shorter. */
static bool spacetab(char c)
{
    return c == ' ' || c == '\t';
}

/* First byte in [first, last] that is not a blank, or NULL. */
static const char *next_non_spacetab(const char *first, const char *last)
{
    for (; first <= last; first++)
        if (!spacetab(*first))
            return first;
    return NULL;
}

/* First blank or NUL in [first, last], or NULL. */
static const char *next_terminator(const char *first, const char *last)
{
    for (; first <= last; first++)
        if (spacetab(*first) || !*first)
            return first;
    return NULL;
}

/* lib/string.c strnchr(): stops at a NUL as well as after n bytes. */
static const char *find_newline(const char *s, size_t n)
{
    for (; n-- && *s != '\0'; s++)
        if (*s == '\n')
            return s;
    return NULL;
}

/* Copy [from, to) up to its first NUL into dst (ELF_SCRIPT_BUF bytes). */
static void copy_word(char *dst, const char *from, const char *to)
{
    size_t n = 0;
    while (from + n < to && from[n] && n < ELF_SCRIPT_BUF - 1) {
        dst[n] = from[n];
        n++;
    }
    dst[n] = '\0';
}

/* Where the interpreter line ends (exclusive, trailing blanks trimmed), or
 * NULL when it has no name or the name may be truncated: either a newline
 * was found, or there is a blank/NUL after the name, so it is whole.
 * Without a newline the last buffer byte is dropped, as in Linux. */
static const char *line_end(const char *buf)
{
    /* buf is always the caller's ELF_SCRIPT_BUF array (cppcheck's
     * cross-function check cannot see that). */
    // cppcheck-suppress ctuPointerArith
    const char *buf_end = buf + ELF_SCRIPT_BUF - 1;
    const char *end = find_newline(buf, ELF_SCRIPT_BUF);
    if (!end) {
        end = next_non_spacetab(buf + 2, buf_end);
        if (!end || !next_terminator(end, buf_end))
            return NULL;
        end = buf_end;
    }
    while (spacetab(end[-1])) /* stops at buf[1] == '!' at the latest */
        end--;
    return end;
}

int elf_is_script(const void *head, size_t head_len, struct elf_script *out)
{
    char buf[ELF_SCRIPT_BUF];
    if (!head || !out)
        return -EINVAL;
    memset(buf, 0, sizeof(buf));
    memcpy(buf, head, MIN(head_len, sizeof(buf)));
    if (buf[0] != '#' || buf[1] != '!')
        return -ENOEXEC;
    const char *end = line_end(buf);
    if (!end)
        return -ENOEXEC;
    const char *name = next_non_spacetab(buf + 2, end);
    if (!name || name == end)
        return -ENOEXEC; /* the line is blank */
    const char *arg = NULL;
    const char *sep = next_terminator(name, end);
    if (sep && *sep != '\0')
        arg = next_non_spacetab(sep, end);
    copy_word(out->interp, name, arg ? sep : end);
    out->has_arg = arg != NULL;
    if (arg)
        copy_word(out->arg, arg, end);
    else
        out->arg[0] = '\0';
    return 0;
}
