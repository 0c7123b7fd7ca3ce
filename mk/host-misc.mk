# Host unit tests for time, randomness and system information (see
# mk/host.mk for the scheme).
HOST_TESTS += timer
HOST_TEST_SRCS_timer := kernel/time/timer_list.c
HOST_TESTS += chacha20
HOST_TEST_SRCS_chacha20 := kernel/lib/chacha20.c
HOST_TESTS += devtree_time
HOST_TEST_SRCS_devtree_time := kernel/lib/devtree.c kernel/lib/fdt.c
$(HOST_BUILD)/test_devtree_time: HOST_CFLAGS += -DDT_TEST_DATA='"$(CURDIR)/tests/host/data"'
$(HOST_BUILD)/test_devtree_time: $(wildcard tests/host/data/*.dtb)
HOST_TESTS += rlimit
HOST_TEST_SRCS_rlimit := kernel/lib/rlimit.c

# The EL0 misc system-call test program embedded in the test kernels.
build/test/obj/tests/kernel/ktest_misc_elves.S.o build/test-release/obj/tests/kernel/ktest_misc_elves.S.o: \
    build/ktest-user/misc_test.elf
