/* sysfuzz: a system-call fuzzer. Usage: sysfuzz [CALLS [SEED]]
 * (default 1000000 calls, seed 1; the same seed makes the same calls).
 *
 * Calls random numbers 0..450 with random arguments: small integers, -1,
 * huge sizes, powers of two, NULL, (void *)1, kernel addresses, unmapped
 * user addresses, pointers into a valid scratch buffer (and just before its
 * guard page), a read-only page, small and bad fds, AT_FDCWD.
 *
 * Containment: the calls run in forked children, each in its own process
 * group, with no fds open at first, cwd a scratch directory under /tmp,
 * small rlimits (address space, file size, fds), SIGPIPE and SIGXFSZ
 * ignored, and a periodic SIGALRM that breaks blocking calls with EINTR. A
 * child that dies (a fuzzed munmap of its own code is normal) is replaced;
 * one that stops making progress for a second is killed. Calls that would
 * end the run or hurt the rest of the system are on a denylist: exit,
 * exit_group, reboot, every kill-like call, execve, clone, rt_sigreturn,
 * setsid/setpgid, mount and namespace calls, ptrace and process_vm_*,
 * module and kexec calls, clock setting, setitimer (our watchdog), chdir,
 * pure sleeps, and calls that make objects outliving the child (SysV IPC,
 * POSIX message queues, keys). mmap loses MAP_POPULATE/MAP_LOCKED and
 * madvise loses MADV_HWPOISON/SOFT_OFFLINE.
 *
 * Before and after (children reaped, scratch files removed, a short settle)
 * it reads MemFree from /proc/meminfo and prints
 *   sysfuzz: calls=N memfree_before=X after=Y
 * On RustOS the lead's kernel hook compares them; here they are only shown.
 */
#include "t.h"

#include <dirent.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>

#define MAX_NR  451
#define SCRATCH (64 * 1024)
#define BATCH   50000
#define FUZZDIR TDIR "/sysfuzz"

struct shared {
    volatile unsigned long calls;
    volatile long last_nr;
};

static struct shared *sh;
static unsigned long rng;
static char *scratch, *ro_page;
static unsigned char deny[MAX_NR];

static unsigned long rnd(void)
{
    /* xorshift64* (Vigna) */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dUL;
}

static void deny_list(void)
{
    static const int nrs[] = {
        SYS_exit,
        SYS_exit_group,
        SYS_reboot,
        SYS_kill,
        SYS_tkill,
        SYS_tgkill,
        SYS_rt_sigqueueinfo,
        SYS_rt_tgsigqueueinfo,
        SYS_pidfd_send_signal,
        SYS_pidfd_getfd,
        SYS_execve,
        SYS_execveat,
        SYS_clone,
        SYS_clone3,
        SYS_rt_sigreturn,
        SYS_setsid,
        SYS_setpgid,
        SYS_mount,
        SYS_umount2,
        SYS_pivot_root,
        SYS_chroot,
        SYS_unshare,
        SYS_setns,
        SYS_mount_setattr,
        SYS_fsopen,
        SYS_fsconfig,
        SYS_fsmount,
        SYS_fspick,
        SYS_move_mount,
        SYS_open_tree,
        SYS_ptrace,
        SYS_process_vm_readv,
        SYS_process_vm_writev,
        SYS_process_madvise,
        SYS_process_mrelease,
        SYS_init_module,
        SYS_finit_module,
        SYS_delete_module,
        SYS_kexec_load,
        SYS_kexec_file_load,
        SYS_swapon,
        SYS_swapoff,
        SYS_settimeofday,
        SYS_clock_settime,
        SYS_adjtimex,
        SYS_clock_adjtime,
        SYS_setitimer,
        SYS_chdir,
        SYS_fchdir,
        SYS_vhangup,
        SYS_acct,
        SYS_syslog,
        SYS_quotactl,
        SYS_quotactl_fd,
        SYS_prlimit64,
        SYS_setrlimit,
        SYS_sched_setaffinity,
        SYS_sched_setscheduler,
        SYS_sched_setparam,
        SYS_sched_setattr,
        SYS_setpriority,
        SYS_ioprio_set,
        SYS_migrate_pages,
        SYS_move_pages,
        SYS_mlock,
        SYS_mlock2,
        SYS_mlockall,
        SYS_fallocate,
        SYS_open_by_handle_at,
        SYS_perf_event_open,
        SYS_bpf,
        SYS_userfaultfd,
        SYS_fanotify_init,
        SYS_fanotify_mark,
        SYS_io_uring_setup,
        SYS_io_uring_enter,
        SYS_io_uring_register,
        SYS_nanosleep,
        SYS_clock_nanosleep,
        SYS_rt_sigsuspend,
        SYS_rt_sigtimedwait,
        SYS_shmget,
        SYS_msgget,
        SYS_semget,
        SYS_mq_open,
        SYS_add_key,
        SYS_request_key,
        SYS_keyctl,
    };
    for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
        if (nrs[i] >= 0 && nrs[i] < MAX_NR)
            deny[nrs[i]] = 1;
}

static unsigned long arg(void)
{
    switch (rnd() % 16) {
    case 0:
        return rnd() % 8;
    case 1:
        return -1UL;
    case 2:
        return rnd();
    case 3:
        return 1UL << (rnd() % 64);
    case 4:
        return 1; /* (void *)1 */
    case 5:
        return 0xffff000000000000UL + (rnd() & 0xfffff000UL); /* kernel */
    case 6:
        return 0;
    case 7:
    case 8:
        return (unsigned long)scratch + rnd() % 4096;
    case 9:
        return (unsigned long)scratch + SCRATCH - rnd() % 64; /* runs into the guard */
    case 10:
        return (unsigned long)ro_page + rnd() % 64;
    case 11:
        return 0x100000000000UL + (rnd() & 0xfffff000UL); /* unmapped user */
    case 12:
        return rnd() % 12; /* small fd */
    case 13:
        return 1000000; /* bad fd */
    case 14: {
        static const unsigned long huge[] = {
            0x7fffffffffffffffUL, 0x80000000UL, 0xffffffffUL, 1UL << 40, 4096, 65536};
        return huge[rnd() % 6];
    }
    default:
        return (unsigned long)-100L; /* AT_FDCWD */
    }
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* Our own signal setup; re-done after every fuzzed signal call. */
static void own_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm; /* no SA_RESTART: blocking calls end with EINTR */
    sigaction(SIGALRM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static void child(unsigned long seed, unsigned long n)
{
    setpgid(0, 0);
    syscall(SYS_close_range, 0, ~0U, 0);
    struct rlimit as = {256UL << 20, 256UL << 20}, fsz = {1 << 20, 1 << 20}, nf = {64, 64},
                  core = {0, 0};
    setrlimit(RLIMIT_AS, &as);
    setrlimit(RLIMIT_FSIZE, &fsz);
    setrlimit(RLIMIT_NOFILE, &nf);
    setrlimit(RLIMIT_CORE, &core);
    if (chdir(FUZZDIR) != 0)
        _exit(90);
    char *m =
        mmap(NULL, SCRATCH + 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        _exit(91);
    scratch = m;
    mprotect(m + SCRATCH, 4096, PROT_NONE); /* guard */
    ro_page = m + SCRATCH + 4096;
    memset(ro_page, 'r', 4096);
    mprotect(ro_page, 4096, PROT_READ);
    rng = seed * 0x9e3779b97f4a7c15UL + 1;
    for (int i = 0; i < SCRATCH / 8; i++)
        ((unsigned long *)scratch)[i] = rnd() & ~0x0101010101010101UL; /* no '/' (odd) */
    own_signals();
    struct itimerval it = {{0, 2000}, {0, 2000}};
    setitimer(ITIMER_REAL, &it, NULL);

    for (unsigned long i = 0; i < n; i++) {
        long nr = (long)(rnd() % MAX_NR);
        if (deny[nr])
            continue;
        unsigned long a[6];
        for (int j = 0; j < 6; j++)
            a[j] = arg();
        /* refresh the start of the buffer: strings, structs, iovecs */
        for (int j = 0; j < 64; j++)
            ((unsigned long *)scratch)[j] = rnd() & ~0x0101010101010101UL;
        if (nr == SYS_mmap)
            a[3] &= ~(unsigned long)(MAP_POPULATE | MAP_LOCKED);
        if (nr == SYS_madvise && a[2] >= 100)
            a[2] = MADV_NORMAL; /* no HWPOISON / SOFT_OFFLINE */
        if (nr == SYS_prctl && a[0] == PR_SET_MM)
            continue;
        sh->last_nr = nr;
        sh->calls++;
        syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        if (nr == SYS_rt_sigaction || nr == SYS_rt_sigprocmask || nr == SYS_sigaltstack)
            own_signals();
    }
    _exit(0);
}

static long memfree_kb(void)
{
    char buf[4096];
    int fd = open("/proc/meminfo", O_RDONLY);
    if (fd < 0)
        return -1;
    long n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    char *p = strstr(buf, "MemFree:");
    return p ? strtol(p + 8, NULL, 10) : -1;
}

/* rm -rf the contents of dir (fd), depth-limited. */
static void clean(int dfd, int depth)
{
    char buf[4096];
    for (int pass = 0; pass < 100; pass++) {
        lseek(dfd, 0, SEEK_SET);
        long n = syscall(SYS_getdents64, dfd, buf, sizeof(buf));
        if (n <= 0)
            return;
        int removed = 0;
        for (long off = 0; off < n;) {
            struct {
                uint64_t ino;
                int64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[];
            } *d = (void *)(buf + off);
            off += d->reclen;
            if (!strcmp(d->name, ".") || !strcmp(d->name, ".."))
                continue;
            if (unlinkat(dfd, d->name, 0) == 0) {
                removed++;
                continue;
            }
            int sub = openat(dfd, d->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
            if (sub >= 0 && depth < 8) {
                fchmod(sub, 0700);
                clean(sub, depth + 1);
            }
            if (sub >= 0)
                close(sub);
            if (unlinkat(dfd, d->name, AT_REMOVEDIR) == 0)
                removed++;
        }
        if (!removed)
            return;
    }
}

int main(int argc, char **argv)
{
    t_init("sysfuzz");
    unsigned long target = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
    deny_list();
    sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(sh != MAP_FAILED, "shared counter page");
    mkdir(FUZZDIR, 0777);
    int dfd = open(FUZZDIR, O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0, "scratch directory " FUZZDIR);
    sync();
    t_msleep(200);
    long before = memfree_kb();

    unsigned long children = 0, signalled = 0, stuck = 0, odd_exit = 0;
    int sigs[65] = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (sh->calls < target) {
        unsigned long left = target - sh->calls;
        pid_t pid = fork();
        if (pid == 0)
            child(seed + children, left < BATCH ? left : BATCH);
        if (pid < 0) {
            CHECK(0, "fork a fuzzing child");
            break;
        }
        children++;
        setpgid(pid, pid);
        unsigned long seen = sh->calls;
        int idle_ms = 0, st = 0;
        for (;;) {
            pid_t w = waitpid(pid, &st, WNOHANG);
            if (w == pid)
                break;
            t_msleep(5);
            if (sh->calls != seen) {
                seen = sh->calls;
                idle_ms = 0;
            } else if ((idle_ms += 5) >= 1000) {
                t_printf("# child %d stuck in syscall %ld: killed\n", pid, sh->last_nr);
                stuck++;
                kill(-pid, SIGKILL);
                kill(pid, SIGKILL);
                waitpid(pid, &st, 0);
                break;
            }
        }
        kill(-pid, SIGKILL); /* anything left in its group */
        if (WIFSIGNALED(st)) {
            signalled++;
            sigs[WTERMSIG(st) & 63]++;
        } else if (WIFEXITED(st) && WEXITSTATUS(st) != 0) {
            odd_exit++;
            t_printf("# child exited with %d after syscall %ld\n", WEXITSTATUS(st), sh->last_nr);
        }
        clean(dfd, 0);
    }
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clean(dfd, 0);
    close(dfd);
    rmdir(FUZZDIR);
    sync();
    t_msleep(500);
    long after = memfree_kb();

    t_printf("# %lu children, %lu ended by a signal, %lu stuck, %lu odd exits, %.1f s\n", children,
             signalled, stuck, odd_exit,
             (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    for (int s = 1; s < 65; s++)
        if (sigs[s])
            t_printf("# signal %d: %d children\n", s, sigs[s]);
    CHECK(sh->calls >= target, "made %lu calls (asked for %lu)", sh->calls, target);
    CHECK(odd_exit == 0, "every child ran its batch to the end or died by a signal");
    CHECK(before > 0 && after > 0, "MemFree read before and after");
    CHECK(access(FUZZDIR, F_OK) != 0, "scratch files removed");
    t_printf("sysfuzz: calls=%lu memfree_before=%ld after=%ld\n", sh->calls, before, after);
    return t_done();
}
