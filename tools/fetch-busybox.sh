#!/bin/bash
# fetch-busybox.sh - download Debian's busybox-static for arm64 once and
# print the path of the extracted binary.
#
#   tools/fetch-busybox.sh        # -> cache/busybox/busybox
#
# The package is fetched with apt-get download (adding the arm64
# architecture and running apt-get update first if apt does not know it;
# that part needs root, as in tools/linux-ref.sh), unpacked with dpkg-deb,
# and cached under cache/busybox/ (git-ignored): busybox, package (the .deb
# name) and version. After that the script works offline.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${BUSYBOX_CACHE:-$root/cache/busybox}
pkg=busybox-static

die() {
    echo "fetch-busybox: $*" >&2
    exit 1
}

have_arm64_lists() {
    dpkg --print-foreign-architectures | grep -qx arm64 &&
        apt-cache show "$pkg:arm64" >/dev/null 2>&1
}

ensure_apt_arm64() {
    have_arm64_lists && return 0
    [ "$(id -u)" -eq 0 ] ||
        die "need root once: dpkg --add-architecture arm64 && apt-get update"
    echo "fetch-busybox: adding the arm64 architecture to apt" >&2
    dpkg --add-architecture arm64
    apt-get update -qq
    have_arm64_lists || die "apt has no $pkg:arm64 after apt-get update"
}

fetch() {
    ensure_apt_arm64
    echo "fetch-busybox: fetching $pkg:arm64" >&2
    rm -rf "$cache/deb" "$cache/extract"
    mkdir -p "$cache/deb"
    (cd "$cache/deb" && apt-get download -q -o APT::Sandbox::User=root "$pkg:arm64") >&2
    local deb
    deb=$(find "$cache/deb" -name '*.deb' | head -n 1)
    [ -n "$deb" ] || die "apt-get download left no .deb"
    dpkg-deb -x "$deb" "$cache/extract"
    [ -x "$cache/extract/bin/busybox" ] || die "no /bin/busybox in $deb"
    file_magic=$(od -An -tx1 -j 18 -N2 "$cache/extract/bin/busybox" | tr -d ' ')
    [ "$file_magic" = "b700" ] || die "$deb: /bin/busybox is not an arm64 ELF"
    basename "$deb" >"$cache/package"
    dpkg-deb -f "$deb" Version >"$cache/version"
    cp "$cache/extract/bin/busybox" "$cache/busybox.tmp"
    rm -rf "$cache/extract"
    mv "$cache/busybox.tmp" "$cache/busybox" # last: its presence means "fetched"
    echo "fetch-busybox: cached busybox $(cat "$cache/version") in $cache" >&2
}

if [ ! -f "$cache/busybox" ]; then
    mkdir -p "$cache"
    exec 9>"$cache/.lock"
    flock 9
    [ -f "$cache/busybox" ] || fetch
    exec 9>&-
fi
echo "$cache/busybox"
