/* Machine-level services implemented by the arch layer beyond arch.h:
 * bring-up of the interrupt controller and timer, MMIO mapping. */
#ifndef KERNEL_MACHINE_H
#define KERNEL_MACHINE_H

#include <kernel/devtree.h>
#include <kernel/trap_frame.h>
#include <kernel/types.h>

/* Exit QEMU with a status through semihosting (needs -semihosting). */
void arch_semihost_exit(int status);

/* Interrupt controller (GICv2 or v3, from the device tree). */
int irq_controller_init(const struct dt_platform *plat);
typedef void (*irq_handler_fn)(unsigned intid, void *data);
int irq_register(unsigned intid, irq_handler_fn fn, void *data);
void irq_unmask(unsigned intid);
void irq_mask(unsigned intid);
const char *irq_controller_name(void);

/* Generic timer: the scheduler tick. */
#define TICK_HZ 250
int timer_init(const struct dt_platform *plat);
uint64_t timer_ticks(void);
/* Sleep the CPU until at least ns nanoseconds have passed (busy-waits with WFI). */
void timer_delay_ns(uint64_t ns);
uint64_t clock_monotonic_ns(void);
/* Make this CPU's timer interrupt come no later than deadline_ns
 * (CLOCK_MONOTONIC), for kernel/time/timer.c. */
void timer_program_event(uint64_t deadline_ns);

#endif
