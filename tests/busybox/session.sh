#!/bin/sh
# session.sh - a scripted busybox session, run by /init (init_script=) on
# RustOS and on Linux; tools/test-busybox.py compares the two.
#
# Each check is a shell function t_NAME, run in a subshell in a fresh
# scratch directory, its stdout and stderr on the console between
#   @@@ begin NAME
#   @@@ end NAME status=N
# Every output line must be the same on any Linux-compatible kernel: no
# times, pids, inode numbers, kernel names or directory sizes.

export LC_ALL=C TZ=UTC
umask 022
SCRATCH=/tmp/session
checks=""
add() { checks="$checks $1"; }

# ---- The shell itself ----

t_echo_printf() {
    echo plain words
    echo -n "no newline"; echo
    printf '%s|%5d|%-4s|%x|%o|%c\n' str 42 ab 255 8 zed
    printf '%.3f %e\n' 3.14159 12345.678
    printf 'tab\there\\back\n'
}
add echo_printf

t_variables() {
    v="hello world"
    echo "${#v} ${v#hello } ${v%world}x ${v:-unused} ${unset_var:-default}"
    n=5; echo $((n * 7 + 3)) $((17 / 5)) $((17 % 5)) $((-3 << 2)) $((0x10 | 3))
    set -- a "b c" d
    echo "$#" "$2"
    for a in "$@"; do echo "[$a]"; done
    echo "${v%%o*} ${v##*o}"
}
add variables

t_control_flow() {
    for i in 1 2 3; do
        if [ "$i" -eq 2 ]; then echo two; elif [ "$i" -gt 2 ]; then echo big; else echo one; fi
    done
    i=0
    while [ $i -lt 3 ]; do i=$((i + 1)); done
    echo "while $i"
    until [ $i -eq 0 ]; do i=$((i - 1)); done
    echo "until $i"
    for w in apple banana cherry; do
        case $w in a*) echo "A $w" ;; *an*) echo "AN $w" ;; *) echo "other $w" ;; esac
    done
}
add control_flow

t_functions() {
    f() { local x=inner; echo "f $1 $x"; return 7; }
    x=outer
    f arg
    echo "status $? x=$x"
    g() { echo "depth $1"; [ "$1" -lt 3 ] && g $(($1 + 1)); }
    g 1
}
add functions

t_exit_status() {
    true; echo "true $?"
    false; echo "false $?"
    false | true; echo "pipe $?"
    ! false; echo "not $?"
    true && echo and-yes
    false || echo or-yes
    sh -c 'exit 42'; echo "sh $?"
    sh -c 'set -e; false; echo not-reached'; echo "set-e $?"
    sh -c 'kill -9 $$'; echo "killed $?"
    nonexistent_cmd_xyz 2>/dev/null; echo "missing $?"
}
add exit_status

t_command_substitution() {
    a=$(echo inner)
    b=`echo back`
    c=$(echo $(echo nested) deep)
    echo "$a $b $c"
    lines=$(printf 'x\ny\n\n\n')
    echo "[$lines]"
    echo "count $(seq 1 10 | wc -l)"
}
add command_substitution

t_subshell() {
    x=1
    (x=2; echo "in $x")
    echo "out $x"
    { x=3; }; echo "group $x"
    (cd /; pwd)
    pwd
    (exit 5); echo "sub $?"
}
add subshell

t_pipeline() {
    seq 1 100 | grep 7 | wc -l
    seq 1 20 | tr '\n' ' ' | sed 's/ $/\n/'
    printf 'b\na\nc\n' | sort | head -n 2 | tail -n 1
    yes hello | head -n 3
    seq 1 1000 | awk '{ s += $1 } END { print s }'
}
add pipeline

t_redirections() {
    echo one >f
    echo two >>f
    cat <f
    ls /nonexistent 2>err >/dev/null; echo "ls $?"; [ -s err ] && echo "stderr captured"
    { echo out; echo err >&2; } >both 2>&1
    sort both
    exec 3>fd3
    echo via-fd3 >&3
    exec 3>&-
    cat fd3
    exec 4<f
    read first <&4
    read second <&4
    exec 4<&-
    echo "$first/$second"
    : >empty; wc -c <empty
    echo noclobber >f2; set -C; (echo again >f2) 2>/dev/null || echo "clobber refused"; set +C
    cat f2
}
add redirections

t_here_documents() {
    name=world
    cat <<EOF
hello $name
sum $((2 + 3))
EOF
    cat <<'EOF'
literal $name $((1+1))
EOF
    cat <<-EOF
	tabs stripped
		inner tab
	EOF
    wc -l <<EOF
1
2
3
EOF
    read a b <<EOF
first second
EOF
    echo "$b $a"
}
add here_documents

t_background_wait() {
    (sleep 0.2; exit 3) &
    p1=$!
    (exit 4) &
    p2=$!
    wait $p1; echo "first $?"
    wait $p2; echo "second $?"
    for i in 1 2 3; do (sleep 0.$i; echo "job $i" >job$i) & done
    wait
    cat job1 job2 job3
    sleep 0.1 & wait; echo "wait-all $?"
}
add background_wait

t_kill() {
    sleep 10 &
    p=$!
    kill $p
    wait $p 2>/dev/null; echo "TERM $?"
    sleep 10 &
    p=$!
    kill -9 $p
    wait $p 2>/dev/null; echo "KILL $?"
    sleep 10 &
    p=$!
    kill -0 $p && echo "alive"
    kill -s HUP $p
    wait $p 2>/dev/null; echo "HUP $?"
    kill -0 $p 2>/dev/null || echo "gone"
    kill -l 15
    kill -l TERM
}
add kill

t_trap() {
    sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after'
    sh -c 'trap "echo on exit" EXIT; echo body'
    sh -c 'trap "echo caught TERM; exit 3" TERM; kill $$; echo not-here'; echo "status $?"
    sh -c 'trap "" INT; kill -INT $$; echo ignored INT'
    sh -c 'trap "echo x" HUP; trap - HUP; trap' ; echo "reset"
}
add trap

t_fifo() {
    mkfifo pipe1
    [ -p pipe1 ] && echo "is a fifo"
    stat -c '%F %a' pipe1
    (echo through the fifo >pipe1) &
    cat pipe1
    wait
    (seq 1 5000 >pipe1) &
    wc -l <pipe1
    wait
    mkfifo pipe2
    (read line <pipe2; echo "reader got $line") &
    echo ping >pipe2
    wait
}
add fifo

t_tar_gzip() {
    mkdir -p src/sub
    seq 1 500 >src/numbers
    echo top >src/top.txt
    echo deep >src/sub/deep.txt
    ln -s top.txt src/link
    tar -cf a.tar src
    tar -tf a.tar | sort
    gzip -9 a.tar
    [ -f a.tar.gz ] && [ ! -f a.tar ] && echo "gzip replaced"
    mkdir out
    tar -xzf a.tar.gz -C out
    diff -r src out/src && echo "tree identical"
    readlink out/src/link
    gzip -dc a.tar.gz | tar -tvf - src/top.txt | awk '{print $1, $3, $NF}'
    seq 1 20000 | gzip -c | gunzip -c | md5sum
    seq 1 100 | gzip -c >n.gz; zcat n.gz | tail -n 1
    gzip -t n.gz && echo "gzip -t ok"
}
add tar_gzip

t_find_xargs() {
    mkdir -p d/a d/b/c
    for f in d/one.txt d/a/two.txt d/b/three.log d/b/c/four.txt; do echo "$f" >"$f"; done
    find d -name '*.txt' | sort
    find d -type d | sort
    find d -name '*.txt' | sort | xargs cat
    find d -type f | sort | xargs wc -l | tail -n 1
    find d -name '*.log' -exec cat {} \;
    echo a b c d e | xargs -n 2 echo
    printf '1\n2\n3\n' | xargs -I X echo item-X
    find d -newer d/one.txt -name nothing
    find d -maxdepth 1 | sort
}
add find_xargs

t_sort_uniq_wc() {
    printf 'pear 3\napple 10\nfig 2\napple 1\npear 3\n' >fruit
    sort fruit
    sort -k2 -n fruit
    sort -r fruit | head -n 2
    cut -d' ' -f1 fruit | sort | uniq -c
    sort fruit | uniq -d
    sort -u fruit | wc -l
    wc fruit
    wc -c -w -l <fruit
    seq 1 10000 | sort -rn | head -n 3
}
add sort_uniq_wc

t_sed() {
    printf 'one two\nthree four\nfive six\n' >s
    sed 's/o/0/g' s
    sed -n '2p' s
    sed '1d' s
    sed -e 's/one/1/' -e 's/six/6/' s
    sed -n '/four/,$p' s
    sed 's/\(.*\) \(.*\)/\2 \1/' s
    sed -i 's/three/3/' s; cat s
    echo abc | sed 'y/abc/xyz/'
    seq 1 10 | sed -n '3,5p;$p'
}
add sed

t_awk() {
    printf 'alice 30 paris\nbob 25 rome\ncarol 35 oslo\n' >people
    awk '{ print $1 }' people
    awk '$2 > 28 { print $1, $3 }' people
    awk '{ s += $2 } END { printf "total %d avg %.2f\n", s, s / NR }' people
    echo 'a:b:c' | awk -F: '{ print NF, $2 }'
    awk 'BEGIN { x["k"] = 1; x["j"] = 2; n = 0; for (k in x) n += x[k]; print n }'
    awk 'BEGIN { print length("hello"), substr("abcdef", 2, 3), toupper("x"), index("abc", "c") }'
    awk 'BEGIN { printf "%05.1f|%s\n", 3.14159, sprintf("%3d", 7) }'
    echo "a b c" | awk '{ $2 = "X"; print }'
    seq 1 5 | awk 'NR % 2'
}
add awk

t_grep() {
    printf 'Alpha\nbeta\nGamma\ndelta\nalphabet\n' >g
    grep alpha g
    grep -i alpha g
    grep -c a g
    grep -v a g
    grep -n ta g
    grep -E '^(b|d)' g
    grep -o 'ph[a-z]' g
    grep -q beta g && echo "quiet match"
    grep nothing g; echo "no match $?"
    grep -l beta g /dev/null
    grep -w Gamma g
}
add grep

t_cd_pwd() {
    mkdir -p x/y/z
    cd x/y
    pwd
    cd z; pwd
    cd ..; pwd
    cd -; pwd
    cd "$SCRATCH"
    ln -s x/y sl
    cd sl; pwd; pwd -P
    cd ..; pwd
    cd /; pwd
    cd /nonexistent 2>/dev/null || echo "cd failed"
    pwd
    cd; pwd
}
add cd_pwd

t_symlinks() {
    echo target-data >target
    ln -s target link1
    ln -s link1 link2
    ln -s /nonexistent dangling
    readlink link1
    readlink link2
    readlink -f link2 | sed "s#$SCRATCH#SCRATCH#"
    cat link2
    [ -L link1 ] && echo "link1 is a link"
    [ -e dangling ] || echo "dangling does not resolve"
    stat -c '%F' link1 target
    stat -L -c '%F %s' link2
    ln target hard
    stat -c '%h' target
    rm link1
    cat link2 2>/dev/null || echo "broken chain"
    mkdir dir; ln -s ../target dir/up; cat dir/up
}
add symlinks

t_chmod_stat() {
    echo data >file
    chmod 640 file; stat -c '%a %A %s %U %G %F' file
    chmod u+x,g-r,o+w file; stat -c '%a %A' file
    chmod 4755 file; stat -c '%a %A' file
    chmod -R go-rwx . ; stat -c '%a' file
    mkdir -m 700 priv; stat -c '%a %F' priv
    umask 077; touch newfile; stat -c '%a' newfile
    umask 022; mkdir d2; stat -c '%a' d2
    touch -d '2020-01-02 03:04:05' file
    stat -c '%Y' file
    date -r file '+%Y-%m-%d %H:%M:%S'
    [ -x file ] && echo executable
    chmod 000 file; [ -r file ] && echo "root can still read"
}
add chmod_stat

t_date() {
    date -u -d @0 '+%Y-%m-%d %H:%M:%S %A %j'
    date -u -d @1234567890 '+%s %F %T %a %b %e %p %y'
    date -u -d '2024-02-29 12:34:56' '+%s %U %w'
    date -u -d @86399 +%H:%M:%S
    TZ=UTC date -d @1700000000 -R
    date -u -d @0 >/dev/null && echo "date ok"
    [ "$(date +%Y)" -ge 2000 ] 2>/dev/null; echo "year check ran"
}
add date

t_seq_expr() {
    seq 5
    seq 2 3 11
    seq -s , 4
    seq -w 8 11
    seq 3 -1 1
    expr 7 + 5
    expr 20 / 3
    expr length hello
    expr abc : 'a\(.\)'
    expr 3 \< 5
    test 10 -gt 9 && echo "gt"
    [ abc = abc ] && [ -n x ] && [ -z "" ] && echo "strings"
    basename /a/b/c.txt .txt
    dirname /a/b/c.txt
}
add seq_expr

t_dd() {
    dd if=/dev/zero bs=4096 count=16 2>/dev/null | wc -c
    dd if=/dev/zero of=zeros bs=1k count=3 2>&1 | grep records
    stat -c %s zeros
    od -An -tx1 zeros | sort -u
    seq 1 100 >nums
    dd if=nums bs=1 skip=10 count=9 2>/dev/null; echo
    dd if=/dev/zero of=sparse bs=1 count=1 seek=99999 2>/dev/null; stat -c %s sparse
    printf 'abcdef' | dd bs=2 skip=1 count=2 2>/dev/null; echo
    head -c 100000 /dev/urandom | wc -c
}
add dd

t_proc_self() {
    grep -E '^(Name|State|Umask|Threads|Uid|Gid):' /proc/self/status
    awk '/^Tgid:/ { t = $2 } /^Pid:/ { p = $2 } END { print (t == p) ? "tgid==pid" : "differ" }' \
        /proc/self/status
    cat /proc/self/comm
    tr '\0' ' ' </proc/self/cmdline; echo
    readlink /proc/self/exe
    [ "$(readlink /proc/self)" = "$$" ] || echo "/proc/self is the reader, not the shell"
    sh -c 'echo $$ >pid; readlink /proc/self' >self
    [ "$(cat pid)" = "$(cat self)" ] && echo "self matches"
    grep -c '^MemTotal:' /proc/meminfo
    [ -r /proc/cpuinfo ] && echo "cpuinfo readable"
    awk '{ print (NF >= 3) ? "loadavg fields" : "short" }' /proc/loadavg
    ls /proc/self/fd | sort -n | head -n 3
    grep -q ' / ' /proc/mounts && echo "root in /proc/mounts"
}
add proc_self

t_text_tools() {
    echo 'Hello World' | tr a-z A-Z
    echo 'hello' | tr -d l
    echo 'aaabbb' | tr -s ab
    cut -d: -f1,3 /etc/passwd
    echo 'abcdefgh' | cut -c 2-4
    seq 1 10 | head -n 3
    seq 1 10 | tail -n 2
    seq 1 5 | tail -n +4
    printf 'a\tb\n' | expand -t 4 | od -c | head -n 1
    echo hello | rev
    seq 1 6 | paste - - -
    printf '1\n2\n' >p1; printf 'a\nb\n' >p2; paste -d= p1 p2
    printf 'x\ny\n' | nl
    echo 'one two three' | fold -w 5
}
add text_tools

t_checksums() {
    printf 'abc' | md5sum
    printf 'abc' | sha1sum
    printf 'abc' | sha256sum
    printf 'abc' | sha512sum | cut -c 1-32
    printf 'hello\n' >h; md5sum h >h.md5; md5sum -c h.md5
    printf 'abc' | crc32
    printf 'hello' | base64
    echo aGVsbG8= | base64 -d; echo
}
add checksums

t_od_hex() {
    printf '\001\002ABC\n' | od -An -tx1
    printf 'AB' | od -An -tu2
    printf 'hi\n' | od -c
    printf 'xyz' | hexdump -C
    printf 'xyz' | xxd
    printf '\377' | od -An -to1
}
add od_hex

t_file_ops() {
    mkdir -p a/b
    echo 1 >a/f1; echo 2 >a/b/f2
    cp -r a c
    ls -R c | cat
    mv c/f1 c/moved
    ls c | cat
    rm -r c/b
    ls c | cat
    rmdir a 2>/dev/null || echo "rmdir refuses non-empty"
    rm -rf a
    [ -e a ] || echo "a removed"
    touch t1 t2 t3
    ls | cat
    truncate -s 1000 t1; stat -c %s t1
    truncate -s 10 t1; stat -c %s t1
    echo abcdefghij >big; head -c 4 big; echo; tail -c 3 big
    cmp big big && echo "cmp same"
    echo x >y1; echo y >y2; cmp y1 y2 >/dev/null; echo "cmp differ $?"
}
add file_ops

t_diff() {
    printf 'a\nb\nc\n' >l
    printf 'a\nB\nc\nd\n' >r
    diff l r; echo "diff $?"
    diff -u l r | tail -n +3
    diff l l && echo "no difference"
    printf 'x\n' >s1; printf 'x\ny\n' >s2; diff s1 s2 | tail -n +2
}
add diff

t_env() {
    export EXPORTED=yes
    sh -c 'echo "child sees $EXPORTED"'
    NOTEXPORTED=no
    sh -c 'echo "child sees [$NOTEXPORTED]"'
    PERCMD=once sh -c 'echo "per-command $PERCMD"'
    env -i A=1 B=2 /usr/bin/env | sort
    env -u EXPORTED sh -c 'echo "unset [$EXPORTED]"'
    echo "PATH=$PATH"
    echo "HOME=$HOME"
    unset EXPORTED; echo "after unset [${EXPORTED-none}]"
}
add env

t_read_getopts() {
    printf 'k1 v1\nk2 v2 extra\n' | while read k v; do echo "$k=$v"; done
    IFS=: read a b c <<EOF
x:y:z
EOF
    echo "$c $b $a"
    set -- -a -b val rest
    while getopts ab: opt; do echo "opt $opt ${OPTARG:-}"; done
    shift $((OPTIND - 1)); echo "left $*"
    echo '  spaced  ' | { read -r line; echo "[$line]"; }
}
add read_getopts

t_identity() {
    id -u; id -g; id -un
    whoami
    id
    [ "$(id -u)" = 0 ] && echo root
    hostname session-host; hostname; uname -n
    uname -m
}
add identity

t_big_pipe() {
    dd if=/dev/zero bs=65536 count=32 2>/dev/null | md5sum
    seq 1 200000 | tail -n 1
    seq 1 50000 | tr -d '\n' | wc -c
    yes abcdefghijklmnopqrstuvwxyz | head -c 1000000 | md5sum
}
add big_pipe

t_globs() {
    touch a1 a2 b1 .hidden
    echo a*
    echo ?1
    echo [ab]2 a[!1]
    echo *.none
    echo .h*
    set -- *; echo "$# entries"
}
add globs

t_misc_applets() {
    which ls sh
    command -v cat
    type echo | sed 's/ builtin//'
    sh -c 'renice -n 5 $$ >/dev/null && awk "{ print \"nice\", \$19 }" /proc/self/stat'
    timeout 1 sleep 5; echo "timeout $?"
    sleep 0.1 && echo slept
    true | tee teefile; [ -f teefile ] && echo "tee made file"
    echo data | tee -a teefile >/dev/null; cat teefile
    printf '3\n1\n2\n' | sort | tr '\n' ' '; echo
    usleep 1000 && echo usleep
    echo "$(( $(printf '%d' "'A") ))"
}
add misc_applets

t_mktemp_realpath() {
    f=$(mktemp -p "$SCRATCH" tmp.XXXXXX)
    [ -f "$f" ] && echo "mktemp file"
    stat -c %a "$f"
    d=$(mktemp -d -p "$SCRATCH")
    stat -c '%a %F' "$d"
    mkdir -p r/s; realpath r/s/../s/. | sed "s#$SCRATCH#SCRATCH#"
    touch -c nonexist; [ -e nonexist ] || echo "touch -c created nothing"
}
add mktemp_realpath

t_dev_nodes() {
    stat -c '%F %t %T' /dev/null /dev/zero
    echo gone >/dev/null && echo "wrote null"
    head -c 5 /dev/zero | od -An -tx1
    cat /dev/null | wc -c
    echo x >/dev/full 2>/dev/null || echo "full: write fails"
    [ -c /dev/console ] && echo "console is a char device"
    [ -c /dev/tty ] && echo "tty is a char device"
}
add dev_nodes

t_tmpfs() {
    stat -c %a /tmp
    for i in $(seq 1 200); do echo "$i" >"f$i"; done
    ls | wc -l
    cat f1 f100 f200
    rm f*
    ls | wc -l
    dd if=/dev/zero of=big bs=1M count=4 2>/dev/null; stat -c %s big; rm big
    mkdir -p deep/a/b/c/d/e/f/g; echo bottom >deep/a/b/c/d/e/f/g/h; cat deep/a/b/c/d/e/f/g/h
    echo new >old; mv old renamed; cat renamed; [ -e old ] || echo "rename moved it"
}
add tmpfs

t_job_subshells() {
    # Orphans: the subshell exits, its child is re-parented to init and reaped.
    (sleep 0.2; echo orphan-done >orphan) &
    wait
    sleep 0.4
    cat orphan
    sh -c 'sleep 0.1 & echo started' ; sleep 0.3
    # init reaped those orphans: no zombie is left.
    ps -o stat,comm | awk '$1 ~ /Z/' | wc -l
    ( (echo nested-bg) & wait )
    echo a | (read x; echo "got $x")
    echo "pipe into loop" | while read l; do echo "$l"; done
}
add job_subshells

t_signals_exit() {
    sh -c 'sleep 5 & kill -TERM $!; wait $! 2>/dev/null; echo $?'
    sh -c 'kill -HUP $$'; echo "HUP $?"
    sh -c 'kill -USR1 $$'; echo "USR1 $?"
    sh -c 'kill -SEGV $$'; echo "SEGV $?"
    sh -c 'kill -PIPE $$'; echo "PIPE $?"
    yes | head -n 1
    sh -c 'trap "echo child trap" USR2; (kill -USR2 $$); sleep 0.1; echo after'
}
add signals_exit

# ---- Runner ----

echo "@@@ session start"
for c in $checks; do
    rm -rf "$SCRATCH"
    mkdir -p "$SCRATCH"
    echo "@@@ begin $c"
    (cd "$SCRATCH" && "t_$c") </dev/null 2>&1
    echo "@@@ end $c status=$?"
done
cd /
rm -rf "$SCRATCH"
echo "@@@ session done"
