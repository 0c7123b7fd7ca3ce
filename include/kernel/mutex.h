/* Sleeping locks, for anything that may block while holding the lock
 * (file systems, page cache, process tables). Unlike a spinlock a mutex
 * does not mask interrupts and must not be taken in interrupt context.
 * A task waiting for a mutex sleeps on the mutex's wait queue; the owner is
 * recorded, so recursive locking and unlocking by a non-owner panic. Host
 * tests get a single-threaded stand-in (tests/host/shim.c). */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H

#include <kernel/spinlock.h>
#include <kernel/types.h>

struct task;

struct mutex {
    struct spinlock guard; /* protects the fields below */
    struct task *owner;    /* NULL when free */
    void *waiters;         /* wait queue of tasks blocked on it (kernel/proc) */
    const char *name;
};

#define MUTEX_INIT(n)                                                                              \
    {                                                                                              \
        SPINLOCK_INIT(n), NULL, NULL, (n)                                                          \
    }

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
/* 0 if taken, -EBUSY if someone holds it. */
int mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
/* True if the calling task holds m (for assertions). */
bool mutex_held(const struct mutex *m);

#endif
