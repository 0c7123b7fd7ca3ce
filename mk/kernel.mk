# Cross-building the kernel. Variants:
#   debug        -Og, the default for development   -> build/debug/{rustos.elf,Image}
#   release      -O2                                 -> build/release/...
#   test         debug + tests/kernel (KTEST)        -> build/test/...
#   test-release release + tests/kernel              -> build/test-release/...

# V=1 shows full commands.
Q := $(if $(V),,@)

CROSS   ?= aarch64-linux-gnu-
KCC     := $(CROSS)gcc
KNM     := $(CROSS)nm
KOBJCOPY := $(CROSS)objcopy

KCFLAGS := -std=c17 -ffreestanding -fno-pic -fno-pie -march=armv8-a -mgeneral-regs-only \
           -mno-outline-atomics -fno-stack-protector -fno-omit-frame-pointer \
           -mno-omit-leaf-frame-pointer -fno-tree-loop-distribute-patterns -fno-common \
           -Wall -Wextra -Werror -Iinclude -MMD -MP -g
KASFLAGS := -Iinclude -D__ASSEMBLER__ -MMD -MP -g
KLDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
            -Wl,--no-warn-rwx-segments -T kernel/arch/arm64/linker.ld

KERNEL_SRCS := $(sort $(wildcard kernel/*/*.c kernel/arch/arm64/*.c kernel/arch/arm64/*.S))
KTEST_SRCS  := $(sort $(wildcard tests/kernel/*.c tests/kernel/*.S))

OPT_debug        := -Og
OPT_release      := -O2
OPT_test         := -Og -DCONFIG_KTESTS
OPT_test-release := -O2 -DCONFIG_KTESTS
SRCS_debug        := $(KERNEL_SRCS)
SRCS_release      := $(KERNEL_SRCS)
SRCS_test         := $(KERNEL_SRCS) $(KTEST_SRCS)
SRCS_test-release := $(KERNEL_SRCS) $(KTEST_SRCS)

# $(call kernel_variant,NAME)
define kernel_variant
KOBJS_$(1) := $$(patsubst %,build/$(1)/obj/%.o,$$(SRCS_$(1)))

build/$(1)/obj/%.c.o: %.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $(1)/$$<"
	$$(Q)$$(KCC) $$(KCFLAGS) $$(OPT_$(1)) -c -o $$@ $$<

build/$(1)/obj/%.S.o: %.S
	@mkdir -p $$(dir $$@)
	@echo "  AS      $(1)/$$<"
	$$(Q)$$(KCC) $$(KASFLAGS) $$(OPT_$(1)) -c -o $$@ $$<

# Pass 1 links an empty symbol table; pass 2 the real one. The table sits
# after all code, so code addresses are the same in both (checked).
build/$(1)/kallsyms0.S: tools/kallsyms.sh
	@mkdir -p $$(dir $$@)
	$$(Q)tools/kallsyms.sh $$(KNM) - $$@

build/$(1)/rustos.pass1.elf: $$(KOBJS_$(1)) build/$(1)/kallsyms0.o kernel/arch/arm64/linker.ld
	@echo "  LD      $(1)/rustos.pass1.elf"
	$$(Q)$$(KCC) $$(KLDFLAGS) -o $$@ $$(KOBJS_$(1)) build/$(1)/kallsyms0.o -lgcc

build/$(1)/kallsyms.S: build/$(1)/rustos.pass1.elf tools/kallsyms.sh
	$$(Q)tools/kallsyms.sh $$(KNM) $$< $$@

build/$(1)/%.o: build/$(1)/%.S
	$$(Q)$$(KCC) $$(KASFLAGS) -c -o $$@ $$<

build/$(1)/rustos.elf: build/$(1)/rustos.pass1.elf build/$(1)/kallsyms.o
	@echo "  LD      $(1)/rustos.elf"
	$$(Q)$$(KCC) $$(KLDFLAGS) -o $$@ $$(KOBJS_$(1)) build/$(1)/kallsyms.o -lgcc
	@$$(KNM) -n $$< | grep -i ' t ' > build/$(1)/text1.sym
	@$$(KNM) -n $$@ | grep -i ' t ' > build/$(1)/text2.sym
	@cmp -s build/$(1)/text1.sym build/$(1)/text2.sym || \
		{ echo "kallsyms: code moved between link passes"; rm -f $$@; exit 1; }

build/$(1)/Image: build/$(1)/rustos.elf
	@echo "  IMAGE   $$@"
	$$(Q)$$(KOBJCOPY) -O binary $$< $$@

-include $$(KOBJS_$(1):.o=.d)
endef

$(foreach v,debug release test test-release,$(eval $(call kernel_variant,$(v))))

.PHONY: kernel release kernel-test
kernel: build/debug/Image
release: build/release/Image
kernel-test: build/test/Image
