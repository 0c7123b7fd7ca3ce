/* User mode: tiny EL0 programs (user_programs.S) run in their own address
 * space, make system calls, fault pages in, die of bad accesses, and are
 * preempted by the timer. Every page comes back when they are reaped. */
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/machine.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <uapi/errno.h>

extern const char user_hello_start[], user_hello_end[];
extern const char user_segv_start[], user_segv_end[];
extern const char user_badptr_start[], user_badptr_end[];
extern const char user_spin_start[], user_spin_end[];

#define CODE_BASE  0x400000UL
#define STACK_TOP  0x7ffffff000UL
#define STACK_SIZE (64UL * 1024)

static struct task *start_program(const char *code, const char *end, struct mm **out)
{
    struct mm *mm = mm_create();
    *out = mm;
    if (!mm)
        return NULL;
    size_t len = (size_t)(end - code);
    struct task *t = NULL;
    if (mm_add_vma(mm, CODE_BASE, ALIGN_UP(len, PAGE_SIZE), PGPROT_READ | PGPROT_EXEC, 0) == 0 &&
        mm_add_vma(mm, STACK_TOP - STACK_SIZE, STACK_SIZE, PGPROT_READ | PGPROT_WRITE, VMA_STACK) ==
            0 &&
        mm_write_bytes(mm, CODE_BASE, code, len) == 0)
        t = user_task_create("ktest-user", mm, CODE_BASE, STACK_TOP);
    return t;
}

/* Run a program to its end; its wait status, or -1. */
static int run_program(const char *code, const char *end)
{
    struct mm *mm;
    struct task *t = start_program(code, end, &mm);
    int status = -1;
    if (t && task_wait(t->tgid, &status, false) <= 0)
        status = -1;
    if (mm)
        mm_put(mm);
    return status;
}

KTEST(user_program_syscalls_and_exit_status)
{
    KT_ASSERT(run_program(user_hello_start, user_hello_end) == 42 << 8);
    return KTEST_PASS;
}

KTEST(user_bad_pointers_get_efault_and_ebadf)
{
    KT_ASSERT(run_program(user_badptr_start, user_badptr_end) == 0);
    return KTEST_PASS;
}

KTEST(user_unmapped_access_kills_with_sigsegv)
{
    KT_ASSERT(run_program(user_segv_start, user_segv_end) == 11);
    return KTEST_PASS;
}

KTEST(user_wait_without_children_is_echild)
{
    int status;
    KT_ASSERT(task_wait(-1, &status, false) == -ECHILD);
    return KTEST_PASS;
}

/* Two spinning user tasks and this thread share the CPU only if the tick
 * preempts user mode. */
KTEST(user_spinners_are_preempted)
{
    struct mm *mm1, *mm2;
    struct task *a = start_program(user_spin_start, user_spin_end, &mm1);
    struct task *b = start_program(user_spin_start, user_spin_end, &mm2);
    KT_ASSERT(a && b);
    uint64_t start = clock_monotonic_ns();
    unsigned rounds = 0;
    while (clock_monotonic_ns() - start < 50000000ULL) { /* 50 ms */
        schedule();
        rounds++;
    }
    /* Both spinners got CPU time, and so did we. */
    bool both_ran = a->runtime_ns > 5000000ULL && b->runtime_ns > 5000000ULL;
    task_kill(a);
    task_kill(b);
    int sa, sb;
    KT_ASSERT(task_wait(a->tgid, &sa, false) > 0);
    KT_ASSERT(task_wait(b->tgid, &sb, false) > 0);
    mm_put(mm1);
    mm_put(mm2);
    KT_ASSERT(both_ran);
    KT_ASSERT(rounds > 3);
    return KTEST_PASS;
}

KTEST(user_programs_leave_no_pages_behind)
{
    heap_trim();
    KT_ASSERT(run_program(user_hello_start, user_hello_end) == 42 << 8); /* warm-up */
    heap_trim();
    uint64_t before = page_alloc_free_pages();
    unsigned tasks = task_count();
    for (int i = 0; i < 20; i++) {
        KT_ASSERT(run_program(user_hello_start, user_hello_end) == 42 << 8);
        KT_ASSERT(run_program(user_segv_start, user_segv_end) == 11);
    }
    heap_trim();
    KT_ASSERT(task_count() == tasks);
    KT_ASSERT(page_alloc_free_pages() == before);
    return KTEST_PASS;
}
