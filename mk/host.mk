# Host unit tests of the portable kernel modules, built natively with
# AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Each mk/host-*.mk file registers tests with lines of the form
#   HOST_TESTS += fdt
#   HOST_TEST_SRCS_fdt := kernel/lib/fdt.c
# and the test source is tests/host/test_<name>.c.

HOST_CC      ?= clang
HOST_BUILD   := build/host
HOST_CFLAGS  := -std=c17 -g -O1 -Wall -Wextra -Werror -Iinclude -DHOST_TEST \
                -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_COMMON  := tests/host/test_main.c tests/host/shim.c

HOST_TESTS :=
-include $(wildcard mk/host-*.mk)

HOST_TEST_BINS := $(addprefix $(HOST_BUILD)/test_,$(HOST_TESTS))

$(HOST_BUILD)/test_%: tests/host/test_%.c $(HOST_COMMON) $$(HOST_TEST_SRCS_$$*) $(wildcard include/*/*.h tests/host/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(HOST_COMMON) $(HOST_TEST_SRCS_$*)

.PHONY: test-host
test-host: $(HOST_TEST_BINS)
	@tools/run-host-tests.sh $(HOST_TEST_BINS)
