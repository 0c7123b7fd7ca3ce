# libFuzzer targets, built natively with clang and AddressSanitizer and
# UndefinedBehaviorSanitizer (Debian: clang, libclang-rt-14-dev for the
# fuzzer runtime, libfdt-dev for the reference parser).
#
#   make fuzz-fdt [FUZZ_RUNS=N]   FDT reader and devtree_parse vs libfdt
#   make fuzz                     every fuzz target
#
# Each run starts from a fresh copy of the seed corpus (the DTBs in
# tests/host/data/) in build/fuzz/corpus-<name>; a crash leaves its input
# in build/fuzz/crash-* and fails the target. The last line is the
# "N passed, N failed" summary tools/run-suites.sh reads.

FUZZ_CC     ?= clang
FUZZ_BUILD  := build/fuzz
FUZZ_RUNS   ?= 1000000
FUZZ_FLAGS  ?=
FUZZ_CFLAGS := -std=c17 -g -O1 -Wall -Wextra -Werror -Iinclude -DHOST_TEST \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer

FUZZ_FDT_SRCS := tests/fuzz/fuzz_fdt.c kernel/lib/fdt.c kernel/lib/devtree.c tests/host/shim.c

$(FUZZ_BUILD)/fuzz_fdt: $(FUZZ_FDT_SRCS) $(wildcard include/*/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(FUZZ_FDT_SRCS) -lfdt

# -timeout: a hang (say, in libfdt) fails the run instead of stalling it.
.PHONY: fuzz fuzz-fdt
fuzz: fuzz-fdt

fuzz-fdt: $(FUZZ_BUILD)/fuzz_fdt
	@rm -rf $(FUZZ_BUILD)/corpus-fdt
	@mkdir -p $(FUZZ_BUILD)/corpus-fdt
	@cp tests/host/data/*.dtb $(FUZZ_BUILD)/corpus-fdt/
	@if $(FUZZ_BUILD)/fuzz_fdt -runs=$(FUZZ_RUNS) -max_len=16384 -timeout=30 \
	        -artifact_prefix=$(FUZZ_BUILD)/ $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus-fdt; then \
	    echo "fuzz fdt: 1 passed, 0 failed"; \
	else \
	    echo "fuzz fdt: 0 passed, 1 failed"; exit 1; \
	fi
