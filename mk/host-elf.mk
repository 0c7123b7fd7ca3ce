# Host unit tests for exec's portable parts: the ELF and "#!" parser and
# the initial stack builder (see mk/host.mk for the scheme). test_elf reads
# the arm64 binaries in tests/host/data/elf/ through an absolute path so it
# runs from any directory.
HOST_TESTS += elf elf_script exec_stack
HOST_TEST_SRCS_elf := kernel/proc/elf_parse.c
HOST_TEST_SRCS_elf_script := kernel/proc/elf_parse.c
HOST_TEST_SRCS_exec_stack := kernel/proc/exec_stack.c kernel/proc/elf_parse.c

$(HOST_BUILD)/test_elf $(HOST_BUILD)/test_exec_stack: HOST_CFLAGS += -DELF_TEST_DATA='"$(CURDIR)/tests/host/data/elf"'
$(HOST_BUILD)/test_elf $(HOST_BUILD)/test_exec_stack: $(wildcard tests/host/data/elf/*)
