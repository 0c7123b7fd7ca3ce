/* The hooks portable kernel code uses to reach the CPU. Implemented in
 * kernel/arch/arm64/; nothing else touches system registers. */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <kernel/types.h>

/* Interrupt masking on the local CPU. */
unsigned long arch_irq_save(void); /* mask IRQs, return previous state */
void arch_irq_restore(unsigned long flags);
void arch_irq_enable(void);
void arch_irq_disable(void);
bool arch_irqs_enabled(void);
void arch_wait_for_interrupt(void);
void arch_cpu_relax(void);

/* Ordering for device memory and SMP. */
void arch_mb(void);  /* full system barrier */
void arch_wmb(void); /* orders prior stores before later stores */
void arch_rmb(void);

/* Per-CPU identity. */
unsigned arch_cpu_id(void);
struct percpu;
struct percpu *arch_this_cpu(void);

/* The free-running counter (CNTVCT_EL0) and its frequency. */
uint64_t arch_counter_read(void);
uint64_t arch_counter_freq(void);

/* Safe probes: read or write a kernel address, returning -EFAULT instead of
 * faulting (exception fixup table). */
int arch_probe_read_u64(const void *addr, uint64_t *out);
int arch_probe_write_u64(void *addr, uint64_t val);

/* Zero the largest run of whole cache-zeroing blocks inside [dst, dst+n)
 * (DC ZVA on arm64: one instruction per 64 bytes on most cores). Returns
 * the offset of the first zeroed byte and sets *done to the bytes zeroed;
 * the caller zeroes the head and tail itself. */
size_t arch_zero_blocks(void *dst, size_t n, size_t *done);

/* Make instructions just written through the data side (at kernel VA va)
 * visible to instruction fetch: clean to PoU, invalidate the I-cache
 * (ARM DDI 0487 L.b, D7.5.9 "Instruction cache maintenance"). */
void arch_sync_icache(const void *va, size_t len);

/* Machine control. */
void arch_halt(void) __attribute__((noreturn));
/* AT_HWCAP / AT_HWCAP2 for user programs (uapi/auxvec.h bits). */
uint64_t arch_elf_hwcap(void);
uint64_t arch_elf_hwcap2(void);

void arch_poweroff(void) __attribute__((noreturn));
void arch_reboot(void) __attribute__((noreturn));

#endif
