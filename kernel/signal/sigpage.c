/* The sigreturn trampoline for handlers installed without SA_RESTORER.
 *
 * On arm64 Linux returns from a handler through the vDSO's
 * __kernel_rt_sigreturn unless sa_restorer is given, and glibc relies on
 * that: its aarch64 sigaction passes SA_RESTORER only when the caller did
 * (sysdeps/unix/sysv/linux/aarch64/libc_sigaction.c), while musl always
 * sets it. Until there is a vDSO, the first such handler maps one private
 * read+exec page holding the same two instructions into the process
 * (sighand->sigpage remembers where; fork copies it with the memory, exec
 * forgets it). Unwinders recognise a signal frame by exactly these
 * instruction words at the return address (libgcc aarch64
 * linux-unwind.h). */
#include <kernel/mm.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <uapi/mman.h>

#include "signal_internal.h"

static const uint32_t sigtramp_code[2] = {SIGTRAMP_INSN_MOV_X8_139, SIGTRAMP_INSN_SVC_0};

uint64_t sig_sigpage_addr(struct task *t)
{
    struct sighand *sh = t->sig.sighand;
    spin_lock(&sh->lock);
    uint64_t addr = sh->sigpage;
    spin_unlock(&sh->lock);
    if (addr || !t->mm)
        return addr;
    long a = mm_mmap_anon(t->mm, 0, PAGE_SIZE, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS);
    if (a < 0)
        return 0;
    if (mm_write_bytes(t->mm, (uint64_t)a, sigtramp_code, sizeof(sigtramp_code)) != 0) {
        mm_munmap(t->mm, (uint64_t)a, PAGE_SIZE);
        return 0;
    }
    spin_lock(&sh->lock);
    if (!sh->sigpage)
        sh->sigpage = (uint64_t)a;
    addr = sh->sigpage;
    spin_unlock(&sh->lock);
    if (addr != (uint64_t)a)
        mm_munmap(t->mm, (uint64_t)a, PAGE_SIZE); /* another thread won */
    return addr;
}
