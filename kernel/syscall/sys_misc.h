/* System-call handlers: misc (table_misc.inc lists them). */
#ifndef KERNEL_SYS_MISC_H
#define KERNEL_SYS_MISC_H

#endif
