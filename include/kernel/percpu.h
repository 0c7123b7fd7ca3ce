/* Per-CPU state. Each CPU reaches its own through arch_this_cpu()
 * (TPIDR_EL1); fields are touched only by their CPU unless noted. */
#ifndef KERNEL_PERCPU_H
#define KERNEL_PERCPU_H

#include <kernel/types.h>

struct task;

#define MAX_CPUS 8

struct percpu {
    uint64_t overflow_stack_top; /* must stay first: vectors.S reads offset 0 */
    unsigned id;                 /* logical CPU number, 0 = boot CPU */
    uint64_t mpidr;              /* MPIDR_EL1 affinity */
    int irq_save_depth;          /* nesting of spin_lock irq masks */
    unsigned long irq_saved;     /* IRQ state before the outermost lock */
    uint64_t irq_count;          /* interrupts handled on this CPU */
    uint64_t ticks;              /* scheduler ticks seen by this CPU */
    struct task *current;        /* task running here (sched.c) */
    struct task *idle;           /* this CPU's idle task */
    bool need_resched;           /* set by the tick or a wake-up */
};

extern struct percpu percpu_area[MAX_CPUS];

#endif
