# libFuzzer target for exec's portable parts (see mk/fuzz.mk for the
# scheme and the Debian packages it needs):
#
#   make fuzz-elf [FUZZ_RUNS=N]   elf_parse vs a reference checker, the
#                                 two-step parse, "#!" lines, exec stacks
#
# The seed corpus is the binaries in tests/host/data/elf/ plus two "#!"
# lines; -max_len keeps the first 8 KiB of each, which holds every header.
# Included from the Makefile after mk/fuzz.mk, or run on its own with
#   make -f Makefile -f mk/fuzz-elf.mk fuzz-elf

FUZZ_CC     ?= clang
FUZZ_BUILD  ?= build/fuzz
FUZZ_RUNS   ?= 1000000
FUZZ_FLAGS  ?=
FUZZ_CFLAGS ?= -std=c17 -g -O1 -Wall -Wextra -Werror -Iinclude -DHOST_TEST \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer

FUZZ_ELF_SRCS := tests/fuzz/fuzz_elf.c kernel/proc/elf_parse.c kernel/proc/exec_stack.c

$(FUZZ_BUILD)/fuzz_elf: $(FUZZ_ELF_SRCS) $(wildcard include/*/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_ELF_SRCS)

.PHONY: fuzz fuzz-elf
fuzz: fuzz-elf

fuzz-elf: $(FUZZ_BUILD)/fuzz_elf
	@rm -rf $(FUZZ_BUILD)/corpus-elf
	@mkdir -p $(FUZZ_BUILD)/corpus-elf
	@cp tests/host/data/elf/* $(FUZZ_BUILD)/corpus-elf/
	@printf '#!/bin/sh -e\necho hi\n' > $(FUZZ_BUILD)/corpus-elf/script-sh
	@printf '#! /usr/bin/env  python3 -u \n' > $(FUZZ_BUILD)/corpus-elf/script-env
	@if $(FUZZ_BUILD)/fuzz_elf -runs=$(FUZZ_RUNS) -max_len=8192 -timeout=30 \
	        -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus-elf; then \
	    echo "fuzz elf: 1 passed, 0 failed"; \
	else \
	    echo "fuzz elf: 0 passed, 1 failed"; exit 1; \
	fi
