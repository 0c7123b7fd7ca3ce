/* ELF executable parsing for exec: validates an AArch64 ELF-64 file's header
 * and program headers the way Linux fs/binfmt_elf.c (6.1) does, plus the
 * checks Linux only makes after the point of no return (or never), and
 * describes what to map. Portable: it reads kernel buffers holding the start
 * of the file and touches no user memory; the caller maps the segments.
 *
 * Typical use (kernel exec):
 *     read the first bytes of the file (a page is plenty) into head;
 *     r = elf_parse(head, n, size, &img, &why);
 *     if (r == ELF_NEED_PHDRS) {    // program headers lie past head
 *         read img.phsize bytes at img.phoff into buf;
 *         r = elf_parse_phdrs(&img, buf, img.phsize, &why);
 *     }
 *     if (r < 0) fail with r;
 *     if (img.has_interp && !img.interp) {  // path lies past head
 *         read img.interp_size bytes at img.interp_offset into path;
 *         r = elf_check_interp(&img, path, img.interp_size, &why);
 *     }
 * head must stay valid until the parse is complete (img.interp points
 * into it). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <kernel/types.h>
#include <uapi/elf.h>

/* The user address-space layout Linux arm64 uses with 48-bit VAs and 4 KiB
 * pages, for the exec code to follow. */
/* TASK_SIZE_64 = DEFAULT_MAP_WINDOW_64 = 1 << VA_BITS_MIN (arm64 processor.h);
 * the same value as USER_VA_END (kernel/pgtable.h). */
#define ELF_USER_END 0x0001000000000000UL
/* STACK_TOP = STACK_TOP_MAX = DEFAULT_MAP_WINDOW_64: the stack VMA ends
 * here before randomization (/proc/self/maps shows ...-1000000000000). */
#define ELF_STACK_TOP ELF_USER_END
/* ELF_ET_DYN_BASE = 2 * DEFAULT_MAP_WINDOW_64 / 3 (arm64 elf.h): where a
 * PIE with an interpreter goes; binfmt_elf then page-aligns (bias - vaddr)
 * and rounds down to the largest PT_LOAD p_align, giving 0xaaaaaaaa0000
 * for 64 KiB-aligned Debian binaries without ASLR. */
#define ELF_ET_DYN_BASE 0x0000aaaaaaaaaaaaUL
/* mm/util.c mmap_base(): STACK_TOP - MIN_GAP (128 MiB) when the stack
 * rlimit plus the guard gap is below 128 MiB (the 8 MiB default is). */
#define ELF_MMAP_MIN_GAP (128UL << 20)
#define ELF_MMAP_BASE    (ELF_STACK_TOP - ELF_MMAP_MIN_GAP)
/* The largest span of PT_LOADs we accept (-ENOMEM beyond): what fits
 * between ELF_ET_DYN_BASE and the mmap base. */
#define ELF_MAX_SPAN (ELF_MMAP_BASE - ALIGN_DOWN(ELF_ET_DYN_BASE, PAGE_SIZE))
/* Lowest address an ET_EXEC may map: vm.mmap_min_addr of Debian's arm64
 * kernels (CONFIG_DEFAULT_MMAP_MIN_ADDR=32768); Linux fails such a mapping
 * after the point of no return. */
#define ELF_MIN_VADDR 0x8000UL

/* load_elf_phdrs(): the table may be at most ELF_MIN_ALIGN (one page) and
 * 64 KiB, so at most 73 entries with 4 KiB pages. */
#define ELF_MAX_PHDRS_SIZE PAGE_SIZE
#define ELF_MAX_PHNUM      (ELF_MAX_PHDRS_SIZE / sizeof(Elf64_Phdr))
/* PT_INTERP p_filesz bounds in load_elf_binary(): 2 ..= PATH_MAX. */
#define ELF_INTERP_MIN 2
#define ELF_INTERP_MAX 4096
/* Our limit on PT_LOAD entries (Linux has none; real programs use 2-4). */
#define ELF_MAX_LOADS 16

/* elf_parse() result: valid so far, but the program headers lie past head;
 * read img->phsize bytes at img->phoff and call elf_parse_phdrs(). */
#define ELF_NEED_PHDRS 1

/* Segment protections: the PROT_* values of mmap(2), as PGPROT_*. */
#define ELF_PROT_READ  1u
#define ELF_PROT_WRITE 2u
#define ELF_PROT_EXEC  4u

/* One PT_LOAD. For ET_DYN, addresses are relative to the load bias. Map
 * [ALIGN_DOWN(vaddr), ALIGN_UP(vaddr + memsz)) with prot; the filesz bytes
 * at offset go to vaddr; the rest up to vaddr + memsz is zero (bss). */
struct elf_segment {
    uint64_t vaddr;  /* p_vaddr */
    uint64_t memsz;  /* p_memsz, >= filesz */
    uint64_t offset; /* p_offset, congruent to vaddr modulo PAGE_SIZE */
    uint64_t filesz; /* p_filesz; offset + filesz <= file size */
    unsigned prot;   /* ELF_PROT_* from p_flags */
};

struct elf_image {
    uint16_t type;      /* ET_EXEC or ET_DYN */
    uint64_t entry;     /* e_entry (add the load bias for ET_DYN) */
    uint64_t file_size; /* as given to elf_parse() */

    /* Program header table in the file; AT_PHENT is always phentsize. */
    uint64_t phoff;
    uint16_t phnum, phentsize;
    uint32_t phsize; /* phnum * phentsize, <= ELF_MAX_PHDRS_SIZE */

    /* AT_PHDR (plus the bias): where a PT_LOAD maps e_phoff; 0 (as in
     * Linux) if no PT_LOAD contains it. */
    uint64_t phdr_vaddr;
    bool phdr_mapped;

    /* The PT_LOADs in ascending vaddr order, no two sharing a page. */
    unsigned nloads;
    struct elf_segment loads[ELF_MAX_LOADS];
    uint64_t start, end; /* page-aligned span: ALIGN_DOWN(first vaddr),
                            ALIGN_UP(last vaddr + memsz); the initial
                            program break is end (+ bias) */
    uint64_t max_align;  /* binfmt_elf maximum_alignment(): the largest
                            power-of-two PT_LOAD p_align, >= PAGE_SIZE */

    /* PT_INTERP (the first; Linux ignores later ones). interp points into
     * head when the path lies inside it (and is then checked); else NULL
     * and the caller reads it and calls elf_check_interp(). */
    bool has_interp;
    uint64_t interp_offset;
    uint32_t interp_size; /* p_filesz, including the NUL */
    const char *interp;

    /* PT_GNU_STACK with PF_X (the last one wins, as in Linux). Without
     * PT_GNU_STACK the arm64 stack is not executable either (no
     * READ_IMPLIES_EXEC for native tasks). */
    bool exec_stack;

    /* PT_TLS (the first): the initial TLS image, for the static libc. */
    bool has_tls;
    struct {
        uint64_t vaddr, filesz, memsz, align;
    } tls;

    /* PT_GNU_PROPERTY (the last, as Linux): BTI marking notes. */
    bool has_property;
    uint64_t property_offset, property_size;

    /* Private to the parser between elf_parse() and elf_parse_phdrs(). */
    const void *head;
    size_t head_len;
};

/* Parse the ELF header in head (the first head_len bytes of a file of
 * file_size bytes; head_len <= file_size) and, if they lie inside head,
 * the program headers. Returns 0 (img complete), ELF_NEED_PHDRS, -ENOEXEC
 * (not a valid AArch64 executable), -ENOMEM (span too large), -EIO
 * (PT_INTERP past the end of the file, as Linux's short read) or -EINVAL
 * (bad arguments). *why (if why is not NULL) names the failed rule. */
int elf_parse(const void *head, size_t head_len, uint64_t file_size, struct elf_image *img,
              const char **why);

/* Second step after ELF_NEED_PHDRS: phdrs holds img->phsize (= len) bytes
 * read at img->phoff. Same returns as elf_parse(), never ELF_NEED_PHDRS. */
int elf_parse_phdrs(struct elf_image *img, const void *phdrs, size_t len, const char **why);

/* Check a PT_INTERP path read by the caller: len must be img->interp_size
 * and the last byte NUL (load_elf_binary). 0 or -ENOEXEC/-EINVAL. */
int elf_check_interp(const struct elf_image *img, const char *path, size_t len, const char **why);

/* "#!" scripts, as Linux fs/binfmt_script.c (6.1) reads them. */
#define ELF_SCRIPT_BUF 256 /* BINPRM_BUF_SIZE: only this much is looked at */

struct elf_script {
    char interp[ELF_SCRIPT_BUF]; /* interpreter path, NUL-terminated */
    char arg[ELF_SCRIPT_BUF];    /* the optional single argument */
    bool has_arg;
};

/* If head (the first head_len bytes of the file) starts with "#!", parse
 * the interpreter line into *out and return 0. -ENOEXEC if it is not a
 * script, if the line holds no interpreter name, or if the name may be
 * truncated by the 256-byte buffer (no newline, and no blank or NUL after
 * the name within it). As in Linux, interp may be "" when a NUL follows
 * "#!" (the path lookup then fails with -ENOENT). The caller then builds
 * argv as: interp, [arg], the script's path, argv[1..]. */
int elf_is_script(const void *head, size_t head_len, struct elf_script *out);

#endif
