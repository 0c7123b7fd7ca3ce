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

/* Single-threaded host mutexes: a second lock by the same "task" is a
 * deadlock in the kernel, so it aborts here. */
#include <kernel/mutex.h>

static struct task *const host_task = (struct task *)1;

void mutex_init(struct mutex *m, const char *name)
{
    spin_init(&m->guard, name);
    m->owner = NULL;
    m->waiters = NULL;
    m->name = name;
}

void mutex_lock(struct mutex *m)
{
    if (m->owner) {
        fprintf(stderr, "mutex_lock of held mutex %s (deadlock)\n", m->name);
        abort();
    }
    m->owner = host_task;
}

int mutex_trylock(struct mutex *m)
{
    if (m->owner)
        return -16; /* EBUSY */
    m->owner = host_task;
    return 0;
}

void mutex_unlock(struct mutex *m)
{
    if (m->owner != host_task) {
        fprintf(stderr, "mutex_unlock of mutex %s not held\n", m->name);
        abort();
    }
    m->owner = NULL;
}

bool mutex_held(const struct mutex *m)
{
    return m->owner == host_task;
}
