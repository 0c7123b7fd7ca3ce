# Running RustOS under QEMU, and the developer conveniences around it.

QEMU_CPU ?= cortex-a72
QEMU_MEM ?= 1G
QEMU_SMP ?= 1
QEMU_GIC ?= 2
APPEND   ?= console=ttyAMA0
INITRD   ?= build/rootfs-busybox.cpio
QEMU_ARGS = --cpu $(QEMU_CPU) --mem $(QEMU_MEM) --smp $(QEMU_SMP) --gic $(QEMU_GIC) \
            --append "$(APPEND)" $(if $(INITRD),--initrd $(INITRD))

.PHONY: setup run run-release debug fmt lint clippy clean

setup:
	@tools/setup.sh

run: setup build/debug/Image
	tools/qemu.py --image build/debug/Image $(QEMU_ARGS)

run-release: setup build/release/Image
	tools/qemu.py --image build/release/Image $(QEMU_ARGS)

# QEMU stops at reset and waits for gdb on :1234. In a second terminal:
#   gdb-multiarch build/debug/rustos.elf
# (.gdbinit connects and breaks at kernel_main; this target allows gdb to
# load it by adding this directory to gdb's auto-load safe path).
debug: setup build/debug/Image
	@tools/gdb-allow.sh "$(CURDIR)"
	@echo "QEMU waits for gdb on :1234 - run: gdb-multiarch build/debug/rustos.elf"
	tools/qemu.py --image build/debug/Image $(QEMU_ARGS) --gdb

FORMAT_FILES = $(shell git ls-files '*.c' '*.h')

fmt:
	clang-format -i $(FORMAT_FILES)

# clang-tidy over the kernel with the cross target's flags, and cppcheck.
lint: setup
	@tools/lint.sh

clippy: lint

clean:
	rm -rf build
