/* Starting a new program in the current task (execve). The ELF and "#!"
 * parsing is portable (elf.h), the initial stack too (exec_stack.h); this
 * is the part that builds the address space and switches to it. */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <kernel/exec_stack.h>
#include <kernel/types.h>

/* Where exec reads a program from: a file, or a buffer in tests. */
struct exec_file {
    uint64_t size;
    /* Read up to len bytes at off: the count (short only at the end) or
     * -errno. */
    long (*read)(void *ctx, void *buf, size_t len, uint64_t off);
    void *ctx;
};

/* Load the ELF executable f into a fresh address space and make it the
 * current task's program, with the given arguments (execfn is AT_EXECFN,
 * comm the new task name). On success the task's user registers are set
 * to start the program and 0 is returned; on failure nothing has changed
 * and -ENOEXEC, -ENOMEM, -E2BIG, -EIO, ... is returned. */
int exec_elf(struct exec_file *f, const struct exec_args *args, const char *comm);

#endif
