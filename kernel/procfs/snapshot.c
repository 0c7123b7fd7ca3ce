/* Snapshots of live tasks and of the system for the procfs generators.
 * Task fields are copied under tasklist_lock (tasks have no reference
 * count: a task may be freed as soon as the lock is dropped); the
 * address space, descriptor table and fs context are pinned there by
 * their own reference counts and read after the lock is gone. Kernel
 * only. */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/clock.h>
#include <kernel/console_tty.h>
#include <kernel/cpuinfo.h>
#include <kernel/fdtable.h>
#include <kernel/heap.h>
#include <kernel/machine.h>
#include <kernel/mm.h>
#include <kernel/page_alloc.h>
#include <kernel/percpu.h>
#include <kernel/rlimit.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/tty.h>
#include <kernel/vfs.h>
#include <uapi/errno.h>
#include <uapi/resource.h>
#include <uapi/stat.h>

#include "../proc/task_internal.h" /* all_tasks_list */
#include "procfs_snapshot.h"

/* tasklist_lock held. A task procfs shows under pid (any thread when
 * thread is set, else only a thread-group leader), not yet reaped. */
static struct task *find_locked(int pid, bool thread)
{
    struct list_node *n;
    list_for_each(n, &all_tasks_list)
    {
        struct task *t = list_entry(n, struct task, all_node);
        if (t->pid == pid && t->pid > 0 && t->state != TASK_DEAD && (thread || t->tgid == t->pid))
            return t;
    }
    return NULL;
}

bool proc_task_exists(int pid)
{
    spin_lock(&tasklist_lock);
    bool ok = find_locked(pid, false) != NULL;
    spin_unlock(&tasklist_lock);
    return ok;
}

static char state_char(enum task_state s)
{
    static const char map[] = {
        [TASK_RUNNING] = 'R', [TASK_INTERRUPTIBLE] = 'S', [TASK_UNINTERRUPTIBLE] = 'D',
        [TASK_STOPPED] = 'T', [TASK_ZOMBIE] = 'Z',        [TASK_DEAD] = 'X',
    };
    return (unsigned)s < sizeof(map) && map[s] ? map[s] : 'X';
}

/* ttyAMA0's number in stat's encoding (new_encode_dev(MKDEV(204, 64))). */
#define TTYAMA0_NR ((204 << 8) | 64)

static unsigned online_cpus(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < MAX_CPUS; i++)
        if (percpu_area[i].idle)
            n++;
    return n ? n : 1;
}

/* tasklist_lock held: the fields that need no other lock. */
static void copy_task_locked(struct task *t, struct proc_task_snap *s)
{
    s->pid = t->pid;
    s->tgid = t->tgid;
    s->ppid = t->parent ? t->parent->tgid : 0;
    s->pgrp = t->pgid;
    s->session = t->sid;
    s->tpgid = -1;
    struct tty *tty = console_tty();
    if (tty && t->sid > 0 && tty_is_ctty_of(tty, t->sid)) {
        s->tty_nr = TTYAMA0_NR;
        s->tpgid = __atomic_load_n(&tty->pgrp, __ATOMIC_RELAXED);
    }
    memcpy(s->comm, t->comm, TASK_COMM_LEN);
    s->comm[TASK_COMM_LEN - 1] = '\0';
    s->state = state_char(t->state);
    s->sleeping = t->state != TASK_RUNNING;
    s->nice = t->nice;
    s->num_threads = 1;
    s->utime_ns = t->runtime_ns;
    s->cutime_ns = t->child_runtime_ns;
    s->exit_signal = t->exit_signal;
    s->processor = t->on_cpu >= 0 ? t->on_cpu : 0;
    s->exit_code = t->state == TASK_ZOMBIE ? t->exit_status : 0;
    s->sig_pending =
        t->sig.pending.set; /* a racy snapshot, as Linux reads it under a lock it then drops */
    s->no_new_privs = t->no_new_privs;
    s->uid = t->cred.uid;
    s->gid = t->cred.gid;
    s->rsslim = task_rlimit(t, RLIMIT_RSS);
    s->sigq_max = task_rlimit(t, RLIMIT_SIGPENDING);
    s->umask = 022;
    s->ncpus = online_cpus();
    bool kthread = !t->mm && !t->files && t->state != TASK_ZOMBIE;
    s->flags = kthread ? PF_KTHREAD | PF_NOFREEZE : PF_RANDOMIZE;
    if (t->state == TASK_ZOMBIE)
        s->flags |= PF_EXITING;
    if (kthread)
        s->sig_ignored = UINT64_MAX; /* kernel threads ignore every signal */
}

/* Sizes from the VMAs, as Linux counts total_vm/exec_vm/stack_vm/data_vm
 * (mm/mmap.c vm_stat_account). */
static void count_vm(struct mm *mm, struct proc_task_snap *s)
{
    mutex_lock(&mm->lock);
    s->has_mm = true;
    s->start_code = mm->start_code;
    s->end_code = mm->end_code;
    s->start_data = mm->start_data;
    s->end_data = mm->end_data;
    s->start_brk = mm->brk_start;
    s->brk = mm->brk;
    s->start_stack = mm->start_stack;
    s->arg_start = mm->arg_start;
    s->arg_end = mm->arg_end;
    s->env_start = mm->env_start;
    s->env_end = mm->env_end;
    s->rss = mm->pages;
    struct list_node *n;
    list_for_each(n, &mm->vmas)
    {
        struct vma *v = list_entry(n, struct vma, node);
        uint64_t pages = (v->end - v->start) / PAGE_SIZE;
        s->total_vm += pages;
        if (v->flags & VMA_STACK)
            s->stack_vm += pages;
        else if ((v->prot & (PGPROT_EXEC | PGPROT_WRITE)) == PGPROT_EXEC)
            s->exec_vm += pages;
        else if ((v->prot & PGPROT_WRITE) && !(v->flags & VMA_SHARED))
            s->data_vm += pages;
    }
    mutex_unlock(&mm->lock);
    /* Roughly one last-level table page per 2 MiB mapped, plus the top. */
    s->pte_pages = s->total_vm / 512 + 3;
}

int proc_task_snapshot(int pid, bool thread, struct proc_task_snap *s, struct proc_refs *refs)
{
    memset(s, 0, sizeof(*s));
    struct proc_refs r = {0};
    spin_lock(&tasklist_lock);
    struct task *t = find_locked(pid, thread);
    if (t) {
        copy_task_locked(t, s);
        if ((r.mm = t->mm))
            mm_get(r.mm);
        if ((r.files = t->files))
            fdtable_get(r.files);
        if ((r.fs = t->fs))
            fs_context_get(r.fs);
    }
    spin_unlock(&tasklist_lock);
    if (!t)
        return -ENOENT;
    if (r.mm)
        count_vm(r.mm, s);
    if (r.files) {
        spin_lock(&r.files->lock);
        s->fdsize = ALIGN_UP(MAX(r.files->cap, 1u), 64u);
        spin_unlock(&r.files->lock);
    }
    if (r.fs) {
        mutex_lock(&r.fs->lock);
        s->umask = r.fs->umask;
        mutex_unlock(&r.fs->lock);
    }
    if (refs)
        *refs = r;
    else
        proc_refs_put(&r);
    return 0;
}

void proc_refs_put(struct proc_refs *r)
{
    if (r->mm)
        mm_put(r->mm);
    if (r->files)
        fdtable_put(r->files);
    if (r->fs)
        fs_context_put(r->fs);
    memset(r, 0, sizeof(*r));
}

size_t proc_list_pids(int *pids, size_t max)
{
    size_t n = 0;
    spin_lock(&tasklist_lock);
    struct list_node *it;
    list_for_each(it, &all_tasks_list)
    {
        struct task *t = list_entry(it, struct task, all_node);
        if (t->pid > 0 && t->tgid == t->pid && t->state != TASK_DEAD && n < max)
            pids[n++] = t->pid;
    }
    spin_unlock(&tasklist_lock);
    /* Creation order is pid order except after pid wrap: sort. */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && pids[j - 1] > pids[j]; j--) {
            int tmp = pids[j];
            pids[j] = pids[j - 1];
            pids[j - 1] = tmp;
        }
    return n;
}

/* ---- system-wide ---- */

void proc_snap_meminfo(struct proc_mem_snap *s)
{
    memset(s, 0, sizeof(*s));
    uint64_t kb_per_page = PAGE_SIZE / 1024;
    s->total_kb = page_alloc_total_pages() * kb_per_page;
    s->free_kb = page_alloc_free_pages() * kb_per_page;
    s->available_kb = s->free_kb;
    struct heap_stats hs;
    heap_get_stats(&hs);
    s->slab_kb = (hs.slab_pages + hs.large_pages) * kb_per_page;
    uint64_t anon = 0;
    spin_lock(&tasklist_lock);
    struct list_node *it;
    unsigned ntasks = 0;
    list_for_each(it, &all_tasks_list)
    {
        struct task *t = list_entry(it, struct task, all_node);
        ntasks++;
        if (t->mm && t->tgid == t->pid)
            anon += __atomic_load_n(&t->mm->pages, __ATOMIC_RELAXED);
    }
    spin_unlock(&tasklist_lock);
    s->anon_kb = anon * kb_per_page;
    s->committed_kb = s->anon_kb;
    s->kernel_stack_kb = ntasks * 16; /* 16 KiB kernel stacks */
    /* Memory in use that is neither heap nor user pages: tmpfs file data
     * and page tables, shown as Cached/Shmem (tmpfs is shmem in Linux). */
    uint64_t used = s->total_kb - s->free_kb;
    uint64_t other = s->slab_kb + s->anon_kb + s->kernel_stack_kb;
    s->cached_kb = s->shmem_kb = used > other ? used - other : 0;
}

void proc_snap_cpus(struct proc_cpu_snap *cpus, size_t *n)
{
    struct cpu_info ci;
    cpu_describe(&ci);
    size_t k = 0;
    for (unsigned i = 0; i < MAX_CPUS && k < MAX_PROC_CPUS; i++) {
        if (!percpu_area[i].idle && i != 0)
            continue;
        cpus[k].id = i;
        cpus[k].midr = ci.midr; /* every core of a virt machine is alike */
        /* The kernel provides the event stream and MRS emulation Linux
         * advertises as evtstrm and cpuid only if arch_elf_hwcap says so. */
        cpus[k].hwcap = arch_elf_hwcap();
        cpus[k].hwcap2 = arch_elf_hwcap2();
        cpus[k].timer_hz = arch_counter_freq();
        k++;
    }
    *n = k;
}

uint64_t proc_idle_ns(void)
{
    uint64_t idle = 0;
    spin_lock(&tasklist_lock);
    for (unsigned i = 0; i < MAX_CPUS; i++)
        if (percpu_area[i].idle)
            idle += percpu_area[i].idle->runtime_ns;
    spin_unlock(&tasklist_lock);
    return idle;
}

/* Counts for loadavg and stat: running tasks, all tasks, the highest pid
 * (for the last one created), uninterruptible sleepers. */
static void count_tasks(unsigned *running, unsigned *total, int *last_pid, unsigned *blocked)
{
    *running = *total = *blocked = 0;
    *last_pid = 0;
    spin_lock(&tasklist_lock);
    struct list_node *it;
    list_for_each(it, &all_tasks_list)
    {
        struct task *t = list_entry(it, struct task, all_node);
        if (t->pid <= 0 || t->state == TASK_DEAD)
            continue;
        (*total)++;
        *running += t->state == TASK_RUNNING;
        *blocked += t->state == TASK_UNINTERRUPTIBLE;
        *last_pid = MAX(*last_pid, t->pid);
    }
    spin_unlock(&tasklist_lock);
}

void proc_snap_loadavg(struct proc_load_snap *s)
{
    unsigned blocked;
    count_tasks(&s->running, &s->total, &s->last_pid, &blocked);
}

void proc_snap_stat(struct proc_stat_snap *s)
{
    memset(s, 0, sizeof(*s));
    uint64_t now = clock_monotonic_ns();
    spin_lock(&tasklist_lock);
    for (unsigned i = 0; i < MAX_CPUS && i < MAX_PROC_CPUS; i++) {
        struct percpu *c = &percpu_area[i];
        if (!c->idle)
            continue;
        s->ncpus = i + 1;
        s->idle_ns[i] = MIN(c->idle->runtime_ns, now);
        s->busy_ns[i] = now - s->idle_ns[i];
        s->irqs += c->irq_count;
    }
    spin_unlock(&tasklist_lock);
    if (!s->ncpus) {
        s->ncpus = 1;
        s->busy_ns[0] = now;
    }
    s->ctxt = sched_switch_count();
    int64_t boot = clock_realtime_offset_ns(); /* realtime at monotonic 0 */
    s->btime = boot > 0 ? (uint64_t)boot / 1000000000ULL : 0;
    int last_pid;
    unsigned total;
    count_tasks(&s->running, &total, &last_pid, &s->blocked);
    s->processes = (uint64_t)last_pid;
}
