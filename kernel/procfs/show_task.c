/* The per-process text files: /proc/pid/stat, status, statm and maps, in
 * Linux 6.1's formats (fs/proc/array.c do_task_stat, proc_pid_status,
 * proc_pid_statm; fs/proc/task_mmu.c task_mem, show_map_vma). Values the
 * kernel does not track (page-fault counts, capabilities, seccomp) are
 * printed as Linux prints them for a task without them. Portable. */
#include <kernel/string.h>

#include "procfs_internal.h"

#define KB_PER_PAGE (PAGE_SIZE / 1024)

static unsigned long long ticks(uint64_t ns)
{
    return (unsigned long long)(ns / (1000000000ULL / USER_HZ));
}

/* The "permitted" values of do_task_stat: 0 without an mm. */
static unsigned long long mmv(const struct proc_task_snap *t, uint64_t v)
{
    return t->has_mm ? (unsigned long long)v : 0;
}

/* The comm as Linux escapes it nowhere in stat ("(%s)" verbatim). */
void proc_show_stat(struct seqbuf *m, const struct proc_task_snap *t)
{
    seq_printf(m, "%d (%s) %c %d %d %d %d %d %u", t->pid, t->comm, t->state, t->ppid, t->pgrp,
               t->session, t->tty_nr, t->tpgid, t->flags);
    /* minflt cminflt majflt cmajflt: not counted. */
    seq_printf(m, " 0 0 0 0 %llu %llu %llu %llu", ticks(t->utime_ns), ticks(t->stime_ns),
               ticks(t->cutime_ns), ticks(t->cstime_ns));
    /* priority = task_prio() = 20 + nice for normal tasks; itrealvalue 0. */
    seq_printf(m, " %d %d %d 0 %llu", 20 + t->nice, t->nice, t->num_threads, ticks(t->start_ns));
    seq_printf(m, " %llu %llu %llu", mmv(t, t->total_vm * PAGE_SIZE), mmv(t, t->rss),
               (unsigned long long)t->rsslim);
    seq_printf(m, " %llu %llu %llu", mmv(t, t->start_code), mmv(t, t->end_code),
               mmv(t, t->start_stack));
    /* kstkesp, kstkeip: 0 unless the task is dumping core (Linux 6.1). The
     * obsolete signal words: the first 31 signals, in decimal. */
    seq_printf(m, " 0 0 %llu %llu %llu %llu", (unsigned long long)(t->sig_pending & 0x7fffffff),
               (unsigned long long)(t->sig_blocked & 0x7fffffff),
               (unsigned long long)(t->sig_ignored & 0x7fffffff),
               (unsigned long long)(t->sig_caught & 0x7fffffff));
    /* wchan is a 0/1 flag since Linux 5.16; nswap, cnswap 0. */
    seq_printf(m, " %d 0 0 %d %d", t->sleeping ? 1 : 0, t->exit_signal, t->processor);
    /* rt_priority policy(SCHED_OTHER) delayacct_blkio_ticks guest_time
     * cguest_time. */
    seq_puts(m, " 0 0 0 0 0");
    seq_printf(m, " %llu %llu %llu %llu %llu %llu %llu", mmv(t, t->start_data), mmv(t, t->end_data),
               mmv(t, t->start_brk), mmv(t, t->arg_start), mmv(t, t->arg_end), mmv(t, t->env_start),
               mmv(t, t->env_end));
    seq_printf(m, " %d\n", t->exit_code);
}

static const char *state_name(char s)
{
    switch (s) {
    case 'R':
        return "R (running)";
    case 'S':
        return "S (sleeping)";
    case 'D':
        return "D (disk sleep)";
    case 'T':
        return "T (stopped)";
    case 'Z':
        return "Z (zombie)";
    default:
        return "X (dead)";
    }
}

/* "Name:" escapes backslash and newline (array.c proc_task_name). */
static void put_name(struct seqbuf *m, const char *comm)
{
    seq_puts(m, "Name:\t");
    for (size_t i = 0; i < 16 && comm[i]; i++) {
        if (comm[i] == '\\')
            seq_puts(m, "\\\\");
        else if (comm[i] == '\n')
            seq_puts(m, "\\n");
        else
            seq_putc(m, comm[i]);
    }
    seq_putc(m, '\n');
}

/* render_sigset_t: 64 signals as 16 hex digits, highest first. */
static void put_sigset(struct seqbuf *m, const char *label, uint64_t set)
{
    seq_printf(m, "%s:\t%016llx\n", label, (unsigned long long)set);
}

static void put_kb(struct seqbuf *m, const char *label, uint64_t pages)
{
    seq_printf(m, "%s:\t%8llu kB\n", label, (unsigned long long)pages * KB_PER_PAGE);
}

/* task_mem(): sizes from the VMA counts; no lock/pin/swap, no peaks kept
 * (the peak is the current value). */
static void status_mem(struct seqbuf *m, const struct proc_task_snap *t)
{
    uint64_t text =
        (ALIGN_UP(t->end_code, PAGE_SIZE) - ALIGN_DOWN(t->start_code, PAGE_SIZE)) / PAGE_SIZE;
    if (t->end_code < t->start_code)
        text = 0;
    uint64_t lib = t->exec_vm > text ? t->exec_vm - text : 0;
    put_kb(m, "VmPeak", t->total_vm);
    put_kb(m, "VmSize", t->total_vm);
    put_kb(m, "VmLck", 0);
    put_kb(m, "VmPin", 0);
    put_kb(m, "VmHWM", t->rss);
    put_kb(m, "VmRSS", t->rss);
    put_kb(m, "RssAnon", t->rss);
    put_kb(m, "RssFile", 0);
    put_kb(m, "RssShmem", 0);
    put_kb(m, "VmData", t->data_vm);
    put_kb(m, "VmStk", t->stack_vm);
    put_kb(m, "VmExe", text);
    put_kb(m, "VmLib", lib);
    put_kb(m, "VmPTE", t->pte_pages);
    put_kb(m, "VmSwap", 0);
    put_kb(m, "HugetlbPages", 0);
    seq_puts(m, "CoreDumping:\t0\nTHP_enabled:\t0\n");
}

static void status_ids(struct seqbuf *m, const struct proc_task_snap *t)
{
    seq_printf(m, "Umask:\t%04o\n", t->umask & 0777);
    seq_printf(m, "State:\t%s\n", state_name(t->state));
    seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", t->tgid, t->pid,
               t->ppid);
    seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", t->uid, t->uid, t->uid, t->uid);
    seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", t->gid, t->gid, t->gid, t->gid);
    /* FDSize is the table's capacity (a multiple of 64 in Linux). */
    seq_printf(m, "FDSize:\t%u\nGroups:\t \n", t->fdsize);
    seq_printf(m, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->tgid, t->pid, t->pgrp,
               t->session);
}

static void status_tail(struct seqbuf *m, const struct proc_task_snap *t)
{
    seq_printf(m, "Threads:\t%d\n", t->num_threads);
    seq_printf(m, "SigQ:\t0/%llu\n", (unsigned long long)t->sigq_max);
    put_sigset(m, "SigPnd", t->sig_pending);
    put_sigset(m, "ShdPnd", t->sig_shared_pending);
    put_sigset(m, "SigBlk", t->sig_blocked);
    put_sigset(m, "SigIgn", t->sig_ignored);
    put_sigset(m, "SigCgt", t->sig_caught);
    /* Root's capabilities (CAP_LAST_CAP 40 in 6.1): everything. */
    seq_puts(m, "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
                "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
                "CapAmb:\t0000000000000000\n");
    seq_printf(m, "NoNewPrivs:\t%d\nSeccomp:\t0\nSeccomp_filters:\t0\n", t->no_new_privs ? 1 : 0);
    seq_puts(m, "Speculation_Store_Bypass:\tvulnerable\nSpeculationIndirectBranch:\tunknown\n");
    unsigned n = t->ncpus ? MIN(t->ncpus, 32u) : 1;
    seq_printf(m, "Cpus_allowed:\t%x\n", (unsigned)((1ULL << n) - 1));
    if (n == 1)
        seq_puts(m, "Cpus_allowed_list:\t0\n");
    else
        seq_printf(m, "Cpus_allowed_list:\t0-%u\n", n - 1);
    seq_puts(m, "Mems_allowed:\t0001\nMems_allowed_list:\t0\n");
    seq_printf(m, "voluntary_ctxt_switches:\t%llu\nnonvoluntary_ctxt_switches:\t%llu\n",
               (unsigned long long)t->nvcsw, (unsigned long long)t->nivcsw);
}

void proc_show_status(struct seqbuf *m, const struct proc_task_snap *t)
{
    put_name(m, t->comm);
    status_ids(m, t);
    if (t->has_mm)
        status_mem(m, t);
    status_tail(m, t);
}

/* size resident shared text lib(0) data dt(0), in pages. */
void proc_show_statm(struct seqbuf *m, const struct proc_task_snap *t)
{
    if (!t->has_mm) {
        seq_puts(m, "0 0 0 0 0 0 0\n");
        return;
    }
    uint64_t text =
        t->end_code > t->start_code
            ? (ALIGN_UP(t->end_code, PAGE_SIZE) - ALIGN_DOWN(t->start_code, PAGE_SIZE)) / PAGE_SIZE
            : 0;
    seq_printf(m, "%llu %llu 0 %llu 0 %llu 0\n", (unsigned long long)t->total_vm,
               (unsigned long long)t->rss, (unsigned long long)text,
               (unsigned long long)t->data_vm + t->stack_vm);
}

/* show_map_vma: "start-end perms offset major:minor inode", padded to
 * column 72 (25 + 6 * sizeof(void *) - 1) before a name. */
void proc_show_maps(struct seqbuf *m, const struct proc_vma_snap *v, size_t n)
{
    for (size_t i = 0; i < n; i++, v++) {
        size_t line = m->len;
        seq_printf(m, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ", (unsigned long long)v->start,
                   (unsigned long long)v->end, v->flags & PROC_VMA_READ ? 'r' : '-',
                   v->flags & PROC_VMA_WRITE ? 'w' : '-', v->flags & PROC_VMA_EXEC ? 'x' : '-',
                   v->flags & PROC_VMA_SHARED ? 's' : 'p', (unsigned long long)v->pgoff,
                   v->dev_major, v->dev_minor, (unsigned long long)v->ino);
        const char *name = v->name;
        if (!name && (v->flags & PROC_VMA_HEAP))
            name = "[heap]";
        if (!name && (v->flags & PROC_VMA_STACK))
            name = "[stack]";
        if (name) {
            seq_pad_to(m, line, 72);
            seq_putc(m, ' ');
            seq_puts(m, name);
        }
        seq_putc(m, '\n');
    }
}
