/* TEMPORARY: the signal calls the file and process code needs, until the signals subsystem (include/kernel/signal.h) lands; then this header and signal_stub.c go. */
#ifndef KERNEL_SIGNAL_STUB_H
#define KERNEL_SIGNAL_STUB_H
#include <kernel/types.h>
struct task;
struct ksiginfo;
#define SIGPIPE 13
#define SIGTTIN 21
#define SIGTTOU 22
int signal_send_thread(struct task *t, int sig, const struct ksiginfo *info);
int signal_fork(struct task *child, struct task *parent, unsigned long flags);
void signal_exec(struct task *t);
bool signal_ignored_or_blocked(struct task *t, int sig);
int signal_set_poll_mask(long usigmask, long sigsetsize);
void signal_restore_poll_mask(bool interrupted);
#endif
