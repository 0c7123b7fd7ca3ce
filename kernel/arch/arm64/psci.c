/* PSCI (ARM DEN 0022E): power off and reset through the firmware, over
 * the conduit the device tree names (/psci method = "hvc" or "smc"). */
#include <kernel/arch.h>
#include <kernel/devtree.h>
#include <kernel/printk.h>

#include "psci.h"

#define PSCI_VERSION      0x84000000U
#define PSCI_SYSTEM_OFF   0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U

static enum dt_psci_conduit conduit;

static uint64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;
    if (conduit == DT_PSCI_HVC)
        __asm__ volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    else if (conduit == DT_PSCI_SMC)
        __asm__ volatile("smc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3) : "memory");
    else
        return (uint64_t)-1; /* NOT_SUPPORTED */
    return x0;
}

void psci_init(enum dt_psci_conduit method)
{
    conduit = method;
}

uint32_t psci_version(void)
{
    return (uint32_t)psci_call(PSCI_VERSION, 0, 0, 0);
}

const char *psci_conduit_name(void)
{
    return conduit == DT_PSCI_HVC ? "hvc" : conduit == DT_PSCI_SMC ? "smc" : "none";
}

void arch_poweroff(void)
{
    arch_irq_disable();
    psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    pr_emerg("PSCI SYSTEM_OFF failed (conduit %s); halting\n", psci_conduit_name());
    arch_halt();
}

void arch_reboot(void)
{
    arch_irq_disable();
    psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
    pr_emerg("PSCI SYSTEM_RESET failed (conduit %s); halting\n", psci_conduit_name());
    arch_halt();
}
