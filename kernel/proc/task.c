/* Task creation, the pid space and the process tree. */
#include <kernel/heap.h>
#include <kernel/kstack.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/rlimit.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/arch.h>
#include <uapi/errno.h>

#include "task_internal.h"

#define PID_MAX 32768 /* Linux's default /proc/sys/kernel/pid_max */

struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
struct list_node all_tasks_list = LIST_HEAD_INIT(all_tasks_list); /* guarded by tasklist_lock */
static unsigned ntasks;                                           /* guarded by tasklist_lock */
static int last_pid;                                              /* guarded by tasklist_lock */
static uint64_t pid_used[PID_MAX / 64];                           /* guarded by tasklist_lock */

/* tasklist_lock held. Linux hands out pids upwards and wraps, skipping
 * those in use, so a pid is not reused soon after its task went away. */
static int alloc_pid(void)
{
    for (int i = 1; i <= PID_MAX; i++) {
        int pid = (last_pid + i) % PID_MAX;
        if (pid == 0)
            continue;
        if (!(pid_used[pid / 64] & (1ULL << (pid % 64)))) {
            pid_used[pid / 64] |= 1ULL << (pid % 64);
            last_pid = pid;
            return pid;
        }
    }
    return -EAGAIN;
}

static void free_pid(int pid)
{
    pid_used[pid / 64] &= ~(1ULL << (pid % 64));
}

/* Idle tasks have pid 0, as in Linux (they are never in the pid space). */
static struct task *task_struct_new(const char *name, bool idle)
{
    struct task *t = kzalloc(sizeof(*t));
    if (!t)
        return NULL;
    if (signal_task_init(t)) {
        kfree(t);
        return NULL;
    }
    size_t n = strlen(name);
    memcpy(t->comm, name, n < TASK_COMM_LEN - 1 ? n : TASK_COMM_LEN - 1);
    t->state = TASK_UNINTERRUPTIBLE;
    t->on_cpu = -1;
    rlimits_init(&t->rlimits);
    list_init(&t->run_node);
    list_init(&t->children);
    list_init(&t->sibling);
    wait_queue_init(&t->child_wait, "child_wait");
    spin_lock(&tasklist_lock);
    int pid = idle ? 0 : alloc_pid();
    if (pid >= 0) {
        t->pid = t->tgid = pid;
        list_add_tail(&all_tasks_list, &t->all_node);
        ntasks++;
    }
    spin_unlock(&tasklist_lock);
    if (pid < 0) {
        signal_release(t);
        kfree(t);
        return NULL;
    }
    return t;
}

struct task *task_alloc(const char *name)
{
    struct task *t = task_struct_new(name, false);
    if (!t)
        return NULL;
    t->kstack_top = kstack_alloc();
    if (!t->kstack_top) {
        task_free(t);
        return NULL;
    }
    return t;
}

void task_free(struct task *t)
{
    spin_lock(&tasklist_lock);
    list_remove(&t->all_node);
    if (t->pid)
        free_pid(t->pid);
    ntasks--;
    spin_unlock(&tasklist_lock);
    if (t->kstack_top)
        kstack_free(t->kstack_top);
    signal_release(t);
    kfree(t);
}

struct task *task_adopt_boot_flow(const char *name)
{
    struct task *t = task_struct_new(name, true);
    if (!t)
        return NULL;
    t->state = TASK_RUNNING;
    t->on_cpu = (int)arch_this_cpu()->id;
    return t;
}

struct task *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
    struct task *t = task_alloc(name);
    if (!t)
        return NULL;
    /* Kernel threads are detached: no parent reaps them; they are freed
     * as soon as they exit (exit.c). */
    arch_task_init(t, fn, arg);
    sched_start_task(t);
    return t;
}

void task_kill(struct task *t)
{
    signal_send_process(t, SIGKILL, NULL);
}

unsigned task_count(void)
{
    spin_lock(&tasklist_lock);
    unsigned n = ntasks;
    spin_unlock(&tasklist_lock);
    return n;
}

struct task *task_find_locked(int tgid)
{
    struct list_node *pos;
    list_for_each(pos, &all_tasks_list)
    {
        struct task *t = list_entry(pos, struct task, all_node);
        if (t->pid == tgid && t->tgid == tgid && t->state != TASK_ZOMBIE && t->state != TASK_DEAD &&
            t->mm)
            return t;
    }
    return NULL;
}
