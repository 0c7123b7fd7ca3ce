/* The console UART (a PL011 on QEMU virt and the Raspberry Pi). */
#ifndef KERNEL_UART_H
#define KERNEL_UART_H

#include <kernel/types.h>

/* Polled output from the moment this returns (0 or -errno). */
int uart_init(phys_addr_t base, uint32_t clock_hz);
/* Interrupt-driven receive into the input ring (0 or -errno). */
int uart_enable_rx_irq(unsigned intid);
void uart_putc(char c);
/* From now on, hand received bytes to fn (interrupt context) instead of
 * the input ring: the console terminal takes over. */
void uart_set_rx_handler(void (*fn)(const unsigned char *buf, size_t n));
/* Next received byte, or -1 if none is waiting. */
int uart_getc(void);
/* Bytes dropped because the input ring was full. */
uint64_t uart_rx_overruns(void);
/* Internal loopback (TX wired to RX) for self-tests. */
void uart_set_loopback(bool on);

#endif
