# User space for RustOS and the Linux reference: our static init, the
# busybox initramfs, the scripted busybox session and the benchmarks.
#
#   make rootfs                       build/rootfs-busybox.cpio (init + busybox)
#   make run-linux                    boot that rootfs on the Linux reference kernel
#   make test-busybox [KERNEL=k]      tests/busybox/session.sh on k, compared with
#                                     tests/busybox/expected.txt (Linux's output)
#   make bench [KERNEL=k]             user/bench under -icount, table vs Linux
#
# KERNEL is linux, rustos or both (default both); RustOS boots RUSTOS_IMAGE.
# The user programs are static glibc binaries (libc6-dev-arm64-cross), so the
# same file runs on both kernels.

USER_CC      := $(CROSS)gcc
USER_CFLAGS  := -std=c17 -static -O2 -Wall -Wextra -Werror
USER_BUILD   := build/user
ROOTFS       := build/rootfs-busybox.cpio
KERNEL       ?= both
RUSTOS_IMAGE ?= build/release/Image

$(USER_BUILD)/init: user/init/init.c
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -o $@ $<

$(USER_BUILD)/bench: $(wildcard user/bench/*.c user/bench/*.h)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -o $@ $(filter %.c,$^)

# The busybox binary is fetched once into cache/busybox/ (not a make
# prerequisite: it lives outside build/ and never changes).
$(ROOTFS): $(USER_BUILD)/init tools/mkrootfs.sh tools/busybox-applets.txt
	tools/mkrootfs.sh --init $(USER_BUILD)/init $@

.PHONY: rootfs user run-linux test-busybox bench
user: $(USER_BUILD)/init $(USER_BUILD)/bench
rootfs: $(ROOTFS)

# make run boots the busybox rootfs when INITRD is left at its default
# (mk/run.mk); build it first.
run run-release debug: $(filter $(ROOTFS),$(INITRD))

run-linux: setup $(ROOTFS)
	tools/linux-ref.sh --initrd $(ROOTFS)

RUSTOS_DEP = $(if $(filter rustos both,$(KERNEL)),$(RUSTOS_IMAGE))

test-busybox: setup $(USER_BUILD)/init $$(RUSTOS_DEP)
	tools/test-busybox.py --kernel $(KERNEL) --image $(RUSTOS_IMAGE) $(BUSYBOX_TEST_FLAGS)

bench: setup $(USER_BUILD)/init $(USER_BUILD)/bench $$(RUSTOS_DEP)
	tools/bench.py --kernel $(KERNEL) --image $(RUSTOS_IMAGE) $(BENCH_FLAGS)
