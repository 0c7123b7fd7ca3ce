# Host unit tests for the terminal line discipline (kernel/tty/; see
# mk/host.mk for the scheme). Every test file #includes the shared fake
# device, tests/host/test_tty_harness.c, so it is a prerequisite too.
TTY_HOST_TESTS := tty_canon tty_raw tty_ioctl tty_stress
TTY_SRCS := $(sort $(wildcard kernel/tty/*.c))

HOST_TESTS += $(TTY_HOST_TESTS)
HOST_TEST_SRCS_tty_canon := $(TTY_SRCS)
HOST_TEST_SRCS_tty_raw := $(TTY_SRCS)
HOST_TEST_SRCS_tty_ioctl := $(TTY_SRCS)
HOST_TEST_SRCS_tty_stress := $(TTY_SRCS)

$(addprefix $(HOST_BUILD)/test_,$(TTY_HOST_TESTS)): tests/host/test_tty_harness.c
