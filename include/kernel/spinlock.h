/* Spinlocks: busy-wait locks that also mask interrupts on the local CPU
 * while held, so an interrupt handler can never deadlock against the code
 * it interrupted. A lock records its owner CPU; acquiring a lock the CPU
 * already holds is a kernel bug and panics (see xv6 holding()). */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <kernel/types.h>

#define SPINLOCK_NO_OWNER (-1)

struct spinlock {
    uint32_t locked;  /* 0 free, 1 held; changed only with atomics */
    int owner_cpu;    /* CPU holding it, for the recursion check */
    const char *name; /* for panic messages */
};

#define SPINLOCK_INIT(n)                                                                           \
    {                                                                                              \
        0, SPINLOCK_NO_OWNER, (n)                                                                  \
    }

void spin_init(struct spinlock *lock, const char *name);
void spin_lock(struct spinlock *lock);
void spin_unlock(struct spinlock *lock);
bool spin_holding(const struct spinlock *lock);

#endif
