#!/usr/bin/env python3
"""make test-kernel: boot the test build of the kernel and check its results.

1. All registered in-kernel tests (ktest=all), answering the UART receive
   check on the serial line; QEMU must exit through semihosting with 0 and
   the summary line must show no failure.
2. The deliberate kernel stack overflow (ktest=stack_overflow): the boot
   must end in a panic that names the overflow and shows a symbolized
   backtrace through the recursing function.
Prints "N passed, N failed, N skipped" and exits non-zero on any failure.
"""
import argparse
import re
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import qemu  # noqa: E402


def run_all_tests(image, args):
    cmd = qemu.build_cmd(image, cpu=args.cpu, mem=args.mem, gic=args.gic, semihosting=True,
                         append="console=ttyAMA0 panic=-1 ktest=all ktest.semihosting")
    s = qemu.Session(cmd, echo=args.verbose, log=args.log)
    try:
        if s.expect(r"type the receive check now", args.timeout):
            s.send("rx-check 0123456789\r")
        m = s.expect(r"ktest: (\d+) passed, (\d+) failed, (\d+) skipped", args.timeout)
        status = s.wait(30)
    finally:
        s.kill()
    if not m:
        print(s.output[-3000:])
        print("test-kernel: no summary line (hang or crash)")
        return 0, 1, 0
    p, f, k = (int(x) for x in m.groups())
    for line in s.output.splitlines():
        if re.search(r"ktest: \S+ (ok|FAILED|skipped)", line) or "assertion failed" in line:
            print(line.strip())
    if status != (1 if f else 0):
        print(f"test-kernel: QEMU exit status {status}, expected {1 if f else 0}")
        f += 1
    return p, f, k


def run_stack_overflow(image, args):
    cmd = qemu.build_cmd(image, cpu=args.cpu, mem=args.mem, gic=args.gic,
                         append="console=ttyAMA0 panic=-1 ktest=stack_overflow")
    s = qemu.Session(cmd, echo=args.verbose)
    try:
        m = s.expect(r"end Kernel panic", args.timeout)
        s.wait(10)
    finally:
        s.kill()
    ok = bool(m) and "kernel stack overflow" in s.output and re.search(r"recurse\+0x", s.output)
    print(f"ktest: stack overflow reported as a panic with backtrace: {'ok' if ok else 'FAILED'}")
    if not ok:
        print(s.output[-3000:])
    return (1, 0, 0) if ok else (0, 1, 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", default="build/test/Image")
    ap.add_argument("--cpu", default="cortex-a72")
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--gic", default=2, type=int)
    ap.add_argument("--timeout", default=300, type=float)
    ap.add_argument("--log", default="build/test-kernel.log")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    totals = [0, 0, 0]
    for run in (run_all_tests, run_stack_overflow):
        for i, v in enumerate(run(args.image, args)):
            totals[i] += v
    print(f"kernel: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main())
