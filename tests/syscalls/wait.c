/* wait4 and waitid: status encoding, WNOHANG, WNOWAIT, ECHILD, stop and
 * continue (WUNTRACED/WCONTINUED), siginfo. Linux: kernel/exit.c, man 2 wait. */
#include "t.h"

#include <sys/prctl.h>
#include <sys/resource.h>

static pid_t spawn_exit(int code)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(code);
    return pid;
}

static pid_t spawn_sleeper(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    return pid;
}

static long wait4_raw(pid_t pid, int *st, int opts, struct rusage *ru)
{
    return syscall(SYS_wait4, pid, st, opts, ru);
}

static long waitid_raw(int type, pid_t id, siginfo_t *si, int opts)
{
    return syscall(SYS_waitid, type, id, si, opts, NULL);
}

int main(void)
{
    t_init("wait");
    int st;

    CHECK_ERR(wait4_raw(-1, &st, 0, NULL), ECHILD, "wait4 with no children: ECHILD");
    CHECK_ERR(wait4_raw(-1, &st, WNOHANG, NULL), ECHILD, "wait4 WNOHANG with no children: ECHILD");
    CHECK_ERR(wait4_raw(1, &st, 0, NULL), ECHILD,
              "wait4 for a process that is not a child: ECHILD");
    CHECK_ERR(wait4_raw(-1, &st, 0x1000, NULL), EINVAL, "wait4 with an unknown option bit: EINVAL");

    /* Exit codes 0, 1, 255 and their encoding (code << 8). */
    int codes[] = {0, 1, 128, 255};
    for (int i = 0; i < 4; i++) {
        pid_t pid = spawn_exit(codes[i]);
        st = -1;
        CHECK_EQ(wait4_raw(pid, &st, 0, NULL), pid, "wait4 returns the pid (exit %d)", codes[i]);
        CHECK(st == codes[i] << 8, "status word is %#x for exit(%d) (got %#x)", codes[i] << 8,
              codes[i], st);
    }

    /* Killed by a signal: status is the signal number. */
    pid_t pid = spawn_sleeper();
    kill(pid, SIGTERM);
    CHECK_EQ(wait4_raw(pid, &st, 0, NULL), pid, "wait4 reaps a SIGTERMed child");
    CHECK(st == SIGTERM, "status word is the signal number (got %#x)", st);
    pid = spawn_sleeper();
    kill(pid, SIGKILL);
    wait4_raw(pid, &st, 0, NULL);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL && !WCOREDUMP(st), "SIGKILL status");

    /* WNOHANG: 0 while the child runs. */
    pid = spawn_sleeper();
    CHECK_EQ(wait4_raw(pid, &st, WNOHANG, NULL), 0, "WNOHANG on a running child returns 0");
    kill(pid, SIGKILL);
    CHECK_EQ(wait4_raw(pid, &st, 0, NULL), pid, "then reaped after SIGKILL");

    /* Status pointer NULL is fine; a bad one is EFAULT (and the child stays reaped). */
    pid = spawn_exit(3);
    CHECK_EQ(wait4_raw(pid, NULL, 0, NULL), pid, "wait4 with a NULL status pointer");
    pid = spawn_exit(3);
    t_msleep(20);
    CHECK_ERR(wait4_raw(pid, BADPTR, 0, NULL), EFAULT, "wait4 with a bad status pointer: EFAULT");
    pid = spawn_exit(3);
    t_msleep(20);
    CHECK_ERR(wait4_raw(pid, KPTR, 0, NULL), EFAULT, "wait4 with a kernel status pointer: EFAULT");
    while (wait4_raw(-1, NULL, WNOHANG, NULL) > 0)
        ;

    /* rusage of the child. */
    pid = fork();
    if (pid == 0) {
        volatile unsigned long x = 0;
        for (unsigned long i = 0; i < 3000000; i++)
            x += i;
        _exit(0);
    }
    struct rusage ru;
    memset(&ru, 0xff, sizeof(ru));
    CHECK_EQ(wait4_raw(pid, &st, 0, &ru), pid, "wait4 with rusage");
    CHECK(ru.ru_utime.tv_sec >= 0 && ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000,
          "rusage ru_utime is a valid timeval");
    CHECK(ru.ru_maxrss > 0, "rusage ru_maxrss > 0 (got %ld)", ru.ru_maxrss);

    /* wait for any child in my process group (pid 0) and a specific group (-pgid). */
    pid = spawn_exit(4);
    CHECK_EQ(wait4_raw(0, &st, 0, NULL), pid, "wait4(0) reaps a child in my process group");
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        _exit(6);
    }
    setpgid(pid, pid); /* both sides, no race */
    CHECK_EQ(wait4_raw(-pid, &st, 0, NULL), pid, "wait4(-pgid) reaps a child in that group");
    CHECK(EXITED_WITH(st, 6), "its status");
    pid = spawn_exit(1);
    CHECK_ERR(wait4_raw(-(pid + 1000), &st, 0, NULL), ECHILD,
              "wait4(-pgid) for an empty group: ECHILD");
    wait4_raw(pid, NULL, 0, NULL);

    /* waitid. */
    siginfo_t si;
    pid = spawn_exit(5);
    memset(&si, 0, sizeof(si));
    CHECK_EQ(waitid_raw(P_PID, pid, &si, WEXITED), 0, "waitid(P_PID, WEXITED) returns 0");
    CHECK(si.si_pid == pid && si.si_signo == SIGCHLD && si.si_code == CLD_EXITED &&
              si.si_status == 5,
          "waitid siginfo: pid, SIGCHLD, CLD_EXITED, status 5 (got pid %d signo %d code %d status "
          "%d)",
          si.si_pid, si.si_signo, si.si_code, si.si_status);
    CHECK(si.si_uid == 0, "waitid siginfo si_uid is 0");
    pid = spawn_sleeper();
    kill(pid, SIGUSR2);
    memset(&si, 0, sizeof(si));
    CHECK_EQ(waitid_raw(P_ALL, 0, &si, WEXITED), 0, "waitid(P_ALL) on a killed child");
    CHECK(si.si_code == CLD_KILLED && si.si_status == SIGUSR2, "CLD_KILLED with the signal number");
    pid = spawn_sleeper();
    memset(&si, 0xff, sizeof(si));
    CHECK_EQ(waitid_raw(P_PID, pid, &si, WEXITED | WNOHANG), 0,
             "waitid WNOHANG on a running child returns 0");
    CHECK(si.si_pid == 0, "and leaves si_pid 0");
    kill(pid, SIGKILL);
    /* WNOWAIT leaves the child waitable. */
    memset(&si, 0, sizeof(si));
    CHECK_EQ(waitid_raw(P_PID, pid, &si, WEXITED | WNOWAIT), 0, "waitid WNOWAIT");
    CHECK(si.si_pid == pid, "WNOWAIT reports the child");
    CHECK_EQ(wait4_raw(pid, &st, 0, NULL), pid, "which is still there for wait4");
    CHECK_ERR(waitid_raw(P_PID, pid, &si, WEXITED), ECHILD, "then gone: ECHILD");
    CHECK_ERR(waitid_raw(P_ALL, 0, &si, 0), EINVAL,
              "waitid without WEXITED/WSTOPPED/WCONTINUED: EINVAL");
    CHECK_ERR(waitid_raw(7, 0, &si, WEXITED), EINVAL, "waitid with a bad idtype: EINVAL");
    pid = spawn_exit(0);
    t_msleep(20);
    CHECK_ERR(waitid_raw(P_PID, pid, BADPTR, WEXITED), EFAULT, "waitid with a bad siginfo: EFAULT");
    while (wait4_raw(-1, NULL, WNOHANG, NULL) > 0)
        ;
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        _exit(8);
    }
    setpgid(pid, pid);
    memset(&si, 0, sizeof(si));
    CHECK_EQ(waitid_raw(P_PGID, pid, &si, WEXITED), 0, "waitid(P_PGID)");
    CHECK(si.si_pid == pid && si.si_status == 8, "P_PGID reports the child");

    /* Stop and continue. */
    pid = spawn_sleeper();
    kill(pid, SIGSTOP);
    CHECK_EQ(wait4_raw(pid, &st, WUNTRACED, NULL), pid, "WUNTRACED reports a stopped child");
    CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && st == 0x137f, "stop status 0x137f (got %#x)",
          st);
    CHECK_EQ(wait4_raw(pid, &st, WUNTRACED | WNOHANG, NULL), 0, "the stop is reported once");
    kill(pid, SIGCONT);
    CHECK_EQ(wait4_raw(pid, &st, WCONTINUED, NULL), pid, "WCONTINUED reports the continued child");
    CHECK(WIFCONTINUED(st) && st == 0xffff, "continued status 0xffff (got %#x)", st);
    /* (Not SIGTSTP: testinit's children form orphaned process groups,
     * where Linux discards the terminal stop signals.) */
    kill(pid, SIGSTOP);
    CHECK_EQ(wait4_raw(pid, &st, WUNTRACED, NULL), pid, "stopped again");
    CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "stopped by SIGSTOP");
    kill(pid, SIGCONT);
    memset(&si, 0, sizeof(si));
    CHECK_EQ(waitid_raw(P_PID, pid, &si, WCONTINUED), 0, "waitid WCONTINUED");
    CHECK(si.si_code == CLD_CONTINUED && si.si_status == SIGCONT, "CLD_CONTINUED, status SIGCONT");
    kill(pid, SIGSTOP);
    memset(&si, 0, sizeof(si));
    CHECK_EQ(waitid_raw(P_PID, pid, &si, WSTOPPED), 0, "waitid WSTOPPED");
    CHECK(si.si_code == CLD_STOPPED && si.si_status == SIGSTOP, "CLD_STOPPED, status SIGSTOP");
    /* SIGKILL ends a stopped child. */
    kill(pid, SIGKILL);
    CHECK_EQ(wait4_raw(pid, &st, 0, NULL), pid, "SIGKILL reaps a stopped child");
    CHECK(KILLED_BY(st, SIGKILL), "killed by SIGKILL");

    /* A stopped child does not end a plain wait. */
    pid = spawn_sleeper();
    kill(pid, SIGSTOP);
    t_msleep(20);
    CHECK_EQ(wait4_raw(pid, &st, WNOHANG, NULL), 0, "without WUNTRACED a stop is not reported");
    kill(pid, SIGKILL);
    wait4_raw(pid, &st, 0, NULL);

    /* Zombie: exited but not reaped, still counted; kill(zombie, 0) works. */
    pid = spawn_exit(0);
    waitid_raw(P_PID, pid, &si, WEXITED | WNOWAIT); /* until it is a zombie */
    CHECK_EQ(kill(pid, 0), 0, "kill(zombie, 0) succeeds");
    CHECK_EQ(wait4_raw(pid, &st, WNOHANG, NULL), pid, "a zombie is reaped by WNOHANG");
    CHECK_ERR(kill(pid, 0), ESRCH, "after reaping, kill(pid, 0): ESRCH");

    /* Orphans are reparented to init (no subreaper here)... */
    int op[2];
    pipe(op);
    pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            pid_t pp = getppid();
            for (int i = 0; i < 400 && (pp = getppid()) != 1; i++)
                t_msleep(5);
            write(op[1], &pp, sizeof(pp));
            _exit(0);
        }
        _exit(0);
    }
    t_wait(pid);
    pid_t newparent = -1;
    CHECK_EQ(read(op[0], &newparent, sizeof(newparent)), sizeof(newparent), "the orphan reports");
    CHECK(newparent == 1, "an orphan's parent becomes init (pid 1) (got %d)", newparent);
    /* ... or to a subreaper ancestor, which can then wait for them. */
    CHECK_EQ(syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0, "PR_SET_CHILD_SUBREAPER");
    pid = fork();
    if (pid == 0) {
        pid_t g = fork();
        if (g == 0) {
            t_msleep(50);
            _exit(12);
        }
        write(op[1], &g, sizeof(g));
        _exit(0);
    }
    t_wait(pid);
    pid_t g = -1;
    read(op[0], &g, sizeof(g));
    CHECK_EQ(wait4_raw(g, &st, 0, NULL), g, "the subreaper reaps its orphaned grandchild");
    CHECK(EXITED_WITH(st, 12), "with its status");
    syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
    close(op[0]);
    close(op[1]);

    /* SIGCHLD ignored: children are reaped automatically, wait gives ECHILD. */
    signal(SIGCHLD, SIG_IGN);
    pid = spawn_exit(0);
    CHECK_ERR(wait4_raw(pid, &st, 0, NULL), ECHILD, "SIGCHLD ignored: wait4 blocks then ECHILD");
    signal(SIGCHLD, SIG_DFL);

    return t_done();
}
