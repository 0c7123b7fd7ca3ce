/* Scatter/gather I/O vectors (include/uapi/linux/uio.h). */
#ifndef UAPI_UIO_H
#define UAPI_UIO_H

#include <kernel/types.h>

struct iovec {
    uint64_t iov_base; /* a user address */
    uint64_t iov_len;
};
_Static_assert(sizeof(struct iovec) == 16, "struct iovec is 16 bytes");

#define UIO_MAXIOV 1024

#endif
