# RustOS build and test entry points. See README.md for what each target does.
.SECONDEXPANSION:
.DEFAULT_GOAL := kernel
.DELETE_ON_ERROR:

include mk/kernel.mk
include mk/ktest-user.mk
include mk/host.mk
-include mk/fuzz.mk
-include mk/fuzz-elf.mk
include mk/run.mk
include mk/test.mk
-include mk/userland.mk
-include mk/syscalls.mk
