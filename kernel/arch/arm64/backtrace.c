/* Register dump and frame-pointer backtrace for panics. AAPCS64 (5.2.3):
 * x29 points at a frame record {previous x29, x30}; the chain ends at 0.
 * Every load goes through arch_probe_read_u64 so a corrupt chain cannot
 * fault inside the panic path. */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/trap_frame.h>

#define MAX_FRAMES 32

static void print_symbol(const char *prefix, uint64_t addr)
{
    uint64_t off = 0;
    const char *name = kallsyms_lookup(addr, &off);
    if (name)
        pr_emerg("%s%#018lx %s+%#lx\n", prefix, (unsigned long)addr, name, (unsigned long)off);
    else
        pr_emerg("%s%#018lx ?\n", prefix, (unsigned long)addr);
}

void backtrace_print(uint64_t pc, uint64_t fp)
{
    pr_emerg("Backtrace:\n");
    print_symbol("  ", pc);
    for (int i = 0; i < MAX_FRAMES && fp; i++) {
        uint64_t next_fp, lr;
        if ((fp & 7) || arch_probe_read_u64((void *)fp, &next_fp) ||
            arch_probe_read_u64((void *)(fp + 8), &lr))
            break;
        if (!lr)
            break;
        /* lr is the return address; the call was the instruction before. */
        print_symbol("  ", lr - 4);
        if (next_fp && next_fp <= fp) /* frames grow upward as we unwind */
            break;
        fp = next_fp;
    }
}

void arch_dump_frame(const struct trap_frame *f)
{
    print_symbol("pc : ", f->pc);
    print_symbol("lr : ", f->regs[30]);
    pr_emerg("sp : %016lx  pstate: %08lx  esr: %08lx  far: %016lx\n", (unsigned long)f->sp,
             (unsigned long)f->pstate, (unsigned long)f->esr, (unsigned long)f->far);
    for (int i = 0; i < 30; i += 3) {
        pr_emerg("x%-2d: %016lx  x%-2d: %016lx  x%-2d: %016lx\n", i, (unsigned long)f->regs[i],
                 i + 1, (unsigned long)f->regs[i + 1], i + 2, (unsigned long)f->regs[i + 2]);
    }
}
