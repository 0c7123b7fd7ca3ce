/* System-call handlers: signal (table_signal.inc lists them). */
#ifndef KERNEL_SYS_SIGNAL_H
#define KERNEL_SYS_SIGNAL_H

#endif
