# Host unit tests for the procfs text generators and the /dev/kmsg record
# format (see mk/host.mk for the scheme).
HOST_TESTS += procfs
HOST_TEST_SRCS_procfs := kernel/procfs/seqbuf.c kernel/procfs/show_task.c \
                         kernel/procfs/show_sys.c kernel/drivers/kmsg_record.c kernel/lib/format.c

$(HOST_BUILD)/test_procfs: $(wildcard kernel/procfs/*.h)
