#!/usr/bin/env python3
"""make test-syscalls: run the syscall test programs on RustOS and/or Linux.

Stages an initramfs from the programs `make syscall-tests` built:
    /init          user/testinit (runs every /tests/* program, powers off)
    /tests/NAME    one static program per syscall area (tests/syscalls/NAME.c)
    /bin/sysfuzz   the syscall fuzzer (run only with --fuzz N)
packs it with tools/mkcpio.sh, boots it on each kernel asked for, parses
testinit's output and prints:
  - every failed check, per kernel;
  - with --kernel both, every check whose outcome differs between the two
    kernels (Linux is the reference) and the per-program counts side by side;
  - the final line "syscalls: N passed, N failed, N skipped" (over all kernels).
Exits non-zero if any check failed, a program crashed or timed out, or a
kernel never printed testinit's summary (hang or crash).

  tools/test-syscalls.py --kernel linux
  tools/test-syscalls.py --kernel both --tests fork,pipe
  tools/test-syscalls.py --kernel linux --fuzz 1000000
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHECK_RE = re.compile(r"^([\w.-]+): (ok|not ok|skip) (\d+) - (.*?)\s*$")
PROG_RE = re.compile(r"^syscall-test ([\w.-]+): (\d+) passed, (\d+) failed, (\d+) skipped")
NOTE_RE = re.compile(r"^syscall-test ([\w.-]+): (?!\d+ passed)(.*)$")
TOTAL_RE = re.compile(r"^syscalls: (\d+) passed, (\d+) failed, (\d+) skipped")
FUZZ_RE = re.compile(r"^sysfuzz: sysfuzz: calls=\d+.*$|^sysfuzz: calls=\d+.*$")


def stage(bindir, out_dir, cpio):
    """Lay out the initramfs tree and pack it; returns the test names."""
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    for d in ("tests", "bin", "proc", "dev", "tmp"):
        os.makedirs(os.path.join(out_dir, d))
    shutil.copy2(os.path.join(bindir, "init"), os.path.join(out_dir, "init"))
    fuzz = os.path.join(bindir, "sysfuzz")
    if os.path.exists(fuzz):
        shutil.copy2(fuzz, os.path.join(out_dir, "bin", "sysfuzz"))
    names = sorted(os.listdir(os.path.join(bindir, "tests")))
    for n in names:
        shutil.copy2(os.path.join(bindir, "tests", n), os.path.join(out_dir, "tests", n))
    subprocess.run([os.path.join(ROOT, "tools", "mkcpio.sh"), out_dir, cpio], check=True)
    return names


def boot(kernel, args, cpio, append, log):
    """Boot one kernel; returns its console output and whether it powered off."""
    if kernel == "linux":
        cmd = [os.path.join(ROOT, "tools", "linux-ref.sh"), "--initrd", cpio, "--append", append]
    else:
        quiet = "" if args.loud else "quiet "
        cmd = qemu.build_cmd(args.image, append=f"console=ttyAMA0 rdinit=/init {quiet}panic=-1 "
                             f"{append}", initrd=cpio)
    s = qemu.Session(cmd, echo=args.verbose, log=log)
    status = None
    try:
        if s.expect(TOTAL_RE.pattern, args.timeout):
            status = s.wait(30)
    finally:
        s.kill()
    return s.output.replace("\r", ""), status


class Result:
    def __init__(self, kernel):
        self.kernel = kernel
        self.checks = {}  # (prog, num, desc) -> "ok" | "not ok" | "skip"
        self.progs = {}  # prog -> (passed, failed, skipped)
        self.notes = []  # abnormal endings reported by testinit
        self.fuzz = []
        self.total = None
        self.extra_fail = 0

    def parse(self, output):
        for line in output.splitlines():
            m = CHECK_RE.match(line)
            if m:
                self.checks[(m.group(1), int(m.group(3)), m.group(4))] = m.group(2)
                continue
            m = PROG_RE.match(line)
            if m:
                self.progs[m.group(1)] = tuple(int(x) for x in m.groups()[1:])
                continue
            m = NOTE_RE.match(line)
            if m:
                self.notes.append(line)
                continue
            if FUZZ_RE.match(line):
                self.fuzz.append(line)
                continue
            if line.startswith("testinit:") and "fail" in line:
                self.notes.append(line)
                continue
            m = TOTAL_RE.match(line)
            if m:
                self.total = tuple(int(x) for x in m.groups())

    def counts(self):
        p = sum(v[0] for v in self.progs.values())
        f = sum(v[1] for v in self.progs.values()) + self.extra_fail
        s = sum(v[2] for v in self.progs.values())
        return p, f, s


def run_kernel(kernel, args, cpio, names, append):
    log = os.path.join(args.bindir, f"{kernel}.log")
    output, status = boot(kernel, args, cpio, append, log)
    r = Result(kernel)
    r.parse(output)
    expected = args.tests.split(",") if args.tests and args.tests != "all" else names
    expected = [n for n in expected if n != "none"]
    if args.fuzz:
        expected = ["sysfuzz"] + ([] if args.tests is None else expected)
    if r.total is None:
        tail = "\n".join(output.splitlines()[-25:])
        print(f"--- {kernel}: no \"syscalls:\" summary (hang or crash); last output:\n{tail}")
        r.extra_fail += 1
    if not r.progs:
        r.notes.append("no test program ran")
        r.extra_fail += 1
    for n in expected:
        if n not in r.progs:
            r.notes.append(f"syscall-test {n}: never finished")
            r.extra_fail += 1
    print(f"--- {kernel} (log: {log}, QEMU status {status})")
    for (prog, num, desc), v in sorted(r.checks.items()):
        if v == "not ok":
            print(f"  {prog}: not ok {num} - {desc}")
    for n in r.notes:
        print(f"  {n}")
    for line in r.fuzz:
        print(f"  {line}")
    p, f, s = r.counts()
    print(f"syscalls[{kernel}]: {p} passed, {f} failed, {s} skipped")
    return r


def compare(ref, other):
    """Print what differs between the reference (Linux) and RustOS. Checks
    are matched by program and number (descriptions may contain values)."""
    print(f"--- differences ({ref.kernel} is the reference)")

    def by_num(r):
        return {(k[0], k[1]): (k[2], v) for k, v in r.checks.items()}

    a, b = by_num(ref), by_num(other)
    progs_a = {k[0] for k in a}
    progs_b = {k[0] for k in b}
    n = 0
    for prog in sorted(progs_a | progs_b):
        if prog not in progs_b or prog not in progs_a:
            missing = other.kernel if prog not in progs_b else ref.kernel
            have = a if prog in progs_a else b
            count = sum(1 for k in have if k[0] == prog)
            print(f"  {prog}: no checks ran on {missing} ({count} on the other)")
            n += count
            continue
        for key in sorted(k for k in set(a) | set(b) if k[0] == prog):
            ra, rb = a.get(key, ("", "-")), b.get(key, ("", "-"))
            if ra[1] != rb[1]:
                n += 1
                print(f"  {prog} {key[1]} - {ra[0] or rb[0]}: {ref.kernel} {ra[1]}, "
                      f"{other.kernel} {rb[1]}")
    print(f"  {n} checks differ")
    print(f"  {'program':16} {ref.kernel:>18} {other.kernel:>18}")
    for prog in sorted(set(ref.progs) | set(other.progs)):
        fa = "%d/%d/%d" % ref.progs[prog] if prog in ref.progs else "-"
        fb = "%d/%d/%d" % other.progs[prog] if prog in other.progs else "-"
        print(f"  {prog:16} {fa:>18} {fb:>18}")
    print("  (passed/failed/skipped)")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="rustos", choices=["rustos", "linux", "both"])
    ap.add_argument("--image", default="build/release/Image", help="the RustOS Image")
    ap.add_argument("--bindir", default="build/syscalls", help="make syscall-tests output")
    ap.add_argument("--tests", help="comma-separated programs to run (default: all)")
    ap.add_argument("--fuzz", type=int, help="run sysfuzz with this many calls "
                    "(and no tests unless --tests is given)")
    ap.add_argument("--test-timeout", type=int, default=60, help="per program, seconds")
    ap.add_argument("--timeout", type=float, help="whole boot, seconds (default 600, "
                    "1800 with --fuzz)")
    ap.add_argument("--verbose", action="store_true", help="echo the console")
    ap.add_argument("--loud", action="store_true", help="boot RustOS without \"quiet\" "
                    "(kernel messages may interleave with test output)")
    args = ap.parse_args()
    if args.timeout is None:
        args.timeout = 1800 if args.fuzz else 600

    cpio = os.path.join(args.bindir, "root.cpio")
    names = stage(args.bindir, os.path.join(args.bindir, "root"), cpio)
    append = f"timeout={args.test_timeout}"
    if args.tests:
        append += f" tests={args.tests}"
    elif args.fuzz:
        append += " tests=none"
    if args.fuzz:
        append += f" sysfuzz={args.fuzz} fuzztimeout={int(args.timeout) - 60}"

    kernels = ["linux", "rustos"] if args.kernel == "both" else [args.kernel]
    if "rustos" in kernels and not os.path.exists(args.image):
        print(f"test-syscalls: {args.image} missing (make release)")
        return 1
    results = [run_kernel(k, args, cpio, names, append) for k in kernels]
    if len(results) == 2:
        compare(results[0], results[1])
    p = sum(r.counts()[0] for r in results)
    f = sum(r.counts()[1] for r in results)
    s = sum(r.counts()[2] for r in results)
    print(f"syscalls: {p} passed, {f} failed, {s} skipped")
    return 1 if f else 0


if __name__ == "__main__":
    sys.exit(main())
