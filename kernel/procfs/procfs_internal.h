/* Between the files of kernel/procfs (not an interface for the rest of
 * the kernel: that is include/kernel/procfs.h).
 *
 * Two layers:
 *   - portable generators (seqbuf.c, show_task.c, show_sys.c) turn plain
 *     snapshots (struct proc_task_snap, proc_vma_snap, ...) into the text
 *     Linux 6.1 prints; they build on the host, where
 *     tests/host/test_procfs.c checks them;
 *   - the kernel side (snapshot.c, inode.c, root.c, pid.c) takes the
 *     snapshots from live tasks and serves them as a file system. */
#ifndef KERNEL_PROCFS_INTERNAL_H
#define KERNEL_PROCFS_INTERNAL_H

#include <kernel/procfs.h>
#include <kernel/types.h>

/* ---- seqbuf: text generated once per open (Linux seq_file, simplified:
 * the whole file is produced at open, so partial reads of one open file
 * always see the same bytes) ---- */

#define SEQBUF_MAX (4UL << 20) /* a bigger file is truncated there */

struct seqbuf {
    char *buf;
    size_t len, cap;
    int err; /* -ENOMEM once an allocation failed (text stays truncated) */
};

void seq_init(struct seqbuf *m);
void seq_free(struct seqbuf *m);
void seq_write(struct seqbuf *m, const void *p, size_t n);
void seq_puts(struct seqbuf *m, const char *s);
void seq_putc(struct seqbuf *m, char c);
void seq_printf(struct seqbuf *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pad with spaces up to column col of the current line (Linux seq_pad). */
void seq_pad_to(struct seqbuf *m, size_t line_start, size_t col);

/* ---- per-task snapshots ---- */

/* Linux task flags shown in stat field 9 (include/linux/sched.h PF_*). */
#define PF_EXITING   0x00000004u
#define PF_RANDOMIZE 0x00400000u
#define PF_KTHREAD   0x00200000u
#define PF_NOFREEZE  0x00008000u

#define USER_HZ 100 /* clock ticks in stat (Linux USER_HZ on arm64) */

struct proc_task_snap {
    int pid, tgid, ppid, pgrp, session;
    int tty_nr, tpgid; /* 0 and -1 without a controlling tty */
    char comm[16];
    char state;     /* R S D T Z X */
    unsigned flags; /* PF_* */
    uint64_t utime_ns, stime_ns, cutime_ns, cstime_ns;
    int nice;
    int num_threads;
    uint64_t start_ns; /* since boot */
    bool sleeping;     /* the wchan flag: not running */
    int exit_signal, processor, exit_code;
    uint32_t uid, gid;
    unsigned umask;
    unsigned fdsize;
    uint64_t rsslim;   /* bytes; UINT64_MAX is RLIM_INFINITY */
    uint64_t sigq_max; /* RLIMIT_SIGPENDING */
    uint64_t sig_pending, sig_shared_pending, sig_blocked, sig_ignored, sig_caught;
    uint64_t nvcsw, nivcsw;
    bool no_new_privs;
    unsigned ncpus;

    bool has_mm;
    /* From struct mm (byte addresses). */
    uint64_t start_code, end_code, start_data, end_data, start_brk, brk, start_stack;
    uint64_t arg_start, arg_end, env_start, env_end;
    /* Sizes in pages, counted over the VMAs (Linux total_vm, data_vm,
     * stack_vm, exec_vm) and the resident set. */
    uint64_t total_vm, data_vm, stack_vm, exec_vm, rss, pte_pages;
};

/* One VMA of /proc/pid/maps. */
#define PROC_VMA_READ   1u
#define PROC_VMA_WRITE  2u
#define PROC_VMA_EXEC   4u
#define PROC_VMA_SHARED 8u
#define PROC_VMA_STACK  16u
#define PROC_VMA_HEAP   32u

struct proc_vma_snap {
    uint64_t start, end, pgoff;
    unsigned flags; /* PROC_VMA_* */
    uint32_t dev_major, dev_minor;
    uint64_t ino;
    const char *name; /* file path or NULL (then [heap]/[stack] by flags) */
};

void proc_show_stat(struct seqbuf *m, const struct proc_task_snap *t);
void proc_show_status(struct seqbuf *m, const struct proc_task_snap *t);
void proc_show_statm(struct seqbuf *m, const struct proc_task_snap *t);
void proc_show_maps(struct seqbuf *m, const struct proc_vma_snap *v, size_t n);

/* ---- system-wide snapshots ---- */

struct proc_mem_snap {
    uint64_t total_kb, free_kb, available_kb, cached_kb, shmem_kb;
    uint64_t slab_kb, kernel_stack_kb, page_tables_kb, anon_kb, committed_kb;
};

struct proc_cpu_snap {
    unsigned id;
    uint64_t midr;
    uint64_t hwcap, hwcap2;
    uint64_t timer_hz; /* CNTFRQ: BogoMIPS on arm64 is derived from it */
};

struct proc_stat_snap {
    unsigned ncpus;
    uint64_t busy_ns[MAX_PROC_CPUS], idle_ns[MAX_PROC_CPUS]; /* per CPU */
    uint64_t irqs, ctxt, btime, processes;
    unsigned running, blocked;
};

struct proc_load_snap {
    unsigned running, total;
    int last_pid;
};

void proc_show_meminfo(struct seqbuf *m, const struct proc_mem_snap *s);
void proc_show_cpuinfo(struct seqbuf *m, const struct proc_cpu_snap *cpus, size_t n);
void proc_show_uptime(struct seqbuf *m, uint64_t uptime_ns, uint64_t idle_ns);
void proc_show_loadavg(struct seqbuf *m, const struct proc_load_snap *s);
void proc_show_stat_global(struct seqbuf *m, const struct proc_stat_snap *s);
void proc_show_version(struct seqbuf *m);

#endif
