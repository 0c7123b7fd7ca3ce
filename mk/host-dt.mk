# Host unit tests for the flattened device tree reader and the platform
# extractor (see mk/host.mk for the scheme). They read the DTBs in
# tests/host/data/, found through an absolute path so the binaries run from
# any directory.
HOST_TESTS += fdt devtree
HOST_TEST_SRCS_fdt := kernel/lib/fdt.c
HOST_TEST_SRCS_devtree := kernel/lib/devtree.c kernel/lib/fdt.c

$(HOST_BUILD)/test_fdt $(HOST_BUILD)/test_devtree: HOST_CFLAGS += -DDT_TEST_DATA='"$(CURDIR)/tests/host/data"'
$(HOST_BUILD)/test_fdt $(HOST_BUILD)/test_devtree: $(wildcard tests/host/data/*.dtb)
