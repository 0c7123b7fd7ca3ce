/* In-kernel tests. A test build (make test-kernel) links the files in tests/kernel/;
 * each KTEST() lands in the .ktests section and ktest_run_all() runs them
 * at boot, prints one line per test and a summary "N passed, N failed,
 * N skipped", then ends QEMU with a status the harness reads. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <kernel/printk.h>
#include <kernel/types.h>

enum ktest_result { KTEST_PASS = 0, KTEST_FAIL, KTEST_SKIP };

struct ktest {
    const char *name;
    enum ktest_result (*fn)(void);
};

#define KTEST(name)                                                                                \
    static enum ktest_result ktest_fn_##name(void);                                                \
    static const struct ktest ktest_desc_##name                                                    \
        __attribute__((used, section(".ktests"), aligned(8))) = {#name, ktest_fn_##name};          \
    static enum ktest_result ktest_fn_##name(void)

#define KT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            pr_err("  assertion failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);                 \
            return KTEST_FAIL;                                                                     \
        }                                                                                          \
    } while (0)

#define KT_SKIP(why)                                                                               \
    do {                                                                                           \
        pr_info("  skipped: %s\n", why);                                                           \
        return KTEST_SKIP;                                                                         \
    } while (0)

/* True when the ktest= filter names this test itself rather than "all":
 * for tests that end the boot on purpose (a deliberate panic). */
bool ktest_explicitly_selected(const char *name);

/* Run every test whose name contains filter ("" or "all": every test) and
 * exit QEMU. exit_semihosting: end with SYS_EXIT_EXTENDED (status 0 iff
 * all passed) instead of PSCI SYSTEM_OFF. */
void ktest_run_all(const char *filter, bool exit_semihosting) __attribute__((noreturn));

#endif
