/* Wait queues (include/kernel/wait.h). A waiter's task state changes under
 * the run-queue lock through sched_set_sleeping()/wake_task(), so a wake-up
 * between the condition check and schedule() is never lost: the task is
 * simply RUNNING again when it reaches schedule(). */
#include <kernel/sched.h>
#include <kernel/wait.h>

void wait_queue_init(struct wait_queue *wq, const char *name)
{
    spin_init(&wq->lock, name);
    list_init(&wq->waiters);
}

void wait_prepare(struct wait_queue *wq, struct waiter *w, bool interruptible)
{
    w->task = current_task();
    spin_lock(&wq->lock);
    if (w->node.next == NULL || list_empty(&w->node))
        list_add_tail(&wq->waiters, &w->node);
    sched_set_sleeping(interruptible);
    spin_unlock(&wq->lock);
}

void wait_finish(struct wait_queue *wq, struct waiter *w)
{
    sched_set_running();
    spin_lock(&wq->lock);
    if (w->node.next && !list_empty(&w->node))
        list_remove(&w->node);
    spin_unlock(&wq->lock);
}

static unsigned wake(struct wait_queue *wq, unsigned max)
{
    unsigned n = 0;
    struct list_node *pos, *tmp;
    spin_lock(&wq->lock);
    list_for_each_safe(pos, tmp, &wq->waiters)
    {
        if (n == max)
            break;
        struct waiter *w = list_entry(pos, struct waiter, node);
        list_remove(&w->node);
        wake_task(w->task);
        n++;
    }
    spin_unlock(&wq->lock);
    return n;
}

unsigned wake_up_all(struct wait_queue *wq)
{
    return wake(wq, ~0u);
}

unsigned wake_up_one(struct wait_queue *wq)
{
    return wake(wq, 1);
}
