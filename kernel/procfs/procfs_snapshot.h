/* The kernel side of procfs: snapshots of live tasks and of the system
 * (snapshot.c) and the file-system glue (inode.c, root.c, pid.c). Kernel
 * only; see procfs_internal.h for the portable generators. */
#ifndef KERNEL_PROCFS_SNAPSHOT_H
#define KERNEL_PROCFS_SNAPSHOT_H

#include "procfs_internal.h"

struct mm;
struct fdtable;
struct fs_context;

/* References a snapshot took (each may be NULL); proc_refs_put drops them. */
struct proc_refs {
    struct mm *mm;
    struct fdtable *files;
    struct fs_context *fs;
};

/* Fill s for task pid (a thread-group leader unless thread); with refs,
 * also hand over references on its mm, descriptor table and fs context.
 * 0 or -ENOENT (no such task, or already reaped). */
int proc_task_snapshot(int pid, bool thread, struct proc_task_snap *s, struct proc_refs *refs);
void proc_refs_put(struct proc_refs *r);
bool proc_task_exists(int pid);
/* Up to max live process ids, ascending: how many. */
size_t proc_list_pids(int *pids, size_t max);

void proc_snap_meminfo(struct proc_mem_snap *s);
void proc_snap_cpus(struct proc_cpu_snap *cpus, size_t *n);
void proc_snap_loadavg(struct proc_load_snap *s);
void proc_snap_stat(struct proc_stat_snap *s);
/* Idle time of all CPUs together (uptime's second field). */
uint64_t proc_idle_ns(void);

#endif
