# Loaded by `gdb-multiarch build/debug/rustos.elf` from this directory
# (make debug adds it to gdb's auto-load safe path). A hardware breakpoint,
# because kernel_main's address is virtual and the MMU is off at reset.
set pagination off
target remote :1234
hbreak kernel_main
continue
