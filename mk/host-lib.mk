# Host unit tests for the freestanding library and the command line
# (see mk/host.mk for the scheme).
HOST_TESTS += format cmdline
HOST_TEST_SRCS_format := kernel/lib/format.c
HOST_TEST_SRCS_cmdline := kernel/core/cmdline.c kernel/lib/format.c
