/* Out of memory: a child that keeps mapping and touching memory is killed
 * (SIGKILL) when no page is left, its parent carries on, and a mapping
 * larger than RAM is refused with ENOMEM up front. Exits with the number
 * of failed checks. */
#include "usys.h"

#define NR_exit  93
#define NR_wait4 260
#define NR_clone 220
#define NR_mmap  222
#define SIGCHLD  17
#define ENOMEM   12

void _start(void)
{
    int failed = 0;
    long huge = usys(NR_mmap, 0, 1UL << 40, 3, 0x22, -1, 0);
    if (huge != -ENOMEM) {
        uputs("oom_test: FAIL 1 TiB private writable mmap should give ENOMEM\n");
        failed++;
    }
    long pid = usys(NR_clone, SIGCHLD, 0, 0, 0, 0);
    if (pid == 0) {
        for (;;) {
            long a = usys(NR_mmap, 0, 64UL << 20, 3, 0x22, -1, 0);
            if (a < 0)
                usys(NR_exit, 3); /* address space full: not what we test */
            for (long off = 0; off < (64L << 20); off += 4096)
                ((volatile char *)a)[off] = 1;
        }
    }
    int status = 0;
    long r = usys(NR_wait4, pid, &status, 0, 0);
    if (r != pid || status != 9) {
        uputs("oom_test: FAIL the memory hog should die of SIGKILL, status ");
        uputnum(status);
        uputs("\n");
        failed++;
    }
    uputs(failed ? "oom_test: failed\n" : "oom_test: ok\n");
    usys(NR_exit, failed);
}
