#!/bin/sh
# Lets gdb load the project's .gdbinit: adds DIR to the auto-load safe path
# in the user's gdb init file, once.
dir=$1
init="${XDG_CONFIG_HOME:-$HOME/.config}/gdb/gdbinit"
mkdir -p "$(dirname "$init")"
grep -qsF "add-auto-load-safe-path $dir" "$init" && exit 0
echo "add-auto-load-safe-path $dir" >> "$init"
echo "debug: allowed $dir/.gdbinit in $init"
