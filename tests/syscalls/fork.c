/* fork, vfork, clone with fork semantics, exit, exit_group, copy-on-write.
 * Linux: kernel/fork.c, man 2 fork, vfork, clone. */
#include "t.h"

#include <sched.h>
#include <sys/mman.h>

static volatile int shared_counter = 42;

static long raw_clone(unsigned long flags)
{
    return syscall(SYS_clone, flags, 0L, NULL, NULL, 0L);
}

int main(void)
{
    t_init("fork");
    pid_t me = getpid();

    /* fork: child gets 0 and a new pid, parent gets the child's pid. */
    int p[2];
    CHECK_OK(pipe(p), "pipe for fork results");
    pid_t pid = fork();
    if (pid == 0) {
        pid_t info[2] = {getpid(), getppid()};
        write(p[1], info, sizeof(info));
        _exit(7);
    }
    CHECK(pid > 0, "fork returns the child pid in the parent");
    pid_t info[2] = {0, 0};
    CHECK_EQ(read(p[0], info, sizeof(info)), sizeof(info), "child reports its ids");
    CHECK(info[0] == pid, "child's getpid equals the pid fork returned");
    CHECK(info[1] == me, "child's getppid is the parent");
    int st = t_wait(pid);
    CHECK(EXITED_WITH(st, 7), "child exit code 7 seen by wait (status %#x)", st);

    /* Copy on write: the child's writes are invisible to the parent. */
    static char big[3 * 4096];
    memset(big, 'p', sizeof(big));
    pid = fork();
    if (pid == 0) {
        memset(big, 'c', sizeof(big));
        shared_counter = 1;
        _exit(big[5000] == 'c' && shared_counter == 1 ? 0 : 1);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "child sees its own writes");
    CHECK(big[0] == 'p' && big[5000] == 'p' && big[sizeof(big) - 1] == 'p',
          "parent's data unchanged after the child wrote (COW)");
    CHECK(shared_counter == 42, "parent's global unchanged after the child wrote");

    /* COW the other way: the parent writes after fork, the child still has
     * the old value. */
    int q[2];
    CHECK_OK(pipe(q), "pipe for COW sync");
    pid = fork();
    if (pid == 0) {
        char c;
        read(q[0], &c, 1); /* wait until the parent wrote */
        _exit(big[100] == 'p' ? 0 : 1);
    }
    big[100] = 'X';
    write(q[1], "g", 1);
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "child keeps the pre-fork value after the parent writes");
    close(q[0]);
    close(q[1]);

    /* Heap and stack pages are copied too. */
    char *heap = malloc(100000);
    memset(heap, 'h', 100000);
    volatile char stackbuf[8192];
    memset((char *)stackbuf, 's', sizeof(stackbuf));
    pid = fork();
    if (pid == 0) {
        int ok = heap[99999] == 'h' && stackbuf[8000] == 's';
        heap[99999] = 'x';
        stackbuf[8000] = 'x';
        _exit(ok ? 0 : 1);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "child inherits heap and stack contents");
    CHECK(heap[99999] == 'h' && stackbuf[8000] == 's', "parent heap and stack unchanged");
    free(heap);

    /* File descriptors are inherited and share the file offset. */
    int fd = open(t_path("off"), O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0, "create a file");
    pid = fork();
    if (pid == 0)
        _exit(write(fd, "abc", 3) == 3 ? 0 : 1);
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "child writes through an inherited fd");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3, "the shared file offset moved in the parent");
    close(fd);
    unlink(t_path("off"));

    /* vfork: the parent is suspended until the child exits or execs, and
     * the child shares the memory. */
    static volatile int vflag;
    vflag = 0;
    pid = vfork();
    if (pid == 0) {
        vflag = 1;
        _exit(3);
    }
    CHECK(pid > 0, "vfork returns the child pid");
    CHECK(vflag == 1, "vfork child ran first and shares memory");
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 3), "vfork child exit status");

    /* clone(SIGCHLD) = fork. */
    long c = raw_clone(SIGCHLD);
    if (c == 0)
        syscall(SYS_exit_group, 9);
    CHECK(c > 0, "clone(SIGCHLD) creates a child");
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 9), "clone child exit status via exit_group");

    /* clone(CLONE_VM|CLONE_VFORK|SIGCHLD) with a stack runs and the parent
     * waits for it (what posix_spawn does). */
    static volatile int cv;
    cv = 0;
    pid = vfork();
    if (pid == 0) {
        cv = 5;
        syscall(SYS_exit, 4);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 4) && cv == 5, "vfork child ending with exit(2), not exit_group");

    /* clone with an exit signal other than SIGCHLD: wait needs __WALL. */
    {
        /* Blocked first: the child's exit signal must not kill us. */
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGUSR1);
        sigprocmask(SIG_BLOCK, &s, NULL);
        c = raw_clone(SIGUSR1);
        if (c == 0)
            syscall(SYS_exit_group, 2);
        int st2;
        /* Without __WCLONE/__WALL the "clone" child is invisible. */
        pid_t w = waitpid(c, &st2, WNOHANG);
        CHECK(w == -1 && errno == ECHILD, "waitpid without __WALL ignores a non-SIGCHLD child");
        CHECK_EQ(waitpid(c, &st2, __WCLONE), c, "waitpid(__WCLONE) reaps it");
        CHECK(EXITED_WITH(st2, 2), "its exit status");
        struct timespec ts = {0, 0};
        CHECK_EQ(sigtimedwait(&s, NULL, &ts), SIGUSR1, "its exit signal was SIGUSR1");
        sigprocmask(SIG_UNBLOCK, &s, NULL);
    }

    /* Invalid clone flag combinations. */
    CHECK_ERR(raw_clone(CLONE_SIGHAND | SIGCHLD), EINVAL,
              "clone CLONE_SIGHAND without CLONE_VM: EINVAL");
    CHECK_ERR(raw_clone(CLONE_THREAD | SIGCHLD), EINVAL,
              "clone CLONE_THREAD without CLONE_SIGHAND: EINVAL");
    CHECK_ERR(raw_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD), EINVAL,
              "clone CLONE_NEWNS|CLONE_FS: EINVAL");

    /* Many children, all reaped. */
    int n = 0, good = 0;
    for (int i = 0; i < 20; i++) {
        pid = fork();
        if (pid == 0)
            _exit(i);
        if (pid > 0)
            n++;
    }
    int seen = 0;
    for (int i = 0; i < n; i++) {
        pid_t w = wait(&st);
        if (w > 0 && WIFEXITED(st)) {
            good++;
            seen |= 1 << WEXITSTATUS(st);
        }
    }
    CHECK(n == 20 && good == 20 && seen == 0xfffff,
          "20 children forked and reaped with their codes");
    CHECK_ERR(wait(&st), ECHILD, "no children left: ECHILD");

    /* exit code truncation: exit(256+5) gives 5. */
    pid = fork();
    if (pid == 0)
        syscall(SYS_exit_group, 261);
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 5), "exit_group(261) gives status 5");

    /* fork inside a child: grandchild ids. */
    pid = fork();
    if (pid == 0) {
        pid_t mid = getpid();
        pid_t g = fork();
        if (g == 0)
            _exit(getppid() == mid ? 0 : 1);
        int s2 = t_wait(g);
        _exit(EXITED_WITH(s2, 0) ? 0 : 1);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "grandchild's parent is the child");

    /* A child with a large anonymous mapping is forked and exits cleanly. */
    char *m = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED, "mmap 8 MiB");
    for (int i = 0; i < 8 << 20; i += 4096)
        m[i] = 1;
    pid = fork();
    if (pid == 0) {
        long sum = 0;
        for (int i = 0; i < 8 << 20; i += 4096)
            sum += m[i];
        _exit(sum == 2048 ? 0 : 1);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "child reads 8 MiB of touched parent memory");
    munmap(m, 8 << 20);

    return t_done();
}
