/* execve: argument and environment passing, errors (ENOENT, ENOTDIR,
 * EACCES, ENOEXEC, EFAULT, ENAMETOOLONG, ELOOP, ETXTBSY), #! scripts,
 * close-on-exec, signal dispositions and mask across exec.
 * Linux: fs/exec.c, fs/binfmt_script.c, man 2 execve.
 *
 * The program re-executes itself (argv[0]) in helper modes: the new image
 * checks what it inherited and answers with its exit code. */
#include "t.h"

static const char *self;

static void dummy_handler(int sig)
{
    (void)sig;
}

static int helper(int argc, char **argv, char **envp)
{
    const char *mode = argv[1];
    if (strcmp(mode, "args") == 0) {
        /* argv: self args "x y" "" ; env: FOO=bar, ONLY=1 */
        if (argc != 4 || strcmp(argv[2], "x y") != 0 || argv[3][0] != 0 || argv[4] != NULL)
            return 10;
        int n = 0;
        for (char **e = envp; *e; e++)
            n++;
        if (n != 2 || strcmp(envp[0], "FOO=bar") != 0 || strcmp(envp[1], "ONLY=1") != 0)
            return 11;
        return 0;
    }
    if (strcmp(mode, "script") == 0) {
        /* #!SELF script  -> argv: SELF script SCRIPTPATH a1 */
        if (argc != 4 || strstr(argv[2], "script1") == NULL || strcmp(argv[3], "a1") != 0)
            return 20;
        return 0;
    }
    if (strcmp(mode, "fds") == 0) {
        /* argv[2] = fd that must be closed, argv[3] = fd that must be open */
        int closed = atoi(argv[2]), open_ = atoi(argv[3]);
        if (fcntl(closed, F_GETFD) != -1 || errno != EBADF)
            return 30;
        if (fcntl(open_, F_GETFD) != 0)
            return 31;
        return 0;
    }
    if (strcmp(mode, "pid") == 0)
        return getpid() == atoi(argv[2]) ? 0 : 40;
    if (strcmp(mode, "sig") == 0) {
        struct sigaction sa;
        sigaction(SIGUSR1, NULL, &sa);
        if (sa.sa_handler != SIG_DFL)
            return 50;
        sigaction(SIGUSR2, NULL, &sa);
        if (sa.sa_handler != SIG_IGN)
            return 51;
        sigset_t m;
        sigprocmask(SIG_BLOCK, NULL, &m);
        if (!sigismember(&m, SIGINT) || sigismember(&m, SIGUSR1))
            return 52;
        sigset_t p;
        sigpending(&p);
        if (!sigismember(&p, SIGINT))
            return 53; /* pending signals survive exec */
        return 0;
    }
    if (strcmp(mode, "noargv") == 0)
        return 99; /* never reached: argv[1] would not exist */
    if (strcmp(mode, "exit") == 0)
        return atoi(argv[2]);
    return 90;
}

/* The empty-argv helper: Linux >= 5.18 gives argc 1, argv[0] "". */
static int exec_and_wait(const char *path, char *const argv[], char *const envp[])
{
    pid_t pid = fork();
    if (pid == 0) {
        syscall(SYS_execve, path, argv, envp);
        _exit(100 + errno);
    }
    return t_wait(pid);
}

int main(int argc, char **argv, char **envp)
{
    if (argc == 0)
        return 99;
    if (argc == 1 && argv[0][0] == 0)
        return 77; /* exec'ed with an empty argv */
    if (argc >= 2)
        return helper(argc, argv, envp);
    self = argv[0];
    t_init("exec");
    char *env0[] = {NULL};

    /* Arguments and environment, exactly. */
    char *a1[] = {(char *)self, "args", "x y", "", NULL};
    char *e1[] = {"FOO=bar", "ONLY=1", NULL};
    int st = exec_and_wait(self, a1, e1);
    CHECK(EXITED_WITH(st, 0), "argv and envp arrive exactly (status %#x)", st);

    /* The pid is kept. */
    pid_t pid = fork();
    if (pid == 0) {
        char buf[16];
        snprintf(buf, sizeof(buf), "%d", (int)getpid());
        char *a[] = {(char *)self, "pid", buf, NULL};
        execve(self, a, env0);
        _exit(127);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0), "execve keeps the pid");

    /* exit status of the new image */
    char *a2[] = {(char *)self, "exit", "42", NULL};
    st = exec_and_wait(self, a2, env0);
    CHECK(EXITED_WITH(st, 42), "the new image's exit status reaches the parent");

    /* argv NULL / empty: Linux 5.18+ substitutes {""} (fs/exec.c do_execveat_common). */
    st = exec_and_wait(self, NULL, env0);
    CHECK(EXITED_WITH(st, 77), "execve with argv NULL runs with argc 1, argv[0] \"\" (status %#x)",
          st);
    char *empty[] = {NULL};
    st = exec_and_wait(self, empty, NULL);
    CHECK(EXITED_WITH(st, 77), "execve with an empty argv and NULL envp (status %#x)", st);

    /* Errors: the call returns in the caller. */
    char *a0[] = {"x", NULL};
    CHECK_ERR(syscall(SYS_execve, "/nonexistent/prog", a0, env0), ENOENT, "missing file: ENOENT");
    CHECK_ERR(syscall(SYS_execve, "", a0, env0), ENOENT, "empty path: ENOENT");
    CHECK_ERR(syscall(SYS_execve, "/tests/exec/x", a0, env0), ENOTDIR,
              "file used as a directory: ENOTDIR");
    CHECK_ERR(syscall(SYS_execve, "/tmp", a0, env0), EACCES, "a directory: EACCES");
    CHECK_ERR(syscall(SYS_execve, BADPTR, a0, env0), EFAULT, "bad path pointer: EFAULT");
    CHECK_ERR(syscall(SYS_execve, KPTR, a0, env0), EFAULT, "kernel path pointer: EFAULT");
    CHECK_ERR(syscall(SYS_execve, self, BADPTR, env0), EFAULT, "bad argv pointer: EFAULT");
    char *badarg[] = {"x", BADPTR, NULL};
    CHECK_ERR(syscall(SYS_execve, self, badarg, env0), EFAULT, "bad argv[1] pointer: EFAULT");
    char *badenv[] = {KPTR, NULL};
    CHECK_ERR(syscall(SYS_execve, self, a0, badenv), EFAULT, "kernel envp[0] pointer: EFAULT");
    static char longpath[5000];
    memset(longpath, 'a', sizeof(longpath) - 1);
    longpath[0] = '/';
    CHECK_ERR(syscall(SYS_execve, longpath, a0, env0), ENAMETOOLONG,
              "path longer than PATH_MAX: ENAMETOOLONG");
    char longname[300];
    memset(longname, 'b', sizeof(longname) - 1);
    longname[0] = '/';
    longname[sizeof(longname) - 1] = 0;
    CHECK_ERR(syscall(SYS_execve, longname, a0, env0), ENAMETOOLONG,
              "component longer than NAME_MAX: ENAMETOOLONG");

    const char *noexec = t_path("noexec");
    CHECK_OK(t_mkfile(noexec, "\177ELF", 0644), "create a non-executable file");
    CHECK_ERR(syscall(SYS_execve, noexec, a0, env0), EACCES,
              "file without x permission (even for root): EACCES");
    const char *garbage = t_path("garbage");
    CHECK_OK(t_mkfile(garbage, "this is not a program\n", 0755), "create an executable text file");
    CHECK_ERR(syscall(SYS_execve, garbage, a0, env0), ENOEXEC,
              "file with no known format: ENOEXEC");
    const char *tiny = t_path("tiny");
    CHECK_OK(t_mkfile(tiny, "", 0755), "create an empty executable file");
    CHECK_ERR(syscall(SYS_execve, tiny, a0, env0), ENOEXEC, "empty file: ENOEXEC");
    const char *badelf = t_path("badelf");
    {
        /* An ELF header for another machine (x86-64, e_machine 62). */
        unsigned char h[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        h[16] = 2;  /* ET_EXEC */
        h[18] = 62; /* EM_X86_64 */
        h[20] = 1;
        int fd = open(badelf, O_WRONLY | O_CREAT | O_TRUNC, 0755);
        CHECK(fd >= 0 && write(fd, h, sizeof(h)) == sizeof(h), "create an x86-64 ELF header");
        close(fd);
    }
    CHECK_ERR(syscall(SYS_execve, badelf, a0, env0), ENOEXEC, "ELF for another machine: ENOEXEC");

    const char *loop = t_path("loop");
    symlink(loop, loop);
    CHECK_ERR(syscall(SYS_execve, loop, a0, env0), ELOOP, "symlink loop: ELOOP");
    const char *link = t_path("link");
    CHECK_OK(symlink(self, link), "symlink to the test program");
    char *a3[] = {(char *)link, "exit", "9", NULL};
    st = exec_and_wait(link, a3, env0);
    CHECK(EXITED_WITH(st, 9), "exec through a symlink");

    /* ETXTBSY: a file open for writing cannot be executed, and a running
     * program cannot be opened for writing. */
    const char *copy = t_path("copy");
    {
        int in = open(self, O_RDONLY), out = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0755);
        char buf[65536];
        ssize_t n;
        while ((n = read(in, buf, sizeof(buf))) > 0)
            write(out, buf, (size_t)n);
        close(in);
        char *a4[] = {(char *)copy, "exit", "0", NULL};
        CHECK_ERR(syscall(SYS_execve, copy, a4, env0), ETXTBSY,
                  "exec of a file open for writing: ETXTBSY");
        close(out);
        st = exec_and_wait(copy, a4, env0);
        CHECK(EXITED_WITH(st, 0), "a copy of the program runs once closed");
    }
    CHECK_ERR(open(self, O_WRONLY), ETXTBSY, "open a running program for writing: ETXTBSY");

    /* #! scripts. */
    const char *script = t_path("script1");
    char text[300];
    snprintf(text, sizeof(text), "#!%s script\n", self);
    CHECK_OK(t_mkfile(script, text, 0755), "create a #! script");
    char *a5[] = {(char *)script, "a1", NULL};
    st = exec_and_wait(script, a5, env0);
    CHECK(EXITED_WITH(st, 0),
          "#! script: argv = interpreter, its argument, script path, args (status %#x)", st);
    snprintf(text, sizeof(text), "#!  %s   script  \n", self);
    CHECK_OK(t_mkfile(script, text, 0755), "a #! line with extra blanks");
    st = exec_and_wait(script, a5, env0);
    CHECK(EXITED_WITH(st, 0),
          "blanks around the interpreter and its argument are dropped (status %#x)", st);
    const char *nested = t_path("nested");
    snprintf(text, sizeof(text), "#!%s\n", script);
    CHECK_OK(t_mkfile(nested, text, 0755), "a script whose interpreter is a script");
    {
        /* nested: argv = self script script1 nested a1 -> helper "script" sees
         * argc 5: rejected by the helper (argc != 4) -> check the raw status. */
        char *a6[] = {(char *)nested, NULL};
        st = exec_and_wait(nested, a6, env0);
        CHECK(EXITED_WITH(st, 20),
              "a nested script runs its interpreter's interpreter (status %#x)", st);
    }
    const char *noint = t_path("noint");
    CHECK_OK(t_mkfile(noint, "#!/nonexistent/interp\n", 0755),
             "a script with a missing interpreter");
    CHECK_ERR(syscall(SYS_execve, noint, a0, env0), ENOENT, "missing interpreter: ENOENT");
    const char *noxscript = t_path("noxscript");
    snprintf(text, sizeof(text), "#!%s\n", self);
    CHECK_OK(t_mkfile(noxscript, text, 0644), "a script without x permission");
    CHECK_ERR(syscall(SYS_execve, noxscript, a0, env0), EACCES,
              "script without x permission: EACCES");
    const char *selfloop = t_path("selfloop");
    snprintf(text, sizeof(text), "#!%s\n", selfloop);
    CHECK_OK(t_mkfile(selfloop, text, 0755), "a script that is its own interpreter");
    CHECK_ERR(syscall(SYS_execve, selfloop, a0, env0), ELOOP, "endless #! recursion: ELOOP");

    /* Close-on-exec. */
    int keep = open("/dev/null", O_RDONLY);
    int cloexec = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK(keep >= 0 && cloexec >= 0, "open two fds, one O_CLOEXEC");
    char b1[16], b2[16];
    snprintf(b1, sizeof(b1), "%d", cloexec);
    snprintf(b2, sizeof(b2), "%d", keep);
    char *a7[] = {(char *)self, "fds", b1, b2, NULL};
    st = exec_and_wait(self, a7, env0);
    CHECK(EXITED_WITH(st, 0),
          "O_CLOEXEC fd closed by exec, plain fd kept with FD_CLOEXEC clear (status %#x)", st);
    fcntl(keep, F_SETFD, FD_CLOEXEC);
    fcntl(cloexec, F_SETFD, 0);
    snprintf(b1, sizeof(b1), "%d", keep);
    snprintf(b2, sizeof(b2), "%d", cloexec);
    st = exec_and_wait(self, a7, env0);
    CHECK(EXITED_WITH(st, 0), "FD_CLOEXEC set and cleared with F_SETFD (status %#x)", st);
    close(keep);
    close(cloexec);

    /* Signals across exec: handlers reset, ignored stays, mask and pending kept. */
    pid = fork();
    if (pid == 0) {
        struct sigaction sa = {0};
        sa.sa_handler = dummy_handler;
        sigaction(SIGUSR1, &sa, NULL);
        signal(SIGUSR2, SIG_IGN);
        sigset_t m;
        sigemptyset(&m);
        sigaddset(&m, SIGINT);
        sigprocmask(SIG_BLOCK, &m, NULL);
        raise(SIGINT);
        char *a[] = {(char *)self, "sig", NULL};
        execve(self, a, env0);
        _exit(127);
    }
    st = t_wait(pid);
    CHECK(EXITED_WITH(st, 0),
          "exec resets handlers, keeps SIG_IGN, the mask and pending signals (status %#x)", st);

    /* A failed exec leaves the caller intact. */
    static int marker = 1234;
    syscall(SYS_execve, "/nonexistent", a0, env0);
    CHECK(marker == 1234 && getpid() > 1, "the caller continues after a failed execve");

    unlink(noexec);
    unlink(garbage);
    unlink(tiny);
    unlink(badelf);
    unlink(loop);
    unlink(link);
    unlink(copy);
    unlink(script);
    unlink(nested);
    unlink(noint);
    unlink(noxscript);
    unlink(selfloop);
    return t_done();
}
