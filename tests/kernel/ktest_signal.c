/* Signals end to end: tests/kernel/user/signal_test.c runs through exec
 * (handlers, frames and sigreturn, faults, masks, job control, waits,
 * the alternate stack) and exits with its failure count; plus the kernel
 * side of sending: SIGKILL, SIGSTOP/SIGCONT as wait sees them, the
 * signals a kernel thread sends to a spinning user task. */
#include <kernel/exec.h>
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <uapi/errno.h>

#include "ktest_elf.h"
#include <uapi/sched.h>

extern const char signal_test_elf_start[], signal_test_elf_end[];
extern const char signal_test_pie_start[], signal_test_pie_end[];
extern const char user_spin_start[], user_spin_end[];

KTEST(signal_user_program_static)
{
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    int status = ktest_run_elf("signal_test", signal_test_elf_start, signal_test_elf_end);
    KT_ASSERT(status == 0);
    heap_trim();
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}

KTEST(signal_user_program_static_pie)
{
    int status = ktest_run_elf("signal_test", signal_test_pie_start, signal_test_pie_end);
    if (status)
        pr_err("  signal_test-pie: wait status %#x\n", status);
    KT_ASSERT(status == 0);
    return KTEST_PASS;
}

#define SPIN_BASE  0x400000UL
#define SPIN_STACK 0x7ffffff000UL

static struct task *start_spinner(struct mm **out)
{
    struct mm *mm = mm_create();
    *out = mm;
    if (!mm)
        return NULL;
    /* cppcheck-suppress comparePointers ; linker-defined bounds of one program */
    size_t len = (size_t)(user_spin_end - user_spin_start);
    if (mm_add_vma(mm, SPIN_BASE, PAGE_SIZE, PGPROT_READ | PGPROT_EXEC, 0) ||
        mm_add_vma(mm, SPIN_STACK - 65536, 65536, PGPROT_READ | PGPROT_WRITE, VMA_STACK) ||
        mm_write_bytes(mm, SPIN_BASE, user_spin_start, len))
        return NULL;
    return user_task_create("spinner", mm, SPIN_BASE, SPIN_STACK);
}

static bool wait_until_stopped(struct task *t)
{
    for (int i = 0; i < 1000; i++) {
        spin_lock(&tasklist_lock);
        int st;
        bool stopped = signal_take_stop_report(t, &st, false);
        spin_unlock(&tasklist_lock);
        if (stopped)
            return st == ((SIGSTOP << 8) | 0x7f);
        schedule();
    }
    return false;
}

/* A kernel-side SIGSTOP stops a user task in user mode; wait sees it;
 * SIGCONT resumes it (and is reported once); SIGKILL then ends it. */
KTEST(signal_stop_continue_kill_from_kernel)
{
    struct mm *mm;
    struct task *t = start_spinner(&mm);
    KT_ASSERT(t);
    KT_ASSERT(signal_send_process(t, SIGSTOP, NULL) == 0);
    KT_ASSERT(wait_until_stopped(t));
    uint64_t ran = t->runtime_ns;
    for (int i = 0; i < 20; i++)
        schedule();
    KT_ASSERT(t->runtime_ns == ran); /* stopped means not running */
    struct wait_request rq = {P_PID, t->tgid, WSTOPPED | WNOHANG};
    struct wait_result res = {0};
    KT_ASSERT(task_wait_for(&rq, &res) == t->tgid);
    KT_ASSERT(res.status == 0x137f && res.si_code == CLD_STOPPED && res.si_status == SIGSTOP);
    KT_ASSERT(task_wait_for(&rq, &res) == 0); /* reported once */
    KT_ASSERT(signal_send_process(t, SIGCONT, NULL) == 0);
    struct wait_request rc = {P_PID, t->tgid, WCONTINUED | WNOHANG};
    KT_ASSERT(task_wait_for(&rc, &res) == t->tgid);
    KT_ASSERT(res.status == 0xffff && res.si_code == CLD_CONTINUED);
    task_kill(t);
    int pid = t->tgid, status; /* t is freed once reaped */
    KT_ASSERT(task_wait(pid, &status, false) == pid);
    KT_ASSERT(status == SIGKILL);
    mm_put(mm);
    return KTEST_PASS;
}

/* SIGKILL ends a stopped task too; a caught-by-default-ignored signal
 * does nothing; an invalid number is EINVAL. */
KTEST(signal_kill_stopped_and_ignored_defaults)
{
    struct mm *mm;
    struct task *t = start_spinner(&mm);
    KT_ASSERT(t);
    KT_ASSERT(signal_send_process(t, 65, NULL) == -EINVAL);
    KT_ASSERT(signal_send_process(t, SIGWINCH, NULL) == 0); /* default: ignore */
    KT_ASSERT(signal_send_process(t, SIGCHLD, NULL) == 0);
    KT_ASSERT(signal_send_process(t, SIGTSTP, NULL) == 0);
    /* The spinner's process group is orphaned (no member has a parent in
     * another group of its session), so SIGTSTP is discarded; SIGSTOP
     * never is. */
    KT_ASSERT(signal_send_process(t, SIGSTOP, NULL) == 0);
    KT_ASSERT(wait_until_stopped(t));
    task_kill(t);
    int pid = t->tgid, status; /* t is freed once reaped */
    KT_ASSERT(task_wait(pid, &status, false) == pid);
    KT_ASSERT(status == SIGKILL);
    mm_put(mm);
    return KTEST_PASS;
}

/* The default action of SIGTERM sent by the kernel terminates with the
 * signal number as the wait status (no core bit for SIGQUIT either). */
KTEST(signal_default_terminate_status)
{
    static const int sigs[] = {SIGTERM, SIGQUIT, SIGUSR2, SIGRTMIN + 3};
    for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
        struct mm *mm;
        struct task *t = start_spinner(&mm);
        KT_ASSERT(t);
        KT_ASSERT(signal_send_process(t, sigs[i], NULL) == 0);
        int pid = t->tgid, status = -1;
        KT_ASSERT(task_wait(pid, &status, false) == pid);
        KT_ASSERT(status == sigs[i]);
        mm_put(mm);
    }
    return KTEST_PASS;
}
