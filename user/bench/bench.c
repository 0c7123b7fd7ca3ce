/* bench: micro-benchmarks of the system calls busybox-class programs live
 * on, the same static binary on RustOS and on Linux (DESIGN.md section 4).
 *
 *   bench [-s SCALE] [-r RUNS] [NAME...]     (no NAME: all of them)
 *
 * Each benchmark times ITERS * SCALE operations with
 * clock_gettime(CLOCK_MONOTONIC), RUNS times after one warm-up run, and
 * prints one line per benchmark:
 *   @bench name=NAME unit=UNIT median=X runs=X1,X2,... iters=N
 * where X is nanoseconds per UNIT. Under QEMU "-icount shift=0,sleep=off"
 * one nanosecond of guest time is one guest instruction, so X is then the
 * instruction count per operation, loop overhead included (a few
 * instructions). tools/bench.py boots the kernels and reads these lines.
 *
 * "bench --exit" exits at once: the program fork_exec runs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 15

static const char *self_path = "/bin/bench";

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- The operations. Each runs n times and returns how many units it
 * did (operations, or KiB for bandwidth). ---- */

static long b_null_syscall(long n)
{
    /* The raw system call: glibc's getppid() is one too, but say so. */
    for (long i = 0; i < n; i++)
        syscall(SYS_getppid);
    return n;
}

static long b_read_zero(long n)
{
    static char buf[4096];
    int fd = open("/dev/zero", O_RDONLY);
    if (fd < 0)
        die("open /dev/zero");
    for (long i = 0; i < n; i++)
        if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
            die("read /dev/zero");
    close(fd);
    return n;
}

static long b_pipe_pingpong(long n)
{
    int to_child[2], to_parent[2];
    char c = 'x';
    if (pipe(to_child) < 0 || pipe(to_parent) < 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        for (long i = 0; i < n; i++) {
            if (read(to_child[0], &c, 1) != 1 || write(to_parent[1], &c, 1) != 1)
                _exit(1);
        }
        _exit(0);
    }
    for (long i = 0; i < n; i++) {
        if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &c, 1) != 1)
            die("ping-pong");
    }
    waitpid(pid, NULL, 0);
    close(to_child[0]);
    close(to_child[1]);
    close(to_parent[0]);
    close(to_parent[1]);
    return n;
}

/* n writes of 64 KiB by a child, read by the parent; units are KiB. */
static long b_pipe_bandwidth(long n)
{
    enum { CHUNK = 64 * 1024 };
    static char buf[CHUNK];
    int p[2];
    if (pipe(p) < 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(p[0]);
        for (long i = 0; i < n; i++) {
            size_t done = 0;
            while (done < CHUNK) {
                ssize_t w = write(p[1], buf + done, CHUNK - done);
                if (w <= 0)
                    _exit(1);
                done += (size_t)w;
            }
        }
        _exit(0);
    }
    close(p[1]);
    long long total = 0;
    ssize_t r;
    while ((r = read(p[0], buf, CHUNK)) > 0)
        total += r;
    close(p[0]);
    waitpid(pid, NULL, 0);
    if (total != (long long)n * CHUNK)
        die("pipe bandwidth: short transfer");
    return n * (CHUNK / 1024);
}

static long b_fork_exit(long n)
{
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0)
            _exit(0);
        if (waitpid(pid, NULL, 0) != pid)
            die("waitpid");
    }
    return n;
}

static long b_fork_exec(long n)
{
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            char *argv[] = {(char *)self_path, "--exit", NULL};
            char *envp[] = {NULL};
            execve(self_path, argv, envp);
            _exit(127);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
            die("fork_exec child");
    }
    return n;
}

static long b_mmap_touch(long n)
{
    enum { SIZE = 1024 * 1024, PAGE = 4096 };
    for (long i = 0; i < n; i++) {
        char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            die("mmap");
        for (size_t off = 0; off < SIZE; off += PAGE)
            ((volatile char *)p)[off] = 1;
        if (munmap(p, SIZE) < 0)
            die("munmap");
    }
    return n;
}

static long b_tmpfs_file(long n)
{
    static char buf[4096];
    const char *path = "/tmp/bench.file";
    for (long i = 0; i < n; i++) {
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        if (fd < 0)
            die("open /tmp/bench.file");
        if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
            die("write");
        close(fd);
        if (unlink(path) < 0)
            die("unlink");
    }
    return n;
}

/* ---- Table and driver ---- */

static const struct bench {
    const char *name;
    const char *unit;
    long iters; /* at scale 1: a few hundred million instructions at most */
    long (*fn)(long);
} benches[] = {
    {"null_syscall", "op", 100000, b_null_syscall},
    {"read_zero_4k", "op", 20000, b_read_zero},
    {"pipe_pingpong", "roundtrip", 5000, b_pipe_pingpong},
    {"pipe_bandwidth", "KiB", 256, b_pipe_bandwidth},
    {"fork_exit_wait", "op", 500, b_fork_exit},
    {"fork_exec_wait", "op", 200, b_fork_exec},
    {"mmap_touch_1m", "op", 100, b_mmap_touch},
    {"tmpfs_file", "op", 5000, b_tmpfs_file},
};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run_one(const struct bench *b, double scale, int runs)
{
    long n = (long)(b->iters * scale);
    if (n < 1)
        n = 1;
    double v[MAX_RUNS];
    b->fn(n / 10 + 1); /* warm up: page in code, data, kernel caches */
    for (int r = 0; r < runs; r++) {
        long long t0 = now_ns();
        long units = b->fn(n);
        long long t1 = now_ns();
        v[r] = (double)(t1 - t0) / (double)units;
    }
    double sorted[MAX_RUNS];
    memcpy(sorted, v, sizeof(double) * (size_t)runs);
    qsort(sorted, (size_t)runs, sizeof(double), cmp_double);
    printf("@bench name=%s unit=%s median=%.1f runs=", b->name, b->unit, sorted[runs / 2]);
    for (int r = 0; r < runs; r++)
        printf("%s%.1f", r ? "," : "", v[r]);
    printf(" iters=%ld\n", n);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--exit") == 0)
        _exit(0);
    if (argv[0] && strchr(argv[0], '/'))
        self_path = argv[0];

    double scale = 1.0;
    int runs = 5, opt;
    while ((opt = getopt(argc, argv, "s:r:")) != -1) {
        if (opt == 's')
            scale = atof(optarg);
        else if (opt == 'r')
            runs = atoi(optarg);
        else {
            fprintf(stderr, "usage: bench [-s SCALE] [-r RUNS] [NAME...]\n");
            return 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS || scale <= 0) {
        fprintf(stderr, "bench: RUNS must be 1..%d, SCALE > 0\n", MAX_RUNS);
        return 2;
    }

    printf("@bench start runs=%d scale=%g\n", runs, scale);
    size_t count = sizeof(benches) / sizeof(benches[0]);
    for (size_t i = 0; i < count; i++) {
        int wanted = optind >= argc;
        for (int a = optind; a < argc; a++)
            wanted |= strcmp(argv[a], benches[i].name) == 0;
        if (wanted)
            run_one(&benches[i], scale, runs);
    }
    printf("@bench done\n");
    return 0;
}
