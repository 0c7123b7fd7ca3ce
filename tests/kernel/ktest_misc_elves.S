/* The misc system-call test program for ktest_misc_syscalls.c, built by
 * mk/ktest-user.mk (dependency in mk/host-misc.mk). */
    .section .rodata
    .balign 16
    .global misc_test_elf_start, misc_test_elf_end
misc_test_elf_start:
    .incbin "build/ktest-user/misc_test.elf"
misc_test_elf_end:
