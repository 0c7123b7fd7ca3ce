/* Signals as Linux 6.1 arm64 user space sees them: numbers, sigaction
 * flags, siginfo, stack_t and the signal frame (include/uapi/asm-generic/
 * signal.h, signal-defs.h, siginfo.h; arch/arm64/include/uapi/asm/
 * signal.h, sigcontext.h, ucontext.h; arch/arm64/kernel/signal.c for
 * struct rt_sigframe and the frame record). Every layout is checked
 * against the Linux offsets below. */
#ifndef UAPI_SIGNAL_H
#define UAPI_SIGNAL_H

#include <kernel/types.h>

/* Signal numbers (asm-generic/signal.h). */
#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define SIGRTMIN  32 /* the kernel's; C libraries reserve the first few */
#define SIGRTMAX  64
#define _NSIG     64

/* sa_handler special values. */
#define SIG_DFL 0UL
#define SIG_IGN 1UL
#define SIG_ERR (~0UL)

/* sa_flags (asm-generic/signal-defs.h; SA_RESTORER from arm64's). */
#define SA_NOCLDSTOP      0x00000001u
#define SA_NOCLDWAIT      0x00000002u
#define SA_SIGINFO        0x00000004u
#define SA_UNSUPPORTED    0x00000400u
#define SA_EXPOSE_TAGBITS 0x00000800u
#define SA_RESTORER       0x04000000u
#define SA_ONSTACK        0x08000000u
#define SA_RESTART        0x10000000u
#define SA_NODEFER        0x40000000u
#define SA_RESETHAND      0x80000000u
/* What rt_sigaction keeps; other bits read back as 0 so that user space
 * can probe for support (kernel/signal.c UAPI_SA_FLAGS). */
#define SA_UAPI_FLAGS                                                                              \
    (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER |             \
     SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER)

/* rt_sigprocmask how. */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* sigaltstack ss_flags and sizes (arm64 uapi/asm/signal.h). */
#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1u << 31)
#define SS_FLAG_BITS  SS_AUTODISARM
#define MINSIGSTKSZ   5120
#define SIGSTKSZ      16384

/* si_code values (asm-generic/siginfo.h). */
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_QUEUE   (-1)
#define SI_TIMER   (-2)
#define SI_MESGQ   (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO   (-5)
#define SI_TKILL   (-6)

#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8

#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8

#define SEGV_MAPERR 1
#define SEGV_ACCERR 2

#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3

#define TRAP_BRKPT  1
#define TRAP_TRACE  2
#define TRAP_BRANCH 3
#define TRAP_HWBKPT 4

#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_TRAPPED   4
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

/* struct sigaction as rt_sigaction(2) reads it on arm64 (asm-generic
 * signal.h with SA_RESTORER defined): 32 bytes. The mask is the kernel's
 * 64-bit sigset; bit n-1 stands for signal n. */
struct uapi_sigaction {
    uint64_t sa_handler; /* or sa_sigaction */
    uint64_t sa_flags;
    uint64_t sa_restorer;
    uint64_t sa_mask;
};
_Static_assert(sizeof(struct uapi_sigaction) == 32, "struct sigaction is 32 bytes on arm64");
_Static_assert(offsetof(struct uapi_sigaction, sa_restorer) == 16, "sa_restorer");
_Static_assert(offsetof(struct uapi_sigaction, sa_mask) == 24, "sa_mask");

/* stack_t (sigaltstack(2), uc_stack). */
struct uapi_stack {
    uint64_t ss_sp;
    int32_t ss_flags;
    uint32_t pad_;
    uint64_t ss_size;
};
_Static_assert(sizeof(struct uapi_stack) == 24, "stack_t is 24 bytes");
_Static_assert(offsetof(struct uapi_stack, ss_flags) == 8, "ss_flags");
_Static_assert(offsetof(struct uapi_stack, ss_size) == 16, "ss_size");

/* siginfo_t: 128 bytes; the union starts at 16 on 64-bit (it holds
 * pointers). Which member is valid depends on si_signo and si_code
 * (kernel/signal.c siginfo_layout). */
#define SI_MAX_SIZE 128
struct ksiginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t pad_;
    union {
        int32_t raw_[(SI_MAX_SIZE - 16) / 4];
        struct { /* kill, tkill, SI_USER/SI_TKILL/SI_KERNEL */
            int32_t pid;
            uint32_t uid;
        } kill;
        struct { /* POSIX timers */
            int32_t tid;
            int32_t overrun;
            uint64_t sigval;
        } timer;
        struct { /* sigqueue: SI_QUEUE and other negative codes */
            int32_t pid;
            uint32_t uid;
            uint64_t sigval;
        } rt;
        struct { /* SIGCHLD */
            int32_t pid;
            uint32_t uid;
            int32_t status;
            int32_t pad_;
            int64_t utime; /* clock ticks */
            int64_t stime;
        } sigchld;
        struct { /* SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP */
            uint64_t addr;
            int16_t addr_lsb;
        } sigfault;
        struct { /* SIGPOLL */
            int64_t band;
            int32_t fd;
        } sigpoll;
        struct { /* SIGSYS */
            uint64_t call_addr;
            int32_t syscall;
            uint32_t arch;
        } sigsys;
    } u;
};
_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo_t is 128 bytes");
_Static_assert(offsetof(struct ksiginfo, si_code) == 8, "si_code");
_Static_assert(offsetof(struct ksiginfo, u.kill.pid) == 16, "si_pid");
_Static_assert(offsetof(struct ksiginfo, u.kill.uid) == 20, "si_uid");
_Static_assert(offsetof(struct ksiginfo, u.rt.sigval) == 24, "si_value");
_Static_assert(offsetof(struct ksiginfo, u.sigchld.status) == 24, "si_status");
_Static_assert(offsetof(struct ksiginfo, u.sigchld.utime) == 32, "si_utime");
_Static_assert(offsetof(struct ksiginfo, u.sigchld.stime) == 40, "si_stime");
_Static_assert(offsetof(struct ksiginfo, u.sigfault.addr) == 16, "si_addr");
_Static_assert(offsetof(struct ksiginfo, u.sigfault.addr_lsb) == 24, "si_addr_lsb");
_Static_assert(offsetof(struct ksiginfo, u.sigpoll.fd) == 24, "si_fd");
_Static_assert(offsetof(struct ksiginfo, u.sigsys.arch) == 28, "si_arch");

/* arm64 signal context (uapi/asm/sigcontext.h). __reserved holds a list
 * of records, each a struct aarch64_ctx header followed by its data,
 * 16-byte multiples, ended by a header with magic 0 and size 0. */
struct sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp;
    uint64_t pc;
    uint64_t pstate;
    uint8_t reserved[4096] __attribute__((aligned(16)));
};
_Static_assert(offsetof(struct sigcontext, regs) == 8, "sigcontext regs");
_Static_assert(offsetof(struct sigcontext, sp) == 256, "sigcontext sp");
_Static_assert(offsetof(struct sigcontext, pc) == 264, "sigcontext pc");
_Static_assert(offsetof(struct sigcontext, pstate) == 272, "sigcontext pstate");
_Static_assert(offsetof(struct sigcontext, reserved) == 288, "sigcontext __reserved");
_Static_assert(sizeof(struct sigcontext) == 4384, "struct sigcontext");

struct aarch64_ctx {
    uint32_t magic;
    uint32_t size;
};

#define FPSIMD_MAGIC 0x46508001u
#define ESR_MAGIC    0x45535201u
#define EXTRA_MAGIC  0x45585401u
#define SVE_MAGIC    0x53564501u

struct fpsimd_context {
    struct aarch64_ctx head;
    uint32_t fpsr;
    uint32_t fpcr;
    __uint128_t vregs[32];
};
_Static_assert(sizeof(struct fpsimd_context) == 528, "fpsimd_context is 528 bytes");
_Static_assert(offsetof(struct fpsimd_context, vregs) == 16, "fpsimd_context vregs");

struct esr_context {
    struct aarch64_ctx head;
    uint64_t esr;
};
_Static_assert(sizeof(struct esr_context) == 16, "esr_context is 16 bytes");

/* struct ucontext (arm64 uapi/asm/ucontext.h): glibc's sigset_t is 1024
 * bits, so the kernel pads after its 64-bit one. */
struct uapi_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct uapi_stack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused_[1024 / 8 - sizeof(uint64_t)];
    struct sigcontext uc_mcontext;
};
_Static_assert(offsetof(struct uapi_ucontext, uc_stack) == 16, "uc_stack");
_Static_assert(offsetof(struct uapi_ucontext, uc_sigmask) == 40, "uc_sigmask");
_Static_assert(offsetof(struct uapi_ucontext, uc_mcontext) == 176, "uc_mcontext");
_Static_assert(sizeof(struct uapi_ucontext) == 4560, "struct ucontext");

/* What the kernel pushes for a handler (arch/arm64/kernel/signal.c): the
 * siginfo, then the ucontext. A struct frame_record {fp, lr} sits above
 * it so that backtraces continue from the handler into the interrupted
 * code; x29 points at it. */
struct rt_sigframe {
    struct ksiginfo info;
    struct uapi_ucontext uc;
};
_Static_assert(offsetof(struct rt_sigframe, uc) == 128, "rt_sigframe uc");
_Static_assert(sizeof(struct rt_sigframe) == 4688, "struct rt_sigframe");

struct frame_record {
    uint64_t fp;
    uint64_t lr;
};

/* The sigreturn trampoline (Linux's vDSO __kernel_rt_sigreturn): these two
 * instructions are also what unwinders (libgcc's aarch64 linux-unwind.h)
 * look for to recognise a signal frame. */
#define SIGTRAMP_INSN_MOV_X8_139 0xd2801168u /* mov x8, #__NR_rt_sigreturn */
#define SIGTRAMP_INSN_SVC_0      0xd4000001u /* svc #0 */

#endif
