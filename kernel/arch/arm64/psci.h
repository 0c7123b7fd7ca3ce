#ifndef ARM64_PSCI_H
#define ARM64_PSCI_H

#include <kernel/devtree.h>

void psci_init(enum dt_psci_conduit method);
uint32_t psci_version(void);
const char *psci_conduit_name(void);

#endif
