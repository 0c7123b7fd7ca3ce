# Host unit tests for time, randomness and system information (see
# mk/host.mk for the scheme).
HOST_TESTS += timer
HOST_TEST_SRCS_timer := kernel/time/timer_list.c
HOST_TESTS += chacha20
HOST_TEST_SRCS_chacha20 := kernel/lib/chacha20.c
