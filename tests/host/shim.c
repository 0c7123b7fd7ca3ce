/* Host stand-ins for the few kernel services portable modules call:
 * single-threaded spinlocks that still catch recursive acquisition, and
 * a panic that aborts so the sanitizers print a stack. */
#include <kernel/spinlock.h>

#include <stdio.h>
#include <stdlib.h>

void spin_init(struct spinlock *lock, const char *name)
{
    lock->locked = 0;
    lock->owner_cpu = SPINLOCK_NO_OWNER;
    lock->name = name;
}

void spin_lock(struct spinlock *lock)
{
    if (lock->locked) {
        fprintf(stderr, "recursive spin_lock of %s\n", lock->name);
        abort();
    }
    lock->locked = 1;
    lock->owner_cpu = 0;
}

void spin_unlock(struct spinlock *lock)
{
    if (!lock->locked) {
        fprintf(stderr, "spin_unlock of free lock %s\n", lock->name);
        abort();
    }
    lock->locked = 0;
    lock->owner_cpu = SPINLOCK_NO_OWNER;
}

bool spin_holding(const struct spinlock *lock)
{
    return lock->locked && lock->owner_cpu == 0;
}

void panic(const char *fmt, ...)
{
    fprintf(stderr, "panic: %s\n", fmt);
    abort();
}
