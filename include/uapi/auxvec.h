/* The ELF auxiliary vector: the (type, value) pairs the kernel puts above
 * envp on a new process's stack (System V gABI / AArch64 psABI; numbers from
 * Linux include/uapi/linux/auxvec.h and arch/arm64/include/uapi/asm/auxvec.h),
 * and the arm64 AT_HWCAP / AT_HWCAP2 bits (arch/arm64/include/uapi/asm/hwcap.h). */
#ifndef UAPI_AUXVEC_H
#define UAPI_AUXVEC_H

#define AT_NULL              0  /* end of vector */
#define AT_IGNORE            1  /* entry should be ignored */
#define AT_EXECFD            2  /* file descriptor of program (binfmt_misc) */
#define AT_PHDR              3  /* program headers of the program, in memory */
#define AT_PHENT             4  /* size of a program header entry */
#define AT_PHNUM             5  /* number of program headers */
#define AT_PAGESZ            6  /* system page size */
#define AT_BASE              7  /* base address of the interpreter */
#define AT_FLAGS             8  /* flags (AT_FLAGS_*) */
#define AT_ENTRY             9  /* entry point of the program */
#define AT_NOTELF            10 /* program is not ELF */
#define AT_UID               11 /* real uid */
#define AT_EUID              12 /* effective uid */
#define AT_GID               13 /* real gid */
#define AT_EGID              14 /* effective gid */
#define AT_PLATFORM          15 /* string identifying the CPU, "aarch64" */
#define AT_HWCAP             16 /* arch-dependent CPU capabilities (HWCAP_*) */
#define AT_CLKTCK            17 /* frequency of times(), USER_HZ */
#define AT_SECURE            23 /* secure mode boolean (setuid and the like) */
#define AT_BASE_PLATFORM     24 /* real platform string, where it differs */
#define AT_RANDOM            25 /* address of 16 random bytes */
#define AT_HWCAP2            26 /* extension of AT_HWCAP (HWCAP2_*) */
#define AT_RSEQ_FEATURE_SIZE 27 /* rseq supported feature size (Linux 6.3+) */
#define AT_RSEQ_ALIGN        28 /* rseq allocation alignment (Linux 6.3+) */
#define AT_HWCAP3            29 /* Linux 6.14+ */
#define AT_HWCAP4            30 /* Linux 6.14+ */
#define AT_EXECFN            31 /* filename of the program, as given to execve */
#define AT_SYSINFO_EHDR      33 /* vDSO ELF header address (arm64 ARCH_DLINFO) */
#define AT_MINSIGSTKSZ       51 /* minimal signal stack size (arm64 ARCH_DLINFO) */

/* AT_FLAGS bits */
#define AT_FLAGS_PRESERVE_ARGV0 (1UL << 0) /* binfmt_misc 'P' flag */

/* AT_HWCAP bits for arm64 */
#define HWCAP_FP       (1UL << 0)
#define HWCAP_ASIMD    (1UL << 1)
#define HWCAP_EVTSTRM  (1UL << 2)
#define HWCAP_AES      (1UL << 3)
#define HWCAP_PMULL    (1UL << 4)
#define HWCAP_SHA1     (1UL << 5)
#define HWCAP_SHA2     (1UL << 6)
#define HWCAP_CRC32    (1UL << 7)
#define HWCAP_ATOMICS  (1UL << 8)
#define HWCAP_FPHP     (1UL << 9)
#define HWCAP_ASIMDHP  (1UL << 10)
#define HWCAP_CPUID    (1UL << 11)
#define HWCAP_ASIMDRDM (1UL << 12)
#define HWCAP_JSCVT    (1UL << 13)
#define HWCAP_FCMA     (1UL << 14)
#define HWCAP_LRCPC    (1UL << 15)
#define HWCAP_DCPOP    (1UL << 16)
#define HWCAP_SHA3     (1UL << 17)
#define HWCAP_SM3      (1UL << 18)
#define HWCAP_SM4      (1UL << 19)
#define HWCAP_ASIMDDP  (1UL << 20)
#define HWCAP_SHA512   (1UL << 21)
#define HWCAP_SVE      (1UL << 22)
#define HWCAP_ASIMDFHM (1UL << 23)
#define HWCAP_DIT      (1UL << 24)
#define HWCAP_USCAT    (1UL << 25)
#define HWCAP_ILRCPC   (1UL << 26)
#define HWCAP_FLAGM    (1UL << 27)
#define HWCAP_SSBS     (1UL << 28)
#define HWCAP_SB       (1UL << 29)
#define HWCAP_PACA     (1UL << 30)
#define HWCAP_PACG     (1UL << 31)

/* AT_HWCAP2 bits for arm64 */
#define HWCAP2_DCPODP     (1UL << 0)
#define HWCAP2_SVE2       (1UL << 1)
#define HWCAP2_SVEAES     (1UL << 2)
#define HWCAP2_SVEPMULL   (1UL << 3)
#define HWCAP2_SVEBITPERM (1UL << 4)
#define HWCAP2_SVESHA3    (1UL << 5)
#define HWCAP2_SVESM4     (1UL << 6)
#define HWCAP2_FLAGM2     (1UL << 7)
#define HWCAP2_FRINT      (1UL << 8)
#define HWCAP2_SVEI8MM    (1UL << 9)
#define HWCAP2_SVEF32MM   (1UL << 10)
#define HWCAP2_SVEF64MM   (1UL << 11)
#define HWCAP2_SVEBF16    (1UL << 12)
#define HWCAP2_I8MM       (1UL << 13)
#define HWCAP2_BF16       (1UL << 14)
#define HWCAP2_DGH        (1UL << 15)
#define HWCAP2_RNG        (1UL << 16)
#define HWCAP2_BTI        (1UL << 17)
#define HWCAP2_MTE        (1UL << 18)
#define HWCAP2_ECV        (1UL << 19)

#endif
