/* Timestamps for inodes: CLOCK_REALTIME (kernel/time/clock.c; the PL031
 * RTC at boot, else the epoch). Kernel only: host tests bring their own. */
#include <kernel/clock.h>
#include <kernel/vfs.h>

void vfs_now(struct vfs_time *t)
{
    uint64_t ns = clock_realtime_ns();
    t->sec = (int64_t)(ns / 1000000000u);
    t->nsec = (int64_t)(ns % 1000000000u);
}
