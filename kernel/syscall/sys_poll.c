/* ppoll(2) and pselect6(2), the only polling calls arm64 has (poll and
 * select are library functions over them). One loop serves both: ask
 * every file for its ready mask while queueing on its wait queues, then
 * sleep until a queue, the deadline or a signal wakes us (Linux
 * fs/select.c do_poll/do_select). */
#include <kernel/fdtable.h>
#include <kernel/file.h>
#include <kernel/heap.h>
#include <kernel/poll.h>
#include <kernel/signal_stub.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/timer.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "sys_handlers.h"

#define ERESTARTNOHAND 514

struct kpollfd {
    int32_t fd;
    int16_t events, revents;
};
_Static_assert(sizeof(struct kpollfd) == 8, "struct pollfd is 8 bytes");

struct ktimespec {
    int64_t tv_sec, tv_nsec;
};

/* A relative timeout from user space -> an absolute deadline
 * (KTIME_NEVER for NULL). 0 or -EFAULT/-EINVAL. */
static int read_timeout(long uts, uint64_t *deadline)
{
    *deadline = KTIME_NEVER;
    if (!uts)
        return 0;
    struct ktimespec ts;
    if (copy_from_user(&ts, (uint64_t)uts, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    uint64_t ns = (uint64_t)ts.tv_sec > (KTIME_NEVER - 999999999) / 1000000000
                      ? KTIME_NEVER
                      : (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
    *deadline = deadline_after_ns(ns);
    return 0;
}

/* Linux poll_select_finish(): the time left goes back to user space. */
static void write_remaining(long uts, uint64_t deadline)
{
    if (!uts || deadline == KTIME_NEVER)
        return;
    uint64_t now = clock_monotonic_ns();
    uint64_t left = deadline > now ? deadline - now : 0;
    struct ktimespec ts = {(int64_t)(left / 1000000000), (int64_t)(left % 1000000000)};
    (void)copy_to_user((uint64_t)uts, &ts, sizeof(ts));
}

/* One file's mask; POLLNVAL for a descriptor that is not open. */
static unsigned poll_one(int fd, struct poll_table *pt)
{
    struct file *f = fd_get(fd);
    if (!f)
        return POLLNVAL;
    unsigned mask = f->f_op && f->f_op->poll
                        ? f->f_op->poll(f, pt)
                        : POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM; /* always ready */
    file_put(f);
    return mask;
}

/* Sleep after a registering pass found nothing ready: 0 to poll again,
 * -ETIMEDOUT, or -ERESTARTNOHAND for a signal. */
static int poll_sleep(struct poll_table *pt, uint64_t deadline)
{
    int ret = 0;
    struct timed_wait tw;
    timed_wait_begin(&tw, deadline);
    if (task_signal_pending(current_task()))
        ret = -ERESTARTNOHAND;
    else if (timed_wait_expired(&tw))
        ret = -ETIMEDOUT;
    else
        schedule();
    poll_table_release(pt);
    timed_wait_end(&tw);
    if (!ret && task_signal_pending(current_task()))
        ret = -ERESTARTNOHAND;
    return ret;
}

static long do_ppoll(struct kpollfd *fds, unsigned nfds, uint64_t deadline)
{
    for (;;) {
        struct poll_table pt;
        poll_table_init(&pt);
        long ready = 0;
        for (unsigned i = 0; i < nfds; i++) {
            fds[i].revents = 0;
            if (fds[i].fd < 0)
                continue;
            /* POLLERR, POLLHUP and POLLNVAL are reported even unasked. */
            unsigned mask = poll_one(fds[i].fd, &pt);
            mask &= (unsigned)(uint16_t)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
            fds[i].revents = (int16_t)mask;
            if (mask)
                ready++;
        }
        if (ready || deadline <= clock_monotonic_ns()) {
            poll_table_release(&pt);
            return ready;
        }
        int err = poll_sleep(&pt, deadline);
        if (err == -ETIMEDOUT)
            deadline = 0; /* one last look, then 0 */
        else if (err)
            return err;
    }
}

long sys_ppoll(long ufds, long nfds, long uts, long usigmask, long sigsetsize, long a5)
{
    UNUSED(a5);
    struct task *t = current_task();
    if ((unsigned long)nfds > (t->files ? t->files->nofile : NOFILE_DEFAULT))
        return -EINVAL;
    uint64_t deadline;
    int err = read_timeout(uts, &deadline);
    if (err)
        return err;
    struct kpollfd *fds = NULL;
    size_t bytes = (size_t)nfds * sizeof(*fds);
    if (nfds) {
        fds = kmalloc(bytes);
        if (!fds)
            return -ENOMEM;
        if (copy_from_user(fds, (uint64_t)ufds, bytes)) {
            kfree(fds);
            return -EFAULT;
        }
    }
    err = signal_set_poll_mask(usigmask, sigsetsize);
    long ret = err ? err : do_ppoll(fds, (unsigned)nfds, deadline);
    if (ret >= 0 && nfds) {
        /* Only revents go back (Linux copies each pollfd's revents). */
        for (long i = 0; i < nfds; i++) {
            if (copy_to_user((uint64_t)ufds + (uint64_t)i * sizeof(*fds) +
                                 offsetof(struct kpollfd, revents),
                             &fds[i].revents, sizeof(int16_t))) {
                ret = -EFAULT;
                break;
            }
        }
    }
    kfree(fds);
    if (!err)
        signal_restore_poll_mask(ret == -ERESTARTNOHAND);
    write_remaining(uts, deadline);
    return ret;
}

/* ---- pselect6 ---- */

#define FDSET_WORDS(n) (((size_t)(n) + 63) / 64)

static int get_fdset(long uptr, uint64_t *set, size_t words)
{
    if (!uptr) {
        memset(set, 0, words * 8);
        return 0;
    }
    return copy_from_user(set, (uint64_t)uptr, words * 8) ? -EFAULT : 0;
}

static long do_select(int n, uint64_t *in, uint64_t *out, uint64_t *ex, uint64_t *res,
                      uint64_t deadline)
{
    size_t words = FDSET_WORDS(n);
    for (;;) {
        struct poll_table pt;
        poll_table_init(&pt);
        long ready = 0;
        memset(res, 0, 3 * words * 8);
        for (int fd = 0; fd < n; fd++) {
            uint64_t bit = 1ULL << (fd % 64);
            size_t w = (size_t)fd / 64;
            if (!((in[w] | out[w] | ex[w]) & bit))
                continue;
            unsigned mask = poll_one(fd, &pt);
            if (mask & POLLNVAL) {
                poll_table_release(&pt);
                return -EBADF;
            }
            /* fs/select.c POLLIN_SET, POLLOUT_SET, POLLEX_SET. */
            if ((in[w] & bit) && (mask & (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR))) {
                res[w] |= bit;
                ready++;
            }
            if ((out[w] & bit) && (mask & (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR))) {
                res[words + w] |= bit;
                ready++;
            }
            if ((ex[w] & bit) && (mask & POLLPRI)) {
                res[2 * words + w] |= bit;
                ready++;
            }
        }
        if (ready || deadline <= clock_monotonic_ns()) {
            poll_table_release(&pt);
            return ready;
        }
        int err = poll_sleep(&pt, deadline);
        if (err == -ETIMEDOUT)
            deadline = 0;
        else if (err)
            return err;
    }
}

/* The sixth argument points at { const sigset_t *ss; size_t ss_len; }. */
long sys_pselect6(long n, long uin, long uout, long uex, long uts, long usig)
{
    struct task *t = current_task();
    if (n < 0)
        return -EINVAL;
    unsigned max = t->files ? t->files->nofile : NOFILE_DEFAULT;
    if ((unsigned long)n > max)
        n = max;
    uint64_t deadline;
    int err = read_timeout(uts, &deadline);
    if (err)
        return err;
    uint64_t sigarg[2] = {0, 0};
    if (usig && copy_from_user(sigarg, (uint64_t)usig, sizeof(sigarg)))
        return -EFAULT;
    size_t words = FDSET_WORDS(n);
    uint64_t *sets = kzalloc(6 * MAX(words, (size_t)1) * 8);
    if (!sets)
        return -ENOMEM;
    uint64_t *in = sets, *out = sets + words, *ex = sets + 2 * words, *res = sets + 3 * words;
    err = get_fdset(uin, in, words);
    if (!err)
        err = get_fdset(uout, out, words);
    if (!err)
        err = get_fdset(uex, ex, words);
    if (!err)
        err = signal_set_poll_mask((long)sigarg[0], (long)sigarg[1]);
    long ret = err ? err : do_select((int)n, in, out, ex, res, deadline);
    if (ret >= 0) {
        if ((uin && copy_to_user((uint64_t)uin, res, words * 8)) ||
            (uout && copy_to_user((uint64_t)uout, res + words, words * 8)) ||
            (uex && copy_to_user((uint64_t)uex, res + 2 * words, words * 8)))
            ret = -EFAULT;
    }
    kfree(sets);
    if (!err)
        signal_restore_poll_mask(ret == -ERESTARTNOHAND);
    write_remaining(uts, deadline);
    return ret;
}
