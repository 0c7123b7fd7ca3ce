/* Signals: rt_sigaction, rt_sigprocmask, rt_sigreturn (handler runs, the
 * mask is restored), rt_sigpending, kill/tgkill/tkill, sigaltstack,
 * rt_sigsuspend, rt_sigtimedwait, SIGCHLD, SA_SIGINFO, SA_RESETHAND,
 * SA_NODEFER. Linux: kernel/signal.c, arch/arm64/kernel/signal.c, man 7 signal. */
#include "t.h"

#include <ucontext.h>

static volatile int hits, last_sig, last_code, last_pid, nested_max, depth, last_val;
static volatile sig_atomic_t mask_in_handler_has_usr2, mask_in_handler_has_self;
static volatile uintptr_t handler_sp;

static void handler(int sig)
{
    hits++;
    last_sig = sig;
}

static void info_handler(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    hits++;
    last_sig = sig;
    last_code = si->si_code;
    last_pid = si->si_pid;
    last_val = si->si_value.sival_int;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    mask_in_handler_has_usr2 = sigismember(&cur, SIGUSR2);
    mask_in_handler_has_self = sigismember(&cur, sig);
}

static void sp_handler(int sig)
{
    int local;
    (void)sig;
    handler_sp = (uintptr_t)&local;
    hits++;
}

static volatile int raises_left;

static void nest_handler(int sig)
{
    depth++;
    if (depth > nested_max)
        nested_max = depth;
    if (raises_left > 0) {
        raises_left--;
        raise(sig);
    }
    depth--;
}

/* A handler that changes saved registers through the ucontext: on return
 * (rt_sigreturn) the interrupted code sees them. */
static void ctx_handler(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    ucontext_t *u = uc;
    hits++;
    last_val = (int)(u->uc_mcontext.pc & 3); /* pc is 4-byte aligned */
}

static char alt[65536];

static void segv_alt_handler(int sig)
{
    int local;
    (void)sig;
    uintptr_t sp = (uintptr_t)&local;
    _exit(sp > (uintptr_t)alt && sp < (uintptr_t)alt + sizeof(alt) ? 0 : 1);
}

static volatile int recurse_limit = 1 << 30;

static int recurse(int n)
{
    volatile char pad[4096];
    pad[0] = (char)n;
    if (n >= recurse_limit)
        return 0;
    return recurse(n + 1) + pad[0];
}

static void set(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

static void set_info(int sig, void (*h)(int, siginfo_t *, void *), int flags, int maskbit)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO | flags;
    if (maskbit)
        sigaddset(&sa.sa_mask, maskbit);
    sigaction(sig, &sa, NULL);
}

static sigset_t blocked(void)
{
    sigset_t s;
    sigprocmask(SIG_BLOCK, NULL, &s);
    return s;
}

/* Raw rt_sigaction: struct { handler, flags, restorer, mask } on arm64. */
struct ksigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long mask;
};

int main(void)
{
    t_init("signal");
    pid_t me = getpid();

    /* rt_sigaction basics */
    struct ksigaction ka = {0}, old = {0};
    CHECK_EQ(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8), 0, "rt_sigaction get");
    CHECK(old.handler == SIG_DFL, "SIGUSR1 starts SIG_DFL");
    ka.handler = (void *)handler;
    CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 4), EINVAL, "sigsetsize 4: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 16), EINVAL, "sigsetsize 16: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, 8), EINVAL,
              "a handler for SIGKILL: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigaction, SIGSTOP, &ka, NULL, 8), EINVAL,
              "a handler for SIGSTOP: EINVAL");
    CHECK_EQ(syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, 8), 0,
             "reading SIGKILL's action is allowed");
    CHECK_ERR(syscall(SYS_rt_sigaction, 0, &ka, NULL, 8), EINVAL, "signal 0: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigaction, 65, &ka, NULL, 8), EINVAL, "signal 65: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, BADPTR, NULL, 8), EFAULT,
              "bad act pointer: EFAULT");
    CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, KPTR, 8), EFAULT,
              "kernel oldact pointer: EFAULT");
    ka.flags = SA_RESTART;
    ka.mask = 1UL << (SIGUSR2 - 1);
    syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
    CHECK_EQ(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8), 0, "rt_sigaction reads back");
    CHECK(old.handler == (void *)handler && (old.flags & SA_RESTART) && old.mask == ka.mask,
          "handler, flags and mask read back");
    ka.mask = ~0UL;
    syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
    syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
    CHECK((old.mask & (1UL << (SIGKILL - 1))) == 0 && (old.mask & (1UL << (SIGSTOP - 1))) == 0,
          "SIGKILL and SIGSTOP are dropped from sa_mask");

    /* A handler runs for kill(getpid()) before kill returns. */
    set(SIGUSR1, handler, 0);
    hits = 0;
    CHECK_EQ(kill(me, SIGUSR1), 0, "kill(self, SIGUSR1)");
    CHECK(hits == 1 && last_sig == SIGUSR1, "the handler ran once with the signal number");
    CHECK_EQ(syscall(SYS_tgkill, me, me, SIGUSR1), 0, "tgkill(self)");
    CHECK(hits == 2, "the handler ran for tgkill");
    CHECK_EQ(syscall(SYS_tkill, me, SIGUSR1), 0, "tkill(self)");
    CHECK(hits == 3, "the handler ran for tkill");
    CHECK_EQ(kill(me, 0), 0, "kill(self, 0) checks existence");
    CHECK_ERR(kill(999999, SIGUSR1), ESRCH, "kill of a missing pid: ESRCH");
    CHECK_ERR(kill(me, 65), EINVAL, "kill with signal 65: EINVAL");
    CHECK_ERR(kill(me, -1), EINVAL, "kill with signal -1: EINVAL");
    CHECK_ERR(syscall(SYS_tgkill, me, 999999, SIGUSR1), ESRCH, "tgkill of a missing tid: ESRCH");
    CHECK_ERR(syscall(SYS_tgkill, 999999, me, SIGUSR1), ESRCH, "tgkill with the wrong tgid: ESRCH");
    CHECK_ERR(syscall(SYS_tgkill, 0, me, SIGUSR1), EINVAL, "tgkill with tgid 0: EINVAL");
    CHECK_ERR(syscall(SYS_tkill, 0, SIGUSR1), EINVAL, "tkill of tid 0: EINVAL");
    CHECK_ERR(syscall(SYS_tkill, me, 100), EINVAL, "tkill with signal 100: EINVAL");

    /* SA_SIGINFO: si_code SI_USER / SI_TKILL / SI_QUEUE, si_pid; the
     * signal itself and sa_mask are blocked in the handler and the old mask
     * is restored by rt_sigreturn. */
    set_info(SIGUSR1, info_handler, 0, SIGUSR2);
    hits = 0;
    kill(me, SIGUSR1);
    CHECK(hits == 1 && last_code == SI_USER && last_pid == me,
          "SA_SIGINFO: si_code SI_USER, si_pid me");
    CHECK(mask_in_handler_has_self && mask_in_handler_has_usr2,
          "the signal and sa_mask are blocked in the handler");
    sigset_t now = blocked();
    CHECK(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2),
          "the mask is restored after the handler");
    syscall(SYS_tgkill, me, me, SIGUSR1);
    CHECK(last_code == SI_TKILL, "tgkill gives si_code SI_TKILL (got %d)", last_code);
    siginfo_t qi;
    memset(&qi, 0, sizeof(qi));
    qi.si_code = SI_QUEUE;
    qi.si_pid = me;
    qi.si_uid = 0;
    qi.si_value.sival_int = 1234;
    CHECK_EQ(syscall(SYS_rt_sigqueueinfo, me, SIGUSR1, &qi), 0, "rt_sigqueueinfo to self");
    CHECK(last_code == SI_QUEUE && last_val == 1234, "the handler sees SI_QUEUE and the value");
    qi.si_code = SI_KERNEL;
    CHECK_ERR(syscall(SYS_rt_sigqueueinfo, 1, SIGUSR1, &qi), EPERM,
              "rt_sigqueueinfo faking SI_KERNEL to another process: EPERM");
    set_info(SIGUSR1, ctx_handler, 0, 0);
    hits = 0;
    last_val = -1;
    kill(me, SIGUSR1);
    CHECK(hits == 1 && last_val == 0, "the ucontext holds an aligned saved pc");

    /* SA_NODEFER allows nesting; without it the signal stays pending. */
    set(SIGUSR2, nest_handler, SA_NODEFER);
    depth = nested_max = 0;
    raises_left = 2;
    raise(SIGUSR2);
    CHECK(nested_max == 3, "SA_NODEFER: the handler nests (depth %d)", nested_max);
    set(SIGUSR2, nest_handler, 0);
    depth = nested_max = 0;
    raises_left = 2;
    raise(SIGUSR2);
    CHECK(nested_max == 1 && raises_left == 0,
          "without SA_NODEFER: no nesting, delivered after return (depth %d)", nested_max);

    /* SA_RESETHAND: one-shot. */
    set(SIGUSR2, handler, SA_RESETHAND);
    hits = 0;
    raise(SIGUSR2);
    struct sigaction cur;
    sigaction(SIGUSR2, NULL, &cur);
    CHECK(hits == 1 && cur.sa_handler == SIG_DFL,
          "SA_RESETHAND resets to SIG_DFL after one delivery");

    /* sigprocmask: blocking makes signals pending; unblocking delivers. */
    set(SIGUSR1, handler, 0);
    sigset_t s, o;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    hits = 0;
    CHECK_EQ(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, &o, 8), 0, "block SIGUSR1");
    kill(me, SIGUSR1);
    kill(me, SIGUSR1);
    CHECK(hits == 0, "a blocked signal is not delivered");
    sigset_t pend;
    sigemptyset(&pend);
    CHECK_EQ(syscall(SYS_rt_sigpending, &pend, 8), 0, "rt_sigpending");
    CHECK(sigismember(&pend, SIGUSR1), "SIGUSR1 is pending");
    CHECK_EQ(syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &s, NULL, 8), 0, "unblock SIGUSR1");
    CHECK(hits == 1, "a standard signal sent twice while blocked is delivered once (%d)", hits);
    /* Real-time signals queue. */
    set(SIGRTMIN + 1, handler, 0);
    sigaddset(&s, SIGRTMIN + 1);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, 8);
    hits = 0;
    for (int i = 0; i < 3; i++)
        kill(me, SIGRTMIN + 1);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &s, NULL, 8);
    CHECK(hits == 3, "a real-time signal sent 3 times is delivered 3 times (%d)", hits);
    sigfillset(&s);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &s, NULL, 8);
    now = blocked();
    CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP),
          "SIGKILL and SIGSTOP cannot be blocked");
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &o, NULL, 8);
    CHECK_ERR(syscall(SYS_rt_sigprocmask, 3, &s, NULL, 8), EINVAL,
              "sigprocmask with a bad how: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &s, NULL, 4), EINVAL,
              "sigprocmask sigsetsize 4: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BADPTR, NULL, 8), EFAULT,
              "sigprocmask bad set: EFAULT");
    CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, KPTR, 8), EFAULT,
              "sigprocmask kernel oldset: EFAULT");
    CHECK_ERR(syscall(SYS_rt_sigpending, BADPTR, 8), EFAULT, "sigpending bad pointer: EFAULT");

    /* Ignored signals are discarded, even if blocked at send time. */
    signal(SIGUSR2, SIG_IGN);
    kill(me, SIGUSR2);
    syscall(SYS_rt_sigpending, &pend, 8);
    CHECK(!sigismember(&pend, SIGUSR2), "an ignored signal is not pending");
    signal(SIGUSR2, SIG_DFL);

    /* Default actions in children. */
    pid_t c = fork();
    if (c == 0) {
        raise(SIGUSR1);
        _exit(0);
    }
    signal(SIGUSR1, SIG_DFL);
    c = fork();
    if (c == 0) {
        raise(SIGUSR1);
        _exit(0);
    }
    int st = t_wait(c);
    CHECK(KILLED_BY(st, SIGUSR1), "SIGUSR1's default action terminates (status %#x)", st);
    c = fork();
    if (c == 0) {
        raise(SIGCHLD);
        raise(SIGURG);
        raise(SIGWINCH);
        _exit(5);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 5), "SIGCHLD, SIGURG, SIGWINCH are ignored by default");
    c = fork();
    if (c == 0) {
        kill(getpid(), SIGKILL);
        _exit(0);
    }
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGKILL), "SIGKILL to self");
    c = fork();
    if (c == 0) {
        abort();
    }
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGABRT), "abort() kills with SIGABRT");

    /* SIGCHLD on child exit, with si_pid and CLD_EXITED. */
    set_info(SIGCHLD, info_handler, 0, 0);
    sigemptyset(&s);
    sigaddset(&s, SIGCHLD);
    sigprocmask(SIG_BLOCK, &s, &o);
    hits = 0;
    c = fork();
    if (c == 0)
        _exit(3);
    sigset_t waitset = s;
    siginfo_t si;
    struct timespec ts = {5, 0};
    CHECK_EQ(syscall(SYS_rt_sigtimedwait, &waitset, &si, &ts, 8), SIGCHLD,
             "rt_sigtimedwait receives SIGCHLD");
    CHECK(si.si_pid == c && si.si_code == CLD_EXITED && si.si_status == 3,
          "SIGCHLD siginfo: pid, CLD_EXITED, status");
    t_wait(c);
    sigprocmask(SIG_SETMASK, &o, NULL);
    signal(SIGCHLD, SIG_DFL);

    /* rt_sigtimedwait: timeout, zero timeout, errors. */
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, &o);
    ts.tv_sec = 0;
    ts.tv_nsec = 20000000;
    CHECK_ERR(syscall(SYS_rt_sigtimedwait, &s, NULL, &ts, 8), EAGAIN,
              "rt_sigtimedwait times out: EAGAIN");
    ts.tv_nsec = 0;
    CHECK_ERR(syscall(SYS_rt_sigtimedwait, &s, NULL, &ts, 8), EAGAIN,
              "rt_sigtimedwait with zero timeout: EAGAIN");
    ts.tv_nsec = 1000000000;
    CHECK_ERR(syscall(SYS_rt_sigtimedwait, &s, NULL, &ts, 8), EINVAL,
              "rt_sigtimedwait bad timeout: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigtimedwait, BADPTR, NULL, NULL, 8), EFAULT,
              "rt_sigtimedwait bad set: EFAULT");
    kill(me, SIGUSR1);
    ts.tv_nsec = 0;
    CHECK_EQ(syscall(SYS_rt_sigtimedwait, &s, NULL, &ts, 8), SIGUSR1,
             "a pending signal is taken at once");
    syscall(SYS_rt_sigpending, &pend, 8);
    CHECK(!sigismember(&pend, SIGUSR1), "and is no longer pending");
    /* from another process */
    c = fork();
    if (c == 0) {
        t_msleep(30);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    ts.tv_sec = 5;
    CHECK_EQ(syscall(SYS_rt_sigtimedwait, &s, &si, &ts, 8), SIGUSR1,
             "rt_sigtimedwait waits for a signal from a child");
    CHECK(si.si_pid == c && si.si_code == SI_USER, "with the sender's pid");
    t_wait(c);

    /* rt_sigsuspend: waits with a temporary mask, restores it. */
    set(SIGUSR1, handler, 0);
    hits = 0;
    c = fork();
    if (c == 0) {
        t_msleep(30);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    sigset_t empty;
    sigemptyset(&empty);
    CHECK_ERR(syscall(SYS_rt_sigsuspend, &empty, 8), EINTR,
              "rt_sigsuspend returns EINTR after a handler");
    CHECK(hits == 1, "the handler ran during sigsuspend");
    now = blocked();
    CHECK(sigismember(&now, SIGUSR1), "the old mask (SIGUSR1 blocked) is restored");
    t_wait(c);
    kill(me, SIGUSR1); /* pending before the call: returns at once */
    hits = 0;
    CHECK_ERR(syscall(SYS_rt_sigsuspend, &empty, 8), EINTR,
              "rt_sigsuspend with the signal already pending");
    CHECK(hits == 1, "delivered");
    CHECK_ERR(syscall(SYS_rt_sigsuspend, &empty, 4), EINVAL, "rt_sigsuspend sigsetsize 4: EINVAL");
    CHECK_ERR(syscall(SYS_rt_sigsuspend, BADPTR, 8), EFAULT, "rt_sigsuspend bad set: EFAULT");
    sigprocmask(SIG_SETMASK, &o, NULL);

    /* sigaltstack */
    stack_t ss, os;
    CHECK_EQ(syscall(SYS_sigaltstack, NULL, &os), 0, "sigaltstack get");
    CHECK(os.ss_flags == SS_DISABLE, "no alternate stack at first");
    ss.ss_sp = alt;
    ss.ss_size = sizeof(alt);
    ss.ss_flags = 0;
    CHECK_EQ(syscall(SYS_sigaltstack, &ss, NULL), 0, "sigaltstack set");
    set(SIGUSR2, sp_handler, SA_ONSTACK);
    handler_sp = 0;
    raise(SIGUSR2);
    CHECK(handler_sp > (uintptr_t)alt && handler_sp < (uintptr_t)alt + sizeof(alt),
          "an SA_ONSTACK handler runs on the alternate stack");
    set(SIGUSR2, sp_handler, 0);
    raise(SIGUSR2);
    CHECK(!(handler_sp > (uintptr_t)alt && handler_sp < (uintptr_t)alt + sizeof(alt)),
          "without SA_ONSTACK it does not");
    CHECK_EQ(syscall(SYS_sigaltstack, NULL, &os), 0, "sigaltstack get again");
    CHECK(os.ss_sp == alt && os.ss_size == sizeof(alt) && os.ss_flags == 0, "reads back the stack");
    ss.ss_size = 1024;
    CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), ENOMEM, "a stack below MINSIGSTKSZ: ENOMEM");
    ss.ss_size = sizeof(alt);
    ss.ss_flags = 0x1234;
    CHECK_ERR(syscall(SYS_sigaltstack, &ss, NULL), EINVAL, "bad ss_flags: EINVAL");
    CHECK_ERR(syscall(SYS_sigaltstack, BADPTR, NULL), EFAULT, "bad pointer: EFAULT");
    ss.ss_flags = SS_DISABLE;
    CHECK_EQ(syscall(SYS_sigaltstack, &ss, NULL), 0, "disable the alternate stack");
    /* Stack overflow handled on the alternate stack. */
    c = fork();
    if (c == 0) {
        stack_t a = {.ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0};
        sigaltstack(&a, NULL);
        set(SIGSEGV, segv_alt_handler, SA_ONSTACK);
        /* Recursing without bound exhausts the main stack; the fault is
         * delivered on the alternate stack. */
        _exit(recurse(1) == 0 ? 2 : 3);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 0),
          "stack overflow: the SIGSEGV handler runs on the alternate stack (status %#x)", st);

    /* kill(-pgid), kill(0): the group. */
    signal(SIGUSR1, SIG_IGN); /* ourselves: ignore */
    int p[2], r[2];
    pipe(p);
    pipe(r);
    char rc;
    c = fork();
    if (c == 0) {
        signal(SIGUSR1, SIG_DFL);
        write(r[1], "r", 1);
        char ch;
        read(p[0], &ch, 1);
        _exit(0);
    }
    read(r[0], &rc, 1);
    CHECK_EQ(kill(0, SIGUSR1), 0, "kill(0) signals my process group");
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGUSR1), "the child in my group got it");
    c = fork();
    if (c == 0) {
        signal(SIGUSR1, SIG_DFL);
        setpgid(0, 0);
        write(r[1], "r", 1);
        char ch;
        read(p[0], &ch, 1);
        _exit(0);
    }
    setpgid(c, c);
    read(r[0], &rc, 1);
    CHECK_EQ(kill(-c, SIGUSR1), 0, "kill(-pgid) signals that group");
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGUSR1), "the child in the other group got it");
    CHECK_ERR(kill(-999999, SIGUSR1), ESRCH, "kill of an empty group: ESRCH");
    c = fork();
    if (c == 0) {
        setresuid(1000, 1000, 1000);
        _exit(kill(1, SIGUSR1) == -1 && errno == EPERM ? 0 : 1);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "an unprivileged process signalling init: EPERM");
    signal(SIGUSR1, SIG_DFL);
    close(p[0]);
    close(p[1]);
    close(r[0]);
    close(r[1]);
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    return t_done();
}
