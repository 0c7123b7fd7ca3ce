/* System-call handlers: mm (table_mm.inc lists them). */
#ifndef KERNEL_SYS_MM_H
#define KERNEL_SYS_MM_H

#endif
