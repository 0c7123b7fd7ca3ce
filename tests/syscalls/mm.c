/* Memory: brk, mmap/munmap/mprotect (anonymous private and shared, files),
 * faults as SIGSEGV with SEGV_ACCERR/SEGV_MAPERR and si_addr, shared
 * mappings across fork, mremap, madvise, mincore, msync.
 * Linux: mm/mmap.c, mm/mprotect.c, arch/arm64/mm/fault.c, man 2 mmap. */
#include "t.h"

#include <setjmp.h>
#include <sys/mman.h>

#define PG 4096UL

static sigjmp_buf jb;
static volatile int fault_code;
static void *volatile fault_addr;
static volatile int fault_sig;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_sig = sig;
    fault_code = si->si_code;
    fault_addr = si->si_addr;
    siglongjmp(jb, 1);
}

/* Try to read (write=0) or write (write=1) *p; returns 0 if it worked,
 * or the signal number it raised. */
static int probe(volatile char *p, int write)
{
    fault_sig = 0;
    fault_code = 0;
    fault_addr = NULL;
    if (sigsetjmp(jb, 1) == 0) {
        if (write)
            *p = 1;
        else
            (void)*p;
        return 0;
    }
    return fault_sig;
}

static void *map(void *addr, size_t len, int prot, int flags)
{
    return (void *)syscall(SYS_mmap, addr, len, prot, flags, -1, 0);
}

int main(void)
{
    t_init("mm");
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    /* brk */
    unsigned long b0 = (unsigned long)syscall(SYS_brk, 0);
    CHECK(b0 != 0 && b0 % 8 == 0, "brk(0) returns the current break");
    unsigned long b1 = (unsigned long)syscall(SYS_brk, b0 + 10 * PG);
    CHECK(b1 == b0 + 10 * PG, "brk grows by 10 pages");
    char *heap = (char *)b0;
    memset(heap, 'b', 10 * PG);
    CHECK(heap[10 * PG - 1] == 'b', "the new heap is writable");
    CHECK((unsigned long)syscall(SYS_brk, b0 + PG) == b0 + PG, "brk shrinks");
    CHECK(probe(heap + 5 * PG, 0) == SIGSEGV, "memory above a shrunken break is gone");
    CHECK((unsigned long)syscall(SYS_brk, b0 + 2 * PG) == b0 + 2 * PG, "brk grows again");
    CHECK(heap[PG + 100] == 0, "regrown heap pages are zero");
    CHECK((unsigned long)syscall(SYS_brk, 1) == b0 + 2 * PG, "a bad brk returns the old break");
    CHECK((unsigned long)syscall(SYS_brk, 0xffff000000000000UL) == b0 + 2 * PG,
          "a kernel-address brk returns the old break");
    syscall(SYS_brk, b0);

    /* anonymous private */
    char *p = map(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    CHECK(p != MAP_FAILED && ((unsigned long)p & (PG - 1)) == 0,
          "mmap anonymous private, page aligned");
    int zero = 1;
    for (unsigned long i = 0; i < 4 * PG; i++)
        zero &= p[i] == 0;
    CHECK(zero, "anonymous memory starts zeroed");
    memset(p, 'x', 4 * PG);
    CHECK(p[4 * PG - 1] == 'x', "and is writable");

    /* mprotect and faults */
    CHECK_EQ(syscall(SYS_mprotect, p + PG, PG, PROT_READ), 0, "mprotect a page read-only");
    CHECK(probe(p + PG, 0) == 0, "reading it works");
    CHECK(probe(p + PG + 8, 1) == SIGSEGV, "writing it raises SIGSEGV");
    CHECK(fault_code == SEGV_ACCERR, "si_code SEGV_ACCERR (got %d)", fault_code);
    CHECK(fault_addr == p + PG + 8, "si_addr is the faulting address");
    CHECK(p[PG] == 'x', "the data is still there");
    CHECK_EQ(syscall(SYS_mprotect, p + 2 * PG, PG, PROT_NONE), 0, "mprotect a page PROT_NONE");
    CHECK(probe(p + 2 * PG + 100, 0) == SIGSEGV && fault_code == SEGV_ACCERR,
          "reading PROT_NONE: SIGSEGV SEGV_ACCERR");
    CHECK(fault_addr == p + 2 * PG + 100, "si_addr of the PROT_NONE read");
    CHECK_EQ(syscall(SYS_mprotect, p + 2 * PG, PG, PROT_READ | PROT_WRITE), 0,
             "mprotect back to read-write");
    CHECK(p[2 * PG] == 'x' && probe(p + 2 * PG, 1) == 0, "the page is back with its data");
    CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL,
              "mprotect of an unaligned address: EINVAL");
    CHECK_ERR(syscall(SYS_mprotect, p, PG, 0x100), EINVAL, "mprotect with unknown bits: EINVAL");
    CHECK_EQ(syscall(SYS_mprotect, p, 0, PROT_READ), 0, "mprotect of length 0 is a no-op");

    /* unmapped */
    CHECK_EQ(syscall(SYS_munmap, p + 3 * PG, PG), 0, "munmap the last page");
    CHECK(probe(p + 3 * PG + 16, 0) == SIGSEGV && fault_code == SEGV_MAPERR,
          "reading unmapped memory: SEGV_MAPERR");
    CHECK(fault_addr == p + 3 * PG + 16, "si_addr of the unmapped read");
    CHECK(probe((char *)8, 0) == SIGSEGV && fault_code == SEGV_MAPERR && fault_addr == (void *)8,
          "NULL+8 read: SEGV_MAPERR at 8");
    CHECK(probe((char *)KPTR, 1) == SIGSEGV, "writing a kernel address: SIGSEGV");
    CHECK_EQ(syscall(SYS_munmap, p + 3 * PG, PG), 0, "munmap of an unmapped range succeeds");
    CHECK_ERR(syscall(SYS_munmap, p + 1, PG), EINVAL, "munmap of an unaligned address: EINVAL");
    CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL, "munmap of length 0: EINVAL");
    CHECK_EQ(syscall(SYS_munmap, p + PG, PG), 0, "munmap a hole in the middle");
    CHECK(p[0] == 'x' && p[2 * PG + 1] == 'x', "the pages around the hole remain");
    CHECK(probe(p + PG, 0) == SIGSEGV, "the hole faults");
    syscall(SYS_munmap, p, 3 * PG);

    /* mmap errors */
    CHECK(map(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS) == MAP_FAILED && errno == EINVAL,
          "mmap of length 0: EINVAL");
    CHECK(map(NULL, PG, PROT_READ, MAP_ANONYMOUS) == MAP_FAILED && errno == EINVAL,
          "mmap without MAP_PRIVATE or MAP_SHARED: EINVAL");
    CHECK(map((void *)0x10001000UL + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) ==
                  MAP_FAILED &&
              errno == EINVAL,
          "MAP_FIXED at an unaligned address: EINVAL");
    CHECK((void *)syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED &&
              errno == EBADF,
          "file mapping of fd -1: EBADF");
    CHECK((void *)syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_PRIVATE, 999, 0) == MAP_FAILED &&
              errno == EBADF,
          "file mapping of a closed fd: EBADF");
    CHECK(map(NULL, 1UL << 62, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS) == MAP_FAILED &&
              errno == ENOMEM,
          "mmap of 2^62 bytes: ENOMEM");
    CHECK(map(NULL, (unsigned long)-PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS) == MAP_FAILED &&
              errno == ENOMEM,
          "mmap of nearly 2^64 bytes: ENOMEM");
    CHECK(map(KPTR, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED) == MAP_FAILED &&
              errno == ENOMEM,
          "MAP_FIXED at a kernel address: ENOMEM");

    /* MAP_FIXED replaces; a hint is honoured when free. */
    char *h = map(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    h[0] = 'a';
    char *f = map(h, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
    CHECK(f == h && h[0] == 0, "MAP_FIXED over an existing mapping replaces it with zeros");
    char *nr = map(h, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE);
    CHECK(nr == MAP_FAILED && errno == EEXIST, "MAP_FIXED_NOREPLACE over a mapping: EEXIST");
    syscall(SYS_munmap, h, 2 * PG);
    char *hint = map(h, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS);
    CHECK(hint == h, "a free hint address is used");
    syscall(SYS_munmap, hint, PG);

    /* Shared anonymous memory is shared with a forked child; private is not. */
    volatile int *sh = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
    volatile int *pr = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    CHECK(sh != MAP_FAILED && pr != MAP_FAILED, "mmap shared and private anonymous pages");
    sh[0] = 1;
    pr[0] = 1;
    pid_t c = fork();
    if (c == 0) {
        sh[0] = 2;
        pr[0] = 2;
        sh[1] = sh[0] + pr[0];
        _exit(0);
    }
    int st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "child wrote both");
    CHECK(sh[0] == 2 && sh[1] == 4, "the shared page shows the child's writes");
    CHECK(pr[0] == 1, "the private page does not (COW)");
    /* and the other way round, while the child runs */
    c = fork();
    if (c == 0) {
        for (int i = 0; i < 2000 && sh[2] != 7; i++)
            t_msleep(1);
        _exit(sh[2] == 7 ? 0 : 1);
    }
    sh[2] = 7;
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "a running child sees the parent's write to shared memory");
    syscall(SYS_munmap, sh, PG);
    syscall(SYS_munmap, pr, PG);

    /* File mappings. */
    const char *path = t_path("file");
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char buf[2 * PG];
    memset(buf, 'f', sizeof(buf));
    write(fd, buf, sizeof(buf));
    char *fm = (char *)syscall(SYS_mmap, NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(fm != MAP_FAILED && fm[0] == 'f' && fm[2 * PG - 1] == 'f',
          "MAP_SHARED file mapping shows the file");
    fm[10] = 'Z';
    char c1 = 0;
    pread(fd, &c1, 1, 10);
    CHECK(c1 == 'Z', "a store to a shared file mapping is visible to read()");
    pwrite(fd, "Q", 1, 20);
    CHECK(fm[20] == 'Q', "write() is visible in the shared mapping");
    CHECK_EQ(syscall(SYS_msync, fm, 2 * PG, MS_SYNC), 0, "msync");
    CHECK_ERR(syscall(SYS_msync, fm + 1, PG, MS_SYNC), EINVAL,
              "msync of an unaligned address: EINVAL");
    char *fp = (char *)syscall(SYS_mmap, NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PG);
    CHECK(fp != MAP_FAILED && fp[0] == 'f', "MAP_PRIVATE file mapping at offset 4096");
    fp[0] = 'P';
    pread(fd, &c1, 1, PG);
    CHECK(c1 == 'f', "a store to a private file mapping stays private");
    CHECK((void *)syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED &&
              errno == EINVAL,
          "file offset not page aligned: EINVAL");
    /* Beyond the end of the file: SIGBUS. */
    char *fb = (char *)syscall(SYS_mmap, NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(fb != MAP_FAILED, "map 4 pages of a 2-page file");
    CHECK(probe(fb + 3 * PG, 0) == SIGBUS, "access past the end of the file: SIGBUS");
    CHECK(fault_code == BUS_ADRERR, "si_code BUS_ADRERR (got %d)", fault_code);
    int ro = open(path, O_RDONLY);
    CHECK((void *)syscall(SYS_mmap, NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) ==
                  MAP_FAILED &&
              errno == EACCES,
          "writable shared mapping of a read-only fd: EACCES");
    CHECK((void *)syscall(SYS_mmap, NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) !=
              MAP_FAILED,
          "writable private mapping of a read-only fd works");
    int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK((void *)syscall(SYS_mmap, NULL, PG, PROT_READ, MAP_PRIVATE, dfd, 0) == MAP_FAILED &&
              errno == ENODEV,
          "mapping a directory: ENODEV");
    close(dfd);
    close(ro);
    close(fd);
    CHECK(fm[10] == 'Z', "a mapping outlives its fd");
    unlink(path);
    CHECK(fm[20] == 'Q', "and its file's unlink");
    syscall(SYS_munmap, fm, 2 * PG);
    syscall(SYS_munmap, fb, 4 * PG);

    /* mremap */
    char *m = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    m[0] = 'r';
    char *m2 = (char *)syscall(SYS_mremap, m, PG, 4 * PG, MREMAP_MAYMOVE);
    CHECK(m2 != MAP_FAILED && m2[0] == 'r', "mremap grows a mapping and keeps its data");
    m2[4 * PG - 1] = 'e';
    CHECK(syscall(SYS_mremap, m2, 4 * PG, PG, 0) == (long)m2, "mremap shrinks in place");
    CHECK(syscall(SYS_mremap, m2 + 1, PG, PG, 0) == -1 && errno == EINVAL,
          "mremap unaligned: EINVAL");
    CHECK(syscall(SYS_mremap, m2, PG, 2 * PG, 0x100) == -1 && errno == EINVAL,
          "mremap bad flags: EINVAL");
    syscall(SYS_munmap, m2, PG);

    /* madvise, mincore */
    m = map(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
    m[0] = 1;
    unsigned char vec[4] = {9, 9, 9, 9};
    CHECK_EQ(syscall(SYS_mincore, m, 4 * PG, vec), 0, "mincore");
    CHECK((vec[0] & 1) == 1 && (vec[1] & 1) == 0, "touched page resident, untouched not (%d %d)",
          vec[0], vec[1]);
    CHECK_ERR(syscall(SYS_mincore, m + 1, PG, vec), EINVAL, "mincore unaligned: EINVAL");
    CHECK_ERR(syscall(SYS_mincore, m, PG, BADPTR), EFAULT, "mincore into a bad vector: EFAULT");
    m[PG] = 5;
    CHECK_EQ(syscall(SYS_madvise, m, 4 * PG, MADV_DONTNEED), 0, "madvise DONTNEED");
    CHECK(m[PG] == 0, "private anonymous pages read back as zero after DONTNEED");
    CHECK_EQ(syscall(SYS_madvise, m, 4 * PG, MADV_NORMAL), 0, "madvise NORMAL");
    CHECK_ERR(syscall(SYS_madvise, m, PG, 12345), EINVAL, "madvise with an unknown advice: EINVAL");
    syscall(SYS_munmap, m, 4 * PG);

    /* A large mapping, touched sparsely, then unmapped: works and is fast. */
    char *big =
        map(NULL, 256UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE);
    CHECK(big != MAP_FAILED, "map 256 MiB with MAP_NORESERVE");
    for (unsigned long i = 0; i < 256UL << 20; i += 1 << 20)
        big[i] = 1;
    CHECK(big[255UL << 20] == 1, "touch one page per MiB");
    CHECK_EQ(syscall(SYS_munmap, big, 256UL << 20), 0, "unmap it");

    /* Stack growth: a deep recursion-like alloca on the main stack. */
    c = fork();
    if (c == 0) {
        volatile char *s = __builtin_alloca(1 << 20);
        s[0] = 1;
        _exit(s[0] == 1 ? 0 : 1);
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 0), "the main stack grows by 1 MiB on demand");

    /* A fault with no handler kills with SIGSEGV. */
    c = fork();
    if (c == 0) {
        signal(SIGSEGV, SIG_DFL);
        volatile int *volatile bad = (int *)16;
        *bad = 1;
        _exit(0);
    }
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGSEGV), "an unhandled fault kills with SIGSEGV (status %#x)", st);
    /* A fault while SIGSEGV is blocked still kills (force_sig). */
    c = fork();
    if (c == 0) {
        sigset_t s;
        sigemptyset(&s);
        sigaddset(&s, SIGSEGV);
        sigprocmask(SIG_BLOCK, &s, NULL);
        volatile int *volatile bad = (int *)16;
        *bad = 1;
        _exit(0);
    }
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGSEGV), "a fault with SIGSEGV blocked still kills (status %#x)", st);
    /* Executing from a non-executable page: SIGSEGV. */
    c = fork();
    if (c == 0) {
        signal(SIGSEGV, SIG_DFL);
        unsigned *code = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        code[0] = 0xd65f03c0; /* ret */
        ((void (*)(void))code)();
        _exit(0);
    }
    st = t_wait(c);
    CHECK(KILLED_BY(st, SIGSEGV), "executing a non-PROT_EXEC page: SIGSEGV (status %#x)", st);
    c = fork();
    if (c == 0) {
        unsigned *code = map(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        code[0] = 0x52800540; /* mov w0, #42 */
        code[1] = 0xd65f03c0; /* ret */
        __builtin___clear_cache((char *)code, (char *)(code + 2));
        if (syscall(SYS_mprotect, code, PG, PROT_READ | PROT_EXEC) != 0)
            _exit(1);
        _exit(((int (*)(void))code)());
    }
    st = t_wait(c);
    CHECK(EXITED_WITH(st, 42), "code written then mprotect'ed PROT_EXEC runs (status %#x)", st);

    return t_done();
}
