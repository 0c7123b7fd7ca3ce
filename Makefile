# RustOS build and test entry points. See README.md for what each target does.
.SECONDEXPANSION:
.DEFAULT_GOAL := kernel

include mk/host.mk
