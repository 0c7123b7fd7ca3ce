/* hello: the smallest useful /init, for checking that a kernel boots an
 * initramfs and runs user space (RustOS and the Linux reference alike).
 *
 * It prints "hello from init", the kernel release (uname -r), the clocks,
 * then powers the machine off with reboot(2), which ends QEMU.
 * The time lines measure boot cost: under QEMU -icount shift=0 one
 * nanosecond of virtual time is one guest instruction, so
 *   CLOCK_MONOTONIC   ~ instructions since the kernel's clock started;
 *   CNTVCT_EL0        = virtual time since the machine was reset, read from
 *                       the generic timer (ARM DDI 0487, D11.2), which Linux
 *                       lets EL0 read (CNTKCTL_EL1.EL0VCTEN) for its vDSO.
 *
 * Build and run on Linux (static glibc, from libc6-dev-arm64-cross):
 *   mkdir -p build/ref-hello
 *   aarch64-linux-gnu-gcc -static -O2 -o build/ref-hello/init user/hello/hello.c
 *   tools/mkcpio.sh build/ref-hello build/ref-hello.cpio
 *   tools/linux-ref.sh --initrd build/ref-hello.cpio [--icount]
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static uint64_t read_sysreg_cntvct(void)
{
    uint64_t v;
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
    return v;
}

static uint64_t read_sysreg_cntfrq(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
    return v;
}

static void print_clocks(void)
{
    uint64_t ticks = read_sysreg_cntvct(), freq = read_sysreg_cntfrq();
    struct timespec mono;
    if (clock_gettime(CLOCK_MONOTONIC, &mono) == 0)
        printf("CLOCK_MONOTONIC: %lld.%09ld s\n", (long long)mono.tv_sec, mono.tv_nsec);
    else
        perror("clock_gettime");
    if (freq) {
        /* ticks * 1e9 / freq, split so it cannot overflow. */
        uint64_t ns = ticks / freq * 1000000000ULL + ticks % freq * 1000000000ULL / freq;
        printf("CNTVCT_EL0: %" PRIu64 " ticks at %" PRIu64 " Hz = %" PRIu64 " ns since reset\n",
               ticks, freq, ns);
    }
}

int main(void)
{
    struct utsname u;
    printf("hello from init\n");
    if (uname(&u) == 0)
        printf("uname -r: %s\n", u.release);
    else
        perror("uname");
    print_clocks();
    fflush(stdout);
    sync();
    /* LINUX_REBOOT_CMD_POWER_OFF: PSCI SYSTEM_OFF, which makes QEMU exit 0. */
    reboot(RB_POWER_OFF);
    perror("reboot");
    return 1;
}
