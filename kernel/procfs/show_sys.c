/* The system-wide text files in Linux 6.1's formats: meminfo
 * (fs/proc/meminfo.c), cpuinfo (arch/arm64/kernel/cpuinfo.c c_show),
 * uptime, loadavg, stat (fs/proc/stat.c) and version. Portable. */
#include "procfs_internal.h"

/* show_val_kb: the label padded to 16 columns, the value to 8. */
static void kb(struct seqbuf *m, const char *label, uint64_t v)
{
    size_t start = m->len;
    seq_puts(m, label);
    seq_putc(m, ':');
    seq_pad_to(m, start, 16);
    seq_printf(m, "%8llu kB\n", (unsigned long long)v);
}

void proc_show_meminfo(struct seqbuf *m, const struct proc_mem_snap *s)
{
    kb(m, "MemTotal", s->total_kb);
    kb(m, "MemFree", s->free_kb);
    kb(m, "MemAvailable", s->available_kb);
    kb(m, "Buffers", 0);
    kb(m, "Cached", s->cached_kb);
    kb(m, "SwapCached", 0);
    kb(m, "Active", s->anon_kb + s->cached_kb);
    kb(m, "Inactive", 0);
    kb(m, "Active(anon)", s->anon_kb + s->shmem_kb);
    kb(m, "Inactive(anon)", 0);
    kb(m, "Active(file)", s->cached_kb > s->shmem_kb ? s->cached_kb - s->shmem_kb : 0);
    kb(m, "Inactive(file)", 0);
    kb(m, "Unevictable", 0);
    kb(m, "Mlocked", 0);
    kb(m, "SwapTotal", 0);
    kb(m, "SwapFree", 0);
    kb(m, "Zswap", 0);
    kb(m, "Zswapped", 0);
    kb(m, "Dirty", 0);
    kb(m, "Writeback", 0);
    kb(m, "AnonPages", s->anon_kb);
    kb(m, "Mapped", 0);
    kb(m, "Shmem", s->shmem_kb);
    kb(m, "KReclaimable", 0);
    kb(m, "Slab", s->slab_kb);
    kb(m, "SReclaimable", 0);
    kb(m, "SUnreclaim", s->slab_kb);
    kb(m, "KernelStack", s->kernel_stack_kb);
    kb(m, "PageTables", s->page_tables_kb);
    kb(m, "SecPageTables", 0);
    kb(m, "NFS_Unstable", 0);
    kb(m, "Bounce", 0);
    kb(m, "WritebackTmp", 0);
    /* No swap: the overcommit limit is half of RAM (vm.overcommit_ratio 50). */
    kb(m, "CommitLimit", s->total_kb / 2);
    kb(m, "Committed_AS", s->committed_kb);
    /* VMALLOC_END - VMALLOC_START of Debian's arm64 kernel (48-bit VA). */
    kb(m, "VmallocTotal", 133143592960ULL);
    kb(m, "VmallocUsed", 0);
    kb(m, "VmallocChunk", 0);
    kb(m, "Percpu", 0);
    seq_printf(m, "HardwareCorrupted: %5llu kB\n", 0ULL);
    kb(m, "AnonHugePages", 0);
    kb(m, "ShmemHugePages", 0);
    kb(m, "ShmemPmdMapped", 0);
    kb(m, "FileHugePages", 0);
    kb(m, "FilePmdMapped", 0);
    kb(m, "CmaTotal", 0);
    kb(m, "CmaFree", 0);
    /* hugetlb_report_meminfo. */
    seq_puts(m, "HugePages_Total:       0\nHugePages_Free:        0\n"
                "HugePages_Rsvd:        0\nHugePages_Surp:        0\n");
    kb(m, "Hugepagesize", 2048);
    kb(m, "Hugetlb", 0);
}

/* arch/arm64/kernel/cpuinfo.c hwcap_str, in HWCAP bit order, then HWCAP2. */
static const char *const hwcap_names[] = {
    "fp",      "asimd", "evtstrm", "aes",   "pmull",    "sha1",   "sha2", "crc32",
    "atomics", "fphp",  "asimdhp", "cpuid", "asimdrdm", "jscvt",  "fcma", "lrcpc",
    "dcpop",   "sha3",  "sm3",     "sm4",   "asimddp",  "sha512", "sve",  "asimdfhm",
    "dit",     "uscat", "ilrcpc",  "flagm", "ssbs",     "sb",     "paca", "pacg",
};
static const char *const hwcap2_names[] = {
    "dcpodp",    "sve2",      "sveaes",  "svepmull",  "svebitperm", "svesha3",  "svesm4",
    "flagm2",    "frint",     "svei8mm", "svef32mm",  "svef64mm",   "svebf16",  "i8mm",
    "bf16",      "dgh",       "rng",     "bti",       "mte",        "ecv",      "afp",
    "rpres",     "mte3",      "sme",     "smei16i64", "smef64f64",  "smei8i32", "smef16f32",
    "smeb16f32", "smef32f32", "smefa64", "wfxt",      "ebf16",
};

void proc_show_cpuinfo(struct seqbuf *m, const struct proc_cpu_snap *cpus, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct proc_cpu_snap *c = &cpus[i];
        seq_printf(m, "processor\t: %u\n", c->id);
        /* loops_per_jiffy is the timer frequency / HZ on arm64, so
         * BogoMIPS = 2 * frequency / 10^6. */
        seq_printf(m, "BogoMIPS\t: %llu.%02llu\n", (unsigned long long)(c->timer_hz / 500000),
                   (unsigned long long)(c->timer_hz / 5000 % 100));
        seq_puts(m, "Features\t:");
        for (size_t b = 0; b < ARRAY_SIZE(hwcap_names); b++)
            if (c->hwcap & (1ULL << b))
                seq_printf(m, " %s", hwcap_names[b]);
        for (size_t b = 0; b < ARRAY_SIZE(hwcap2_names); b++)
            if (c->hwcap2 & (1ULL << b))
                seq_printf(m, " %s", hwcap2_names[b]);
        seq_putc(m, '\n');
        /* MIDR_EL1 (ARM DDI 0487 L.b, D23.2.122): implementer [31:24],
         * variant [23:20], architecture [19:16], part [15:4], revision [3:0]. */
        seq_printf(m, "CPU implementer\t: 0x%02x\n", (unsigned)(c->midr >> 24) & 0xff);
        seq_puts(m, "CPU architecture: 8\n");
        seq_printf(m, "CPU variant\t: 0x%x\n", (unsigned)(c->midr >> 20) & 0xf);
        seq_printf(m, "CPU part\t: 0x%03x\n", (unsigned)(c->midr >> 4) & 0xfff);
        seq_printf(m, "CPU revision\t: %u\n\n", (unsigned)c->midr & 0xf);
    }
}

/* Seconds with two decimals, truncated as Linux does. */
static void secs(struct seqbuf *m, uint64_t ns)
{
    seq_printf(m, "%llu.%02llu", (unsigned long long)(ns / 1000000000ULL),
               (unsigned long long)(ns % 1000000000ULL / 10000000ULL));
}

void proc_show_uptime(struct seqbuf *m, uint64_t uptime_ns, uint64_t idle_ns)
{
    secs(m, uptime_ns);
    seq_putc(m, ' ');
    secs(m, idle_ns);
    seq_putc(m, '\n');
}

/* Load averages are not computed yet: 0.00 as on an idle Linux. */
void proc_show_loadavg(struct seqbuf *m, const struct proc_load_snap *s)
{
    seq_printf(m, "0.00 0.00 0.00 %u/%u %d\n", s->running, s->total, s->last_pid);
}

static unsigned long long cticks(uint64_t ns)
{
    return (unsigned long long)(ns / (1000000000ULL / USER_HZ));
}

/* One "cpu" line: user nice system idle iowait irq softirq steal guest
 * guest_nice. Busy time is all reported as system time (kernel threads
 * and user tasks are not told apart yet). */
static void cpu_line(struct seqbuf *m, const char *label, uint64_t busy, uint64_t idle)
{
    seq_printf(m, "%s 0 0 %llu %llu 0 0 0 0 0 0\n", label, cticks(busy), cticks(idle));
}

void proc_show_stat_global(struct seqbuf *m, const struct proc_stat_snap *s)
{
    uint64_t busy = 0, idle = 0;
    for (unsigned i = 0; i < s->ncpus && i < MAX_PROC_CPUS; i++) {
        busy += s->busy_ns[i];
        idle += s->idle_ns[i];
    }
    cpu_line(m, "cpu ", busy, idle);
    for (unsigned i = 0; i < s->ncpus && i < MAX_PROC_CPUS; i++) {
        char label[8] = "cpu";
        label[3] = (char)('0' + i);
        label[4] = '\0';
        cpu_line(m, label, s->busy_ns[i], s->idle_ns[i]);
    }
    seq_printf(m, "intr %llu\n", (unsigned long long)s->irqs);
    seq_printf(m, "ctxt %llu\nbtime %llu\nprocesses %llu\n", (unsigned long long)s->ctxt,
               (unsigned long long)s->btime, (unsigned long long)s->processes);
    seq_printf(m, "procs_running %u\nprocs_blocked %u\n", s->running, s->blocked);
    seq_puts(m, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
}

/* fs/proc/version.c: "<sysname> version <release> (<by>@<host>)
 * (<compiler>) <version>". */
void proc_show_version(struct seqbuf *m)
{
#ifdef __clang__
    const char *cc = "clang version " __clang_version__;
#else
    const char *cc = "gcc version " __VERSION__;
#endif
    seq_printf(m, "%s version %s (rustos@rustos-kernel) (%s) %s\n", PROC_SYSNAME, PROC_RELEASE, cc,
               PROC_VERSION);
}
