/* Entry points called from vectors.S. */
#ifndef ARM64_EXCEPTION_H
#define ARM64_EXCEPTION_H

#include <kernel/trap_frame.h>

void el1_sync_handler(struct trap_frame *frame);
void el0_sync_handler(struct trap_frame *frame);
void irq_handler(struct trap_frame *frame);
void bad_exception(struct trap_frame *frame, int kind);
void kernel_stack_overflow(struct trap_frame *frame, uint64_t bad_sp);

#endif
