#!/bin/sh
# Usage: kallsyms.sh NM ELF OUT.S
# Writes an assembly file with the kernel's text symbols sorted by address,
# for kernel/core/kallsyms.c. With ELF = "-" it writes the empty table used
# by the first link. The table ends with _etext so the last function has a
# known end.
nm=$1 elf=$2 out=$3
{
    echo '    .section .kallsyms, "a"'
    echo '    .balign 8'
    echo '    .global kallsyms_count, kallsyms_addrs, kallsyms_name_offsets, kallsyms_names'
    if [ "$elf" = "-" ]; then
        echo 'kallsyms_count: .quad 0'
        echo 'kallsyms_addrs:'
        echo 'kallsyms_name_offsets:'
        echo 'kallsyms_names: .byte 0'
        exit 0
    fi
    "$nm" -n --defined-only "$elf" | awk '
        BEGIN { n = 0 }
        $2 ~ /^[tTW]$/ && $3 !~ /^\$/ && $3 !~ /^\.L/ { addr[n] = $1; name[n] = $3; n++ }
        $3 == "_etext" { end = $1 }
        END {
            addr[n] = end; name[n] = "_etext"; n++
            printf "kallsyms_count: .quad %d\n", n
            print "kallsyms_addrs:"
            for (i = 0; i < n; i++) printf "    .quad 0x%s\n", addr[i]
            print "kallsyms_name_offsets:"
            off = 0
            for (i = 0; i < n; i++) { printf "    .long %d\n", off; off += length(name[i]) + 1 }
            print "kallsyms_names:"
            for (i = 0; i < n; i++) printf "    .asciz \"%s\"\n", name[i]
        }'
} > "$out"
