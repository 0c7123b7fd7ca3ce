/* Abort decoding tables (fault_info.c). */
#ifndef ARM64_FAULT_INFO_H
#define ARM64_FAULT_INFO_H

#include <kernel/types.h>

enum fault_kind {
    FAULT_OTHER,
    FAULT_TRANSLATION, /* nothing mapped: demand paging or SEGV_MAPERR */
    FAULT_ACCESS_FLAG,
    FAULT_PERMISSION, /* mapped but not allowed: COW or SEGV_ACCERR */
    FAULT_ALIGNMENT,
};

struct fault_info {
    enum fault_kind kind;
    int signo;
    int si_code;
    const char *name;
};

const struct fault_info *fault_info_for(uint64_t esr);
const char *exception_class_name(unsigned ec);

#endif
