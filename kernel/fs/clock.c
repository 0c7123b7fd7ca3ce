/* Timestamps for inodes. There is no wall clock yet (no RTC driver), so
 * times count from boot on the monotonic clock; when CLOCK_REALTIME exists
 * this is the one place to switch. Kernel only (host tests bring their
 * own). */
#include <kernel/machine.h>
#include <kernel/vfs.h>

void vfs_now(struct vfs_time *t)
{
    uint64_t ns = clock_monotonic_ns();
    t->sec = (int64_t)(ns / 1000000000u);
    t->nsec = (int64_t)(ns % 1000000000u);
}
