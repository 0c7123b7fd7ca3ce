#!/usr/bin/env bash
# Runs the named test suites (make targets test-<name>, or fuzz-fdt for
# "fuzz"), shows their output, and prints one total summary line built
# from each suite's own "N passed, N failed[, N skipped]" line. A suite
# that exits non-zero counts as a failure even if its line says otherwise.
passed=0; failed=0; skipped=0; broken=""
mkdir -p build
for suite in "$@"; do
    case $suite in
        fuzz) target=fuzz-fdt ;;
        fuzz-*) target=$suite ;;
        *) target=test-$suite ;;
    esac
    log=build/suite-$suite.log
    echo "=== $suite (make $target)"
    make --no-print-directory "$target" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(sed -n 's/.*[^0-9]\([0-9][0-9]*\) passed.*/\1/p; s/^\([0-9][0-9]*\) passed.*/\1/p' <<<"$line" | head -n 1)
    f=$(sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p' <<<"$line")
    s=$(sed -n 's/.* \([0-9][0-9]*\) skipped.*/\1/p' <<<"$line")
    if [ "$status" -ne 0 ] || [ -z "$line" ]; then
        broken="$broken $suite"
        [ "${f:-0}" -eq 0 ] && f=1
    fi
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
[ -n "$broken" ] && echo "suites with failures:$broken"
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
