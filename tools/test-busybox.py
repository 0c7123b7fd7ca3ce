#!/usr/bin/env python3
"""Run the scripted busybox session on RustOS and/or Linux and compare.

  tools/test-busybox.py [--kernel linux|rustos|both] [--image build/release/Image]
                        [--update] [--only NAME,...] [--no-interactive]

Builds build/rootfs-busybox-test.cpio (tools/mkrootfs.sh: our init, busybox,
and tests/busybox/session.sh as /test/session.sh), boots each kernel with
init_script=/test/session.sh, and takes from the console the block of every
check between "@@@ begin NAME" and "@@@ end NAME status=N". Each check
passes when its block equals the one in tests/busybox/expected.txt, which
is Linux's output (--update rewrites it from a Linux run; review the diff).

Then, unless --no-interactive, it boots the same rootfs with the interactive
shell and checks init itself: the prompt, a command, the shell's restart
after "exit", Ctrl-C through job control, the "poweroff" applet (a signal
to PID 1) and "exit 200" (init's power-off status).

Prints a diff for each failure, "busybox <kernel>: N passed, N failed" per
kernel and a last line "busybox: N passed, N failed"; exits 1 on failure.
Console logs go to build/test-busybox/<kernel>-*.log.
"""
import argparse
import difflib
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402

EXPECTED = os.path.join(ROOT, "tests/busybox/expected.txt")
SESSION = os.path.join(ROOT, "tests/busybox/session.sh")
INIT = os.path.join(ROOT, "build/user/init")
CPIO = os.path.join(ROOT, "build/rootfs-busybox-test.cpio")
LOGDIR = os.path.join(ROOT, "build/test-busybox")
# The same command line on both kernels (tools/linux-ref.sh adds the first
# four words for Linux).
BASE_APPEND = "console=ttyAMA0 rdinit=/init quiet panic=-1"
SCRIPT_APPEND = "init_script=/test/session.sh"
START_TIMEOUT = 60
INTERACTIVE_CHECKS = 12  # the steps in interactive_checks()

BEGIN = re.compile(r"^@@@ begin (\S+)$")
END = re.compile(r"^@@@ end (\S+) status=(\d+)$")


def build_rootfs():
    subprocess.run([os.path.join(ROOT, "tools/mkrootfs.sh"), "--init", INIT,
                    "--add", f"{SESSION}:/test/session.sh", CPIO], check=True)


def boot_cmd(kernel, image, append):
    if kernel == "linux":
        return [os.path.join(ROOT, "tools/linux-ref.sh"), "--initrd", CPIO, "--append", append]
    return qemu.build_cmd(image, append=f"{BASE_APPEND} {append}", initrd=CPIO)


def run_script(kernel, image, timeout):
    """Boot with the session script; returns the console text."""
    log = os.path.join(LOGDIR, f"{kernel}-session.log")
    s = qemu.Session(boot_cmd(kernel, image, SCRIPT_APPEND), log=log)
    try:
        # Do not wait the whole timeout for a kernel that never gets there.
        if not s.expect(r"^@@@ session start", START_TIMEOUT):
            tail = "\n    ".join(s.output.replace("\r", "").strip().split("\n")[-8:])
            print(f"busybox {kernel}: the session did not start within {START_TIMEOUT}s "
                  f"(log: {log}); console ends with:\n    {tail}")
        elif s.wait(timeout) is None:
            print(f"busybox {kernel}: no power-off within {timeout}s (log: {log})")
    finally:
        s.kill()
    return s.output


def parse_blocks(text):
    """Maps check name -> its lines (begin and end markers included)."""
    blocks, order, cur, lines = {}, [], None, []
    for raw in text.replace("\r", "").split("\n"):
        m = BEGIN.match(raw)
        if m:
            cur, lines = m.group(1), [raw]
            continue
        if cur is None:
            continue
        lines.append(raw)
        m = END.match(raw)
        if m and m.group(1) == cur:
            blocks[cur] = lines
            order.append(cur)
            cur = None
    return blocks, order


def session_text(text):
    """The part of the console between the session markers, for expected.txt."""
    text = text.replace("\r", "")
    start = text.find("@@@ session start")
    end = text.find("@@@ session done")
    if start < 0 or end < 0:
        return None
    return text[start:end + len("@@@ session done")] + "\n"


def compare(kernel, text, expected, only):
    exp_blocks, exp_order = parse_blocks(expected)
    got_blocks, _ = parse_blocks(text)
    passed = failed = 0
    for name in exp_order:
        if only and name not in only:
            continue
        want, got = exp_blocks[name], got_blocks.get(name)
        if got == want:
            passed += 1
            continue
        failed += 1
        print(f"FAIL {kernel} {name}" + ("" if got else " (no output block)"))
        if not got:
            continue
        for line in difflib.unified_diff(want, got or [], "expected (Linux)", kernel,
                                         lineterm="", n=2):
            print("    " + line)
    return passed, failed


def interactive_checks(kernel, image, timeout):
    """Boots the interactive shell and checks init's own behaviour."""
    results = []
    log = os.path.join(LOGDIR, f"{kernel}-interactive-1.log")
    prompt = r"root@rustos:~# "

    def boot():
        return qemu.Session(boot_cmd(kernel, image, ""), log=log)

    s = boot()
    pos = 0

    def step(name, pattern, send=None, t=timeout):
        nonlocal pos
        m = s.expect(pattern, t, pos)
        results.append((name, bool(m), log))
        if m:
            pos = m.end()
            if send is not None:
                s.send(send)
        return bool(m)

    try:
        ok = step("init starts the shell", r"init: starting /bin/sh") and \
            step("login shell prompt", prompt, "echo $((6 * 7)) $HOME\r") and \
            step("command runs", r"\n42 /root\r?\n") and \
            step("prompt after command", prompt, "exit\r") and \
            step("shell restarted after exit", r"init: starting /bin/sh") and \
            step("prompt after restart", prompt, "sleep 30\r")
        if ok:
            time.sleep(1.0)
            s.send("\x03")
            ok = step("Ctrl-C ends the foreground job", prompt, "poweroff\r") and \
                step("poweroff reaches init", r"init: powering off")
        if ok:
            results.append(("machine powers off", s.wait(timeout) == 0, log))
    finally:
        s.kill()

    log = os.path.join(LOGDIR, f"{kernel}-interactive-2.log")
    s = boot()
    pos = 0
    try:
        if step("prompt (second boot)", prompt, "exit 200\r") and \
                step("exit 200 powers off", r"init: powering off"):
            results.append(("machine powers off after exit 200", s.wait(timeout) == 0, log))
    finally:
        s.kill()

    # Steps after a failed one are not tried; they count as failed too.
    passed = sum(1 for _, ok, _ in results if ok)
    for name, ok, where in results:
        if not ok:
            print(f"FAIL {kernel} init: {name} (log: {where})")
    return passed, INTERACTIVE_CHECKS - passed


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="both", choices=["linux", "rustos", "both"])
    ap.add_argument("--image", default=os.path.join(ROOT, "build/release/Image"))
    ap.add_argument("--update", action="store_true",
                    help="rewrite tests/busybox/expected.txt from a Linux run")
    ap.add_argument("--only", default="", help="comma-separated check names")
    ap.add_argument("--no-interactive", action="store_true")
    ap.add_argument("--timeout", type=float, default=240)
    args = ap.parse_args()

    os.makedirs(LOGDIR, exist_ok=True)
    build_rootfs()
    only = set(filter(None, args.only.split(",")))

    if args.update:
        text = run_script("linux", None, args.timeout)
        part = session_text(text)
        if part is None:
            print("busybox: Linux run did not complete the session; expected.txt unchanged")
            return 1
        with open(EXPECTED, "w") as f:
            f.write(part)
        _, order = parse_blocks(part)
        print(f"busybox: wrote {len(order)} checks to {EXPECTED}")

    with open(EXPECTED) as f:
        expected = f.read()
    kernels = ["linux", "rustos"] if args.kernel == "both" else [args.kernel]
    total_p = total_f = 0
    for k in kernels:
        if k == "rustos" and not os.path.exists(args.image):
            print(f"busybox rustos: {args.image} not built")
            total_f += 1
            continue
        text = run_script(k, args.image, args.timeout)
        p, f = compare(k, text, expected, only)
        if not args.no_interactive and not only:
            ip, ifl = interactive_checks(k, args.image, 60)
            p, f = p + ip, f + ifl
        print(f"busybox {k}: {p} passed, {f} failed")
        total_p, total_f = total_p + p, total_f + f
    print(f"busybox: {total_p} passed, {total_f} failed")
    return 1 if total_f else 0


if __name__ == "__main__":
    sys.exit(main())
