# Host unit tests for the portable signal code (kernel/signal/sigcore.c:
# default actions, selection, pending queues, siginfo layouts, the
# alternate-stack rules) and the arm64 frame (see mk/host.mk for the
# scheme). Also: the in-kernel signal tests embed the signal_test ELF
# (tests/kernel/ktest_signal_elves.S), which must be built first.
HOST_TESTS += signal signal_frame
HOST_TEST_SRCS_signal := kernel/signal/sigcore.c
HOST_TEST_SRCS_signal_frame := kernel/arch/arm64/signal_frame.c

build/test/obj/tests/kernel/ktest_signal_elves.S.o \
build/test-release/obj/tests/kernel/ktest_signal_elves.S.o: \
    build/ktest-user/signal_test.elf build/ktest-user/signal_test-pie.elf
