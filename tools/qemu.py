#!/usr/bin/env python3
"""Run RustOS (or any arm64 Image) under QEMU, optionally scripted.

As a command:  tools/qemu.py [options] [--expect REGEX [--send TEXT]]...
  Boots the image and, if --expect is given, waits for each pattern in turn
  (sending the matching --send text after it), then stops QEMU. Exit status:
  0 if every pattern was seen, 1 if not (timeout or QEMU exited), or QEMU's
  own status when no pattern was given.
As a module: build_cmd() and Session give the same to other test scripts.
"""
import argparse
import os
import re
import select
import signal
import subprocess
import sys
import time

QEMU = "qemu-system-aarch64"


def build_cmd(image, cpu="cortex-a72", mem="1G", smp=1, gic=2, append="console=ttyAMA0",
              initrd=None, icount=False, semihosting=False, gdb=False, extra=(), rng=True):
    cmd = [QEMU, "-M", f"virt,gic-version={gic}", "-cpu", cpu, "-m", str(mem),
           "-smp", str(smp), "-nographic", "-no-reboot", "-kernel", image,
           "-append", append]
    if rng:
        # virtio-rng seeds the kernel's random number generator.
        cmd += ["-device", "virtio-rng-device"]
    if initrd:
        cmd += ["-initrd", initrd]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    if semihosting:
        cmd += ["-semihosting-config", "enable=on,target=native"]
    if gdb:
        cmd += ["-s", "-S"]
    return cmd + list(extra)


class Session:
    """A QEMU process whose console is read as it runs."""

    def __init__(self, cmd, echo=False, log=None):
        self.output = ""
        self.echo = echo
        self.log = open(log, "w") if log else None
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def _read(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return True
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            return False
        text = data.decode("utf-8", "replace")
        self.output += text
        if self.echo:
            sys.stdout.write(text)
            sys.stdout.flush()
        if self.log:
            self.log.write(text)
            self.log.flush()
        return True

    def expect(self, pattern, timeout, start=0):
        """Wait until pattern matches the output after offset start; returns
        the match, or None on timeout or QEMU exit."""
        regex = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        while True:
            m = regex.search(self.output, start)
            if m:
                return m
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.5)):
                return regex.search(self.output, start)

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def wait(self, timeout):
        """Collect output until QEMU exits; returns its status or None."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            if not self._read(min(0.5, max(0.0, deadline - time.monotonic()))):
                break
        try:
            status = self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return None
        while self._read(0):
            if self.proc.stdout.closed:
                break
            ready, _, _ = select.select([self.proc.stdout], [], [], 0)
            if not ready:
                break
        return status

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        if self.log:
            self.log.close()
            self.log = None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--image", default="build/debug/Image")
    ap.add_argument("--cpu", default="cortex-a72")
    ap.add_argument("--mem", default="1G")
    ap.add_argument("--smp", default=1, type=int)
    ap.add_argument("--gic", default=2, type=int)
    ap.add_argument("--append", default="console=ttyAMA0")
    ap.add_argument("--initrd")
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--semihosting", action="store_true")
    ap.add_argument("--gdb", action="store_true", help="wait for gdb on :1234")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--send", action="append", default=[])
    ap.add_argument("--log")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    cmd = build_cmd(args.image, args.cpu, args.mem, args.smp, args.gic, args.append,
                    args.initrd, args.icount, args.semihosting, args.gdb)
    if not args.expect:
        # Interactive: hand the terminal to QEMU (^A x quits).
        os.execvp(cmd[0], cmd)
    s = Session(cmd, echo=not args.quiet, log=args.log)
    pos = 0
    try:
        for i, pattern in enumerate(args.expect):
            m = s.expect(pattern, args.timeout, pos)
            if not m:
                print(f"\nqemu.py: did not see /{pattern}/ within {args.timeout}s", file=sys.stderr)
                return 1
            pos = m.end()
            if i < len(args.send):
                s.send(args.send[i].encode().decode("unicode_escape"))
        return 0
    finally:
        s.kill()


if __name__ == "__main__":
    sys.exit(main())
