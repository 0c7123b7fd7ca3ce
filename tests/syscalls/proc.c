/* /proc: self/{stat,status,cmdline,exe,fd,maps,environ}, meminfo, uptime,
 * loadavg, version, cpuinfo, mounts, filesystems. Format essentials, not
 * exact numbers. Linux: fs/proc/, Documentation/filesystems/proc.rst, man 5 proc. */
#include "t.h"

#include <dirent.h>

static char fbuf[65536];

/* Read a whole /proc file into fbuf (NUL-terminated); returns the length or -1. */
static long slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long n = 0, r;
    while (n < (long)sizeof(fbuf) - 1 && (r = read(fd, fbuf + n, sizeof(fbuf) - 1 - (size_t)n)) > 0)
        n += r;
    close(fd);
    fbuf[n] = 0;
    return n;
}

/* The value after "Key:" in a "Key:\tvalue" file, or -1. */
static long field(const char *key)
{
    char k[64];
    snprintf(k, sizeof(k), "\n%s:", key);
    const char *p = strncmp(fbuf, k + 1, strlen(k + 1)) == 0 ? fbuf - 1 : strstr(fbuf, k);
    if (!p)
        return -1;
    p += strlen(k);
    while (*p == ' ' || *p == '\t')
        p++;
    return strtol(p, NULL, 10);
}

int main(int argc, char **argv)
{
    (void)argc;
    t_init("proc");
    pid_t me = getpid();
    char path[64], link[256];

    /* /proc/self */
    long n = readlink("/proc/self", link, sizeof(link) - 1);
    CHECK(n > 0, "readlink /proc/self");
    link[n > 0 ? n : 0] = 0;
    CHECK(atoi(link) == me, "/proc/self points to my pid (%s)", link);
    snprintf(path, sizeof(path), "/proc/%d", me);
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "/proc/PID is a directory");
    CHECK_ERR(open("/proc/999999/stat", O_RDONLY), ENOENT, "a missing pid: ENOENT");

    /* stat */
    CHECK(slurp("/proc/self/stat") > 0, "read /proc/self/stat");
    int pid = 0, ppid = 0, pgrp = 0;
    char comm[64] = {0}, state = 0;
    int got = sscanf(fbuf, "%d (%63[^)]) %c %d %d", &pid, comm, &state, &ppid, &pgrp);
    CHECK(got == 5, "the line parses as \"pid (comm) state ppid pgrp\" (%d fields)", got);
    CHECK(pid == me && ppid == getppid() && pgrp == getpgrp(), "pid, ppid and pgrp are mine");
    CHECK(strcmp(comm, "proc") == 0, "comm is the program name (%s)", comm);
    CHECK(state == 'R', "state R while reading (%c)", state);
    int fields = 2; /* pid and comm, then one blank before each field */
    for (const char *p = strchr(fbuf, ')'); *p; p++)
        fields += *p == ' ';
    CHECK(fields >= 52, "at least 52 fields (%d)", fields);

    /* status */
    CHECK(slurp("/proc/self/status") > 0, "read /proc/self/status");
    CHECK(strncmp(fbuf, "Name:\tproc\n", 11) == 0, "starts with \"Name:\\tproc\"");
    CHECK(field("Pid") == me && field("PPid") == getppid(), "Pid and PPid");
    CHECK(field("Tgid") == me, "Tgid");
    CHECK(strstr(fbuf, "\nState:\tR (running)\n") != NULL, "State:\\tR (running)");
    CHECK(strstr(fbuf, "\nUid:\t0\t0\t0\t0\n") != NULL, "Uid: four zeros");
    CHECK(field("VmRSS") > 0 && strstr(fbuf, "kB\n"), "VmRSS in kB");
    CHECK(field("Threads") == 1, "Threads: 1");
    CHECK(strstr(fbuf, "\nSigBlk:\t") != NULL, "SigBlk line");

    /* cmdline, environ */
    long len = slurp("/proc/self/cmdline");
    CHECK(len == (long)strlen(argv[0]) + 1 && strcmp(fbuf, argv[0]) == 0,
          "cmdline is argv, NUL-terminated");
    len = slurp("/proc/self/environ");
    CHECK(len > 0 && strstr(fbuf, "PATH=") != NULL, "environ has PATH");

    /* exe, cwd, root */
    n = readlink("/proc/self/exe", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    CHECK(strcmp(link, "/tests/proc") == 0, "exe is /tests/proc (%s)", link);
    n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    CHECK(strcmp(link, "/") == 0, "cwd is / (%s)", link);
    n = readlink("/proc/self/root", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    CHECK(strcmp(link, "/") == 0, "root is /");

    /* fd */
    int fd = open("/dev/null", O_RDONLY);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    n = readlink(path, link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    CHECK(strcmp(link, "/dev/null") == 0, "fd/N names the open file (%s)", link);
    int p[2];
    pipe(p);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
    n = readlink(path, link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = 0;
    CHECK(strncmp(link, "pipe:[", 6) == 0, "a pipe reads pipe:[inode] (%s)", link);
    int reopened = open(path, O_RDONLY | O_NONBLOCK);
    CHECK(reopened >= 0, "opening /proc/self/fd/N of a pipe reopens it");
    close(reopened);
    DIR *d = opendir("/proc/self/fd");
    int has0 = 0, hasfd = 0, count = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        count++;
        has0 |= strcmp(e->d_name, "0") == 0;
        hasfd |= atoi(e->d_name) == fd;
    }
    if (d)
        closedir(d);
    CHECK(has0 && hasfd && count >= 5, "fd/ lists 0 and my open fds (%d)", count);
    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
    CHECK(slurp(path) > 0 && strncmp(fbuf, "pos:\t0\n", 7) == 0, "fdinfo starts with pos:");
    close(p[0]);
    close(p[1]);

    /* maps */
    CHECK(slurp("/proc/self/maps") > 0, "read /proc/self/maps");
    unsigned long lo = 0, hi = 0;
    char perms[5] = {0};
    CHECK(sscanf(fbuf, "%lx-%lx %4s", &lo, &hi, perms) == 3 && lo < hi,
          "lines start with lo-hi perms");
    CHECK(strstr(fbuf, "[stack]") != NULL, "the stack is named [stack]");
    CHECK(strstr(fbuf, "/tests/proc") != NULL, "the program's file is mapped");
    CHECK(strstr(fbuf, " r-xp ") != NULL, "a private read-execute mapping (text)");
    CHECK(strstr(fbuf, "[vdso]") != NULL, "the vDSO is mapped");
    unsigned long here = (unsigned long)&lo;
    int found = 0;
    for (char *l = fbuf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        unsigned long a, b;
        if (sscanf(l, "%lx-%lx", &a, &b) == 2 && here >= a && here < b)
            found = strstr(l, "[stack]") != NULL && strstr(l, "[stack]") < strchr(l, '\n');
    }
    CHECK(found, "a local variable lies inside [stack]");

    /* system-wide files */
    CHECK(slurp("/proc/meminfo") > 0, "read /proc/meminfo");
    long total = field("MemTotal"), free_ = field("MemFree"), avail = field("MemAvailable");
    CHECK(strncmp(fbuf, "MemTotal:", 9) == 0, "starts with MemTotal:");
    CHECK(total > 0 && free_ > 0 && free_ <= total, "MemTotal and MemFree in kB (%ld %ld)", total,
          free_);
    CHECK(avail > 0 && avail <= total, "MemAvailable");
    CHECK(strstr(fbuf, " kB\n") != NULL, "values end in \" kB\"");
    CHECK(slurp("/proc/uptime") > 0, "read /proc/uptime");
    double up = -1, idle = -1;
    CHECK(sscanf(fbuf, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0,
          "uptime: two numbers (%s)", fbuf);
    CHECK(slurp("/proc/loadavg") > 0, "read /proc/loadavg");
    double l1;
    int run, tot, last;
    CHECK(sscanf(fbuf, "%lf %*f %*f %d/%d %d", &l1, &run, &tot, &last) == 4 && run >= 1 && tot >= 2,
          "loadavg: 3 loads, running/total, last pid");
    CHECK(slurp("/proc/version") > 0 && strncmp(fbuf, "Linux version ", 14) == 0,
          "version starts with \"Linux version \"");
    CHECK(slurp("/proc/cpuinfo") > 0 && strstr(fbuf, "processor\t: 0") != NULL,
          "cpuinfo has \"processor\\t: 0\"");
    CHECK(slurp("/proc/mounts") > 0 && strstr(fbuf, " /proc proc ") && strstr(fbuf, " /tmp tmpfs "),
          "mounts lists /proc and /tmp");
    CHECK(slurp("/proc/filesystems") > 0 && strstr(fbuf, "\ttmpfs\n") &&
              strstr(fbuf, "nodev\tproc\n"),
          "filesystems lists tmpfs and nodev proc");
    CHECK(slurp("/proc/1/cmdline") > 0 && strcmp(fbuf, "/init") == 0, "/proc/1/cmdline is /init");
    CHECK(slurp("/proc/self/comm") > 0 && strcmp(fbuf, "proc\n") == 0, "comm is \"proc\\n\"");
    CHECK(slurp("/proc/sys/kernel/pid_max") > 0 && atoi(fbuf) >= 32768, "/proc/sys/kernel/pid_max");

    /* writes and errors */
    CHECK(stat("/proc/self/stat", &st) == 0 && (st.st_mode & 07777) == 0444 && S_ISREG(st.st_mode),
          "/proc/self/stat is a regular file with mode 0444");
    CHECK_ERR(open("/proc/nonexistent", O_RDONLY), ENOENT, "a missing /proc entry: ENOENT");
    CHECK_ERR(mkdir("/proc/newdir", 0755), ENOENT, "mkdir in /proc: ENOENT");

    /* another process's entries */
    pid_t k = fork();
    if (k == 0) {
        for (;;)
            pause();
    }
    snprintf(path, sizeof(path), "/proc/%d/stat", k);
    for (int i = 0; i < 400; i++) { /* until it sleeps in pause() */
        state = 0;
        if (slurp(path) > 0)
            sscanf(fbuf, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid);
        if (state == 'S')
            break;
        t_msleep(5);
    }
    CHECK(slurp(path) > 0, "read a child's stat");
    sscanf(fbuf, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid);
    CHECK(pid == k && state == 'S' && ppid == me,
          "the child: its pid, state S (sleeping), my pid as parent");
    kill(k, SIGSTOP);
    waitpid(k, NULL, WUNTRACED);
    slurp(path);
    sscanf(fbuf, "%d (%63[^)]) %c", &pid, comm, &state);
    CHECK(state == 'T', "a stopped child shows state T (%c)", state);
    kill(k, SIGKILL);
    waitpid(k, NULL, 0);
    CHECK_ERR(open(path, O_RDONLY), ENOENT, "gone after it is reaped: ENOENT");
    return t_done();
}
