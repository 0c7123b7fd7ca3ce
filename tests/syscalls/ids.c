/* Process identity: getpid/getppid/gettid, process groups and sessions
 * (setpgid/getpgid/setsid/getsid), user and group ids.
 * Linux: kernel/sys.c, man 2 setpgid, setsid, getuid, setresuid. */
#include "t.h"

#include <grp.h>

static const char *self;

static int child_setsid(void *arg)
{
    (void)arg;
    pid_t me = getpid();
    if (syscall(SYS_setsid) != me)
        return 1;
    if (getsid(0) != me || getpgid(0) != me)
        return 2;
    /* A session leader cannot create another session. */
    if (syscall(SYS_setsid) != -1 || errno != EPERM)
        return 3;
    /* A session leader cannot change its process group. */
    if (setpgid(0, getppid()) != -1 || errno != EPERM)
        return 4;
    return 0;
}

static int child_setuid(void *arg)
{
    (void)arg;
    if (syscall(SYS_setresgid, 100, 100, 100) != 0)
        return 1;
    if (syscall(SYS_setresuid, 1000, 1000, 1000) != 0)
        return 2;
    if (getuid() != 1000 || geteuid() != 1000 || getgid() != 100 || getegid() != 100)
        return 3;
    /* An unprivileged process cannot become root again. */
    if (syscall(SYS_setuid, 0) != -1 || errno != EPERM)
        return 4;
    if (syscall(SYS_setresuid, -1, 0, -1) != -1 || errno != EPERM)
        return 5;
    /* ... nor kill root's processes (init). */
    if (kill(1, 0) != -1 || errno != EPERM)
        return 6;
    if (syscall(SYS_setgroups, 0, NULL) != -1 || errno != EPERM)
        return 7;
    return 0;
}

static int child_setreuid(void *arg)
{
    (void)arg;
    /* root: setreuid(ruid, euid) then saved uid follows euid. */
    if (syscall(SYS_setreuid, 10, 20) != 0)
        return 1;
    uid_t r, e, s;
    getresuid(&r, &e, &s);
    if (r != 10 || e != 20 || s != 20)
        return 2;
    /* euid 20 may switch back to the real uid 10 */
    if (syscall(SYS_setresuid, -1, 10, -1) != 0)
        return 3;
    /* and to the saved uid 20 */
    if (syscall(SYS_setresuid, -1, 20, -1) != 0)
        return 4;
    if (syscall(SYS_setresuid, -1, 30, -1) != -1 || errno != EPERM)
        return 5;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "block") == 0) {
        char ch;
        write(3, "r", 1);
        return read(0, &ch, 1) == 1 ? 0 : 1;
    }
    self = argv[0];
    t_init("ids");
    pid_t pid = getpid();

    CHECK(pid > 1, "getpid > 1 (got %d)", pid);
    CHECK_EQ(syscall(SYS_getpid), pid, "raw getpid agrees with glibc");
    CHECK_EQ(syscall(SYS_gettid), pid, "gettid == getpid in a single-threaded process");
    CHECK_EQ(syscall(SYS_getppid), 1, "getppid is 1 (testinit)");

    /* testinit put us in our own process group. */
    CHECK_EQ(syscall(SYS_getpgid, 0), pid, "getpgid(0) is my pid (testinit's setpgid)");
    CHECK_EQ(syscall(SYS_getpgid, pid), pid, "getpgid(getpid())");
    CHECK_EQ(syscall(SYS_getpgid, 1), syscall(SYS_getpgid, 1), "getpgid(1) works");
    CHECK_ERR(syscall(SYS_getpgid, 999999), ESRCH, "getpgid of a missing pid: ESRCH");
    CHECK_ERR(syscall(SYS_getpgid, -1), ESRCH, "getpgid(-1): ESRCH");
    CHECK_EQ(syscall(SYS_getsid, 0), syscall(SYS_getsid, 1), "same session as init");
    CHECK_ERR(syscall(SYS_getsid, 999999), ESRCH, "getsid of a missing pid: ESRCH");
    CHECK_ERR(syscall(SYS_setpgid, 0, -1), EINVAL, "setpgid with a negative pgid: EINVAL");
    CHECK_ERR(syscall(SYS_setpgid, 999999, 0), ESRCH, "setpgid of a non-child: ESRCH");
    CHECK_ERR(syscall(SYS_setpgid, 1, 0), ESRCH, "setpgid of my parent: ESRCH");
    CHECK_ERR(syscall(SYS_setpgid, 0, 999999), EPERM, "setpgid into a missing group: EPERM");
    CHECK_EQ(syscall(SYS_setpgid, 0, 0), 0, "setpgid(0, 0) again is fine");

    /* The child's group: move it into a new group and back. */
    int p[2];
    pipe(p);
    pid_t c = fork();
    if (c == 0) {
        char ch;
        read(p[0], &ch, 1);
        _exit(0);
    }
    CHECK_EQ(syscall(SYS_getpgid, c), pid, "a child starts in my process group");
    CHECK_EQ(syscall(SYS_setpgid, c, c), 0, "setpgid(child, child) makes a new group");
    CHECK_EQ(syscall(SYS_getpgid, c), c, "the child leads its group");
    CHECK_EQ(syscall(SYS_setpgid, c, pid), 0, "setpgid moves the child back into my group");
    CHECK_EQ(syscall(SYS_getpgid, c), pid, "the child is back");
    write(p[1], "x", 1);
    t_wait(c);

    /* After exec, the parent may no longer change the child's group (EACCES). */
    int q[2];
    pipe(q);
    c = fork();
    if (c == 0) {
        dup2(p[0], 0);
        dup2(q[1], 3);
        char *a[] = {(char *)self, "block", NULL};
        execve(self, a, NULL);
        _exit(127);
    }
    char ch = 0;
    CHECK_EQ(read(q[0], &ch, 1), 1, "the child ran exec");
    CHECK_ERR(syscall(SYS_setpgid, c, c), EACCES, "setpgid of a child after its execve: EACCES");
    write(p[1], "x", 1);
    t_wait(c);
    close(q[0]);
    close(q[1]);

    /* setsid in the process-group leader fails; in a child it works. */
    CHECK_ERR(syscall(SYS_setsid), EPERM, "setsid in a process-group leader: EPERM");
    int st = t_child(child_setsid, NULL);
    CHECK(EXITED_WITH(st, 0), "setsid in a child makes it leader of session and group (status %#x)",
          st);

    /* A session leader's child cannot be moved into a group of another session. */
    int ss[2];
    pipe(ss);
    c = fork();
    if (c == 0) {
        syscall(SYS_setsid);
        write(ss[1], "s", 1);
        char ch;
        read(p[0], &ch, 1);
        _exit(0);
    }
    read(ss[0], &ch, 1);
    close(ss[0]);
    close(ss[1]);
    CHECK_ERR(syscall(SYS_setpgid, c, pid), EPERM, "setpgid of a child in another session: EPERM");
    write(p[1], "x", 1);
    t_wait(c);

    /* User and group ids: root. */
    CHECK_EQ(syscall(SYS_getuid), 0, "getuid is 0");
    CHECK_EQ(syscall(SYS_geteuid), 0, "geteuid is 0");
    CHECK_EQ(syscall(SYS_getgid), 0, "getgid is 0");
    CHECK_EQ(syscall(SYS_getegid), 0, "getegid is 0");
    uid_t r = 9, e = 9, s = 9;
    CHECK_EQ(syscall(SYS_getresuid, &r, &e, &s), 0, "getresuid");
    CHECK(r == 0 && e == 0 && s == 0, "getresuid gives 0 0 0");
    gid_t gr = 9, ge = 9, gs = 9;
    CHECK_EQ(syscall(SYS_getresgid, &gr, &ge, &gs), 0, "getresgid");
    CHECK(gr == 0 && ge == 0 && gs == 0, "getresgid gives 0 0 0");
    CHECK_ERR(syscall(SYS_getresuid, BADPTR, &e, &s), EFAULT,
              "getresuid with a bad pointer: EFAULT");
    CHECK_ERR(syscall(SYS_getresgid, &gr, &ge, KPTR), EFAULT,
              "getresgid with a kernel pointer: EFAULT");
    int n = (int)syscall(SYS_getgroups, 0, NULL);
    CHECK(n >= 0, "getgroups(0, NULL) gives the count (%d)", n);
    gid_t groups[64];
    CHECK_EQ(syscall(SYS_getgroups, 64, groups), n, "getgroups fills the list");
    CHECK_ERR(syscall(SYS_getgroups, -1, groups), EINVAL, "getgroups with a negative size: EINVAL");
    gid_t g2[2] = {5, 6};
    c = fork();
    if (c == 0) {
        if (syscall(SYS_setgroups, 2, g2) != 0)
            _exit(1);
        gid_t got[4];
        _exit(syscall(SYS_getgroups, 4, got) == 2 && got[0] == 5 && got[1] == 6 ? 0 : 2);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "setgroups then getgroups round trip (status %#x)", st);
    c = fork();
    if (c == 0) {
        if (syscall(SYS_setgroups, 2, g2) != 0)
            _exit(1);
        gid_t got[1];
        _exit(syscall(SYS_getgroups, 1, got) == -1 && errno == EINVAL ? 0 : 2);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "getgroups with a too-small list: EINVAL");

    st = t_child(child_setuid, NULL);
    CHECK(EXITED_WITH(st, 0), "root drops to uid 1000 and cannot come back (status %#x)", st);
    st = t_child(child_setreuid, NULL);
    CHECK(EXITED_WITH(st, 0),
          "setreuid/setresuid rules for real, effective and saved ids (status %#x)", st);

    /* setfsuid returns the previous fsuid. */
    CHECK_EQ(syscall(SYS_setfsuid, -1), 0, "setfsuid(-1) reports fsuid 0");
    CHECK_EQ(syscall(SYS_setfsgid, -1), 0, "setfsgid(-1) reports fsgid 0");

    close(p[0]);
    close(p[1]);
    return t_done();
}
