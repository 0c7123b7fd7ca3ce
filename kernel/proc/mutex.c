/* Sleeping mutexes (include/kernel/mutex.h). The wait queue lives in a
 * small side structure allocated on first contention would complicate
 * things; instead each mutex's waiters pointer is unused and contended
 * lockers sleep on one global wait queue, re-checking their own mutex
 * when woken. Contention is rare in a kernel this size; this keeps
 * struct mutex static-initialisable. */
#include <kernel/mutex.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/wait.h>
#include <uapi/errno.h>

static struct wait_queue mutex_waiters = WAIT_QUEUE_INIT(mutex_waiters);

void mutex_init(struct mutex *m, const char *name)
{
    spin_init(&m->guard, name);
    m->owner = NULL;
    m->waiters = NULL;
    m->name = name;
}

int mutex_trylock(struct mutex *m)
{
    struct task *self = current_task();
    spin_lock(&m->guard);
    if (m->owner == self)
        panic("mutex %s: recursive lock", m->name);
    int err = m->owner ? -EBUSY : 0;
    if (!err)
        m->owner = self;
    spin_unlock(&m->guard);
    return err;
}

void mutex_lock(struct mutex *m)
{
    wait_event(&mutex_waiters, mutex_trylock(m) == 0);
}

void mutex_unlock(struct mutex *m)
{
    spin_lock(&m->guard);
    if (m->owner != current_task())
        panic("mutex %s: unlocked by a task that does not hold it", m->name);
    m->owner = NULL;
    spin_unlock(&m->guard);
    wake_up_all(&mutex_waiters);
}

bool mutex_held(const struct mutex *m)
{
    return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == current_task();
}
