/* The boot sequence, from boot.S's jump to the upper half until the
 * console echo loop (or the in-kernel tests). Each step's failure is
 * reported with its reason; nothing fails silently. */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/clock.h>
#include <kernel/cmdline.h>
#include <kernel/console_tty.h>
#include <kernel/devtree.h>
#include <kernel/heap.h>
#include <kernel/kstack.h>
#include <kernel/ktest.h>
#include <kernel/machine.h>
#include <kernel/memlayout.h>
#include <kernel/mmu.h>
#include <kernel/page_alloc.h>
#include <kernel/panic.h>
#include <kernel/percpu.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <kernel/random.h>
#include <kernel/sched.h>
#include <kernel/task.h>
#include <kernel/string.h>
#include <kernel/uart.h>
#include <kernel/vfs.h>
#include <kernel/virtio.h>
#include <uapi/errno.h>

void cpu_setup_percpu(unsigned id, uint64_t overflow_stack_top);
void psci_init(enum dt_psci_conduit method);

/* Per-CPU stacks for reporting a kernel stack overflow: 32 KiB aligned,
 * used in their upper half, like every kernel stack (memlayout.h). */
static char overflow_stacks[MAX_CPUS][KSTACK_SLOT_BYTES]
    __attribute__((aligned(KSTACK_SLOT_BYTES)));

struct boot_info boot; /* written by the boot CPU before others run */

static void early_console(const struct dt_platform *plat)
{
    if (uart_init(plat->uart.base, plat->uart_clock_hz) == 0)
        console_register(uart_putc);
}

static void apply_cmdline(void)
{
    cmdline_parse(&boot.cmdline, boot.plat.bootargs);
    printk_set_console_level(boot.cmdline.loglevel);
    extern int panic_timeout_s;
    panic_timeout_s = boot.cmdline.panic_timeout;
}

static void __attribute__((noreturn)) boot_fail(const char *what, int err, const char *why)
{
    pr_emerg("RustOS cannot boot: %s: %s (error %d)\n", what, why ? why : "", err);
    pr_emerg("Powering off.\n");
    arch_poweroff();
}

static void kernel_main_late(void);

void kernel_main(phys_addr_t dtb_pa, phys_addr_t image_pa, unsigned entry_el)
{
    cpu_setup_percpu(0, (uint64_t)overflow_stacks[0] + KSTACK_SLOT_BYTES);
    mmu_early_init(image_pa);
    printk_time_ns(); /* timestamps count from here */
    boot.dtb_pa = dtb_pa;
    boot.image_pa = image_pa;
    boot.entry_el = entry_el;

    const char *why = NULL;
    int dt_err = boot_read_devtree(dtb_pa, &boot.plat, &why);
    if (dt_err)
        boot_platform_fallback(&boot.plat);
    psci_init(boot.plat.psci);
    int err = mmu_init(&boot.plat, dt_err ? 0 : dtb_pa);
    early_console(&boot.plat);
    if (dt_err)
        boot_fail("device tree unusable", dt_err, why);
    if (err)
        boot_fail("kernel page tables", err, "out of boot page-table pool");
    apply_cmdline();
    pr_info("RustOS %s booting\n", RUSTOS_VERSION);
    cmdline_report(&boot.cmdline);

    err = boot_memory_init(&boot);
    if (err)
        boot_fail("memory setup", err, "no usable RAM");
    mmu_use_page_allocator();
    void *stack = kstack_alloc();
    if (!stack)
        boot_fail("boot stack", -ENOMEM, "cannot allocate a guarded stack");
    call_on_stack(stack, kernel_main_late);
}

static void run_ktests(void *arg)
{
    UNUSED(arg);
    ktest_run_all(cmdline_get(&boot.cmdline, "ktest"),
                  cmdline_get(&boot.cmdline, "ktest.semihosting") != NULL);
}

int start_init(void);
int console_files_init(void);
void pipe_fifo_init(void);

/* File systems, devices and the console terminal, before any process. */
static void start_subsystems(void)
{
    vfs_init_root(); /* "/" and the initramfs; reports its own errors */
    console_tty_init();
    int err = console_files_init();
    if (err)
        pr_err("console: device files unavailable (%d)\n", err);
    pipe_fifo_init();
    if ((err = procfs_init()))
        pr_err("procfs: unavailable (%d)\n", err);
}

static void kernel_main_late(void)
{
    int err = irq_controller_init(&boot.plat);
    if (err)
        boot_fail("interrupt controller", err, "no usable GIC in the device tree");
    err = timer_init(&boot.plat);
    if (err)
        boot_fail("timer", err, "no generic timer");
    clock_init(&boot.plat);
    if (boot.plat.has_uart && (err = uart_enable_rx_irq(boot.plat.uart_irq)))
        pr_warn("console: receive interrupt unavailable (%d)\n", err);
    arch_irq_enable();
    boot_report_initrd(&boot);
    print_banner(&boot);
    sched_init();
    virtio_mmio_probe(&boot.plat);
    random_init(&boot.plat);
    start_subsystems();

    if (cmdline_get(&boot.cmdline, "ktest")) {
        /* Tests run in a thread of their own, so they can block, wait for
         * children and be preempted like any task; this flow becomes idle. */
        if (!kthread_create("ktest", run_ktests, NULL))
            boot_fail("ktest", -ENOMEM, "cannot start the test thread");
        sched_run_idle();
    }
    if (start_init() == 0)
        sched_run_idle();
    console_echo_loop();
}
