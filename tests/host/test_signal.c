/* Host tests of the portable signal core (kernel/signal/sigcore.c):
 * the default-action table of signal(7), which signal is taken next,
 * siginfo layouts, pending queues (standard signals do not queue,
 * real-time ones do, allocation failure), and sigaltstack's rules. */
#include <kernel/heap.h>
#include <kernel/signal.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

#include "test.h"

/* The heap, with a switch to make allocations fail. */
static int fail_allocs;
static int live_allocs;

void *kmalloc(size_t size)
{
    if (fail_allocs)
        return NULL;
    live_allocs++;
    return malloc(size);
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

void kfree(void *p)
{
    if (p)
        live_allocs--;
    free(p);
}

static struct ksiginfo info_for(int sig, int code, int pid)
{
    struct ksiginfo i;
    memset(&i, 0, sizeof(i));
    i.si_signo = sig;
    i.si_code = code;
    i.u.kill.pid = pid;
    return i;
}

TEST(default_actions_follow_signal_7)
{
    static const int core[] = {SIGQUIT, SIGILL,  SIGTRAP, SIGABRT, SIGBUS,
                               SIGFPE,  SIGSEGV, SIGXCPU, SIGXFSZ, SIGSYS};
    static const int stop[] = {SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU};
    static const int ign[] = {SIGCHLD, SIGURG, SIGWINCH};
    for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++)
        CHECK_EQ(sig_default_action(core[i]), SIG_DFL_CORE);
    for (size_t i = 0; i < sizeof(stop) / sizeof(stop[0]); i++)
        CHECK_EQ(sig_default_action(stop[i]), SIG_DFL_STOP);
    for (size_t i = 0; i < sizeof(ign) / sizeof(ign[0]); i++)
        CHECK_EQ(sig_default_action(ign[i]), SIG_DFL_IGNORE);
    CHECK_EQ(sig_default_action(SIGCONT), SIG_DFL_CONT);
    static const int term[] = {SIGHUP,  SIGINT,    SIGKILL,   SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
                               SIGTERM, SIGSTKFLT, SIGVTALRM, SIGPROF, SIGIO,   SIGPWR};
    for (size_t i = 0; i < sizeof(term) / sizeof(term[0]); i++)
        CHECK_EQ(sig_default_action(term[i]), SIG_DFL_TERM);
    for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
        CHECK_EQ(sig_default_action(s), SIG_DFL_TERM);
}

TEST(masks_and_validity)
{
    CHECK_EQ(SIGMASK(1), 1);
    CHECK_EQ(SIGMASK(64), 1ULL << 63);
    CHECK(!sig_valid(0) && sig_valid(1) && sig_valid(64) && !sig_valid(65) && !sig_valid(-1));
    CHECK_EQ(SIG_KERNEL_ONLY_MASK, (1ULL << 8) | (1ULL << 18));
}

TEST(next_signal_prefers_faults_then_lowest)
{
    CHECK_EQ(sig_next(0, 0), 0);
    CHECK_EQ(sig_next(SIGMASK(SIGUSR1) | SIGMASK(SIGTERM), 0), SIGUSR1);
    CHECK_EQ(sig_next(SIGMASK(SIGUSR1) | SIGMASK(SIGTERM), SIGMASK(SIGUSR1)), SIGTERM);
    CHECK_EQ(sig_next(SIGMASK(SIGHUP) | SIGMASK(SIGSEGV), 0), SIGSEGV);
    CHECK_EQ(sig_next(SIGMASK(SIGHUP) | SIGMASK(SIGSEGV) | SIGMASK(SIGILL), 0), SIGILL);
    CHECK_EQ(sig_next(SIGMASK(SIGHUP) | SIGMASK(SIGSEGV), SIGMASK(SIGSEGV)), SIGHUP);
    CHECK_EQ(sig_next(SIGMASK(64), 0), 64);
    CHECK_EQ(sig_next(~0ULL, ~0ULL), 0);
}

TEST(siginfo_layouts)
{
    CHECK_EQ(siginfo_layout(SIGUSR1, SI_USER), SIL_KILL);
    CHECK_EQ(siginfo_layout(SIGUSR1, SI_TKILL), SIL_KILL);
    CHECK_EQ(siginfo_layout(SIGUSR1, SI_KERNEL), SIL_KILL);
    CHECK_EQ(siginfo_layout(SIGUSR1, SI_QUEUE), SIL_RT);
    CHECK_EQ(siginfo_layout(SIGALRM, SI_TIMER), SIL_TIMER);
    CHECK_EQ(siginfo_layout(SIGSEGV, SEGV_MAPERR), SIL_FAULT);
    CHECK_EQ(siginfo_layout(SIGBUS, BUS_ADRALN), SIL_FAULT);
    CHECK_EQ(siginfo_layout(SIGTRAP, TRAP_BRKPT), SIL_FAULT);
    CHECK_EQ(siginfo_layout(SIGCHLD, CLD_EXITED), SIL_CHLD);
    CHECK_EQ(siginfo_layout(SIGSYS, 1), SIL_SYS);
    CHECK_EQ(siginfo_layout(SIGIO, 1), SIL_POLL);
    CHECK_EQ(siginfo_layout(SIGSEGV, SI_USER), SIL_KILL); /* kill -SEGV is not a fault */
}

TEST(standard_signals_do_not_queue)
{
    struct sigpending p;
    sigpending_init(&p);
    struct ksiginfo a = info_for(SIGUSR1, SI_USER, 7), b = info_for(SIGUSR1, SI_USER, 8), out;
    CHECK_EQ(sigpending_add(&p, SIGUSR1, &a, true), 0);
    CHECK_EQ(sigpending_add(&p, SIGUSR1, &b, true), 0);
    CHECK_EQ(p.set, SIGMASK(SIGUSR1));
    sigpending_take(&p, SIGUSR1, &out);
    CHECK_EQ(out.u.kill.pid, 7); /* the first one's info */
    CHECK_EQ(p.set, 0);
    CHECK(list_empty(&p.queue));
    CHECK_EQ(live_allocs, 0);
}

TEST(realtime_signals_queue_in_order)
{
    struct sigpending p;
    sigpending_init(&p);
    for (int i = 0; i < 3; i++) {
        struct ksiginfo in = info_for(SIGRTMIN + 1, SI_QUEUE, 100 + i);
        CHECK_EQ(sigpending_add(&p, SIGRTMIN + 1, &in, true), 0);
    }
    struct ksiginfo u = info_for(SIGUSR2, SI_USER, 1);
    sigpending_add(&p, SIGUSR2, &u, true);
    for (int i = 0; i < 3; i++) {
        CHECK(p.set & SIGMASK(SIGRTMIN + 1));
        struct ksiginfo out;
        sigpending_take(&p, SIGRTMIN + 1, &out);
        CHECK_EQ(out.u.kill.pid, 100 + i);
    }
    CHECK_EQ(p.set, SIGMASK(SIGUSR2));
    sigpending_flush(&p);
    CHECK_EQ(p.set, 0);
    CHECK_EQ(live_allocs, 0);
}

TEST(out_of_memory_keeps_standard_signals)
{
    struct sigpending p;
    sigpending_init(&p);
    struct ksiginfo in = info_for(SIGTERM, SI_USER, 9), out;
    fail_allocs = 1;
    CHECK_EQ(sigpending_add(&p, SIGTERM, &in, true), 0);
    CHECK_EQ(p.set, SIGMASK(SIGTERM));
    struct ksiginfo rt = info_for(SIGRTMIN, SI_QUEUE, 9);
    CHECK_EQ(sigpending_add(&p, SIGRTMIN, &rt, true), -EAGAIN);
    CHECK_EQ(sigpending_add(&p, SIGRTMIN, &rt, false), 0); /* from the kernel: marked */
    fail_allocs = 0;
    sigpending_take(&p, SIGTERM, &out);
    CHECK_EQ(out.si_signo, SIGTERM);
    CHECK_EQ(out.si_code, SI_USER);
    CHECK_EQ(out.u.kill.pid, 0); /* the info is lost */
    sigpending_take(&p, SIGRTMIN, &out);
    CHECK_EQ(p.set, 0);
}

TEST(flush_mask_drops_only_those)
{
    struct sigpending p;
    sigpending_init(&p);
    static const int sigs[] = {SIGSTOP, SIGTSTP, SIGCONT, SIGUSR1};
    for (size_t i = 0; i < 4; i++) {
        struct ksiginfo in = info_for(sigs[i], SI_KERNEL, 0);
        sigpending_add(&p, sigs[i], &in, false);
    }
    sigpending_flush_mask(&p, SIG_STOP_MASK);
    CHECK_EQ(p.set, SIGMASK(SIGCONT) | SIGMASK(SIGUSR1));
    struct ksiginfo out;
    sigpending_take(&p, SIGCONT, &out);
    CHECK_EQ(out.si_code, SI_KERNEL);
    sigpending_flush(&p);
    CHECK_EQ(live_allocs, 0);
}

TEST(altstack_rules)
{
    struct sigaltstack_state ss = {0, 0, SS_DISABLE};
    struct uapi_stack old, nw = {0x10000, 0, 0, 0x4000};
    CHECK_EQ(sas_change(&ss, NULL, &old, 0x20000, MINSIGSTKSZ), 0);
    CHECK_EQ(old.ss_flags, SS_DISABLE);
    CHECK_EQ(old.ss_size, 0);
    nw.ss_size = MINSIGSTKSZ - 1;
    CHECK_EQ(sas_change(&ss, &nw, NULL, 0x20000, MINSIGSTKSZ), -ENOMEM);
    nw.ss_size = 0x4000;
    nw.ss_flags = 4;
    CHECK_EQ(sas_change(&ss, &nw, NULL, 0x20000, MINSIGSTKSZ), -EINVAL);
    nw.ss_flags = SS_ONSTACK; /* accepted and ignored, as Linux does */
    CHECK_EQ(sas_change(&ss, &nw, NULL, 0x20000, MINSIGSTKSZ), 0);
    /* The top (sp + size) is on the stack, the base is not. */
    CHECK(sas_on_stack(&ss, 0x14000));
    CHECK(sas_on_stack(&ss, 0x10001));
    CHECK(!sas_on_stack(&ss, 0x10000));
    CHECK(!sas_on_stack(&ss, 0x14001));
    CHECK_EQ(sas_flags_for(&ss, 0x12000), SS_ONSTACK);
    CHECK_EQ(sas_flags_for(&ss, 0x20000), 0);
    /* No change while running on it. */
    CHECK_EQ(sas_change(&ss, &nw, &old, 0x12000, MINSIGSTKSZ), -EPERM);
    CHECK_EQ(old.ss_flags, SS_ONSTACK);
    CHECK_EQ(old.ss_sp, 0x10000);
    /* SS_AUTODISARM: reported, and "on the stack" is never claimed. */
    nw.ss_flags = (int32_t)SS_AUTODISARM;
    CHECK_EQ(sas_change(&ss, &nw, NULL, 0x20000, MINSIGSTKSZ), 0);
    CHECK(!sas_on_stack(&ss, 0x12000));
    sas_change(&ss, NULL, &old, 0x12000, MINSIGSTKSZ);
    CHECK_EQ((uint32_t)old.ss_flags, SS_AUTODISARM);
    /* SS_DISABLE clears it whatever the other fields say. */
    nw.ss_flags = SS_DISABLE;
    nw.ss_size = 1;
    CHECK_EQ(sas_change(&ss, &nw, NULL, 0x20000, MINSIGSTKSZ), 0);
    CHECK_EQ(ss.size, 0);
    CHECK_EQ(sas_flags_for(&ss, 0), SS_DISABLE);
}
