/* ELF executables for ktest_exec.c, built by mk/ktest-user.mk. */
    .section .rodata
    .balign 16
    .global proc_test_elf_start, proc_test_elf_end
proc_test_elf_start:
    .incbin "build/ktest-user/proc_test.elf"
proc_test_elf_end:
    .balign 16
    .global proc_test_pie_start, proc_test_pie_end
proc_test_pie_start:
    .incbin "build/ktest-user/proc_test-pie.elf"
proc_test_pie_end:
    .balign 16
    .global oom_test_elf_start, oom_test_elf_end
oom_test_elf_start:
    .incbin "build/ktest-user/oom_test.elf"
oom_test_elf_end:
