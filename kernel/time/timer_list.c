/* The pending-timer list: ordered by deadline, and among equal deadlines
 * by arming order (FIFO), so two timers armed for the same instant fire in
 * the order they were armed, as Linux's timerqueue does. An ordered list
 * costs O(n) to insert; the kernel has a handful of pending timers (one
 * per sleeping task at most), and popping the earliest is O(1).
 * Portable: tests/host/test_timer.c runs it. */
#include <kernel/timer.h>

void timer_list_insert(struct list_node *head, struct ktimer *t)
{
    /* Walk from the tail: new timers usually expire after the others. */
    struct list_node *pos = head->prev;
    while (pos != head && list_entry(pos, struct ktimer, node)->deadline_ns > t->deadline_ns)
        pos = pos->prev;
    list_insert_between(&t->node, pos, pos->next);
}

struct ktimer *timer_list_pop_expired(struct list_node *head, uint64_t now_ns)
{
    if (list_empty(head))
        return NULL;
    struct ktimer *t = list_entry(head->next, struct ktimer, node);
    if (t->deadline_ns > now_ns)
        return NULL;
    list_remove(&t->node);
    return t;
}

uint64_t timer_list_next_deadline(const struct list_node *head)
{
    if (list_empty(head))
        return KTIME_NEVER;
    return list_entry(head->next, struct ktimer, node)->deadline_ns;
}
