/* Host tests of the procfs text generators and the /dev/kmsg record
 * format. Expected text is what Linux 6.1 arm64 printed under QEMU
 * (tools/linux-ref.sh, busybox cat), with our values put in. */
#include "test.h"

#include "../../kernel/procfs/procfs_internal.h"

#include <kernel/heap.h>
#include <uapi/errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *kmalloc(size_t size)
{
    return size ? malloc(size) : NULL;
}

void kfree(void *p)
{
    free(p);
}

static struct proc_task_snap sample_task(void)
{
    struct proc_task_snap t;
    memset(&t, 0, sizeof(t));
    t.pid = t.tgid = 91;
    t.ppid = 1;
    t.tty_nr = 0;
    t.tpgid = -1;
    strcpy(t.comm, "cat");
    t.state = 'R';
    t.flags = PF_RANDOMIZE;
    t.num_threads = 1;
    t.start_ns = 1910000000ULL;
    t.rsslim = UINT64_MAX;
    t.exit_signal = 17;
    t.umask = 022;
    t.fdsize = 64;
    t.sigq_max = 3621;
    t.ncpus = 1;
    t.has_mm = true;
    t.start_code = 4194304;
    t.end_code = 5972170;
    t.start_stack = 281474612569840ULL;
    t.start_data = 6068304;
    t.end_data = 6104344;
    t.start_brk = 1048064000;
    t.arg_start = 281474612572075ULL;
    t.arg_end = 281474612572095ULL;
    t.env_start = 281474612572095ULL;
    t.env_end = 281474612572137ULL;
    t.total_vm = 538; /* 2152 kB */
    t.rss = 1;
    t.data_vm = 60;
    t.stack_vm = 33;
    t.exec_vm = 436;
    t.pte_pages = 9;
    return t;
}

TEST(procfs_stat_matches_linux_line)
{
    struct proc_task_snap t = sample_task();
    struct seqbuf m;
    seq_init(&m);
    proc_show_stat(&m, &t);
    /* Linux 6.1's line for the same values (rss in pages, vsize bytes). */
    const char *want =
        "91 (cat) R 1 0 0 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 1 0 191 2203648 1 "
        "18446744073709551615 4194304 5972170 281474612569840 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 "
        "6068304 6104344 1048064000 281474612572075 281474612572095 281474612572095 "
        "281474612572137 0\n";
    CHECK(m.buf && strcmp(m.buf, want) == 0);
    if (m.buf && strcmp(m.buf, want))
        fprintf(stderr, "got:  %swant: %s", m.buf, want);
    seq_free(&m);
}

/* Parse like procps: the comm is between the first '(' and the last ')'. */
static int count_stat_fields(const char *s)
{
    const char *close = strrchr(s, ')');
    if (!close)
        return -1;
    int n = 2;
    for (const char *p = close + 1; *p && *p != '\n'; p++)
        if (*p == ' ')
            n++;
    return n;
}

TEST(procfs_stat_has_52_fields_with_odd_comm)
{
    struct proc_task_snap t = sample_task();
    strcpy(t.comm, "a) b (c");
    t.has_mm = false;
    t.nice = -5;
    t.state = 'S';
    t.sleeping = true;
    t.utime_ns = 2500000000ULL; /* 250 ticks */
    struct seqbuf m;
    seq_init(&m);
    proc_show_stat(&m, &t);
    CHECK_EQ(count_stat_fields(m.buf), 52);
    CHECK(strncmp(m.buf, "91 (a) b (c) S ", 15) == 0);
    const char *close = strrchr(m.buf, ')');
    long long f[52] = {0};
    char state = 0;
    int got = sscanf(close + 2,
                     "%c %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld %lld "
                     "%lld %lld %lld %lld %lld",
                     &state, &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &f[11], &f[12],
                     &f[13], &f[14], &f[15], &f[16], &f[17], &f[18], &f[19], &f[20]);
    CHECK_EQ(got, 18);
    CHECK_EQ(state, 'S');
    CHECK_EQ(f[14], 250);                               /* utime */
    CHECK_EQ(f[18], 15);                                /* priority */
    CHECK_EQ(f[19], -5);                                /* nice */
    CHECK(strstr(m.buf, " 0 0 0 0 0 0 0 0\n") != NULL); /* no mm: zeros */
    seq_free(&m);
}

TEST(procfs_status_lines_in_linux_order)
{
    struct proc_task_snap t = sample_task();
    struct seqbuf m;
    seq_init(&m);
    proc_show_status(&m, &t);
    const char *order[] = {"Name:\tcat\n",
                           "Umask:\t0022\n",
                           "State:\tR (running)\n",
                           "Tgid:\t91\n",
                           "Ngid:\t0\n",
                           "Pid:\t91\n",
                           "PPid:\t1\n",
                           "TracerPid:\t0\n",
                           "Uid:\t0\t0\t0\t0\n",
                           "Gid:\t0\t0\t0\t0\n",
                           "FDSize:\t64\n",
                           "Groups:\t \n",
                           "NStgid:\t91\n",
                           "NSpid:\t91\n",
                           "NSpgid:\t0\n",
                           "NSsid:\t0\n",
                           "VmPeak:\t    2152 kB\n",
                           "VmSize:\t    2152 kB\n",
                           "VmLck:\t       0 kB\n",
                           "VmRSS:\t       4 kB\n",
                           "VmData:\t     240 kB\n",
                           "VmStk:\t     132 kB\n",
                           "VmExe:\t    1740 kB\n",
                           "VmLib:\t       4 kB\n",
                           "VmPTE:\t      36 kB\n",
                           "VmSwap:\t       0 kB\n",
                           "HugetlbPages:\t       0 kB\n",
                           "CoreDumping:\t0\n",
                           "Threads:\t1\n",
                           "SigQ:\t0/3621\n",
                           "SigPnd:\t0000000000000000\n",
                           "SigCgt:\t0000000000000000\n",
                           "CapEff:\t000001ffffffffff\n",
                           "NoNewPrivs:\t0\n",
                           "Cpus_allowed:\t1\n",
                           "Cpus_allowed_list:\t0\n",
                           "Mems_allowed_list:\t0\n",
                           "voluntary_ctxt_switches:\t0\n",
                           "nonvoluntary_ctxt_switches:\t0\n"};
    const char *p = m.buf;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        const char *q = strstr(p, order[i]);
        CHECK(q != NULL);
        if (!q) {
            fprintf(stderr, "  missing or out of order: %s", order[i]);
            break;
        }
        p = q + strlen(order[i]);
    }
    CHECK_EQ(*p, '\0');
    seq_free(&m);
}

TEST(procfs_status_kernel_thread_has_no_vm_lines)
{
    struct proc_task_snap t = sample_task();
    t.has_mm = false;
    t.sig_ignored = UINT64_MAX;
    t.ncpus = 2;
    struct seqbuf m;
    seq_init(&m);
    proc_show_status(&m, &t);
    CHECK(strstr(m.buf, "VmSize") == NULL);
    CHECK(strstr(m.buf, "SigIgn:\tffffffffffffffff\n") != NULL);
    CHECK(strstr(m.buf, "Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\n") != NULL);
    seq_free(&m);
}

TEST(procfs_maps_columns)
{
    struct proc_vma_snap v[] = {
        {0x400000, 0x5b3000, 0, PROC_VMA_READ | PROC_VMA_EXEC, 0, 2, 6, "/bin/busybox"},
        {0x5d3000, 0x5da000, 0, PROC_VMA_READ | PROC_VMA_WRITE, 0, 0, 0, NULL},
        {0x28ba2000, 0x28bc4000, 0, PROC_VMA_READ | PROC_VMA_WRITE | PROC_VMA_HEAP, 0, 0, 0, NULL},
        {0xfffff432a000, 0xfffff434b000, 0, PROC_VMA_READ | PROC_VMA_WRITE | PROC_VMA_STACK, 0, 0,
         0, NULL},
        {0x1000, 0x2000, 0x3000, PROC_VMA_SHARED, 0, 0, 0, NULL},
    };
    struct seqbuf m;
    seq_init(&m);
    proc_show_maps(&m, v, 5);
    const char *want =
        "00400000-005b3000 r-xp 00000000 00:02 6                                  /bin/busybox\n"
        "005d3000-005da000 rw-p 00000000 00:00 0 \n"
        "28ba2000-28bc4000 rw-p 00000000 00:00 0                                  [heap]\n"
        "fffff432a000-fffff434b000 rw-p 00000000 00:00 0                          [stack]\n"
        "00001000-00002000 ---s 00003000 00:00 0 \n";
    CHECK(m.buf && strcmp(m.buf, want) == 0);
    if (m.buf && strcmp(m.buf, want))
        fprintf(stderr, "got:\n%s", m.buf);
    seq_free(&m);
}

TEST(procfs_meminfo_widths)
{
    struct proc_mem_snap s = {.total_kb = 1000964, .free_kb = 973888, .available_kb = 944068};
    struct seqbuf m;
    seq_init(&m);
    proc_show_meminfo(&m, &s);
    CHECK(strncmp(m.buf,
                  "MemTotal:        1000964 kB\nMemFree:          973888 kB\n"
                  "MemAvailable:     944068 kB\nBuffers:               0 kB\n",
                  4 * 28) == 0);
    CHECK(strstr(m.buf, "\nSwapTotal:             0 kB\nSwapFree:              0 kB\n") != NULL);
    CHECK(strstr(m.buf, "\nVmallocTotal:   133143592960 kB\n") != NULL);
    CHECK(strstr(m.buf, "\nHardwareCorrupted:     0 kB\n") != NULL);
    CHECK(strstr(m.buf, "\nHugePages_Total:       0\n") != NULL);
    CHECK(strstr(m.buf, "\nCommitLimit:      500482 kB\n") != NULL);
    const char *tail = "Hugepagesize:       2048 kB\nHugetlb:               0 kB\n";
    CHECK(strcmp(m.buf + m.len - strlen(tail), tail) == 0);
    /* Every line: a label, a colon, a number, optionally " kB". */
    int lines = 0;
    for (char *p = m.buf; *p; lines++) {
        char *nl = strchr(p, '\n');
        CHECK(nl != NULL && strchr(p, ':') < nl);
        p = nl + 1;
    }
    CHECK_EQ(lines, 53);
    seq_free(&m);
}

TEST(procfs_cpuinfo_cortex_a72)
{
    struct proc_cpu_snap c = {
        .id = 0,
        .midr = 0x410fd083,
        .hwcap = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x800,
        .timer_hz = 62500000,
    };
    struct seqbuf m;
    seq_init(&m);
    proc_show_cpuinfo(&m, &c, 1);
    const char *want = "processor\t: 0\nBogoMIPS\t: 125.00\n"
                       "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid\n"
                       "CPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\n"
                       "CPU part\t: 0xd08\nCPU revision\t: 3\n\n";
    CHECK(m.buf && strcmp(m.buf, want) == 0);
    seq_free(&m);
}

TEST(procfs_small_files)
{
    struct seqbuf m;
    seq_init(&m);
    proc_show_uptime(&m, 1849999999ULL, 5000000ULL);
    CHECK(strcmp(m.buf, "1.84 0.00\n") == 0);
    seq_free(&m);
    struct proc_load_snap l = {.running = 1, .total = 46, .last_pid = 84};
    proc_show_loadavg(&m, &l);
    CHECK(strcmp(m.buf, "0.00 0.00 0.00 1/46 84\n") == 0);
    seq_free(&m);
    proc_show_version(&m);
    CHECK(strncmp(m.buf, "RustOS version 6.1.0-rustos (", 29) == 0);
    CHECK(strstr(m.buf, "kernel") != NULL); /* seed README: grep "kernel" /proc/version */
    seq_free(&m);
    struct proc_stat_snap s = {.ncpus = 2,
                               .busy_ns = {30000000, 10000000},
                               .idle_ns = {1490000000, 0},
                               .irqs = 403,
                               .ctxt = 953,
                               .processes = 88,
                               .running = 2};
    proc_show_stat_global(&m, &s);
    CHECK(strncmp(m.buf,
                  "cpu  0 0 4 149 0 0 0 0 0 0\ncpu0 0 0 3 149 0 0 0 0 0 0\n"
                  "cpu1 0 0 1 0 0 0 0 0 0 0\nintr 403\nctxt 953\nbtime 0\nprocesses 88\n"
                  "procs_running 2\nprocs_blocked 0\nsoftirq ",
                  strlen("cpu  0 0 4 149 0 0 0 0 0 0\ncpu0 0 0 3 149 0 0 0 0 0 0\n"
                         "cpu1 0 0 1 0 0 0 0 0 0 0\nintr 403\nctxt 953\nbtime 0\nprocesses 88\n"
                         "procs_running 2\nprocs_blocked 0\nsoftirq ")) == 0);
    seq_free(&m);
}

TEST(procfs_seqbuf_grows_and_caps)
{
    struct seqbuf m;
    seq_init(&m);
    for (int i = 0; i < 10000; i++)
        seq_printf(&m, "%d %s\n", i, "some longer text to make it grow past a few pages");
    CHECK_EQ(m.err, 0);
    CHECK(strncmp(m.buf + m.len - 6, "9999 s", 6) != 0);
    CHECK(strstr(m.buf, "\n9999 some longer") != NULL);
    char big[300];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    seq_printf(&m, "%s", big); /* longer than the on-stack buffer */
    CHECK_EQ(m.buf[m.len - 1], 'x');
    CHECK_EQ(strlen(m.buf), m.len);
    while (!m.err)
        seq_write(&m, big, sizeof(big) - 1);
    CHECK_EQ(m.err, -ENOMEM);
    CHECK(m.len <= SEQBUF_MAX);
    seq_free(&m);
}

TEST(kmsg_records)
{
    const char *log = "<6>[    0.000000] Booting RustOS\n<5>[   12.345678] a\\b\tc\n"
                      "<4>[    1.000000] partial";
    char out[128];
    size_t n, used;
    used = kmsg_format_record(log, strlen(log), 0, out, sizeof(out), &n);
    CHECK_EQ(used, 33);
    CHECK(strcmp(out, "6,0,0,-;Booting RustOS\n") == 0);
    CHECK_EQ(n, strlen(out));
    const char *p = log + used;
    used = kmsg_format_record(p, strlen(p), 1, out, sizeof(out), &n);
    CHECK(strcmp(out, "5,1,12345678,-;a\\x5cb\\x09c\n") == 0);
    p += used;
    CHECK_EQ(kmsg_format_record(p, strlen(p), 2, out, sizeof(out), &n), 0);
    /* A line cut by the ring's wrap is skipped. */
    const char *cut = "ing]\n<3>[    2.000000] x\n";
    used = kmsg_format_record(cut, strlen(cut), 7, out, sizeof(out), &n);
    CHECK_EQ(used, 5);
    CHECK_EQ(n, 0);
    /* A small buffer truncates the text but keeps the newline. */
    used = kmsg_format_record(log, strlen(log), 0, out, 12, &n);
    CHECK_EQ(used, 33);
    CHECK_EQ(n, strlen(out));
    CHECK_EQ(out[n - 1], '\n');
}
