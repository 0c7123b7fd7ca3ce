# Host unit tests for the VFS, tmpfs, path walk, descriptor tables and the
# cpio unpacker (see mk/host.mk for the scheme). Every test file #includes
# tests/host/test_fs_harness.c (kmalloc over malloc with failure injection,
# a fake clock and fake user memory), so it is a prerequisite too. The
# kernel-only files of kernel/fs (clock, console, boot) are left out.
FS_HOST_TESTS := vfs vfs_walk cpio fdtable
FS_SRCS := $(filter-out kernel/fs/clock.c kernel/fs/console_file.c kernel/fs/boot.c, \
             $(sort $(wildcard kernel/fs/*.c)))

HOST_TESTS += $(FS_HOST_TESTS)
$(foreach t,$(FS_HOST_TESTS),$(eval HOST_TEST_SRCS_$(t) := $(FS_SRCS)))

$(addprefix $(HOST_BUILD)/test_,$(FS_HOST_TESTS)): tests/host/test_fs_harness.c $(wildcard kernel/fs/*.h)
