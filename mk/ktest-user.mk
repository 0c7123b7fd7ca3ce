# Real ELF executables for the in-kernel exec tests: freestanding C
# programs (tests/kernel/user/*.c, no libc) built static (ET_EXEC) and
# static-PIE (ET_DYN), embedded in the test kernels by
# tests/kernel/user_elves.S.

KTEST_USER_CC     := aarch64-linux-gnu-gcc
KTEST_USER_CFLAGS := -std=c17 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib \
                     -fno-stack-protector -fno-asynchronous-unwind-tables
KTEST_USER_PROGS  := $(basename $(notdir $(wildcard tests/kernel/user/*.c)))
KTEST_USER_ELVES  := $(KTEST_USER_PROGS:%=build/ktest-user/%.elf) \
                     $(KTEST_USER_PROGS:%=build/ktest-user/%-pie.elf)

build/ktest-user/%.elf: tests/kernel/user/%.c $(wildcard tests/kernel/user/*.h)
	@mkdir -p $(dir $@)
	$(KTEST_USER_CC) $(KTEST_USER_CFLAGS) -static -fno-pie -no-pie -o $@ $<

build/ktest-user/%-pie.elf: tests/kernel/user/%.c $(wildcard tests/kernel/user/*.h)
	@mkdir -p $(dir $@)
	$(KTEST_USER_CC) $(KTEST_USER_CFLAGS) -static-pie -fPIE -o $@ $<

build/test/obj/tests/kernel/user_elves.S.o build/test-release/obj/tests/kernel/user_elves.S.o: \
    $(KTEST_USER_ELVES)
