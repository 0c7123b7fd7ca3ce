/* Kernel stacks: KSTACK_BYTES each, mapped in the KSTACK area with an
 * unmapped guard below (include/kernel/memlayout.h), so an overflow faults
 * and is reported instead of corrupting memory. */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include <kernel/types.h>

/* Returns the initial stack pointer (top of the stack), or NULL. */
void *kstack_alloc(void);
void kstack_free(void *top);
unsigned kstack_in_use(void);

/* Switch the running CPU to stack top and run fn there; never returns. */
void call_on_stack(void *top, void (*fn)(void)) __attribute__((noreturn));

#endif
