/* PL011 UART (ARM DDI 0183G PrimeCell UART r1p5): polled transmit,
 * interrupt-driven receive into a ring buffer. */
#include <kernel/machine.h>
#include <kernel/mmio.h>
#include <kernel/mmu.h>
#include <kernel/ringbuf.h>
#include <kernel/spinlock.h>
#include <kernel/uart.h>
#include <uapi/errno.h>

#define UARTDR    0x00
#define UARTFR    0x18
#define UARTIBRD  0x24
#define UARTFBRD  0x28
#define UARTLCR_H 0x2c
#define UARTCR    0x30
#define UARTIFLS  0x34
#define UARTIMSC  0x38
#define UARTICR   0x44

#define FR_RXFE   (1U << 4) /* receive FIFO empty */
#define FR_TXFF   (1U << 5) /* transmit FIFO full */
#define CR_UARTEN (1U << 0)
#define CR_LBE    (1U << 7)
#define CR_TXE    (1U << 8)
#define CR_RXE    (1U << 9)
#define LCR_FEN   (1U << 4)
#define LCR_WLEN8 (3U << 5)
#define IMSC_RX   (1U << 4) /* receive interrupt */
#define IMSC_RT   (1U << 6) /* receive timeout: fewer bytes than the FIFO level */
#define BAUD      115200

static volatile void *regs;

/* Guarded by rx_lock: filled by the IRQ handler, drained by readers. */
static struct spinlock rx_lock = SPINLOCK_INIT("uart_rx");
static struct ringbuf rx_ring;
static uint64_t rx_overruns;

int uart_init(phys_addr_t base, uint32_t clock_hz)
{
    regs = ioremap(base, 0x1000);
    if (!regs)
        return -ENOMEM;
    mmio_write32(regs, UARTCR, 0);
    if (clock_hz) {
        /* Divisor = clock / (16 * baud) as 16.6 fixed point (3.3.6). */
        uint32_t div64 = (uint32_t)(((uint64_t)clock_hz * 4 + BAUD / 2) / BAUD);
        mmio_write32(regs, UARTIBRD, div64 >> 6);
        mmio_write32(regs, UARTFBRD, div64 & 0x3f);
    }
    mmio_write32(regs, UARTLCR_H, LCR_FEN | LCR_WLEN8);
    mmio_write32(regs, UARTIMSC, 0);
    mmio_write32(regs, UARTICR, 0x7ff);
    mmio_write32(regs, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    return 0;
}

void uart_putc(char c)
{
    if (!regs)
        return;
    while (mmio_read32(regs, UARTFR) & FR_TXFF)
        ;
    mmio_write32(regs, UARTDR, (unsigned char)c);
}

/* Where received bytes go once a terminal owns the console (set once). */
static void (*rx_handler)(const unsigned char *buf, size_t n);

void uart_set_rx_handler(void (*fn)(const unsigned char *buf, size_t n))
{
    __atomic_store_n(&rx_handler, fn, __ATOMIC_RELEASE);
}

static void uart_irq(unsigned intid, void *data)
{
    UNUSED(intid);
    UNUSED(data);
    void (*handler)(const unsigned char *, size_t) = __atomic_load_n(&rx_handler, __ATOMIC_ACQUIRE);
    if (handler) {
        unsigned char buf[32];
        size_t n;
        do {
            n = 0;
            while (n < sizeof(buf) && !(mmio_read32(regs, UARTFR) & FR_RXFE))
                buf[n++] = (unsigned char)mmio_read32(regs, UARTDR);
            if (n)
                handler(buf, n);
        } while (n == sizeof(buf));
        mmio_write32(regs, UARTICR, IMSC_RX | IMSC_RT);
        return;
    }
    spin_lock(&rx_lock);
    while (!(mmio_read32(regs, UARTFR) & FR_RXFE)) {
        unsigned char c = (unsigned char)mmio_read32(regs, UARTDR);
        if (!ringbuf_put(&rx_ring, c))
            rx_overruns++;
    }
    spin_unlock(&rx_lock);
    mmio_write32(regs, UARTICR, IMSC_RX | IMSC_RT);
}

int uart_enable_rx_irq(unsigned intid)
{
    if (!regs)
        return -ENODEV;
    int err = irq_register(intid, uart_irq, NULL);
    if (err)
        return err;
    mmio_write32(regs, UARTIFLS, 0); /* interrupt at 1/8 full: low latency */
    mmio_write32(regs, UARTIMSC, IMSC_RX | IMSC_RT);
    irq_unmask(intid);
    return 0;
}

int uart_getc(void)
{
    spin_lock(&rx_lock);
    int c = ringbuf_get(&rx_ring);
    spin_unlock(&rx_lock);
    return c;
}

uint64_t uart_rx_overruns(void)
{
    return rx_overruns;
}

void uart_set_loopback(bool on)
{
    uint32_t cr = mmio_read32(regs, UARTCR);
    mmio_write32(regs, UARTCR, on ? cr | CR_LBE : cr & ~CR_LBE);
}
