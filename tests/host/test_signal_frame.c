/* Host tests of the arm64 signal frame (kernel/arch/arm64/signal_frame.c)
 * over a stack in host memory: the layout Linux user space expects (frame
 * record, siginfo, ucontext, FP/SIMD and ESR records, terminator), the
 * registers a handler starts with, the round trip through rt_sigreturn,
 * and the frames it must refuse. */
#include <kernel/heap.h>
#include <kernel/signal.h>
#include <kernel/task.h>
#include <kernel/trap_frame.h>
#include <uapi/errno.h>

#include <stdlib.h>
#include <string.h>

#include "../../kernel/arch/arm64/signal_frame.h"
#include "test.h"

void *kmalloc(size_t size)
{
    return malloc(size);
}

void *kzalloc(size_t size)
{
    return calloc(1, size);
}

void kfree(void *p)
{
    free(p);
}

/* "User memory" is host memory; writes at or above bad_above fail. */
static uintptr_t bad_above = UINTPTR_MAX;

size_t arch_copy_to_user(void *udst, const void *src, size_t n)
{
    if ((uintptr_t)udst + n > bad_above)
        return n;
    memcpy(udst, src, n);
    return 0;
}

size_t arch_copy_from_user(void *dst, const void *usrc, size_t n)
{
    memcpy(dst, usrc, n);
    return 0;
}

/* The "CPU" FP/SIMD registers. */
static struct fpsimd_state cpu_fp;

void fpsimd_save(struct fpsimd_state *st)
{
    *st = cpu_fp;
}

void fpsimd_restore(const struct fpsimd_state *st)
{
    cpu_fp = *st;
}

#define STACK_SIZE 32768
static uint8_t stack[STACK_SIZE] __attribute__((aligned(16)));
static struct task task;

static void setup(struct trap_frame *f)
{
    bad_above = UINTPTR_MAX;
    memset(stack, 0xa5, sizeof(stack));
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < 31; i++)
        f->regs[i] = 0x1000 + (uint64_t)i;
    f->sp = (uint64_t)(uintptr_t)(stack + STACK_SIZE - 40); /* not aligned on purpose */
    f->pc = 0x400123;
    f->pstate = 0x60000000; /* Z and C set, EL0t */
    for (int i = 0; i < 32; i++)
        cpu_fp.v[i] = ((__uint128_t)(0x5000 + i) << 64) | (uint64_t)(0x7000 + i);
    cpu_fp.fpsr = 0x11;
    cpu_fp.fpcr = 0xc00000;
}

static struct sigframe_args args_for(struct ksiginfo *info)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = SIGUSR1;
    info->u.kill.pid = 42;
    struct sigframe_args a;
    memset(&a, 0, sizeof(a));
    a.sig = SIGUSR1;
    a.info = info;
    a.handler = 0x401000;
    a.sa_flags = SA_SIGINFO;
    a.restorer = 0x402000;
    a.oldmask = SIGMASK(SIGHUP);
    a.uc_stack.ss_flags = SS_DISABLE;
    return a;
}

TEST(frame_layout_and_handler_registers)
{
    struct trap_frame f;
    setup(&f);
    struct ksiginfo info;
    struct sigframe_args a = args_for(&info);
    a.sp_top = f.sp;
    a.fault_address = 0xdead000;
    a.fault_esr = 0x92000004;
    CHECK_EQ(arch_signal_setup_frame(&f, &task, &a), 0);
    struct rt_sigframe *fr = (struct rt_sigframe *)(uintptr_t)f.sp;
    CHECK_EQ(f.sp % 16, 0);
    CHECK(f.sp + sizeof(*fr) + sizeof(struct frame_record) <= a.sp_top);
    CHECK(f.sp + sizeof(*fr) + sizeof(struct frame_record) + 32 > a.sp_top); /* tight */
    CHECK_EQ(f.regs[0], SIGUSR1);
    CHECK_EQ(f.regs[1], f.sp);
    CHECK_EQ(f.regs[2], f.sp + 128);
    CHECK_EQ(f.regs[30], 0x402000);
    CHECK_EQ(f.pc, 0x401000);
    struct frame_record *rec = (struct frame_record *)(uintptr_t)f.regs[29];
    CHECK_EQ(f.regs[29] % 16, 0);
    CHECK_EQ(rec->fp, 0x1000 + 29);
    CHECK_EQ(rec->lr, 0x1000 + 30);
    CHECK_EQ(fr->info.si_signo, SIGUSR1);
    CHECK_EQ(fr->info.u.kill.pid, 42);
    CHECK_EQ(fr->uc.uc_sigmask, SIGMASK(SIGHUP));
    CHECK_EQ(fr->uc.uc_stack.ss_flags, SS_DISABLE);
    const struct sigcontext *mc = &fr->uc.uc_mcontext;
    CHECK_EQ(mc->fault_address, 0xdead000);
    CHECK_EQ(mc->regs[7], 0x1007);
    CHECK_EQ(mc->pc, 0x400123);
    CHECK_EQ(mc->pstate, 0x60000000);
    CHECK_EQ(mc->sp, a.sp_top);
    const struct fpsimd_context *fp = (const void *)mc->reserved;
    CHECK_EQ(fp->head.magic, FPSIMD_MAGIC);
    CHECK_EQ(fp->head.size, 528);
    CHECK_EQ(fp->fpcr, 0xc00000);
    CHECK(fp->vregs[31] == cpu_fp.v[31]);
    const struct esr_context *esr = (const void *)(mc->reserved + 528);
    CHECK_EQ(esr->head.magic, ESR_MAGIC);
    CHECK_EQ(esr->head.size, 16);
    CHECK_EQ(esr->esr, 0x92000004);
    const struct aarch64_ctx *end = (const void *)(mc->reserved + 544);
    CHECK_EQ(end->magic, 0);
    CHECK_EQ(end->size, 0);
}

TEST(no_siginfo_leaves_x1_x2)
{
    struct trap_frame f;
    setup(&f);
    struct ksiginfo info;
    struct sigframe_args a = args_for(&info);
    a.sa_flags = 0;
    a.sp_top = f.sp;
    CHECK_EQ(arch_signal_setup_frame(&f, &task, &a), 0);
    CHECK_EQ(f.regs[1], 0x1001);
    CHECK_EQ(f.regs[2], 0x1002);
    /* Without a fault the ESR record is absent: the terminator follows. */
    struct rt_sigframe *fr = (struct rt_sigframe *)(uintptr_t)f.sp;
    const struct aarch64_ctx *end = (const void *)(fr->uc.uc_mcontext.reserved + 528);
    CHECK_EQ(end->magic, 0);
}

TEST(sigreturn_round_trip)
{
    struct trap_frame f, orig;
    setup(&f);
    orig = f;
    struct fpsimd_state orig_fp = cpu_fp;
    struct ksiginfo info;
    struct sigframe_args a = args_for(&info);
    a.sp_top = f.sp;
    a.uc_stack.ss_sp = 0x9000;
    CHECK_EQ(arch_signal_setup_frame(&f, &task, &a), 0);
    /* The handler trashes everything, then returns to the restorer. */
    uint64_t frame_sp = f.sp;
    for (int i = 0; i < 31; i++)
        f.regs[i] = 0xbad;
    memset(&cpu_fp, 0xee, sizeof(cpu_fp));
    f.sp = frame_sp;
    ksigset_t mask = 0;
    struct uapi_stack ucs;
    CHECK_EQ(arch_signal_restore_frame(&f, &task, &mask, &ucs), 0);
    CHECK(memcmp(f.regs, orig.regs, sizeof(f.regs)) == 0);
    CHECK_EQ(f.sp, orig.sp);
    CHECK_EQ(f.pc, orig.pc);
    CHECK_EQ(f.pstate, orig.pstate);
    CHECK(memcmp(&cpu_fp, &orig_fp, sizeof(cpu_fp)) == 0);
    CHECK_EQ(mask, SIGMASK(SIGHUP));
    CHECK_EQ(ucs.ss_sp, 0x9000);
}

/* Build a frame, let `edit` change it, and return what sigreturn says. */
static int restore_after(void (*edit)(struct rt_sigframe *), struct trap_frame *f)
{
    setup(f);
    struct ksiginfo info;
    struct sigframe_args a = args_for(&info);
    a.sp_top = f->sp;
    a.fault_esr = 0x1234;
    if (arch_signal_setup_frame(f, &task, &a))
        return 1;
    edit((struct rt_sigframe *)(uintptr_t)f->sp);
    ksigset_t mask;
    struct uapi_stack ucs;
    return arch_signal_restore_frame(f, &task, &mask, &ucs);
}

static void to_el1(struct rt_sigframe *fr)
{
    fr->uc.uc_mcontext.pstate = 0x3c5 | 0x80000000; /* EL1h, DAIF masked, N */
}
static void mask_irqs(struct rt_sigframe *fr)
{
    fr->uc.uc_mcontext.pstate = 0x80;
}
static void aarch32(struct rt_sigframe *fr)
{
    fr->uc.uc_mcontext.pstate = 0x10;
}
static void reserved_bits(struct rt_sigframe *fr)
{
    /* PAN, UAO, IL, SS and bit 5 are dropped silently, as Linux does. */
    fr->uc.uc_mcontext.pstate =
        0x40000000 | (1u << 22) | (1u << 23) | (1u << 20) | (1u << 21) | (1u << 5) | (1ULL << 40);
}
static void no_fpsimd(struct rt_sigframe *fr)
{
    memset(fr->uc.uc_mcontext.reserved, 0, 16);
}
static void bad_fpsimd_size(struct rt_sigframe *fr)
{
    ((struct aarch64_ctx *)fr->uc.uc_mcontext.reserved)->size = 512;
}
static void unknown_record(struct rt_sigframe *fr)
{
    ((struct aarch64_ctx *)(fr->uc.uc_mcontext.reserved + 528))->magic = SVE_MAGIC;
}
static void two_fpsimd(struct rt_sigframe *fr)
{
    memcpy(fr->uc.uc_mcontext.reserved + 528, fr->uc.uc_mcontext.reserved, 528);
    memset(fr->uc.uc_mcontext.reserved + 1056, 0, 16);
}
static void huge_record(struct rt_sigframe *fr)
{
    ((struct aarch64_ctx *)(fr->uc.uc_mcontext.reserved + 528))->size = 0x100000;
}
static void unterminated(struct rt_sigframe *fr)
{
    /* ESR-magic records of size 16 all the way: no terminator in 4096. */
    for (size_t off = 528; off + 16 <= 4096; off += 16) {
        struct esr_context e = {{ESR_MAGIC, 16}, 0};
        memcpy(fr->uc.uc_mcontext.reserved + off, &e, sizeof(e));
    }
}
static void terminator_with_size(struct rt_sigframe *fr)
{
    ((struct aarch64_ctx *)(fr->uc.uc_mcontext.reserved + 544))->size = 16;
}
static void fine(struct rt_sigframe *fr)
{
    (void)fr;
}

TEST(sigreturn_refuses_bad_frames)
{
    struct trap_frame f;
    CHECK_EQ(restore_after(fine, &f), 0);
    CHECK_EQ(restore_after(to_el1, &f), -EINVAL);
    CHECK_EQ(f.pstate, 0x80000000); /* only NZCV survive */
    CHECK_EQ(restore_after(mask_irqs, &f), -EINVAL);
    CHECK_EQ(f.pstate & 0x3cf, 0);
    CHECK_EQ(restore_after(aarch32, &f), -EINVAL);
    CHECK_EQ(restore_after(reserved_bits, &f), 0);
    CHECK_EQ(f.pstate, 0x40000000);
    CHECK_EQ(restore_after(no_fpsimd, &f), -EINVAL);
    CHECK_EQ(restore_after(bad_fpsimd_size, &f), -EINVAL);
    CHECK_EQ(restore_after(unknown_record, &f), -EINVAL);
    CHECK_EQ(restore_after(two_fpsimd, &f), -EINVAL);
    CHECK_EQ(restore_after(huge_record, &f), -EINVAL);
    CHECK_EQ(restore_after(unterminated, &f), -EINVAL);
    CHECK_EQ(restore_after(terminator_with_size, &f), -EINVAL);
    /* A misaligned sp is refused before anything is read. */
    setup(&f);
    f.sp = 0x10008;
    ksigset_t mask;
    struct uapi_stack ucs;
    CHECK_EQ(arch_signal_restore_frame(&f, &task, &mask, &ucs), -EFAULT);
}

TEST(unwritable_stack_is_efault)
{
    struct trap_frame f;
    setup(&f);
    struct ksiginfo info;
    struct sigframe_args a = args_for(&info);
    a.sp_top = f.sp;
    bad_above = (uintptr_t)stack + STACK_SIZE - 64; /* the frame record cannot be written */
    struct trap_frame before = f;
    CHECK_EQ(arch_signal_setup_frame(&f, &task, &a), -EFAULT);
    CHECK(memcmp(&f, &before, sizeof(f)) == 0); /* registers untouched */
    a.sp_top = 0x100;                           /* below zero once the frame is subtracted */
    CHECK_EQ(arch_signal_setup_frame(&f, &task, &a), -EFAULT);
}

TEST(user_pstate_rules)
{
    bool ok;
    CHECK_EQ(arm64_user_pstate(0, &ok), 0);
    CHECK(ok);
    CHECK_EQ(arm64_user_pstate(0xf0000000, &ok), 0xf0000000);
    CHECK(ok);
    CHECK_EQ(arm64_user_pstate(0x1000000 | 0xc00, &ok), 0x1000c00); /* DIT, BTYPE kept */
    CHECK(ok);
    CHECK_EQ(arm64_user_pstate(0x5, &ok), 0); /* EL1h */
    CHECK(!ok);
    CHECK_EQ(arm64_user_pstate(0x40 | 0x20000000, &ok), 0x20000000); /* F masked */
    CHECK(!ok);
}
