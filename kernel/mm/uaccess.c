/* strncpy_from_user (include/kernel/uaccess.h). */
#include <kernel/uaccess.h>
#include <uapi/errno.h>

long strncpy_from_user(char *dst, uint64_t usrc, long max)
{
    if (max <= 0 || usrc >= USER_VA_END)
        return -EFAULT;
    long room = (long)MIN((uint64_t)max, USER_VA_END - usrc);
    long len = arch_strnlen_user((const char *)usrc, room);
    if (len < 0)
        return -EFAULT;
    if (len >= max)
        return -ENAMETOOLONG;
    if (len == room) /* ran into the end of user space */
        return -EFAULT;
    if (copy_from_user(dst, usrc, (size_t)len + 1))
        return -EFAULT;
    if (dst[len] != '\0') /* changed under us by another thread */
        dst[len] = '\0';
    return len;
}
