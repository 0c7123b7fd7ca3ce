/* EL0 checks of signals, run by ktest_signal.c through exec: handlers and
 * their arguments, the arm64 signal frame and rt_sigreturn (general and
 * FP/SIMD registers come back), fault signals with si_addr, masks and
 * pending sets, SIGKILL that cannot be blocked, default actions, stop and
 * continue seen by wait4, SIGCHLD, sigsuspend, sigtimedwait, SA_RESTART,
 * the alternate stack, process groups and sessions. Exits with the
 * number of failed checks. The structures are written out here from the
 * Linux arm64 ABI, independently of the kernel's headers. */
#include "usys.h"

#define NR_exit            93
#define NR_kill            129
#define NR_tkill           130
#define NR_tgkill          131
#define NR_sigaltstack     132
#define NR_rt_sigsuspend   133
#define NR_rt_sigaction    134
#define NR_rt_sigprocmask  135
#define NR_rt_sigpending   136
#define NR_rt_sigtimedwait 137
#define NR_rt_sigreturn    139
#define NR_setpgid         154
#define NR_getpgid         155
#define NR_getsid          156
#define NR_setsid          157
#define NR_getpid          172
#define NR_getppid         173
#define NR_gettid          178
#define NR_clone           220
#define NR_mmap            222
#define NR_wait4           260
#define NR_sched_yield     124

#define SIGHUP   1
#define SIGKILL  9
#define SIGUSR1  10
#define SIGSEGV  11
#define SIGUSR2  12
#define SIGTERM  15
#define SIGCHLD  17
#define SIGCONT  18
#define SIGSTOP  19
#define SIGWINCH 28
#define SIGRT5   37

#define SA_SIGINFO     0x4UL
#define SA_UNSUPPORTED 0x400UL
#define SA_RESTORER    0x04000000UL
#define SA_ONSTACK     0x08000000UL
#define SA_RESTART     0x10000000UL
#define SA_NODEFER     0x40000000UL
#define SA_RESETHAND   0x80000000UL
#define SIG_DFL        0UL
#define SIG_IGN        1UL

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define SS_ONSTACK  1
#define SS_DISABLE  2

#define SI_USER     0
#define SI_TKILL    (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define CLD_EXITED  1

#define WUNTRACED  2
#define WCONTINUED 8

#define EPERM  1
#define ESRCH  3
#define EINTR  4
#define EAGAIN 11
#define ENOMEM 12
#define EINVAL 22
#define EFAULT 14
#define EACCES 13

#define M(sig) (1UL << ((sig)-1))

struct ksigaction {
    ulong handler, flags, restorer, mask;
};

struct ksiginfo {
    int signo, errno_, code, pad;
    union {
        struct {
            int pid;
            unsigned uid;
            int status;
        } k;
        ulong addr;
    } u;
    char rest[128 - 32];
};

struct kstack {
    ulong sp;
    int flags, pad;
    ulong size;
};

/* struct ucontext up to the FP/SIMD record (arm64 uapi ucontext.h and
 * sigcontext.h): uc_mcontext at 176, __reserved at 176 + 288. */
struct kucontext {
    ulong flags, link;
    struct kstack stack;
    ulong sigmask;
    char unused[120];
    ulong mcontext_align; /* uc_mcontext is 16-byte aligned: at 176 */
    ulong fault_address;
    ulong regs[31];
    ulong sp, pc, pstate;
    ulong pad_;
    unsigned char reserved[4096];
};

static int failed, passed;

/* A MAP_SHARED page for handshakes between parent and child. */
struct shared {
    volatile int phase;
};
static struct shared *sh;

static void check(int ok, const char *what, long got)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    uputs("signal_test: FAIL ");
    uputs(what);
    uputs(" (got ");
    uputnum(got);
    uputs(")\n");
}

/* The restorer C libraries pass with SA_RESTORER (musl __restore_rt). */
__attribute__((visibility("hidden"))) void test_restorer(void);
__asm__(".text\n"
        ".global test_restorer\n"
        "test_restorer:\n"
        "    mov x8, #139\n"
        "    svc #0\n");

static long sigaction_(int sig, ulong handler, ulong flags, ulong mask, struct ksigaction *old)
{
    struct ksigaction sa = {handler, flags, (ulong)test_restorer, mask};
    if (!(flags & SA_RESTORER))
        sa.restorer = 0;
    return usys(NR_rt_sigaction, sig, &sa, old, 8);
}

static long getpid_(void)
{
    return usys(NR_getpid, 0);
}

static long kill_(long pid, int sig)
{
    return usys(NR_kill, pid, sig);
}

static ulong getmask(void)
{
    ulong old = 0;
    usys(NR_rt_sigprocmask, SIG_BLOCK, 0, &old, 8);
    return old;
}

static long setmask(ulong m)
{
    return usys(NR_rt_sigprocmask, SIG_SETMASK, &m, 0, 8);
}

static long fork_(void)
{
    return usys(NR_clone, SIGCHLD, 0, 0, 0, 0);
}

static long wait_(long pid, int *status, long options)
{
    return usys(NR_wait4, pid, status, options, 0);
}

static void exit_(int code)
{
    usys(NR_exit, code);
    for (;;)
        ;
}

/* ---- A handler with SA_SIGINFO: its arguments and the frame ---- */

static volatile int h_count, h_sig, h_signo, h_code, h_pid;
static volatile ulong h_mask_inside, h_uc_mask, h_x1, h_x2, h_sp, h_fault, h_code_seen;
static volatile ulong h_esr_magic, h_fp_magic, h_fp_size;

static void info_handler(int sig, struct ksiginfo *info, void *ucv)
{
    struct kucontext *uc = ucv;
    h_count++;
    h_sig = sig;
    h_signo = info->signo;
    h_code = info->code;
    h_pid = info->u.k.pid;
    h_x1 = (ulong)info;
    h_x2 = (ulong)uc;
    h_uc_mask = uc->sigmask;
    h_mask_inside = getmask();
    h_fp_magic = *(unsigned *)&uc->reserved[0];
    h_fp_size = *(unsigned *)&uc->reserved[4];
    ulong sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    h_sp = sp;
}

static void test_handler_args(void)
{
    h_count = 0;
    check(sigaction_(SIGUSR1, (ulong)info_handler, SA_SIGINFO | SA_RESTORER, M(SIGUSR2), 0) == 0,
          "rt_sigaction installs a handler", 0);
    setmask(M(SIGHUP));
    long r = kill_(getpid_(), SIGUSR1);
    check(r == 0, "kill(getpid(), SIGUSR1) returns 0 after the handler", r);
    check(h_count == 1, "the handler ran once", h_count);
    check(h_sig == SIGUSR1, "x0 is the signal number", h_sig);
    check(h_signo == SIGUSR1, "si_signo", h_signo);
    check(h_code == SI_USER, "si_code is SI_USER for kill", h_code);
    check(h_pid == getpid_(), "si_pid is the sender", h_pid);
    check(h_x2 == h_x1 + 128, "x2 (ucontext) follows the 128-byte siginfo", (long)(h_x2 - h_x1));
    check((h_x1 & 15) == 0, "the frame is 16-byte aligned", (long)h_x1);
    check(h_uc_mask == M(SIGHUP), "uc_sigmask is the mask before the signal", (long)h_uc_mask);
    check(h_mask_inside == (M(SIGHUP) | M(SIGUSR1) | M(SIGUSR2)),
          "inside: mask |= sa_mask | the signal", (long)h_mask_inside);
    check(h_fp_magic == 0x46508001, "the first record is FPSIMD_MAGIC", (long)h_fp_magic);
    check(h_fp_size == 528, "the fpsimd_context is 528 bytes", (long)h_fp_size);
    check(getmask() == M(SIGHUP), "rt_sigreturn restored the mask", (long)getmask());
    setmask(0);

    /* The same without SA_RESTORER: the kernel's trampoline returns. */
    h_count = 0;
    sigaction_(SIGUSR1, (ulong)info_handler, SA_SIGINFO, 0, 0);
    kill_(getpid_(), SIGUSR1);
    check(h_count == 1, "a handler without SA_RESTORER returns through the kernel trampoline",
          h_count);
    struct ksigaction old;
    sigaction_(SIGUSR1, SIG_DFL, 0, 0, &old);
    check(old.handler == (ulong)info_handler && (old.flags & SA_SIGINFO),
          "rt_sigaction returns the old action", (long)old.flags);
}

/* ---- rt_sigreturn restores every register ---- */

/* A handler that returns with x0-x18, x19-x28 and v0-v31 trashed: only
 * the frame can bring them back. */
__attribute__((visibility("hidden"))) void trash_handler(int sig);
__asm__(".text\n"
        ".global trash_handler\n"
        "trash_handler:\n"
        "    mov x0, #0xdead\n"
        "    mov x1, x0\n mov x2, x0\n mov x3, x0\n mov x4, x0\n mov x5, x0\n"
        "    mov x6, x0\n mov x7, x0\n mov x9, x0\n mov x10, x0\n mov x11, x0\n"
        "    mov x12, x0\n mov x13, x0\n mov x14, x0\n mov x15, x0\n mov x16, x0\n"
        "    mov x17, x0\n mov x19, x0\n mov x20, x0\n mov x21, x0\n mov x22, x0\n"
        "    mov x23, x0\n mov x24, x0\n mov x25, x0\n mov x26, x0\n mov x27, x0\n"
        "    mov x28, x0\n"
        "    movi v0.2d, #0\n movi v8.2d, #0\n movi v15.2d, #0\n movi v31.2d, #0\n"
        "    msr fpcr, xzr\n"
        "    ret\n");

/* Load known values, kill(pid, SIGUSR2) (whose handler trashes them),
 * compare. Returns 0 if x9, x19-x28, v8, v31 and FPCR survived; x0 is the
 * kill result. */
__attribute__((visibility("hidden"))) long regs_probe(long pid);
__asm__(".text\n"
        ".global regs_probe\n"
        "regs_probe:\n"
        "    stp x29, x30, [sp, #-128]!\n"
        "    stp x19, x20, [sp, #16]\n stp x21, x22, [sp, #32]\n stp x23, x24, [sp, #48]\n"
        "    stp x25, x26, [sp, #64]\n stp x27, x28, [sp, #80]\n stp d8, d15, [sp, #96]\n"
        "    mov x19, #0x191\n mov x20, #0x202\n mov x21, #0x212\n mov x22, #0x222\n"
        "    mov x23, #0x232\n mov x24, #0x242\n mov x25, #0x252\n mov x26, #0x262\n"
        "    mov x27, #0x2727\n movk x27, #0x7777, lsl #48\n mov x28, #0x282\n"
        "    mov x9, #0x0909\n movk x9, #0x1234, lsl #32\n"
        "    dup v8.2d, x9\n mov v8.d[1], x27\n dup v31.2d, x28\n"
        "    mov x10, #0x00c00000\n msr fpcr, x10\n" /* rounding mode: towards zero */
        "    mov x1, #12\n mov x8, #129\n svc #0\n"
        "    mov x12, #0\n"
        "    cmp x19, #0x191\n cinc x12, x12, ne\n cmp x20, #0x202\n cinc x12, x12, ne\n"
        "    cmp x21, #0x212\n cinc x12, x12, ne\n cmp x22, #0x222\n cinc x12, x12, ne\n"
        "    cmp x23, #0x232\n cinc x12, x12, ne\n cmp x24, #0x242\n cinc x12, x12, ne\n"
        "    cmp x25, #0x252\n cinc x12, x12, ne\n cmp x26, #0x262\n cinc x12, x12, ne\n"
        "    mov x13, #0x2727\n movk x13, #0x7777, lsl #48\n cmp x27, x13\n cinc x12, x12, ne\n"
        "    cmp x28, #0x282\n cinc x12, x12, ne\n"
        "    mov x13, #0x0909\n movk x13, #0x1234, lsl #32\n cmp x9, x13\n cinc x12, x12, ne\n"
        "    fmov x14, d8\n cmp x14, x13\n cinc x12, x12, ne\n"
        "    mov x14, v8.d[1]\n cmp x14, x27\n cinc x12, x12, ne\n"
        "    mov x14, v31.d[1]\n cmp x14, #0x282\n cinc x12, x12, ne\n"
        "    mrs x14, fpcr\n mov x13, #0x00c00000\n cmp x14, x13\n cinc x12, x12, ne\n"
        "    msr fpcr, xzr\n"
        "    cmp x0, #0\n cinc x12, x12, ne\n"
        "    mov x0, x12\n"
        "    ldp x19, x20, [sp, #16]\n ldp x21, x22, [sp, #32]\n ldp x23, x24, [sp, #48]\n"
        "    ldp x25, x26, [sp, #64]\n ldp x27, x28, [sp, #80]\n ldp d8, d15, [sp, #96]\n"
        "    ldp x29, x30, [sp], #128\n"
        "    ret\n");

static void test_sigreturn_restores_registers(void)
{
    sigaction_(SIGUSR2, (ulong)trash_handler, SA_RESTORER, 0, 0);
    long bad = regs_probe(getpid_());
    check(bad == 0, "rt_sigreturn restores x9, x19-x28, v8, v31, FPCR and x0", bad);
    sigaction_(SIGUSR2, (ulong)trash_handler, 0, 0, 0);
    bad = regs_probe(getpid_());
    check(bad == 0, "... also through the kernel's trampoline", bad);
    sigaction_(SIGUSR2, SIG_DFL, 0, 0, 0);
}

/* ---- Faults ---- */

static volatile ulong f_addr, f_fault_address, f_esr_magic;
static volatile int f_code, f_signo, f_count;

static void fault_handler(int sig, struct ksiginfo *info, void *ucv)
{
    struct kucontext *uc = ucv;
    f_count++;
    f_signo = sig;
    f_code = info->code;
    f_addr = info->u.addr;
    f_fault_address = uc->fault_address;
    f_esr_magic = *(unsigned *)&uc->reserved[528]; /* the record after fpsimd */
    uc->pc += 4;                                   /* skip the faulting instruction */
}

static void test_fault_signals(void)
{
    sigaction_(SIGSEGV, (ulong)fault_handler, SA_SIGINFO | SA_RESTORER, 0, 0);
    f_count = 0;
    ulong v = 0;
    __asm__ volatile("mov x1, #0x1000\n ldr %0, [x1]" : "=r"(v)::"x1", "memory");
    check(f_count == 1, "an unmapped load runs the SIGSEGV handler", f_count);
    check(f_signo == SIGSEGV, "with SIGSEGV", f_signo);
    check(f_code == SEGV_MAPERR, "si_code SEGV_MAPERR", f_code);
    check(f_addr == 0x1000, "si_addr is the faulting address", (long)f_addr);
    check(f_fault_address == 0x1000, "sigcontext.fault_address", (long)f_fault_address);
    check(f_esr_magic == 0x45535201, "an esr_context follows the FP/SIMD record",
          (long)f_esr_magic);
    /* A store into read-only text: mapped, not allowed. */
    f_count = 0;
    ulong target = (ulong)test_restorer;
    __asm__ volatile("str xzr, [%0]" ::"r"(target) : "memory");
    check(f_count == 1 && f_code == SEGV_ACCERR, "a store to text is SEGV_ACCERR", f_code);
    check(f_addr == target, "... at its address", (long)(f_addr - target));
    sigaction_(SIGSEGV, SIG_DFL, 0, 0, 0);

    /* Blocked or ignored, a fault still kills (with status 11, no core bit). */
    long pid = fork_();
    if (pid == 0) {
        ulong all = ~0UL;
        usys(NR_rt_sigprocmask, SIG_BLOCK, &all, 0, 8);
        __asm__ volatile("mov x1, #0x1000\n ldr x2, [x1]" ::: "x1", "x2", "memory");
        exit_(1);
    }
    int st = 0;
    wait_(pid, &st, 0);
    check(st == SIGSEGV, "a blocked SIGSEGV fault still kills", st);
}

/* ---- Masks, pending, SIGKILL ---- */

static void count_handler(int sig)
{
    (void)sig;
    h_count++;
}

static void test_masks_and_pending(void)
{
    struct ksigaction ign = {SIG_IGN, 0, 0, 0};
    check(usys(NR_rt_sigaction, SIGKILL, &ign, 0, 8) == -EINVAL, "SIGKILL cannot be caught", 0);
    check(usys(NR_rt_sigaction, SIGSTOP, &ign, 0, 8) == -EINVAL, "SIGSTOP cannot be ignored", 0);
    check(usys(NR_rt_sigaction, 0, 0, 0, 8) == -EINVAL, "signal 0 is invalid", 0);
    check(usys(NR_rt_sigaction, 65, 0, 0, 8) == -EINVAL, "signal 65 is invalid", 0);
    check(usys(NR_rt_sigaction, SIGUSR1, 0, 0, 4) == -EINVAL, "sigsetsize must be 8", 0);
    check(usys(NR_rt_sigaction, SIGUSR1, 8, 0, 8) == -EFAULT, "a bad act is EFAULT", 0);
    struct ksigaction old;
    sigaction_(SIGUSR1, (ulong)count_handler, SA_RESTORER | SA_UNSUPPORTED, 0, 0);
    usys(NR_rt_sigaction, SIGUSR1, 0, &old, 8);
    check(!(old.flags & SA_UNSUPPORTED), "unknown sa_flags bits read back as 0", (long)old.flags);
    check(usys(NR_rt_sigprocmask, 7, &old.mask, 0, 8) == -EINVAL, "a bad how is EINVAL", 0);

    ulong all = ~0UL;
    usys(NR_rt_sigprocmask, SIG_SETMASK, &all, 0, 8);
    check(getmask() == (~0UL & ~(M(SIGKILL) | M(SIGSTOP))), "SIGKILL and SIGSTOP never block",
          (long)getmask());
    h_count = 0;
    kill_(getpid_(), SIGUSR1);
    ulong pend = 0;
    usys(NR_rt_sigpending, &pend, 8);
    check(h_count == 0 && pend == M(SIGUSR1), "a blocked signal stays pending", (long)pend);
    kill_(getpid_(), SIGUSR1);
    setmask(0);
    check(h_count == 1, "unblocking delivers it, once (standard signals do not queue)", h_count);

    /* Real-time signals queue. */
    sigaction_(SIGRT5, (ulong)count_handler, SA_RESTORER, 0, 0);
    usys(NR_rt_sigprocmask, SIG_SETMASK, &all, 0, 8);
    h_count = 0;
    for (int i = 0; i < 3; i++)
        kill_(getpid_(), SIGRT5);
    setmask(0);
    check(h_count == 3, "real-time signals queue every instance", h_count);

    /* Ignoring discards. */
    sigaction_(SIGUSR2, SIG_IGN, 0, 0, 0);
    kill_(getpid_(), SIGUSR2);
    pend = 1;
    usys(NR_rt_sigpending, &pend, 8);
    check(pend == 0, "an ignored signal is discarded", (long)pend);
    sigaction_(SIGUSR2, SIG_DFL, 0, 0, 0);

    /* SA_RESETHAND and SA_NODEFER. */
    h_count = 0;
    sigaction_(SIGWINCH, (ulong)count_handler, SA_RESTORER | SA_RESETHAND | SA_NODEFER, 0, 0);
    kill_(getpid_(), SIGWINCH);
    kill_(getpid_(), SIGWINCH);
    usys(NR_rt_sigaction, SIGWINCH, 0, &old, 8);
    check(h_count == 1 && old.handler == SIG_DFL, "SA_RESETHAND runs the handler once", h_count);
    sigaction_(SIGUSR1, (ulong)info_handler, SA_SIGINFO | SA_RESTORER | SA_NODEFER, 0, 0);
    kill_(getpid_(), SIGUSR1);
    check(!(h_mask_inside & M(SIGUSR1)), "SA_NODEFER leaves the signal unblocked",
          (long)h_mask_inside);

    /* Errors of kill and tkill. */
    check(kill_(getpid_(), 65) == -EINVAL, "kill with signal 65 is EINVAL", 0);
    check(kill_(99999, 0) == -ESRCH, "kill of no such pid is ESRCH", 0);
    check(kill_(getpid_(), 0) == 0, "kill with signal 0 checks only", 0);
    check(usys(NR_tkill, 0, SIGUSR1) == -EINVAL, "tkill(0) is EINVAL", 0);
    h_count = 0;
    long r = usys(NR_tgkill, getpid_(), usys(NR_gettid, 0), SIGUSR1);
    check(r == 0 && h_code == SI_TKILL, "tgkill delivers with SI_TKILL", h_code);
    check(usys(NR_tgkill, getpid_() + 1, usys(NR_gettid, 0), SIGUSR1) == -ESRCH,
          "tgkill with the wrong tgid is ESRCH", 0);
    sigaction_(SIGUSR1, SIG_DFL, 0, 0, 0);

    /* SIGKILL kills even with everything blocked; SIGTERM by default too. */
    long pid = fork_();
    if (pid == 0) {
        usys(NR_rt_sigprocmask, SIG_SETMASK, &all, 0, 8);
        kill_(getpid_(), SIGKILL);
        exit_(1);
    }
    int st = -1;
    wait_(pid, &st, 0);
    check(st == SIGKILL, "SIGKILL kills through a full mask", st);
    pid = fork_();
    if (pid == 0) {
        kill_(getpid_(), SIGTERM);
        exit_(1);
    }
    wait_(pid, &st, 0);
    check(st == SIGTERM, "SIGTERM's default action terminates", st);
}

/* ---- Job control, SIGCHLD, process groups ---- */

static volatile int chld_code, chld_status, chld_pid, chld_count;

static void chld_handler(int sig, struct ksiginfo *info, void *uc)
{
    (void)sig, (void)uc;
    chld_count++;
    chld_code = info->code;
    chld_pid = info->u.k.pid;
    chld_status = info->u.k.status;
}

static void test_job_control(void)
{
    sh->phase = 0;
    long pid = fork_();
    if (pid == 0) {
        kill_(getpid_(), SIGSTOP);
        while (sh->phase != 9) /* continued: wait until the parent saw it */
            usys(NR_sched_yield, 0);
        exit_(5);
    }
    int st = 0;
    long r = wait_(pid, &st, WUNTRACED);
    check(r == pid && st == ((SIGSTOP << 8) | 0x7f), "wait4(WUNTRACED) sees the stop", st);
    kill_(pid, SIGCONT);
    r = wait_(pid, &st, WCONTINUED);
    check(r == pid && st == 0xffff, "wait4(WCONTINUED) sees the continue", st);
    sh->phase = 9;
    r = wait_(pid, &st, 0);
    check(r == pid && st == (5 << 8), "the continued child exits normally", st);

    /* SIGCHLD with its siginfo at exit. */
    sigaction_(SIGCHLD, (ulong)chld_handler, SA_SIGINFO | SA_RESTORER | SA_RESTART, 0, 0);
    chld_count = 0;
    pid = fork_();
    if (pid == 0)
        exit_(3);
    r = wait_(pid, &st, 0);
    check(chld_count == 1, "the parent gets SIGCHLD", chld_count);
    check(chld_code == CLD_EXITED && chld_pid == pid && chld_status == 3,
          "with CLD_EXITED, the pid and the exit code", chld_status);
    sigaction_(SIGCHLD, SIG_DFL, 0, 0, 0);

    /* Process groups and sessions. */
    long me = getpid_();
    check(usys(NR_getpgid, 0) == usys(NR_getpgid, me), "getpgid(0) is getpgid(getpid())", 0);
    pid = fork_();
    if (pid == 0) {
        int bad = 0;
        long sid = usys(NR_setsid, 0);
        bad += sid != getpid_();
        bad += usys(NR_getsid, 0) != getpid_();
        bad += usys(NR_getpgid, 0) != getpid_();
        bad += usys(NR_setsid, 0) != -EPERM;     /* already a group leader */
        bad += usys(NR_setpgid, 0, 0) != -EPERM; /* a session leader */
        exit_(bad);
    }
    wait_(pid, &st, 0);
    check(st == 0, "setsid makes a new session and group", st);
    pid = fork_();
    if (pid == 0) {
        for (;;) /* until killed below */
            usys(NR_sched_yield, 0);
    }
    r = usys(NR_setpgid, pid, pid);
    check(r == 0 && usys(NR_getpgid, pid) == pid, "setpgid puts a child in its own group", r);
    check(usys(NR_setpgid, pid, 99999) == -EPERM, "setpgid to a group of nobody is EPERM", 0);
    check(usys(NR_setpgid, 99999, 0) == -ESRCH, "setpgid of no such process is ESRCH", 0);
    check(usys(NR_setpgid, 0, -1) == -EINVAL, "a negative pgid is EINVAL", 0);
    check(kill_(-pid, 0) == 0, "kill(-pgid, 0) finds the group", 0);
    kill_(-pid, SIGKILL);
    wait_(pid, &st, 0);
    check(st == SIGKILL, "kill(-pgid) reaches the group", st);
    check(kill_(-pid, 0) == -ESRCH, "an empty group is ESRCH", 0);
}

/* ---- sigsuspend, sigtimedwait, SA_RESTART ---- */

static void phase_handler(int sig)
{
    (void)sig;
    h_count++;
    sh->phase = 2;
}

static void test_waiting(void)
{
    /* sigsuspend: returns -EINTR after the handler, old mask restored. */
    sigaction_(SIGUSR1, (ulong)count_handler, SA_RESTORER, 0, 0);
    setmask(M(SIGUSR1));
    h_count = 0;
    long pid = fork_();
    if (pid == 0) {
        kill_(usys(NR_getppid, 0), SIGUSR1);
        exit_(0);
    }
    ulong none = 0;
    long r = usys(NR_rt_sigsuspend, &none, 8);
    check(r == -EINTR && h_count == 1, "sigsuspend returns EINTR after the handler", r);
    check(getmask() == M(SIGUSR1), "sigsuspend restores the mask", (long)getmask());
    int st;
    wait_(pid, &st, 0);

    /* sigtimedwait takes a blocked pending signal without a handler. */
    kill_(getpid_(), SIGUSR1);
    struct ksiginfo info;
    struct {
        long sec, nsec;
    } zero = {0, 0}, bad = {0, 1000000000}, ten_ms = {0, 10000000};
    ulong set = M(SIGUSR1);
    h_count = 0;
    r = usys(NR_rt_sigtimedwait, &set, &info, &zero, 8);
    check(r == SIGUSR1 && info.signo == SIGUSR1 && info.code == SI_USER && h_count == 0,
          "sigtimedwait takes the pending signal", r);
    r = usys(NR_rt_sigtimedwait, &set, &info, &zero, 8);
    check(r == -EAGAIN, "nothing pending and no wait: EAGAIN", r);
    r = usys(NR_rt_sigtimedwait, &set, &info, &bad, 8);
    check(r == -EINVAL, "a bad timespec is EINVAL", r);
    r = usys(NR_rt_sigtimedwait, &set, &info, &ten_ms, 8);
    check(r == -EAGAIN, "a 10 ms wait times out with EAGAIN", r);
    setmask(0);

    /* SA_RESTART: wait4 interrupted by a handler resumes. */
    for (int restart = 0; restart < 2; restart++) {
        sigaction_(SIGUSR1, (ulong)phase_handler, SA_RESTORER | (restart ? SA_RESTART : 0), 0, 0);
        sh->phase = 0;
        h_count = 0;
        pid = fork_();
        if (pid == 0) {
            while (sh->phase != 1)
                usys(NR_sched_yield, 0);
            for (int i = 0; i < 20; i++)
                usys(NR_sched_yield, 0);
            kill_(usys(NR_getppid, 0), SIGUSR1);
            while (sh->phase != 2)
                usys(NR_sched_yield, 0);
            exit_(7);
        }
        sh->phase = 1;
        st = 0;
        r = wait_(pid, &st, 0);
        if (restart) {
            check(r == pid && st == 7 << 8 && h_count == 1, "SA_RESTART resumes wait4", r);
        } else {
            check(r == -EINTR && h_count == 1, "without SA_RESTART wait4 fails with EINTR", r);
            wait_(pid, &st, 0);
        }
    }
    sigaction_(SIGUSR1, SIG_DFL, 0, 0, 0);
}

/* ---- The alternate stack ---- */

static char altstack[16384] __attribute__((aligned(16)));

/* The address of altstack, computed at run time: a static-PIE without a
 * C library is never relocated, so no initialiser may hold an address. */
static ulong altstack_addr(void)
{
    ulong a = (ulong)altstack;
    __asm__ volatile("" : "+r"(a));
    return a;
}
static volatile ulong alt_sp;
static volatile int alt_flags;
static volatile long alt_change;

static void alt_handler(int sig)
{
    (void)sig;
    ulong sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    alt_sp = sp;
    struct kstack cur;
    usys(NR_sigaltstack, 0, &cur);
    alt_flags = cur.flags;
    struct kstack other = {altstack_addr(), 0, 0, 8192};
    alt_change = usys(NR_sigaltstack, &other, 0);
}

static void test_altstack(void)
{
    struct kstack ss = {altstack_addr(), 0, 0, 4096}, old;
    check(usys(NR_sigaltstack, &ss, 0) == -ENOMEM, "an altstack below MINSIGSTKSZ is ENOMEM", 0);
    ss.flags = 5;
    check(usys(NR_sigaltstack, &ss, 0) == -EINVAL, "bad ss_flags are EINVAL", 0);
    ss.flags = 0;
    ss.size = sizeof(altstack);
    check(usys(NR_sigaltstack, &ss, &old) == 0 && old.flags == SS_DISABLE,
          "sigaltstack installs one (none before)", old.flags);
    sigaction_(SIGUSR2, (ulong)alt_handler, SA_RESTORER | SA_ONSTACK, 0, 0);
    kill_(getpid_(), SIGUSR2);
    check(alt_sp >= (ulong)altstack && alt_sp < (ulong)altstack + sizeof(altstack),
          "SA_ONSTACK runs the handler on it", (long)alt_sp);
    check(alt_flags == SS_ONSTACK, "sigaltstack reports SS_ONSTACK inside", alt_flags);
    check(alt_change == -EPERM, "changing it while on it is EPERM", alt_change);
    usys(NR_sigaltstack, 0, &old);
    check(old.flags == 0 && old.size == sizeof(altstack), "outside: enabled, not on it", old.flags);
    ss.flags = SS_DISABLE;
    usys(NR_sigaltstack, &ss, 0);
    sigaction_(SIGUSR2, SIG_DFL, 0, 0, 0);
}

/* ---- Bad frames ---- */

static void evil_handler(int sig, struct ksiginfo *info, void *ucv)
{
    (void)sig, (void)info;
    struct kucontext *uc = ucv;
    uc->pstate = 0x3c5; /* EL1h with DAIF masked: must never be honoured */
}

static void test_bad_frames(void)
{
    long pid = fork_();
    if (pid == 0) {
        usys(NR_rt_sigreturn, 0); /* no frame at sp */
        exit_(1);
    }
    int st = 0;
    wait_(pid, &st, 0);
    check(st == SIGSEGV, "rt_sigreturn without a frame is SIGSEGV", st);
    pid = fork_();
    if (pid == 0) {
        sigaction_(SIGUSR1, (ulong)evil_handler, SA_SIGINFO | SA_RESTORER, 0, 0);
        kill_(getpid_(), SIGUSR1);
        exit_(1);
    }
    wait_(pid, &st, 0);
    check(st == SIGSEGV, "a frame asking for EL1 is refused with SIGSEGV", st);
}

void _start(void)
{
    sh = (struct shared *)usys(NR_mmap, 0, 4096, 3, 0x21 /* MAP_SHARED|MAP_ANONYMOUS */, -1, 0);
    if ((long)sh < 0) {
        uputs("signal_test: no shared page\n");
        exit_(100);
    }
    test_handler_args();
    test_sigreturn_restores_registers();
    test_fault_signals();
    test_masks_and_pending();
    test_job_control();
    test_waiting();
    test_altstack();
    test_bad_frames();
    uputs("signal_test: ");
    uputnum(passed);
    uputs(" passed, ");
    uputnum(failed);
    uputs(" failed\n");
    exit_(failed);
}
