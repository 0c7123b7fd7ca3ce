/* Every sys_<name> handler, declared per subsystem. Arguments are the raw
 * register values; handlers validate and convert them. */
#ifndef KERNEL_SYS_HANDLERS_H
#define KERNEL_SYS_HANDLERS_H

#include "sys_fs.h"
#include "sys_ipc.h"
#include "sys_misc.h"
#include "sys_mm.h"
#include "sys_process.h"
#include "sys_signal.h"

#endif
