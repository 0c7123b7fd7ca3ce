/* The signal test program for ktest_signal.c, built by mk/ktest-user.mk
 * (every tests/kernel/user/*.c); mk/host-signal.mk orders the build. */
    .section .rodata
    .balign 16
    .global signal_test_elf_start, signal_test_elf_end
signal_test_elf_start:
    .incbin "build/ktest-user/signal_test.elf"
signal_test_elf_end:
    .balign 16
    .global signal_test_pie_start, signal_test_pie_end
signal_test_pie_start:
    .incbin "build/ktest-user/signal_test-pie.elf"
signal_test_pie_end:
