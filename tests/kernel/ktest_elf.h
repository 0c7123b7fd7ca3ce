/* Running the EL0 test programs embedded in the test kernel
 * (tests/kernel/user/, built by mk/ktest-user.mk) as child processes
 * through exec, for the ktests of several subsystems. */
#ifndef TESTS_KERNEL_KTEST_ELF_H
#define TESTS_KERNEL_KTEST_ELF_H

#include <kernel/exec.h>
#include <kernel/types.h>

/* An ELF image in memory, read through struct exec_file. */
struct ktest_elf {
    const char *data;
    uint64_t size;
};

long ktest_elf_read(void *ctx, void *buf, size_t len, uint64_t off);

/* exec the image [start, end) as name (argv {name}, envp {"HOME=/"}) in
 * a new child of the caller and wait for it: its wait status, or -1. */
int ktest_run_elf(const char *name, const char *start, const char *end);

#endif
