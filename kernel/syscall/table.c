/* The one system-call table, indexed by the Linux AArch64 number. Each
 * subsystem lists its entries in its own table_<subsystem>.inc fragment
 * (and declares its handlers in sys_<subsystem>.h), so that work on one
 * subsystem never edits another's lines. A number listed twice is a build
 * error (-Woverride-init under -Wextra). */
#include "sys_handlers.h"
#include "syscall_table.h"

#define ENTRY(name) [__NR_##name] = (syscall_fn)sys_##name

const syscall_fn syscall_table[__NR_syscalls] = {
#include "table_process.inc"
#include "table_fs.inc"
#include "table_ipc.inc"
#include "table_signal.inc"
#include "table_mm.inc"
#include "table_misc.inc"
};
