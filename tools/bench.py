#!/usr/bin/env python3
"""Benchmark RustOS against Linux 6.1 with the same static user program.

  tools/bench.py [--kernel linux|rustos|both] [--image build/release/Image]
                 [--scale S] [--runs R] [--only NAME,...] [--wall ROUNDS]

Builds build/rootfs-bench.cpio (tools/mkrootfs.sh: our init, busybox, and
build/user/bench as /bin/bench), boots each kernel with
init_script=/bench.sh under QEMU "-icount shift=0,sleep=off" and reads the
"@bench" lines (see user/bench/bench.c). With icount one nanosecond of
guest time is one guest instruction, so the figures are instructions per
operation: deterministic and free of host noise (DESIGN.md section 4).

Prints a table: benchmark, unit, Linux, RustOS, RustOS/Linux (below 1 means
RustOS runs fewer instructions) and the reference figure from DESIGN.md.
--wall N adds wall-clock figures: N rounds of plain-TCG boots alternating
between the kernels, median per benchmark (cache and TLB costs included,
host noise too). Results also go to build/bench/results.json.

The last line is "bench: N passed, N failed": a benchmark passes when every
kernel asked for produced a figure.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402

INIT = os.path.join(ROOT, "build/user/init")
BENCH = os.path.join(ROOT, "build/user/bench")
OUTDIR = os.path.join(ROOT, "build/bench")
CPIO = os.path.join(ROOT, "build/rootfs-bench.cpio")
BASE_APPEND = "console=ttyAMA0 rdinit=/init quiet panic=-1"

# DESIGN.md section 4: Linux 6.1 guest instructions per operation.
REFERENCE = {
    "null_syscall": 514,
    "read_zero_4k": 2988,
    "pipe_pingpong": 14430,
    "pipe_bandwidth": 1087,
    "fork_exit_wait": 163400,
    "fork_exec_wait": 534100,
    "mmap_touch_1m": 1085000,
    "tmpfs_file": 29250,
}
ORDER = list(REFERENCE)

LINE = re.compile(r"^@bench name=(\S+) unit=(\S+) median=([0-9.]+) runs=(\S+) iters=(\d+)")


def build_rootfs(args):
    os.makedirs(OUTDIR, exist_ok=True)
    script = os.path.join(OUTDIR, "bench.sh")
    names = " ".join(n for n in args.only.split(",") if n)
    with open(script, "w") as f:
        f.write(f"/bin/bench -s {args.scale} -r {args.runs} {names}\n")
    subprocess.run([os.path.join(ROOT, "tools/mkrootfs.sh"), "--init", INIT,
                    "--add", f"{BENCH}:/bin/bench", "--add", f"{script}:/bench.sh", CPIO],
                   check=True)


def boot(kernel, image, icount, timeout, tag):
    append = "init_script=/bench.sh"
    if kernel == "linux":
        cmd = [os.path.join(ROOT, "tools/linux-ref.sh"), "--initrd", CPIO, "--append", append]
        if icount:
            cmd.append("--icount")
    else:
        cmd = qemu.build_cmd(image, append=f"{BASE_APPEND} {append}", initrd=CPIO,
                             icount=icount)
    log = os.path.join(OUTDIR, f"{kernel}-{tag}.log")
    s = qemu.Session(cmd, log=log)
    try:
        if not s.expect(r"^@bench start", 120):
            print(f"bench: {kernel} ({tag}) did not start the benchmark; log {log}")
        elif s.wait(timeout) is None:
            print(f"bench: {kernel} ({tag}) did not power off within {timeout}s; log {log}")
    finally:
        s.kill()
    results = {}
    for line in s.output.replace("\r", "").split("\n"):
        m = LINE.match(line)
        if m:
            results[m.group(1)] = {"unit": m.group(2), "median": float(m.group(3)),
                                   "runs": [float(x) for x in m.group(4).split(",")],
                                   "iters": int(m.group(5))}
    if not results:
        print(f"bench: no results from {kernel} ({tag}); log {log}")
    return results


def fmt(v):
    if v is None:
        return "-"
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


def print_table(title, data, kernels, with_ref):
    names = [n for n in ORDER if any(n in data[k] for k in kernels)]
    names += sorted({n for k in kernels for n in data[k]} - set(names))
    cols = ["benchmark", "unit"] + [k.capitalize() if k == "linux" else "RustOS"
                                     for k in kernels]
    if len(kernels) == 2:
        cols.append("RustOS/Linux")
    if with_ref:
        cols.append("DESIGN ref")
    rows = []
    for n in names:
        unit = next((data[k][n]["unit"] for k in kernels if n in data[k]), "")
        vals = [data[k].get(n, {}).get("median") for k in kernels]
        row = [n, unit] + [fmt(v) for v in vals]
        if len(kernels) == 2:
            row.append(f"{vals[1] / vals[0]:.2f}" if None not in vals and vals[0] else "-")
        if with_ref:
            row.append(fmt(REFERENCE.get(n)))
        rows.append(row)
    widths = [max(len(str(r[i])) for r in rows + [cols]) for i in range(len(cols))]
    print(f"\n{title}")
    print("| " + " | ".join(c.ljust(w) for c, w in zip(cols, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        cells = [r[0].ljust(widths[0]), r[1].ljust(widths[1])]
        cells += [c.rjust(w) for c, w in zip(r[2:], widths[2:])]
        print("| " + " | ".join(cells) + " |")
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="both", choices=["linux", "rustos", "both"])
    ap.add_argument("--image", default=os.path.join(ROOT, "build/release/Image"))
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every iteration count")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per benchmark (median)")
    ap.add_argument("--only", default="", help="comma-separated benchmark names")
    ap.add_argument("--wall", type=int, default=0, metavar="ROUNDS",
                    help="also measure wall-clock time over ROUNDS alternating boots")
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()

    kernels = ["linux", "rustos"] if args.kernel == "both" else [args.kernel]
    build_rootfs(args)
    usable = []
    for k in kernels:
        if k == "rustos" and not os.path.exists(args.image):
            print(f"bench: {args.image} not built")
        else:
            usable.append(k)

    icount = {k: boot(k, args.image, True, args.timeout, "icount") if k in usable else {}
              for k in kernels}
    names = print_table("Guest instructions per unit (-icount shift=0, median of "
                        f"{args.runs} runs)", icount, kernels, True)
    out = {"icount": icount}

    if args.wall:
        rounds = {k: [] for k in kernels}
        for r in range(args.wall):
            for k in usable:
                rounds[k].append(boot(k, args.image, False, args.timeout, f"wall{r}"))
        wall = {}
        for k in kernels:
            wall[k] = {}
            for n in names:
                vals = [res[n]["median"] for res in rounds[k] if n in res]
                if vals:
                    unit = next(res[n]["unit"] for res in rounds[k] if n in res)
                    wall[k][n] = {"unit": unit, "median": statistics.median(vals),
                                  "rounds": vals}
        print_table(f"Wall-clock ns per unit (plain TCG, median of {args.wall} alternating "
                    "boots)", wall, kernels, False)
        out["wall"] = wall

    with open(os.path.join(OUTDIR, "results.json"), "w") as f:
        json.dump(out, f, indent=1)
    expected = [n for n in ORDER if not args.only or n in args.only.split(",")]
    passed = sum(1 for n in expected if all(n in icount[k] for k in kernels))
    print(f"\nbench: {passed} passed, {len(expected) - passed} failed")
    return 0 if passed == len(expected) else 1


if __name__ == "__main__":
    sys.exit(main())
