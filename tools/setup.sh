#!/bin/sh
# Installs the Debian packages RustOS needs to build, run and test.
# Idempotent: when everything is present it only asks dpkg and returns.
set -e
PKGS="make gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev-arm64-cross
qemu-system-arm qemu-efi-aarch64 gdb-multiarch cpio clang libclang-rt-14-dev
clang-format clang-tidy cppcheck libfdt-dev device-tree-compiler python3
inotify-tools"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
