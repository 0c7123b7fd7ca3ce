/* System identity and statistics: uname(2), sethostname(2),
 * setdomainname(2), sysinfo(2).
 *
 * uname: DESIGN.md fixes the utsname layout but not the names, so the
 * kernel calls itself "RustOS". The release is a Linux version number
 * because C libraries read it: glibc and others compare it against the
 * minimum kernel they were built for, and a release such as "0.1.0"
 * would make them refuse to start. "6.1.0-rustos" reads as Linux 6.1,
 * the ABI this kernel follows. */
#include <kernel/boot.h>
#include <kernel/cred.h>
#include <kernel/machine.h>
#include <kernel/page_alloc.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/task.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>
#include <uapi/sysinfo.h>
#include <uapi/utsname.h>

#include "sys_handlers.h"

#define UTS_SYSNAME  "RustOS"
#define UTS_RELEASE  "6.1.0-rustos"
#define UTS_VERSION  "#1 SMP RustOS " RUSTOS_VERSION
#define UTS_MACHINE  "aarch64"
#define UTS_NODENAME "rustos"
#define UTS_DOMAIN   "(none)" /* Linux's default (UTS_DOMAINNAME) */

static struct spinlock uts_lock = SPINLOCK_INIT("utsname");
static struct new_utsname uts = {
    /* nodename and domainname guarded by uts_lock; the rest constant. */
    UTS_SYSNAME, UTS_NODENAME, UTS_RELEASE, UTS_VERSION, UTS_MACHINE, UTS_DOMAIN,
};

long sys_uname(long ubuf, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct new_utsname copy;
    spin_lock(&uts_lock);
    copy = uts;
    spin_unlock(&uts_lock);
    return copy_to_user((uint64_t)ubuf, &copy, sizeof(copy));
}

/* sethostname/setdomainname: CAP_SYS_ADMIN, 0..64 bytes, not necessarily
 * NUL-terminated; the rest of the field is cleared (kernel/sys.c). */
static long set_uts_field(char *field, long uname, long len)
{
    if (!cred_is_root(&current_task()->cred))
        return -EPERM;
    if (len < 0 || len > NEW_UTS_LEN)
        return -EINVAL;
    char tmp[NEW_UTS_LEN + 1];
    memset(tmp, 0, sizeof(tmp));
    if (copy_from_user(tmp, (uint64_t)uname, (size_t)len))
        return -EFAULT;
    spin_lock(&uts_lock);
    memcpy(field, tmp, sizeof(tmp));
    spin_unlock(&uts_lock);
    return 0;
}

long sys_sethostname(long uname, long len, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return set_uts_field(uts.nodename, uname, len);
}

long sys_setdomainname(long uname, long len, long a2, long a3, long a4, long a5)
{
    UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    return set_uts_field(uts.domainname, uname, len);
}

/* Linux do_sysinfo(): uptime rounded up to whole seconds; memory in bytes
 * with mem_unit 1 when it fits (always on 64-bit); procs = threads. Load
 * averages are not computed (0). */
long sys_sysinfo(long uinfo, long a1, long a2, long a3, long a4, long a5)
{
    UNUSED(a1), UNUSED(a2), UNUSED(a3), UNUSED(a4), UNUSED(a5);
    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    uint64_t up = clock_monotonic_ns();
    si.uptime = (int64_t)(up / 1000000000ULL + (up % 1000000000ULL ? 1 : 0));
    si.totalram = page_alloc_total_pages() * PAGE_SIZE;
    si.freeram = page_alloc_free_pages() * PAGE_SIZE;
    unsigned n = task_count();
    si.procs = (uint16_t)(n > 0xffff ? 0xffff : n);
    si.mem_unit = 1;
    return copy_to_user((uint64_t)uinfo, &si, sizeof(si));
}
