#!/bin/sh
# mkcpio.sh DIR OUT - pack directory DIR into the uncompressed newc cpio
# archive OUT, the initramfs format both RustOS and Linux unpack.
#
#   tools/mkcpio.sh build/ref-hello build/ref-hello.cpio
#
# Entries are named relative to DIR ("init", "bin/sh", no "./"), listed in
# byte order (LC_ALL=C sort) so parents come before their children, owned by
# root (0:0), with inode and device numbers made independent of the host
# (cpio --reproducible). If SOURCE_DATE_EPOCH is set, every timestamp is set
# to it, so the same tree always gives the same bytes.
#
# Note: Linux adds /dev/console from its built-in initramfs; RustOS must
# provide it too. To ship your own, create it in DIR first (as root):
#   mkdir -p DIR/dev && mknod -m 600 DIR/dev/console c 5 1
set -eu

usage() {
    echo "usage: $0 DIR OUT" >&2
    exit 2
}

[ $# -eq 2 ] || usage
dir=$1
out=$2
[ -d "$dir" ] || { echo "$0: $dir: not a directory" >&2; exit 1; }
command -v cpio >/dev/null || { echo "$0: cpio not installed (apt-get install cpio)" >&2; exit 1; }

case $out in
/*) out_abs=$out ;;
*) out_abs=$(pwd)/$out ;;
esac
mkdir -p "$(dirname "$out_abs")"

src=$dir
stage=
tmp=$out_abs.tmp.$$
cleanup() {
    [ -z "$stage" ] || rm -rf "$stage"
    rm -f "$tmp"
}
trap cleanup EXIT
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    # Copy, so the caller's files keep their own timestamps.
    stage=$(mktemp -d)
    cp -a "$dir/." "$stage/"
    find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    src=$stage
fi

(
    cd "$src"
    find . -mindepth 1 -printf '%P\0' | LC_ALL=C sort -z |
        cpio --quiet -o -H newc -0 -R 0:0 --reproducible >"$tmp"
)
mv "$tmp" "$out_abs"
