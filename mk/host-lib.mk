# Host unit tests for the freestanding library and the command line
# (see mk/host.mk for the scheme).
HOST_TESTS += format
HOST_TEST_SRCS_format := kernel/lib/format.c
