#!/bin/bash
# linux-ref.sh - boot Debian's Linux 6.1 arm64 kernel (the reference kernel,
# DESIGN.md section 4) in the same QEMU configuration as RustOS, with a given
# initramfs, so a user-space test can run on both kernels and be compared.
#
#   tools/linux-ref.sh --initrd build/ref-hello.cpio
#   tools/linux-ref.sh --initrd root.cpio --append "ktest=x" --icount --timeout 120
#   tools/linux-ref.sh --fetch          # only download/extract, print the Image path
#
# Runs:
#   qemu-system-aarch64 -M virt -cpu cortex-a72 -m 1G -smp 1 -nographic -no-reboot
#       -kernel cache/linux-ref/Image -initrd FILE
#       -append "console=ttyAMA0 rdinit=/init quiet panic=-1 EXTRA"
# with the console on stdout. The exit status is QEMU's: 0 when the guest
# powers off (reboot(LINUX_REBOOT_CMD_POWER_OFF) -> PSCI SYSTEM_OFF), and also
# 0 after a panic (panic=-1 reboots, -no-reboot turns that into an exit), so a
# test must print its own verdict. --timeout SEC kills QEMU and exits 124.
#
# Options:
#   --initrd FILE   newc cpio to boot (tools/mkcpio.sh makes one)
#   --append STR    appended to the kernel command line
#   --cpu CPU       QEMU -cpu (cortex-a72)     --mem SIZE  QEMU -m (1G)
#   --smp N         QEMU -smp (1)              --gic N     -M virt,gic-version=N
#   --icount        -icount shift=0,sleep=off: 1 ns of guest time = 1 instruction
#   --verbose       also append loglevel=7, which overrides quiet: the full boot log
#   --timeout SEC   kill QEMU after SEC seconds (exit status 124)
#   --kernel FILE   boot another arm64 Image instead of the cached one
#   --fetch         fetch and extract the kernel only, print its path
#   -- ARGS...      extra QEMU arguments
#
# The kernel comes from the Debian package linux-image-arm64, resolved to the
# concrete linux-image-6.1.*-arm64 package it depends on, fetched once with
# apt-get download (adding the arm64 architecture and running apt-get update
# if needed: that part needs root) and cached under cache/linux-ref/ in the
# repository (git-ignored); after that the script works offline.
# Debian's vmlinuz is an uncompressed Image with an EFI stub ("MZ", and
# "ARM\x64" at 0x38) that QEMU boots directly; a gzip Image or an EFI zboot
# image ("zimg") is decompressed into cache/linux-ref/Image first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${LINUX_REF_CACHE:-$root/cache/linux-ref}
meta_pkg=linux-image-arm64

die() {
    echo "linux-ref: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

# ---- Fetching and extracting the kernel ----

have_arm64_lists() {
    dpkg --print-foreign-architectures | grep -qx arm64 &&
        apt-cache show "$meta_pkg:arm64" >/dev/null 2>&1
}

ensure_apt_arm64() {
    have_arm64_lists && return 0
    [ "$(id -u)" -eq 0 ] ||
        die "need root once: dpkg --add-architecture arm64 && apt-get update"
    echo "linux-ref: adding the arm64 architecture to apt" >&2
    dpkg --add-architecture arm64
    apt-get update -qq
    have_arm64_lists || die "apt has no $meta_pkg:arm64 after apt-get update"
}

# linux-image-arm64 depends on exactly one linux-image-6.1.0-N-arm64.
resolve_package() {
    apt-cache depends "$meta_pkg:arm64" |
        sed -n 's/^ *Depends: \(linux-image-6\.1\.[^:]*-arm64\)\(:arm64\)\{0,1\}$/\1/p' | head -n 1
}

# The 4 bytes at offset $2 of file $1, as text (NULs dropped).
magic_at() {
    dd if="$1" bs=1 skip="$2" count=4 status=none | tr -d '\0'
}

le32_at() {
    od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '
}

is_arm64_image() {
    [ "$(magic_at "$1" 56)" = "ARMd" ]
}

# EFI zboot (drivers/firmware/efi/libstub/zboot-header.S): "MZ", "zimg" at 4,
# payload offset and size at 8 and 12, compression name at 24.
unzboot() {
    local src=$1 dst=$2 off size comp
    off=$(le32_at "$src" 8)
    size=$(le32_at "$src" 12)
    comp=$(dd if="$src" bs=1 skip=24 count=32 status=none | tr -d '\0')
    echo "linux-ref: EFI zboot image, $comp payload" >&2
    case $comp in
    gzip) tail -c +$((off + 1)) "$src" | head -c "$size" | gzip -dc >"$dst" ;;
    zstd | zstd22) tail -c +$((off + 1)) "$src" | head -c "$size" | zstd -dc >"$dst" ;;
    xzkern | xz) tail -c +$((off + 1)) "$src" | head -c "$size" | xz -dc >"$dst" ;;
    *) die "zboot compression '$comp' not handled" ;;
    esac
}

# Turn the packaged vmlinuz into something QEMU -kernel boots.
make_image() {
    local vmlinuz=$1 out=$2
    if is_arm64_image "$vmlinuz"; then
        cp "$vmlinuz" "$out" # plain Image (Debian 6.1: with an EFI stub)
    elif [ "$(od -An -tx1 -N2 "$vmlinuz" | tr -d ' ')" = "1f8b" ]; then
        gzip -dc "$vmlinuz" >"$out"
    elif [ "$(magic_at "$vmlinuz" 4)" = "zimg" ]; then
        unzboot "$vmlinuz" "$out"
    else
        die "$vmlinuz: not an arm64 Image, gzip or EFI zboot image"
    fi
    is_arm64_image "$out" || die "$out: no ARM\\x64 magic after extraction"
}

fetch_kernel() {
    mkdir -p "$cache"
    ensure_apt_arm64
    local pkg
    pkg=$(resolve_package)
    [ -n "$pkg" ] || die "cannot resolve $meta_pkg:arm64 to a linux-image-6.1.*-arm64 package"
    echo "linux-ref: fetching $pkg:arm64" >&2
    rm -rf "$cache/deb" "$cache/extract"
    mkdir -p "$cache/deb"
    (cd "$cache/deb" && apt-get download -q -o APT::Sandbox::User=root "$pkg:arm64") >&2
    local deb vmlinuz
    deb=$(find "$cache/deb" -name '*.deb' | head -n 1)
    [ -n "$deb" ] || die "apt-get download left no .deb"
    dpkg-deb -x "$deb" "$cache/extract"
    vmlinuz=$(find "$cache/extract/boot" -name 'vmlinuz-*' | head -n 1)
    [ -n "$vmlinuz" ] || die "no /boot/vmlinuz-* in $deb"
    make_image "$vmlinuz" "$cache/Image.tmp"
    cp "$cache"/extract/boot/config-* "$cache/config"
    basename "$vmlinuz" | sed 's/^vmlinuz-//' >"$cache/release"
    basename "$deb" >"$cache/package"
    rm -rf "$cache/extract"
    mv "$cache/Image.tmp" "$cache/Image" # last: its presence means "fetched"
    echo "linux-ref: cached Linux $(cat "$cache/release") in $cache" >&2
}

# Fetch once; a lock keeps parallel runs from fetching twice.
ensure_kernel() {
    [ -f "$cache/Image" ] && return 0
    mkdir -p "$cache"
    exec 9>"$cache/.lock"
    flock 9
    [ -f "$cache/Image" ] || fetch_kernel
    exec 9>&-
}

# ---- Running ----

initrd=
append=
cpu=cortex-a72
mem=1G
smp=1
gic=
icount=0
timeout=
kernel=
fetch_only=0
verbose=0
extra=()

need_arg() {
    [ $# -ge 2 ] || die "$1 needs an argument"
}

while [ $# -gt 0 ]; do
    case $1 in
    --initrd) need_arg "$@"; initrd=$2; shift 2 ;;
    --append) need_arg "$@"; append=$2; shift 2 ;;
    --cpu) need_arg "$@"; cpu=$2; shift 2 ;;
    --mem) need_arg "$@"; mem=$2; shift 2 ;;
    --smp) need_arg "$@"; smp=$2; shift 2 ;;
    --gic) need_arg "$@"; gic=$2; shift 2 ;;
    --icount) icount=1; shift ;;
    --verbose) verbose=1; shift ;;
    --timeout) need_arg "$@"; timeout=$2; shift 2 ;;
    --kernel) need_arg "$@"; kernel=$2; shift 2 ;;
    --fetch) fetch_only=1; shift ;;
    -h | --help) usage ;;
    --) shift; extra=("$@"); break ;;
    *) echo "linux-ref: unknown option $1" >&2; usage ;;
    esac
done

if [ -z "$kernel" ]; then
    ensure_kernel
    kernel=$cache/Image
fi
if [ "$fetch_only" -eq 1 ]; then
    echo "$kernel"
    exit 0
fi
[ -f "$kernel" ] || die "$kernel: no such kernel"
[ -z "$initrd" ] || [ -f "$initrd" ] || die "$initrd: no such initrd"
if [ -n "$timeout" ]; then
    [[ $timeout =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds"
fi

[ "$verbose" -eq 0 ] || append="loglevel=7${append:+ $append}"
machine=virt
[ -z "$gic" ] || machine=virt,gic-version=$gic
cmd=(qemu-system-aarch64 -M "$machine" -cpu "$cpu" -m "$mem" -smp "$smp"
    -nographic -no-reboot -kernel "$kernel")
[ -z "$initrd" ] || cmd+=(-initrd "$initrd")
cmd+=(-append "console=ttyAMA0 rdinit=/init quiet panic=-1${append:+ $append}")
[ "$icount" -eq 0 ] || cmd+=(-icount "shift=0,sleep=off")
cmd+=("${extra[@]}")

if [ -n "$timeout" ]; then
    # --foreground: QEMU stays in the terminal's process group, so an
    # interactive console still works; it has no children to time out.
    exec timeout --foreground -k 5 "$timeout" "${cmd[@]}"
fi
exec "${cmd[@]}"
