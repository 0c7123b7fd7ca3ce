/* The pending-timer list (kernel/time/timer_list.c): ordered by deadline,
 * FIFO among equal deadlines, expired timers popped one at a time. */
#include <kernel/timer.h>

#include "test.h"

static struct ktimer timers[8];

static void noop(struct ktimer *t)
{
    (void)t;
}

static void arm(struct list_node *head, int i, uint64_t deadline)
{
    timers[i].fn = noop;
    timers[i].deadline_ns = deadline;
    timer_list_insert(head, &timers[i]);
}

static int pop(struct list_node *head, uint64_t now)
{
    struct ktimer *t = timer_list_pop_expired(head, now);
    return t ? (int)(t - timers) : -1;
}

TEST(timer_list_empty)
{
    struct list_node head;
    list_init(&head);
    CHECK(timer_list_next_deadline(&head) == KTIME_NEVER);
    CHECK_EQ(pop(&head, UINT64_MAX), -1);
}

TEST(timer_list_orders_by_deadline)
{
    struct list_node head;
    list_init(&head);
    arm(&head, 0, 300);
    arm(&head, 1, 100);
    arm(&head, 2, 200);
    arm(&head, 3, 50);
    arm(&head, 4, 1000);
    CHECK_EQ(timer_list_next_deadline(&head), 50);
    CHECK_EQ(pop(&head, 49), -1);
    CHECK_EQ(pop(&head, 250), 3);
    CHECK_EQ(pop(&head, 250), 1);
    CHECK_EQ(pop(&head, 250), 2);
    CHECK_EQ(pop(&head, 250), -1);
    CHECK_EQ(timer_list_next_deadline(&head), 300);
    CHECK_EQ(pop(&head, 300), 0); /* a deadline equal to now has expired */
    CHECK_EQ(pop(&head, UINT64_MAX), 4);
    CHECK(list_empty(&head));
}

TEST(timer_list_equal_deadlines_fire_in_arming_order)
{
    struct list_node head;
    list_init(&head);
    arm(&head, 5, 10);
    arm(&head, 2, 10);
    arm(&head, 7, 5);
    arm(&head, 1, 10);
    CHECK_EQ(pop(&head, 10), 7);
    CHECK_EQ(pop(&head, 10), 5);
    CHECK_EQ(pop(&head, 10), 2);
    CHECK_EQ(pop(&head, 10), 1);
}

TEST(timer_list_never_deadline_stays_last)
{
    struct list_node head;
    list_init(&head);
    arm(&head, 0, KTIME_NEVER);
    arm(&head, 1, 0);
    CHECK_EQ(pop(&head, 0), 1);
    CHECK_EQ(pop(&head, KTIME_NEVER - 1), -1);
    CHECK_EQ(pop(&head, KTIME_NEVER), 0);
}

/* Many pseudo-random deadlines come out sorted. */
TEST(timer_list_random_insertions_sorted)
{
    static struct ktimer many[500];
    struct list_node head;
    list_init(&head);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 500; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        many[i].deadline_ns = x % 1000;
        timer_list_insert(&head, &many[i]);
    }
    uint64_t prev = 0;
    int n = 0;
    struct ktimer *t;
    while ((t = timer_list_pop_expired(&head, UINT64_MAX)) != NULL) {
        CHECK(t->deadline_ns >= prev);
        prev = t->deadline_ns;
        n++;
    }
    CHECK_EQ(n, 500);
}
