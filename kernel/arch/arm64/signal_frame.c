/* The arm64 signal frame (Linux arch/arm64/kernel/signal.c): the
 * rt_sigframe written below the user stack for a handler, and its
 * validation on rt_sigreturn. Layout (include/uapi/signal.h):
 *
 *   sp_top ->        (alignment)
 *                    struct frame_record {x29, x30}   <- handler's x29
 *                    (16-byte alignment)
 *   handler sp ->    struct rt_sigframe { siginfo; ucontext }
 *
 * uc_mcontext.__reserved holds an fpsimd_context record, an esr_context
 * after a fault, and the terminating empty record, each at a 16-byte
 * aligned offset (setup_sigframe_layout). */
#include <kernel/heap.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/trap_frame.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

#include "signal_frame.h"

void fpsimd_save(struct fpsimd_state *st);
void fpsimd_restore(const struct fpsimd_state *st);

uint64_t arm64_user_pstate(uint64_t pstate, bool *valid)
{
    pstate &= ~(PSR_USER_RES0 | PSR_SS);
    *valid = (pstate & (PSR_MODE_MASK | PSR_MODE32)) == 0 &&
             (pstate & (PSR_D | PSR_A | PSR_I | PSR_F)) == 0;
    return *valid ? pstate : pstate & PSR_NZCV;
}

#define RESERVED_SIZE sizeof(((struct sigcontext *)0)->reserved)

/* Fill the ucontext records: FP/SIMD state, the fault's ESR, terminator. */
static void put_records(uint8_t *res, const struct task *t, uint64_t esr)
{
    struct fpsimd_context fp;
    memset(&fp, 0, sizeof(fp));
    fp.head.magic = FPSIMD_MAGIC;
    fp.head.size = sizeof(fp);
    fp.fpsr = t->fp.fpsr;
    fp.fpcr = t->fp.fpcr;
    memcpy(fp.vregs, t->fp.v, sizeof(fp.vregs));
    memcpy(res, &fp, sizeof(fp));
    size_t off = sizeof(fp);
    if (esr) {
        struct esr_context ec = {{ESR_MAGIC, sizeof(ec)}, esr};
        memcpy(res + off, &ec, sizeof(ec));
    }
    /* The terminator: magic 0, size 0 (the buffer is already zero). */
}

int arch_signal_setup_frame(struct trap_frame *f, struct task *t, const struct sigframe_args *a)
{
    /* The registers are live in the CPU while the task runs. */
    fpsimd_save(&t->fp);

    uint64_t rec_addr = (a->sp_top - sizeof(struct frame_record)) & ~15UL;
    uint64_t frame_addr = rec_addr - ALIGN_UP(sizeof(struct rt_sigframe), 16);
    if (rec_addr > a->sp_top || frame_addr > rec_addr ||
        !user_range_ok(frame_addr, a->sp_top - frame_addr))
        return -EFAULT;

    struct rt_sigframe *fr = kzalloc(sizeof(*fr));
    if (!fr)
        return -EFAULT; /* Linux would fault too: the frame cannot be built */
    fr->info = *a->info;
    fr->uc.uc_stack = a->uc_stack;
    fr->uc.uc_sigmask = a->oldmask;
    struct sigcontext *mc = &fr->uc.uc_mcontext;
    mc->fault_address = a->fault_address;
    memcpy(mc->regs, f->regs, sizeof(mc->regs));
    mc->sp = f->sp;
    mc->pc = f->pc;
    mc->pstate = f->pstate;
    put_records(mc->reserved, t, a->fault_esr);

    struct frame_record rec = {f->regs[29], f->regs[30]};
    int err = copy_to_user(frame_addr, fr, sizeof(*fr));
    if (!err)
        err = copy_to_user(rec_addr, &rec, sizeof(rec));
    kfree(fr);
    if (err)
        return -EFAULT;

    /* setup_return(): arguments, stack, frame chain, handler, return. */
    f->regs[0] = (uint64_t)a->sig;
    if (a->sa_flags & SA_SIGINFO) {
        f->regs[1] = frame_addr + offsetof(struct rt_sigframe, info);
        f->regs[2] = frame_addr + offsetof(struct rt_sigframe, uc);
    }
    f->sp = frame_addr;
    f->regs[29] = rec_addr;
    f->regs[30] = a->restorer;
    f->pc = a->handler;
    /* No branch-target state carries into the handler; tag checks are on. */
    f->pstate &= ~(PSR_BTYPE | PSR_TCO);
    return 0;
}

/* parse_user_sigframe(): walk the records; exactly one FP/SIMD record of
 * the right size is required, ESR records are ignored, anything else
 * (SVE, extra_context: not supported here) is invalid. Returns the
 * FP/SIMD record's offset or -EINVAL. */
static long find_fpsimd(const uint8_t *res)
{
    size_t off = 0;
    long fp = -1;
    for (;;) {
        struct aarch64_ctx head;
        if (RESERVED_SIZE - off < sizeof(head) || !IS_ALIGNED(off, 16))
            return -EINVAL;
        memcpy(&head, res + off, sizeof(head));
        if (RESERVED_SIZE - off < head.size)
            return -EINVAL;
        switch (head.magic) {
        case 0:
            if (head.size)
                return -EINVAL;
            return fp >= 0 ? fp : -EINVAL;
        case FPSIMD_MAGIC:
            if (fp >= 0 || head.size != sizeof(struct fpsimd_context))
                return -EINVAL;
            fp = (long)off;
            break;
        case ESR_MAGIC:
            break;
        default:
            return -EINVAL;
        }
        if (head.size < sizeof(head))
            return -EINVAL;
        off += head.size;
    }
}

int arch_signal_restore_frame(struct trap_frame *f, struct task *t, ksigset_t *mask,
                              struct uapi_stack *uc_stack)
{
    uint64_t frame_addr = f->sp;
    if (frame_addr & 15)
        return -EFAULT;
    struct rt_sigframe *fr = kmalloc(sizeof(*fr));
    if (!fr)
        return -EFAULT;
    int err = copy_from_user(fr, frame_addr, sizeof(*fr));
    if (err) {
        kfree(fr);
        return -EFAULT;
    }
    const struct sigcontext *mc = &fr->uc.uc_mcontext;
    memcpy(f->regs, mc->regs, sizeof(f->regs));
    f->sp = mc->sp;
    f->pc = mc->pc;
    bool valid;
    f->pstate = arm64_user_pstate(mc->pstate, &valid);
    *mask = fr->uc.uc_sigmask;
    *uc_stack = fr->uc.uc_stack;
    long fp_off = find_fpsimd(mc->reserved);
    if (fp_off >= 0) {
        struct fpsimd_context fp;
        memcpy(&fp, mc->reserved + fp_off, sizeof(fp));
        memcpy(t->fp.v, fp.vregs, sizeof(t->fp.v));
        t->fp.fpsr = fp.fpsr;
        t->fp.fpcr = fp.fpcr;
        /* Into the CPU now: nothing may sleep between the update and the
         * load, or the switch-out would save the old registers over it. */
        fpsimd_restore(&t->fp);
    }
    kfree(fr);
    return valid && fp_off >= 0 ? 0 : -EINVAL;
}
