#!/bin/bash
# mkrootfs.sh - build the busybox initramfs: our /init (user/init), Debian's
# static busybox as /bin/busybox with one symlink per applet, a minimal /etc,
# and the empty mount points init uses.
#
#   tools/mkrootfs.sh --init build/user/init build/rootfs-busybox.cpio
#   tools/mkrootfs.sh --init INIT --add tests/busybox/session.sh:/test/session.sh OUT
#   tools/mkrootfs.sh --init INIT --refresh-applets    # rewrite tools/busybox-applets.txt
#
# Options:
#   --init FILE        the /init binary (required; make rootfs builds user/init)
#   --busybox FILE     busybox binary (default: tools/fetch-busybox.sh fetches Debian's)
#   --add SRC:DEST     also copy file SRC to DEST in the tree (mode kept); repeatable
#   --refresh-applets  boot Linux (tools/linux-ref.sh) with busybox --list-full and
#                      rewrite tools/busybox-applets.txt, then exit
#
# The tree is staged in OUT without ".cpio" (kept for inspection) and packed
# with tools/mkcpio.sh, with every timestamp set to SOURCE_DATE_EPOCH
# (default 2024-01-01), so the same inputs give the same bytes.
#
# Applet list: "busybox --list-full" run through qemu-aarch64 (qemu-user) if
# it is installed, else tools/busybox-applets.txt, which was made by booting
# the same busybox on Linux (--refresh-applets). Each applet becomes a
# symlink to /bin/busybox at the path busybox itself gives (bin/ls,
# sbin/ifconfig, usr/bin/awk, ...).
#
# As root, /dev/console (5,1) is also created in the archive: Linux adds one
# from its built-in initramfs, RustOS needs ours. init mounts devtmpfs over
# /dev (or makes the nodes itself), so this only matters before that.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
applet_list=$root/tools/busybox-applets.txt
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1704067200}

die() {
    echo "mkrootfs: $*" >&2
    exit 1
}

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

init=
busybox=
out=
refresh=0
adds=()
while [ $# -gt 0 ]; do
    case $1 in
    --init) [ $# -ge 2 ] || usage; init=$2; shift 2 ;;
    --busybox) [ $# -ge 2 ] || usage; busybox=$2; shift 2 ;;
    --add) [ $# -ge 2 ] || usage; adds+=("$2"); shift 2 ;;
    --refresh-applets) refresh=1; shift ;;
    -h | --help) usage ;;
    -*) echo "mkrootfs: unknown option $1" >&2; usage ;;
    *) [ -z "$out" ] || usage; out=$1; shift ;;
    esac
done
[ -n "$init" ] || die "--init FILE is required"
[ -f "$init" ] || die "$init: no such file"
[ -n "$busybox" ] || busybox=$("$root/tools/fetch-busybox.sh")
[ -f "$busybox" ] || die "$busybox: no such file"
here=$(pwd)
init=$(realpath "$init")
busybox=$(realpath "$busybox")

# The applet paths, one per line, without busybox itself and linuxrc
# (initramfs runs /init; linuxrc is for old-style initrds).
list_applets() {
    local q
    for q in qemu-aarch64 qemu-aarch64-static; do
        if command -v "$q" >/dev/null; then
            "$q" "$busybox" --list-full
            return
        fi
    done
    [ -f "$applet_list" ] || die "no qemu-aarch64 and no $applet_list"
    grep -v '^#' "$applet_list"
}

# Boot Linux with a bare tree (init, busybox, sh) whose script prints the
# list between markers.
refresh_applets() {
    local tmp
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/root/bin"
    cp "$init" "$tmp/root/init"
    cp "$busybox" "$tmp/root/bin/busybox"
    ln -s busybox "$tmp/root/bin/sh"
    printf 'echo APPLETS-BEGIN\n/bin/busybox --list-full\necho APPLETS-END\n' >"$tmp/root/list.sh"
    "$root/tools/mkcpio.sh" "$tmp/root" "$tmp/list.cpio"
    "$root/tools/linux-ref.sh" --initrd "$tmp/list.cpio" --append "init_script=/list.sh" \
        --timeout 120 >"$tmp/out" 2>&1 || true
    grep -q '^APPLETS-END' "$tmp/out" || { cat "$tmp/out" >&2; die "no applet list from Linux"; }
    local version=unknown
    [ ! -f "$root/cache/busybox/version" ] || version=$(cat "$root/cache/busybox/version")
    {
        echo "# busybox --list-full of Debian busybox-static:arm64 $version"
        echo "# (regenerate: tools/mkrootfs.sh --init INIT --refresh-applets;" \
            "used when qemu-aarch64 is absent)"
        tr -d '\r' <"$tmp/out" | sed -n '/^APPLETS-BEGIN$/,/^APPLETS-END$/p' | sed '1d;$d' |
            LC_ALL=C sort
    } >"$applet_list"
    echo "mkrootfs: wrote $(grep -vc '^#' "$applet_list") applets to $applet_list" >&2
}

if [ "$refresh" -eq 1 ]; then
    refresh_applets
    exit 0
fi
[ -n "$out" ] || usage
case $out in
*.cpio) stage=${out%.cpio} ;;
*) stage=$out.d ;;
esac

rm -rf "$stage"
mkdir -p "$stage"
cd "$stage"
mkdir -p bin sbin usr/bin usr/sbin etc root tmp proc dev run sys var
chmod 1777 tmp
chmod 0700 root
install -m 0755 "$init" init
install -m 0755 "$busybox" bin/busybox

n=0
while read -r applet; do
    case $applet in
    '' | bin/busybox | linuxrc) continue ;;
    esac
    mkdir -p "$(dirname "$applet")"
    ln -sf /bin/busybox "$applet"
    n=$((n + 1))
done < <(list_applets)
[ "$n" -gt 100 ] || die "only $n applets: bad applet list"

cat >etc/passwd <<'EOT'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOT
cat >etc/group <<'EOT'
root:x:0:
nogroup:x:65534:
EOT
echo rustos >etc/hostname
cat >etc/profile <<'EOT'
# Read by the login shell init starts (argv[0] "-sh").
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
export HOME=/root
export PS1='\u@\h:\w\$ '
[ -r /etc/hostname ] && hostname -F /etc/hostname 2>/dev/null
cd "$HOME"
EOT
echo /bin/sh >etc/shells

for a in "${adds[@]}"; do
    src=${a%%:*}
    dest=${a#*:}
    [ "$src" != "$a" ] && [ -n "$dest" ] || die "--add wants SRC:DEST, got $a"
    case $src in /*) ;; *) src=$here/$src ;; esac
    [ -f "$src" ] || die "$src: no such file"
    mkdir -p "./$(dirname "$dest")"
    cp -p "$src" "./$dest"
done

[ "$(id -u)" -ne 0 ] || mknod -m 600 dev/console c 5 1

cd "$here"
"$root/tools/mkcpio.sh" "$stage" "$out"
echo "mkrootfs: $out ($n applets, $(du -k "$out" | cut -f1) KiB)" >&2
