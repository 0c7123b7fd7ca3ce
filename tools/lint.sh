#!/bin/sh
# make lint: clang-tidy over every kernel C file (with the cross target's
# flags) and the portable modules' host tests, then cppcheck. Fails on any
# finding.
set -e
flags="--target=aarch64-linux-gnu -std=c17 -ffreestanding -mgeneral-regs-only -Iinclude -DCONFIG_KTESTS"
# tests/kernel/user/ holds EL0 test programs (their own flags; system
# calls fill memory the analyzer cannot see): compiled with -Wall -Werror
# by mk/ktest-user.mk instead.
files=$(git ls-files 'kernel/*.c' 'tests/kernel/*.c' | grep -v '^tests/kernel/user/')
status=0
for f in $files; do
    clang-tidy --quiet "$f" -- $flags 2>/dev/null || { echo "lint: clang-tidy: $f"; status=1; }
done
cppcheck --quiet --error-exitcode=1 --enable=warning,portability --inline-suppr \
    --suppress=missingIncludeSystem -Iinclude -D__aarch64__ -DCONFIG_KTESTS $files || status=1
[ $status -eq 0 ] && echo "lint: clean"
exit $status
