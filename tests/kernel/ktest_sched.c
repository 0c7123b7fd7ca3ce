/* Kernel threads, the scheduler, wait queues and mutexes: threads run and
 * exit and are freed, sleepers are woken exactly when their condition
 * holds, and a mutex keeps a read-modify-write with yields inside it
 * correct. */
#include <kernel/heap.h>
#include <kernel/ktest.h>
#include <kernel/mutex.h>
#include <kernel/page_alloc.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/wait.h>

/* Let every runnable thread finish, and the dead be freed. */
static void settle(void)
{
    for (int i = 0; i < 200; i++)
        schedule();
}

static volatile unsigned started, finished;

static void counting_thread(void *arg)
{
    __atomic_add_fetch(&started, 1, __ATOMIC_RELAXED);
    for (int i = 0; i < (int)(uintptr_t)arg; i++)
        sched_yield();
    __atomic_add_fetch(&finished, 1, __ATOMIC_RELAXED);
}

static bool run_counting_batch(void)
{
    started = finished = 0;
    for (int i = 0; i < 20; i++)
        if (!kthread_create("counter", counting_thread, (void *)(uintptr_t)(i % 5)))
            return false;
    settle();
    return started == 20 && finished == 20;
}

KTEST(sched_threads_run_exit_and_are_freed)
{
    /* A first batch warms up what stays allocated by design (kernel-stack
     * page tables, heap slabs); the second must give back every page. */
    KT_ASSERT(run_counting_batch());
    heap_trim();
    unsigned tasks_before = task_count();
    uint64_t pages_before = page_alloc_free_pages();
    uint64_t switches_before = sched_switch_count();
    KT_ASSERT(run_counting_batch());
    heap_trim();
    KT_ASSERT(task_count() == tasks_before);
    KT_ASSERT(page_alloc_free_pages() == pages_before);
    KT_ASSERT(sched_switch_count() - switches_before >= 40);
    return KTEST_PASS;
}

/* Ping-pong: each side sleeps until the shared turn is its own. */
static struct wait_queue turn_changed = WAIT_QUEUE_INIT(turn_changed);
static volatile int turn;
static volatile unsigned rounds_done;
#define ROUNDS 500

static void pong_thread(void *arg)
{
    UNUSED(arg);
    for (int i = 0; i < ROUNDS; i++) {
        wait_event(&turn_changed, turn == 1);
        turn = 0;
        wake_up_all(&turn_changed);
    }
}

KTEST(sched_wait_queue_ping_pong)
{
    turn = 0;
    KT_ASSERT(kthread_create("pong", pong_thread, NULL) != NULL);
    for (rounds_done = 0; rounds_done < ROUNDS; rounds_done++) {
        turn = 1;
        wake_up_all(&turn_changed);
        wait_event(&turn_changed, turn == 0);
    }
    settle();
    KT_ASSERT(rounds_done == ROUNDS);
    return KTEST_PASS;
}

static struct mutex counter_lock = MUTEX_INIT("ktest counter");
static volatile unsigned shared_counter, mutex_threads_done;

static void mutex_thread(void *arg)
{
    UNUSED(arg);
    for (int i = 0; i < 200; i++) {
        mutex_lock(&counter_lock);
        unsigned v = shared_counter;
        sched_yield(); /* others run and try to take the lock meanwhile */
        shared_counter = v + 1;
        mutex_unlock(&counter_lock);
    }
    __atomic_add_fetch(&mutex_threads_done, 1, __ATOMIC_RELAXED);
}

KTEST(sched_mutex_serialises_yielding_threads)
{
    shared_counter = mutex_threads_done = 0;
    for (int i = 0; i < 4; i++)
        KT_ASSERT(kthread_create("mutex", mutex_thread, NULL) != NULL);
    while (mutex_threads_done < 4)
        schedule();
    KT_ASSERT(shared_counter == 800);
    KT_ASSERT(mutex_trylock(&counter_lock) == 0);
    mutex_unlock(&counter_lock);
    settle();
    return KTEST_PASS;
}

/* A thread sleeping on a queue nobody wakes stays asleep: the scheduler
 * does not spin it. */
static struct wait_queue never = WAIT_QUEUE_INIT(never);
static volatile bool release_sleeper, sleeper_done;

static void sleeper_thread(void *arg)
{
    UNUSED(arg);
    wait_event(&never, release_sleeper);
    sleeper_done = true;
}

KTEST(sched_sleeper_waits_for_wakeup)
{
    release_sleeper = sleeper_done = false;
    KT_ASSERT(kthread_create("sleeper", sleeper_thread, NULL) != NULL);
    settle();
    KT_ASSERT(!sleeper_done);
    release_sleeper = true;
    settle();
    KT_ASSERT(!sleeper_done); /* no wake-up yet: still asleep */
    KT_ASSERT(wake_up_all(&never) == 1);
    settle();
    KT_ASSERT(sleeper_done);
    return KTEST_PASS;
}
