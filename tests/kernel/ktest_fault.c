/* Faults the kernel must survive: probes of unmapped and read-only memory
 * are caught by the exception fixup table and return -EFAULT; W^X holds
 * for the image (text and rodata are not writable). */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/memlayout.h>
#include <uapi/errno.h>

static const uint64_t rodata_word = 0x1122334455667788ULL;
static uint64_t data_word = 42;

KTEST(fault_unmapped_read_recovered)
{
    uint64_t v = 0;
    KT_ASSERT(arch_probe_read_u64((void *)0x10, &v) == -EFAULT); /* TTBR0 walks are off */
    KT_ASSERT(arch_probe_read_u64((void *)(IOREMAP_BASE + IOREMAP_SIZE - 8), &v) == -EFAULT);
    KT_ASSERT(arch_probe_read_u64((void *)(KSTACK_BASE + 8), &v) == -EFAULT); /* a guard */
    return KTEST_PASS;
}

KTEST(fault_mapped_read_ok)
{
    uint64_t v = 0;
    KT_ASSERT(arch_probe_read_u64(&data_word, &v) == 0 && v == 42);
    KT_ASSERT(arch_probe_write_u64(&data_word, 7) == 0 && data_word == 7);
    return KTEST_PASS;
}

KTEST(wx_text_and_rodata_not_writable)
{
    extern char _text[];
    uint64_t before = *(volatile uint64_t *)_text;
    KT_ASSERT(arch_probe_write_u64(_text, 0) == -EFAULT);
    KT_ASSERT(*(volatile uint64_t *)_text == before);
    KT_ASSERT(arch_probe_write_u64((void *)&rodata_word, 0) == -EFAULT);
    KT_ASSERT(*(volatile const uint64_t *)&rodata_word == 0x1122334455667788ULL);
    return KTEST_PASS;
}

/* Run only on request (ktest=stack_overflow): it must end in a panic that
 * names the overflow, which the harness checks. */
static volatile bool keep_recursing = true; /* hides the endless recursion from gcc */

static unsigned recurse(unsigned depth)
{
    volatile char pad[512];
    pad[0] = (char)depth;
    if (!keep_recursing)
        return pad[0];
    return recurse(depth + 1) + pad[0];
}

KTEST(zz_stack_overflow_panics)
{
    if (!ktest_explicitly_selected("stack_overflow"))
        KT_SKIP("ends the boot in a panic; run with ktest=stack_overflow");
    recurse(0);
    return KTEST_FAIL;
}
