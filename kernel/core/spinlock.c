/* Spinlocks (include/kernel/spinlock.h). Acquire masks IRQs first, so an
 * interrupt handler on this CPU cannot spin on a lock its own CPU holds;
 * the IRQ state is restored when the CPU's last lock is released
 * (xv6 push_off/pop_off). Acquire/release ordering comes from the atomics. */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/spinlock.h>

static void irq_push(void)
{
    unsigned long flags = arch_irq_save();
    struct percpu *cpu = arch_this_cpu();
    if (cpu->irq_save_depth++ == 0)
        cpu->irq_saved = flags;
}

static void irq_pop(void)
{
    struct percpu *cpu = arch_this_cpu();
    if (arch_irqs_enabled())
        panic("irq_pop with interrupts enabled");
    if (--cpu->irq_save_depth < 0)
        panic("irq_pop without irq_push");
    if (cpu->irq_save_depth == 0)
        arch_irq_restore(cpu->irq_saved);
}

void spin_init(struct spinlock *lock, const char *name)
{
    lock->locked = 0;
    lock->owner_cpu = SPINLOCK_NO_OWNER;
    lock->name = name;
}

bool spin_holding(const struct spinlock *lock)
{
    return __atomic_load_n(&lock->locked, __ATOMIC_RELAXED) &&
           lock->owner_cpu == (int)arch_cpu_id();
}

void spin_lock(struct spinlock *lock)
{
    irq_push();
    if (spin_holding(lock))
        panic("spin_lock: %s already held by this CPU", lock->name);
    while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
            arch_cpu_relax();
    }
    lock->owner_cpu = (int)arch_cpu_id();
}

void spin_unlock(struct spinlock *lock)
{
    if (!spin_holding(lock))
        panic("spin_unlock: %s not held by this CPU", lock->name);
    lock->owner_cpu = SPINLOCK_NO_OWNER;
    __atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
    irq_pop();
}
