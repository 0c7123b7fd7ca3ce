#!/usr/bin/env python3
"""make test-boot: the boot matrix and boot-time checks of a kernel Image.

- Matrix: Cortex-A57 and A72, GICv2 and v3, 1, 2 and 4 GiB: each boots to
  the banner, which must name RustOS, the CPU and the memory found.
- Entered at EL2 (QEMU virtualization=on): drops to EL1 and boots.
- Boot cost: under -icount shift=0,sleep=off, reset to banner in at most
  10 million guest instructions.
- Console: what is typed is echoed back (interrupt-driven receive).
- Bad input: a corrupt device tree and an unknown command-line option give
  clear messages; no initrd is reported, not fatal.
Prints "N passed, N failed" and exits non-zero on any failure.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

BOOT_BUDGET_INSNS = 10_000_000
CPU_NAMES = {"cortex-a57": "Cortex-A57", "cortex-a72": "Cortex-A72"}
results = []


def record(name, ok, detail=""):
    results.append(ok)
    print(f"boot: {name}: {'ok' if ok else 'FAILED'}{' - ' + detail if detail else ''}")


def boot_until(image, pattern, timeout, send=None, expect_after=None, **kw):
    s = qemu.Session(qemu.build_cmd(image, **kw))
    try:
        m = s.expect(pattern, timeout)
        m2 = None
        if m and send:
            s.send(send)
            m2 = s.expect(expect_after, timeout, m.end())
        return s.output, m, m2
    finally:
        s.kill()


def matrix(image, timeout):
    for cpu in ("cortex-a57", "cortex-a72"):
        for gic in (2, 3):
            for mem_gib in (1, 2, 4):
                out, m, _ = boot_until(image, r"Banner reached \d+ us", timeout,
                                       cpu=cpu, gic=gic, mem=f"{mem_gib}G")
                want = [r"RustOS \d+\.\d+\.\d+", CPU_NAMES[cpu], f"GICv{gic}",
                        rf"Memory: {mem_gib * 1024} MiB RAM"]
                missing = [w for w in want if not re.search(w, out)]
                record(f"{cpu} GICv{gic} {mem_gib} GiB", bool(m) and not missing,
                       f"missing {missing}" if missing else "")
                if not m or missing:
                    print(out[-2000:])


def el2_entry(image, timeout):
    out, m, _ = boot_until(image, r"Banner reached", timeout,
                           extra=["-machine", "virtualization=on"])
    ok = bool(m) and "entered at EL2, running at EL1" in out
    record("entered at EL2 drops to EL1", ok)


def boot_cost(image, timeout):
    out, m, _ = boot_until(image, r"Banner reached (\d+) us", timeout, icount=True)
    if not m:
        record("boot cost", False, "no banner under -icount")
        return
    insns = int(m.group(1)) * 1000  # icount shift=0: 1 ns == 1 instruction
    record("reset to banner within 10M instructions", insns <= BOOT_BUDGET_INSNS,
           f"{insns:,} instructions")


def echo(image, timeout):
    _, m, m2 = boot_until(image, r"echoes what you type", timeout,
                          send="hello rustos\r", expect_after=r"hello rustos")
    record("console echoes typed input", bool(m and m2))


def bad_inputs(image, timeout):
    out, m, _ = boot_until(image, r"Banner reached", timeout,
                           append="console=ttyAMA0 frobnicate=7 bogus")
    ok = bool(m) and re.search(r"[Uu]nknown.*frobnicate=7", out) and "bogus" in out
    record("unknown command-line options are reported", bool(ok))
    ok = bool(m) and re.search(r"initramfs.*(none|no -initrd|missing)", out, re.I)
    record("missing initrd is reported", bool(ok))
    corrupt_dtb(image, timeout)


def last_property_offset(blob):
    """Offset of the last FDT_PROP token in a flattened device tree."""
    be32 = lambda off: int.from_bytes(blob[off:off + 4], "big")  # noqa: E731
    off, last = be32(8), None
    while True:
        token = be32(off)
        if token == 1:  # FDT_BEGIN_NODE: token, then a NUL-terminated name
            off = (blob.index(0, off + 4) + 1 + 3) & ~3
        elif token == 3:  # FDT_PROP: token, len, nameoff, value
            last = off
            off = (off + 12 + be32(off + 4) + 3) & ~3
        elif token in (2, 4):  # FDT_END_NODE, FDT_NOP
            off += 4
        else:  # FDT_END
            return last


def corrupt_dtb(image, timeout):
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "virt.dtb")
        subprocess.run(qemu.build_cmd(image, extra=["-machine", f"dumpdtb={good}"]),
                       check=True, capture_output=True)
        blob = bytearray(open(good, "rb").read())
        # Point the name of the tree's last property outside the strings
        # block. QEMU only looks up the nodes it edits (/chosen), so it still
        # loads the blob, but the tree is invalid as a whole (Devicetree
        # Specification v0.4, 5.4.1: nameoff is an offset into the strings
        # block) and our parser must refuse it.
        last_prop = last_property_offset(blob)
        blob[last_prop + 8:last_prop + 12] = (0xfffff000).to_bytes(4, "big")
        bad = os.path.join(tmp, "bad.dtb")
        open(bad, "wb").write(blob)
        s = qemu.Session(qemu.build_cmd(image, extra=["-dtb", bad]))
        try:
            m = s.expect(r"cannot boot: device tree unusable: .+", timeout)
            status = s.wait(timeout)
        finally:
            s.kill()
        record("corrupt device tree gives a clear message and powers off",
               bool(m) and status == 0, m.group(0) if m else s.output[-500:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--image", default="build/release/Image")
    ap.add_argument("--timeout", default=60, type=float)
    ap.add_argument("--quick", action="store_true", help="skip the full matrix")
    args = ap.parse_args()
    if not args.quick:
        matrix(args.image, args.timeout)
    el2_entry(args.image, args.timeout)
    boot_cost(args.image, args.timeout)
    echo(args.image, args.timeout)
    bad_inputs(args.image, args.timeout)
    passed = sum(results)
    print(f"boot: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
