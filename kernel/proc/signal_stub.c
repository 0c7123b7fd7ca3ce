/* TEMPORARY (see signal_stub.h) */
#include <kernel/signal_stub.h>
#include <kernel/task.h>
int signal_send_thread(struct task *t, int sig, const struct ksiginfo *info) { UNUSED(t), UNUSED(sig), UNUSED(info); return 0; }
int signal_fork(struct task *child, struct task *parent, unsigned long flags) { UNUSED(child), UNUSED(parent), UNUSED(flags); return 0; }
void signal_exec(struct task *t) { UNUSED(t); }
bool signal_ignored_or_blocked(struct task *t, int sig) { UNUSED(t), UNUSED(sig); return false; }
int signal_set_poll_mask(long usigmask, long sigsetsize) { UNUSED(usigmask), UNUSED(sigsetsize); return 0; }
void signal_restore_poll_mask(bool interrupted) { UNUSED(interrupted); }
