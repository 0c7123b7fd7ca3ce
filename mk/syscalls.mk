# The syscall test suite: the same static aarch64 programs run on RustOS and
# on the reference Linux 6.1 (tools/linux-ref.sh). See README.md.
#
#   make syscall-tests                      build every program into build/syscalls/
#   make test-syscalls [KERNEL=rustos|linux|both] [TESTS=fork,pipe]
#   make sysfuzz [KERNEL=...] [SYSFUZZ_CALLS=1000000]

SYSCALL_CC     ?= aarch64-linux-gnu-gcc
# The tests pass bad pointers and sizes on purpose: the warnings about that go.
SYSCALL_CFLAGS ?= -static -O2 -std=gnu17 -Wall -Wextra -Werror -Itests/syscalls \
                  -Wno-stringop-overflow -Wno-stringop-overread -Wno-array-bounds -Wno-nonnull
KERNEL         ?= rustos
TESTS          ?=
SYSFUZZ_CALLS  ?= 1000000

SYSCALL_SRCS  := $(filter-out tests/syscalls/sysfuzz.c,$(wildcard tests/syscalls/*.c))
SYSCALL_PROGS := $(patsubst tests/syscalls/%.c,build/syscalls/tests/%,$(SYSCALL_SRCS))
SYSCALL_ALL   := $(SYSCALL_PROGS) build/syscalls/init build/syscalls/sysfuzz

# The kernels a run needs: RustOS uses the release Image.
SYSCALL_KERNEL_DEPS := $(if $(filter rustos both,$(KERNEL)),build/release/Image)
SYSCALL_RUN_ARGS = --kernel $(KERNEL) --image build/release/Image --bindir build/syscalls \
                   $(if $(TESTS),--tests $(TESTS))

.PHONY: syscall-tests test-syscalls sysfuzz

syscall-tests: $(SYSCALL_ALL)

build/syscalls/tests/%: tests/syscalls/%.c tests/syscalls/t.h
	@mkdir -p $(@D)
	$(SYSCALL_CC) $(SYSCALL_CFLAGS) -o $@ $<

build/syscalls/sysfuzz: tests/syscalls/sysfuzz.c tests/syscalls/t.h
	@mkdir -p $(@D)
	$(SYSCALL_CC) $(SYSCALL_CFLAGS) -o $@ $<

build/syscalls/init: user/testinit/init.c
	@mkdir -p $(@D)
	$(SYSCALL_CC) $(SYSCALL_CFLAGS) -o $@ $<

test-syscalls: setup $(SYSCALL_ALL) $(SYSCALL_KERNEL_DEPS)
	tools/test-syscalls.py $(SYSCALL_RUN_ARGS)

sysfuzz: setup $(SYSCALL_ALL) $(SYSCALL_KERNEL_DEPS)
	tools/test-syscalls.py $(SYSCALL_RUN_ARGS) --fuzz $(SYSFUZZ_CALLS)
