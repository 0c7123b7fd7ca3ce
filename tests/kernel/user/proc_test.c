/* EL0 checks of fork, copy-on-write, vfork, wait4, mmap/munmap/mprotect
 * and brk, run by ktest_exec.c from a real ELF file through exec. Exits
 * with the number of failed checks; prints each failure. Freestanding: no
 * libc (see usys.h). The numbers are Linux AArch64's (uapi/unistd.h). */
#include "usys.h"

#define NR_exit     93
#define NR_wait4    260
#define NR_clone    220
#define NR_mmap     222
#define NR_munmap   215
#define NR_mprotect 226
#define NR_brk      214
#define NR_getpid   172
#define NR_getppid  173

#define SIGCHLD     17
#define CLONE_VM    0x100
#define CLONE_VFORK 0x4000
#define WNOHANG     1
#define ECHILD      10
#define EINVAL      22
#define ENOMEM      12

static int failed, passed;
static volatile long shared_global = 1234;

static void check(int ok, const char *what, long got)
{
    if (ok) {
        passed++;
        return;
    }
    failed++;
    uputs("proc_test: FAIL ");
    uputs(what);
    uputs(" (got ");
    uputnum(got);
    uputs(")\n");
}

static long fork_(void)
{
    return usys(NR_clone, SIGCHLD, 0, 0, 0, 0);
}

static long wait_(long pid, int *status, long options)
{
    return usys(NR_wait4, pid, status, options, 0);
}

static void test_fork_cow(void)
{
    long parent = usys(NR_getpid, 0);
    long pid = fork_();
    if (pid == 0) {
        shared_global = 99; /* a private copy: the parent keeps 1234 */
        int code = usys(NR_getppid, 0) == parent ? 7 : 8;
        usys(NR_exit, code);
    }
    check(pid > 0, "fork returns the child pid", pid);
    int status = 0;
    long r = wait_(pid, &status, 0);
    check(r == pid, "wait4 returns the child", r);
    check(status == 7 << 8, "exit status 7, parent seen by the child", status);
    check(shared_global == 1234, "parent memory untouched by the child's write", shared_global);
    check(wait_(-1, &status, 0) == -ECHILD, "wait4 with no children: ECHILD", 0);
}

static void test_vfork(void)
{
    long pid = usys(NR_clone, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
    if (pid == 0)
        usys(NR_exit, 3);
    int status = 0;
    check(wait_(pid, &status, 0) == pid && status == 3 << 8, "vfork child exits 3", status);
}

static void test_nohang(void)
{
    long pid = fork_();
    if (pid == 0) {
        for (volatile long i = 0; i < 2000000; i++)
            ;
        usys(NR_exit, 0);
    }
    int status = 0;
    long r = wait_(pid, &status, WNOHANG);
    check(r == 0 || r == pid, "WNOHANG returns 0 while the child runs", r);
    if (r == 0)
        r = wait_(pid, &status, 0);
    check(r == pid && status == 0, "then the child is reaped", r);
    check(wait_(pid, &status, 0x1000) == -EINVAL, "wait4 with bad options: EINVAL", 0);
}

#define PROT_RW     3
#define MAP_PRIVATE 2
#define MAP_SHARED  1
#define MAP_ANON    0x20
#define MAP_FIXED   0x10

static void test_mmap(void)
{
    long a = usys(NR_mmap, 0, 3 * 4096, PROT_RW, MAP_PRIVATE | MAP_ANON, -1, 0);
    check(a > 0 && (a & 4095) == 0, "mmap anonymous", a);
    volatile char *p = (char *)a;
    check(p[5000] == 0, "fresh anonymous memory reads zero", p[5000]);
    p[0] = 1;
    p[8192] = 2;
    check(usys(NR_munmap, a + 4096, 4096) == 0, "munmap the middle page", 0);
    check(p[0] == 1 && p[8192] == 2, "the outer pages survive", p[0]);
    check(usys(NR_munmap, a + 1, 4096) == -EINVAL, "munmap unaligned: EINVAL", 0);
    check(usys(NR_mmap, 0, 0, PROT_RW, MAP_PRIVATE | MAP_ANON, -1, 0) == -EINVAL,
          "mmap of 0 bytes: EINVAL", 0);
    check(usys(NR_mmap, 0, 4096, PROT_RW, MAP_ANON, -1, 0) == -EINVAL,
          "mmap without SHARED/PRIVATE: EINVAL", 0);
    check(usys(NR_mprotect, a + 4096, 4096, 1) == -ENOMEM, "mprotect over a hole: ENOMEM", 0);
    check(usys(NR_mprotect, a, 4096, 1) == 0, "mprotect read-only", 0);
    check(p[0] == 1, "still readable", p[0]);

    long s = usys(NR_mmap, 0, 4096, PROT_RW, MAP_SHARED | MAP_ANON, -1, 0);
    volatile long *sp = (long *)s;
    *sp = 5;
    long pid = fork_();
    if (pid == 0) {
        *sp = 6;
        usys(NR_exit, 0);
    }
    int status;
    wait_(pid, &status, 0);
    check(*sp == 6, "MAP_SHARED memory is shared with the child", *sp);

    long f = usys(NR_mmap, a, 4096, PROT_RW, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0);
    check(f == a && p[0] == 0, "MAP_FIXED replaces a mapping with zeros", f);
}

static void test_brk(void)
{
    long cur = usys(NR_brk, 0);
    check(cur > 0, "brk(0) gives the break", cur);
    long grown = usys(NR_brk, cur + 100000);
    check(grown == cur + 100000, "brk grows", grown);
    volatile char *p = (char *)cur;
    p[99999] = 42;
    check(p[99999] == 42, "the new heap is usable", p[99999]);
    check(usys(NR_brk, cur) == cur, "brk shrinks back", 0);
    check(usys(NR_brk, 1) == cur, "a break below the start is refused", 0);
}

void _start(void)
{
    test_fork_cow();
    test_vfork();
    test_nohang();
    test_mmap();
    test_brk();
    uputs("proc_test: ");
    uputnum(passed);
    uputs(" passed, ");
    uputnum(failed);
    uputs(" failed\n");
    usys(NR_exit, failed);
    for (;;)
        ;
}
