# Test entry points. Every suite prints "N passed, N failed" (", N skipped")
# and exits non-zero on failure; tools/run-suites.sh adds them up.

.PHONY: test test-kernel test-boot test-suite

# Everything CI runs (.ci/run calls this).
test: setup
	@tools/run-suites.sh host kernel boot fuzz fuzz-elf

# In-kernel tests: the test build boots and runs every registered KTEST.
test-kernel: setup build/test/Image
	tools/test-kernel.py --image build/test/Image

# Boot matrix, boot cost, console echo and bad boot input, on the release Image.
test-boot: setup build/release/Image
	tools/test-boot.py --image build/release/Image

# One suite by name: make test-suite SUITE=kernel (host, kernel, boot, fuzz).
test-suite: setup
	@tools/run-suites.sh $(SUITE)
