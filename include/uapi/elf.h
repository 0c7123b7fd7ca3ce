/* ELF-64 object file format: the types and constants the kernel's exec
 * needs, as in the System V gABI ("Generic System V ABI", chapters 4 and 5,
 * www.sco.com/developers/gabi/latest), the AArch64 ELF psABI (ARM IHI 0056)
 * and Linux include/uapi/linux/elf.h. All fields are little-endian on
 * AArch64; the structures are packed by their natural alignment. */
#ifndef UAPI_ELF_H
#define UAPI_ELF_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t Elf64_Addr;
typedef uint64_t Elf64_Off;
typedef uint16_t Elf64_Half;
typedef uint32_t Elf64_Word;
typedef int32_t Elf64_Sword;
typedef uint64_t Elf64_Xword;
typedef int64_t Elf64_Sxword;

/* e_ident[] indexes and values (gABI 4, "ELF Identification"). */
#define EI_NIDENT     16
#define EI_MAG0       0
#define EI_MAG1       1
#define EI_MAG2       2
#define EI_MAG3       3
#define EI_CLASS      4
#define EI_DATA       5
#define EI_VERSION    6
#define EI_OSABI      7
#define EI_ABIVERSION 8
#define EI_PAD        9

#define ELFMAG0 0x7f
#define ELFMAG1 'E'
#define ELFMAG2 'L'
#define ELFMAG3 'F'
#define ELFMAG  "\177ELF"
#define SELFMAG 4

#define ELFCLASSNONE 0
#define ELFCLASS32   1
#define ELFCLASS64   2

#define ELFDATANONE 0
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2

#define EV_NONE    0
#define EV_CURRENT 1

#define ELFOSABI_NONE  0
#define ELFOSABI_LINUX 3 /* also called ELFOSABI_GNU; glibc sets it for IFUNC users */

/* e_type */
#define ET_NONE 0
#define ET_REL  1
#define ET_EXEC 2
#define ET_DYN  3
#define ET_CORE 4

/* e_machine (gABI registry; IHI 0056 4.2.1) */
#define EM_ARM     40
#define EM_X86_64  62
#define EM_AARCH64 183

typedef struct {
    unsigned char e_ident[EI_NIDENT];
    Elf64_Half e_type;
    Elf64_Half e_machine;
    Elf64_Word e_version;
    Elf64_Addr e_entry;
    Elf64_Off e_phoff;
    Elf64_Off e_shoff;
    Elf64_Word e_flags;
    Elf64_Half e_ehsize;
    Elf64_Half e_phentsize;
    Elf64_Half e_phnum;
    Elf64_Half e_shentsize;
    Elf64_Half e_shnum;
    Elf64_Half e_shstrndx;
} Elf64_Ehdr;

/* e_phnum escape: the real count is in section 0's sh_info (gABI 5). Linux
 * does not support it for exec, and neither do we. */
#define PN_XNUM 0xffff

/* p_type (gABI 5 "Program Header"; GNU extensions from glibc elf.h) */
#define PT_NULL               0
#define PT_LOAD               1
#define PT_DYNAMIC            2
#define PT_INTERP             3
#define PT_NOTE               4
#define PT_SHLIB              5
#define PT_PHDR               6
#define PT_TLS                7
#define PT_LOOS               0x60000000
#define PT_GNU_EH_FRAME       0x6474e550
#define PT_GNU_STACK          0x6474e551
#define PT_GNU_RELRO          0x6474e552
#define PT_GNU_PROPERTY       0x6474e553
#define PT_HIOS               0x6fffffff
#define PT_LOPROC             0x70000000
#define PT_AARCH64_MEMTAG_MTE 0x70000002 /* IHI 0056 5.1 */
#define PT_HIPROC             0x7fffffff

/* p_flags */
#define PF_X        0x1
#define PF_W        0x2
#define PF_R        0x4
#define PF_MASKOS   0x0ff00000
#define PF_MASKPROC 0xf0000000

typedef struct {
    Elf64_Word p_type;
    Elf64_Word p_flags;
    Elf64_Off p_offset;
    Elf64_Addr p_vaddr;
    Elf64_Addr p_paddr;
    Elf64_Xword p_filesz;
    Elf64_Xword p_memsz;
    Elf64_Xword p_align;
} Elf64_Phdr;

/* Section headers: only for tools and tests; exec never reads them. */
#define SHN_UNDEF    0
#define SHT_NULL     0
#define SHT_PROGBITS 1
#define SHT_SYMTAB   2
#define SHT_STRTAB   3
#define SHT_RELA     4
#define SHT_DYNAMIC  6
#define SHT_NOTE     7
#define SHT_NOBITS   8
#define SHT_DYNSYM   11

typedef struct {
    Elf64_Word sh_name;
    Elf64_Word sh_type;
    Elf64_Xword sh_flags;
    Elf64_Addr sh_addr;
    Elf64_Off sh_offset;
    Elf64_Xword sh_size;
    Elf64_Word sh_link;
    Elf64_Word sh_info;
    Elf64_Xword sh_addralign;
    Elf64_Xword sh_entsize;
} Elf64_Shdr;

typedef struct {
    Elf64_Word st_name;
    unsigned char st_info;
    unsigned char st_other;
    Elf64_Half st_shndx;
    Elf64_Addr st_value;
    Elf64_Xword st_size;
} Elf64_Sym;

/* Dynamic section tags the vDSO and a future loader need (gABI 5). */
#define DT_NULL     0
#define DT_NEEDED   1
#define DT_HASH     4
#define DT_STRTAB   5
#define DT_SYMTAB   6
#define DT_RELA     7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_STRSZ    10
#define DT_SYMENT   11
#define DT_GNU_HASH 0x6ffffef5
#define DT_VERSYM   0x6ffffff0
#define DT_VERDEF   0x6ffffffc

typedef struct {
    Elf64_Sxword d_tag;
    union {
        Elf64_Xword d_val;
        Elf64_Addr d_ptr;
    } d_un;
} Elf64_Dyn;

typedef struct {
    Elf64_Word n_namesz;
    Elf64_Word n_descsz;
    Elf64_Word n_type;
} Elf64_Nhdr;

/* The sizes and offsets every ELF-64 producer uses (gABI 4, 5). */
_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr size");
_Static_assert(offsetof(Elf64_Ehdr, e_type) == 16, "e_type");
_Static_assert(offsetof(Elf64_Ehdr, e_entry) == 24, "e_entry");
_Static_assert(offsetof(Elf64_Ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(Elf64_Ehdr, e_shoff) == 40, "e_shoff");
_Static_assert(offsetof(Elf64_Ehdr, e_flags) == 48, "e_flags");
_Static_assert(offsetof(Elf64_Ehdr, e_phentsize) == 54, "e_phentsize");
_Static_assert(offsetof(Elf64_Ehdr, e_phnum) == 56, "e_phnum");
_Static_assert(offsetof(Elf64_Ehdr, e_shstrndx) == 62, "e_shstrndx");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr size");
_Static_assert(offsetof(Elf64_Phdr, p_flags) == 4, "p_flags");
_Static_assert(offsetof(Elf64_Phdr, p_offset) == 8, "p_offset");
_Static_assert(offsetof(Elf64_Phdr, p_vaddr) == 16, "p_vaddr");
_Static_assert(offsetof(Elf64_Phdr, p_filesz) == 32, "p_filesz");
_Static_assert(offsetof(Elf64_Phdr, p_memsz) == 40, "p_memsz");
_Static_assert(offsetof(Elf64_Phdr, p_align) == 48, "p_align");
_Static_assert(sizeof(Elf64_Shdr) == 64, "Elf64_Shdr size");
_Static_assert(offsetof(Elf64_Shdr, sh_offset) == 24, "sh_offset");
_Static_assert(offsetof(Elf64_Shdr, sh_entsize) == 56, "sh_entsize");
_Static_assert(sizeof(Elf64_Sym) == 24, "Elf64_Sym size");
_Static_assert(offsetof(Elf64_Sym, st_value) == 8, "st_value");
_Static_assert(sizeof(Elf64_Dyn) == 16, "Elf64_Dyn size");
_Static_assert(sizeof(Elf64_Nhdr) == 12, "Elf64_Nhdr size");

#endif
