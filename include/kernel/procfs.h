/* procfs ("proc", proc(5)) and the character devices that come with it:
 * /dev/random, /dev/urandom (random(4)) and /dev/kmsg. Formats follow
 * Linux 6.1 arm64 (fs/proc/array.c, task_mmu.c, meminfo.c, stat.c,
 * arch/arm64/kernel/cpuinfo.c; Documentation/ABI/testing/dev-kmsg).
 *
 * Boot: call procfs_init() once after vfs_init(); then
 * `mount -t proc proc /proc` works and the devices appear in devtmpfs.
 *
 * Locks procfs takes, in this order: vfs_ns_lock (held by the VFS around
 * lookups and readdir), tasklist_lock (a spinlock: only to copy task
 * fields and take references on t->mm / t->files / t->fs), then
 * mm->lock (to walk VMAs and read argv/environ). Nothing sleeps under
 * tasklist_lock. Whoever replaces t->mm, t->files or t->fs of a live task
 * must do it under tasklist_lock, so a reader can take its reference. */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include <kernel/types.h>

#define MAX_PROC_CPUS 8

/* The identity procfs reports (/proc/version, /proc/sys/kernel), the
 * same as uname(2): a Linux release number, because C libraries compare
 * it with the oldest kernel they support. */
#define PROC_SYSNAME  "RustOS"
#define PROC_RELEASE  "6.1.0-rustos"
#define PROC_VERSION  "#1 SMP RustOS 0.1.0"
#define PROC_HOSTNAME "rustos"

/* Register the "proc" file system type and the devices /dev/random (1,8),
 * /dev/urandom (1,9) and /dev/kmsg (1,11). 0 or -errno. */
int procfs_init(void);

/* The devices alone (procfs_init calls both). */
int random_dev_init(void);
int kmsg_dev_init(void);

/* /dev/kmsg: turn the printk log stream ("<L>[ secs.usecs] text\n" per
 * line, see printk.c) into Linux's record format "L,seq,usec,-;text\n".
 * Looks at one line of in[0..len): returns the bytes it spans (0 if in
 * holds no complete line) and writes the record, NUL-terminated and cut
 * to outlen - 1 bytes, to out; *outn is the record's length. */
size_t kmsg_format_record(const char *in, size_t len, uint64_t seq, char *out, size_t outlen,
                          size_t *outn);

#endif
