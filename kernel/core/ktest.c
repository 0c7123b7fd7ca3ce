/* The in-kernel test runner (include/kernel/ktest.h). */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/machine.h>
#include <kernel/string.h>

extern const struct ktest __ktests_start[], __ktests_end[];

static const char *current_filter = "";

bool ktest_explicitly_selected(const char *name)
{
    return current_filter[0] && strcmp(current_filter, "all") != 0 && strstr(name, current_filter);
}

static bool selected(const char *name, const char *filter)
{
    return !filter[0] || !strcmp(filter, "all") || strstr(name, filter);
}

void ktest_run_all(const char *filter, bool exit_semihosting)
{
    unsigned passed = 0, failed = 0, skipped = 0;
    current_filter = filter;
    /* cppcheck-suppress comparePointers ; linker-defined bounds of one section */
    for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
        if (!selected(t->name, filter))
            continue;
        pr_info("ktest: %s ...\n", t->name);
        uint64_t start = arch_counter_read();
        enum ktest_result r = t->fn();
        uint64_t us = (arch_counter_read() - start) * 1000000 / arch_counter_freq();
        const char *verdict = r == KTEST_PASS ? "ok" : r == KTEST_SKIP ? "skipped" : "FAILED";
        pr_info("ktest: %s %s (%lu us)\n", t->name, verdict, (unsigned long)us);
        passed += r == KTEST_PASS;
        failed += r == KTEST_FAIL;
        skipped += r == KTEST_SKIP;
    }
    pr_info("ktest: %u passed, %u failed, %u skipped\n", passed, failed, skipped);
    if (exit_semihosting)
        arch_semihost_exit(failed ? 1 : 0);
    arch_poweroff();
}
