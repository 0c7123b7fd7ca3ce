/* ARM PrimeCell PL031 real-time clock (ARM DDI 0224, "PrimeCell Real Time
 * Clock (PL031) Technical Reference Manual"): RTCDR at 0x000 reads the
 * current count, which QEMU virt starts at the host's time of day in
 * seconds since the epoch (UTC). Only read: like Linux without NTP sync,
 * clock_settime does not write the RTC back. */
#include <kernel/clock.h>
#include <kernel/mmio.h>
#include <kernel/mmu.h>
#include <kernel/printk.h>
#include <uapi/errno.h>

#define RTCDR       0x000
#define RTCCR       0x00c
#define PERIPHID0   0xfe0
#define RTCCR_START 1

static volatile void *rtc; /* set once at boot */

static uint32_t periph_id(volatile void *regs)
{
    uint32_t id = 0;
    for (unsigned i = 0; i < 4; i++)
        id |= (mmio_read32(regs, PERIPHID0 + 4 * i) & 0xff) << (8 * i);
    return id;
}

int pl031_init(const struct dt_range *r)
{
    if (r->size < 0x1000)
        return -ENODEV;
    volatile void *regs = ioremap(r->base, r->size);
    if (!regs)
        return -ENOMEM;
    /* TRM 3.3: part number 0x031, designer 0x41 (ARM). */
    uint32_t id = periph_id(regs);
    if ((id & 0x000fffff) != 0x00041031) {
        pr_warn("pl031@%#lx: unexpected peripheral id %#x\n", (unsigned long)r->base, id);
        return -ENODEV;
    }
    if (!(mmio_read32(regs, RTCCR) & RTCCR_START))
        mmio_write32(regs, RTCCR, RTCCR_START);
    rtc = regs;
    return 0;
}

int pl031_read_seconds(uint64_t *secs)
{
    if (!rtc)
        return -ENODEV;
    *secs = mmio_read32(rtc, RTCDR);
    return 0;
}
