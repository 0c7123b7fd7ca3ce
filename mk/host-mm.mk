# Host unit tests for the memory managers: the boot memory map, the buddy
# page allocator and the kernel heap (see mk/host.mk for the scheme). They
# use the host libc's string functions, as the other host tests do.
HOST_TESTS += memblock buddy heap
HOST_TEST_SRCS_memblock := kernel/mm/memblock.c
HOST_TEST_SRCS_buddy := kernel/mm/buddy.c
HOST_TEST_SRCS_heap := kernel/mm/heap.c
